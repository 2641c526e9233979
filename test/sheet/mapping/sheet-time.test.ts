import { describe, expect, it } from 'vitest';
import { instantText, isTimeZone, portalDateTime, sheetInstant, zoneOffsetMinutes } from '../../../shared/sheet/mapping/sheet-time';
import { normalizeValue, resolveItemFields, type ResolveContext } from '../../../shared/sheet/plan/resolve-item-fields';

describe('sheet datetimes to the portal', () => {
  it('adds the offset of the sheet’s zone at that moment, summer time included', () => {
    expect(portalDateTime('2025-03-05T09:30:00', 'Europe/Moscow')).toBe('2025-03-05T09:30:00+03:00');
    expect(portalDateTime('2025-01-15T09:30:00', 'Europe/Berlin')).toBe('2025-01-15T09:30:00+01:00');
    expect(portalDateTime('2025-07-15T09:30:00', 'Europe/Berlin')).toBe('2025-07-15T09:30:00+02:00');
    expect(portalDateTime('2025-07-15T09:30:00', 'America/New_York')).toBe('2025-07-15T09:30:00-04:00');
    expect(portalDateTime('2025-07-15T09:30:00', 'Asia/Kolkata')).toBe('2025-07-15T09:30:00+05:30');
    expect(portalDateTime('2025-07-15T09:30', 'UTC')).toBe('2025-07-15T09:30:00+00:00');
  });

  it('keeps an offset that is there, and spells Z as +00:00', () => {
    expect(portalDateTime('2025-07-15T09:30:00Z', 'Europe/Moscow')).toBe('2025-07-15T09:30:00+00:00');
    expect(portalDateTime('2025-07-15T09:30:00+0530', 'UTC')).toBe('2025-07-15T09:30:00+05:30');
    expect(portalDateTime('not a date', 'UTC')).toBe('not a date');
  });

  it('reads a wall-clock value in the zone, right next to a summer-time change', () => {
    // Berlin moves from +01:00 to +02:00 at 2025-03-30 02:00 local.
    expect(new Date(sheetInstant('2025-03-30T01:30:00', 'Europe/Berlin')).toISOString()).toBe('2025-03-30T00:30:00.000Z');
    expect(new Date(sheetInstant('2025-03-30T03:30:00', 'Europe/Berlin')).toISOString()).toBe('2025-03-30T01:30:00.000Z');
    expect(zoneOffsetMinutes('America/New_York', Date.UTC(2025, 0, 1))).toBe(-300);
    expect(isTimeZone('Europe/Moscow')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });

  it('compares a sent value and the portal’s read-back as instants', () => {
    expect(instantText('2025-03-05T09:30:00+09:00')).toBe('2025-03-05T00:30:00Z');
    expect(instantText('2025-03-05T03:30:00+03:00')).toBe('2025-03-05T00:30:00Z');
    expect(normalizeValue('datetime', '2025-03-05T09:30:00+09:00')).toBe(normalizeValue('datetime', '2025-03-05T03:30:00+03:00'));
    expect(normalizeValue('datetime', '2025-03-05T09:30:00+03:00')).not.toBe(normalizeValue('datetime', '2025-03-05T09:30:00+09:00'));
  });
});

describe('resolveItemFields with the sheet zone', () => {
  const ctx: ResolveContext = {
    entityTypeId: 1032,
    categoryId: 5,
    fieldNames: { AT: 'UF_CRM_3_AT', DAY: 'UF_CRM_3_DAY' },
    fieldTypes: { AT: { userTypeId: 'datetime', multiple: false }, DAY: { userTypeId: 'date', multiple: false } },
    enumIds: {},
    stageIds: {},
    companies: {},
    contacts: {},
    writeHistory: true,
    timeZone: 'Asia/Tokyo',
  };

  it('sends history and datetime fields with the offset, dates as dates', () => {
    const fields = resolveItemFields({ 'uf:AT': '2025-03-05T09:30:00', 'uf:DAY': '2025-03-05', createdTime: '2025-01-02T08:00:00', movedTime: '2025-01-03T10:00:00' }, ctx, 'create');
    expect(fields).toEqual({
      UF_CRM_3_AT: '2025-03-05T09:30:00+09:00',
      UF_CRM_3_DAY: '2025-03-05',
      createdTime: '2025-01-02T08:00:00+09:00',
      movedTime: '2025-01-03T10:00:00+09:00',
      updatedTime: '2025-01-03T10:00:00+09:00',
    });
  });

  it('clears a list field on update with an empty array', () => {
    const lists: ResolveContext = { ...ctx, fieldNames: { TAGS: 'UF_CRM_3_TAGS' }, fieldTypes: { TAGS: { userTypeId: 'enumeration', multiple: true } }, enumIds: { TAGS: { a: 1 } } };
    expect(resolveItemFields({ 'uf:TAGS': [], contactIds: [] }, lists, 'update')).toEqual({ UF_CRM_3_TAGS: [], contactIds: [] });
  });
});
