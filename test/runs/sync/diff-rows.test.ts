import { describe, expect, it } from 'vitest';
import { rowHash } from '../../../shared/sheet/plan/row-hash';
import { valueHash, type ResolveContext } from '../../../shared/sheet/plan/resolve-item-fields';
import type { PreparedRow } from '../../../shared/sheet/plan/types';
import { diffRows, type DiffInput } from '../../../shared/runs/sync/diff-rows';
import type { SyncState } from '../../../shared/runs/sync/sync-state';

const ctx: ResolveContext = {
  entityTypeId: 1030,
  categoryId: 1,
  fieldNames: { NOTE: 'UF_CRM_3_NOTE' },
  fieldTypes: { NOTE: { userTypeId: 'string', multiple: false } },
  enumIds: {},
  stageIds: { NEW: 'DT1030_1:NEW', DONE: 'DT1030_1:SUCCESS', LOST: 'DT1030_1:FAIL' },
  companies: {},
  contacts: {},
};

const row = (key: string, values: Record<string, unknown>): PreparedRow => ({ key, sourceRow: 2, values });
const state = (rows: Record<string, { itemId: number; fields: Record<string, [unknown, unknown]>; gone?: 'kept' | 'deleted' }>): SyncState => ({
  version: 1,
  rows: Object.fromEntries(
    Object.entries(rows).map(([key, r]) => [
      key,
      { itemId: r.itemId, ...(r.gone ? { gone: r.gone } : {}), fields: Object.fromEntries(Object.entries(r.fields).map(([f, [sheet, portal]]) => [f, { sheet: valueHash(f === 'assignedById' || f === 'stageId' ? 'id' : 'text', sheet), portal: valueHash(f === 'assignedById' || f === 'stageId' ? 'id' : 'text', portal) }])) },
    ]),
  ),
});
const input = (over: Partial<DiffInput>): DiffInput => ({ rows: [], ctx, state: { version: 1, rows: {} }, known: new Map(), items: new Map(), xmlIdPrefix: 'p', conflicts: 'skip', removed: { kind: 'keep' }, ...over });

describe('diffRows', () => {
  it('sends only the fields the sheet changed; a stage change is a field like any other', () => {
    const diff = diffRows(input({
      rows: [row('a', { title: 'new title', stageId: 'DONE', 'uf:NOTE': 'same' })],
      state: state({ a: { itemId: 1, fields: { title: ['old title', 'old title'], stageId: ['DT1030_1:NEW', 'DT1030_1:NEW'], UF_CRM_3_NOTE: ['same', 'same'] } } }),
      items: new Map([[1, { id: 1, xmlId: 'p:a', title: 'old title', stageId: 'DT1030_1:NEW', UF_CRM_3_NOTE: 'same' }]]),
    }));
    expect(diff).toEqual([{ key: 'a', sourceRow: 2, itemId: 1, action: 'update', fields: { title: 'new title', stageId: 'DT1030_1:SUCCESS' }, changed: ['title', 'stageId'], before: { title: 'old title', stageId: 'DT1030_1:NEW' }, conflicts: [] }]);
  });

  it('leaves a portal default alone when the sheet cell stayed empty', () => {
    const diff = diffRows(input({
      rows: [row('a', { assignedById: null })],
      state: state({ a: { itemId: 1, fields: { assignedById: [null, 1] } } }),
      items: new Map([[1, { id: 1, assignedById: 1 }]]),
    }));
    expect(diff[0]?.action).toBe('unchanged');
  });

  it('settles a portal edit by the policy', () => {
    const base = {
      rows: [row('a', { title: 'sheet', 'uf:NOTE': 'changed in sheet' })],
      state: state({ a: { itemId: 1, fields: { title: ['sheet', 'sheet'], UF_CRM_3_NOTE: ['n', 'n'] } } }),
      items: new Map([[1, { id: 1, title: 'portal edit', UF_CRM_3_NOTE: 'n' }]]),
    };
    expect(diffRows(input({ ...base, conflicts: 'skip' }))[0]).toMatchObject({ action: 'skip', fields: {}, conflicts: ['title'] });
    expect(diffRows(input({ ...base, conflicts: 'portal-wins' }))[0]).toMatchObject({ action: 'update', fields: { UF_CRM_3_NOTE: 'changed in sheet' }, conflicts: ['title'] });
    expect(diffRows(input({ ...base, conflicts: 'sheet-wins' }))[0]).toMatchObject({ action: 'update', fields: { title: 'sheet', UF_CRM_3_NOTE: 'changed in sheet' }, conflicts: ['title'] });
  });

  it('finds an item by xmlId instead of creating it again', () => {
    const diff = diffRows(input({ rows: [row('a', { title: 't' })], items: new Map([[7, { id: 7, xmlId: 'p:a', title: 'x' }]]) }));
    expect(diff[0]).toMatchObject({ action: 'update', itemId: 7 });
    const recreated = diffRows(input({
      rows: [row('a', { title: 't' })],
      state: state({ a: { itemId: 1, fields: { title: ['t', 't'] }, gone: 'deleted' } }),
      items: new Map([[9, { id: 9, xmlId: 'p:a', title: 't' }]]),
    }));
    expect(recreated[0]).toMatchObject({ action: 'unchanged', itemId: 9 });
  });

  it('creates new rows, recreates rows deleted earlier, and reports items deleted in the portal', () => {
    const diff = diffRows(input({
      rows: [row('new', { title: 'n' }), row('back', { title: 'b' }), row('gone-in-portal', { title: 'g' })],
      state: state({ back: { itemId: 2, fields: {}, gone: 'deleted' }, 'gone-in-portal': { itemId: 3, fields: {} } }),
    }));
    expect(diff.map((d) => [d.key, d.action, d.conflicts])).toEqual([
      ['new', 'create', []],
      ['back', 'recreate', []],
      ['gone-in-portal', 'skip', ['(item deleted in the portal)']],
    ]);
    expect(diff[0]?.fields).toEqual({ title: 'n' });
  });

  it('handles rows that left the sheet by policy, once', () => {
    const base = { state: state({ a: { itemId: 1, fields: {} }, b: { itemId: 2, fields: {}, gone: 'kept' } }), items: new Map([[1, { id: 1, stageId: 'DT1030_1:NEW' }], [2, { id: 2 }]]) };
    expect(diffRows(input({ ...base }))).toEqual([{ key: 'a', itemId: 1, action: 'remove', removal: 'keep', fields: {}, changed: [], conflicts: [] }]);
    expect(diffRows(input({ ...base, removed: { kind: 'delete' } }))[0]).toMatchObject({ removal: 'delete' });
    expect(diffRows(input({ ...base, removed: { kind: 'stage', code: 'LOST', name: 'Lost' } }))[0]).toMatchObject({ removal: 'stage', fields: { stageId: 'DT1030_1:FAIL' } });
  });
});

describe('diffRows with datetimes', () => {
  const timed: ResolveContext = { ...ctx, fieldNames: { AT: 'UF_CRM_3_AT' }, fieldTypes: { AT: { userTypeId: 'datetime', multiple: false } }, timeZone: 'Asia/Tokyo' };
  const hashOf = (text: string): string => rowHash({ v: text });

  it('finds nothing to do when the portal answers the same instant in its own zone', () => {
    const diff = diffRows(input({
      ctx: timed,
      rows: [row('a', { 'uf:AT': '2025-03-05T09:30:00' })],
      state: { version: 1, rows: { a: { itemId: 1, fields: { UF_CRM_3_AT: { sheet: valueHash('datetime', '2025-03-05T09:30:00+09:00'), portal: valueHash('datetime', '2025-03-05T03:30:00+03:00') } } } } },
      items: new Map([[1, { id: 1, xmlId: 'p:a', UF_CRM_3_AT: '2025-03-05T03:30:00+03:00' }]]),
    }));
    expect(diff).toEqual([expect.objectContaining({ key: 'a', action: 'unchanged', conflicts: [] })]);
  });

  it('resends, without a conflict, a datetime an older version wrote without an offset and kept as wall-clock text', () => {
    // The old write: "09:30" without offset, read by the portal as 09:30 Moscow time; the state holds wall-clock text.
    const diff = diffRows(input({
      ctx: timed,
      rows: [row('a', { 'uf:AT': '2025-03-05T09:30:00' })],
      state: { version: 1, rows: { a: { itemId: 1, fields: { UF_CRM_3_AT: { sheet: hashOf('2025-03-05T09:30:00'), portal: hashOf('2025-03-05T09:30:00') } } } } },
      items: new Map([[1, { id: 1, xmlId: 'p:a', UF_CRM_3_AT: '2025-03-05T09:30:00+03:00' }]]),
    }));
    expect(diff).toEqual([expect.objectContaining({ key: 'a', action: 'update', fields: { UF_CRM_3_AT: '2025-03-05T09:30:00+09:00' }, conflicts: [] })]);
  });

  it('still reports a datetime someone changed in the portal as a conflict', () => {
    const diff = diffRows(input({
      ctx: timed,
      rows: [row('a', { 'uf:AT': '2025-03-05T09:30:00' })],
      state: { version: 1, rows: { a: { itemId: 1, fields: { UF_CRM_3_AT: { sheet: hashOf('2025-03-05T09:30:00'), portal: hashOf('2025-03-05T09:30:00') } } } } },
      items: new Map([[1, { id: 1, xmlId: 'p:a', UF_CRM_3_AT: '2025-03-07T11:00:00+03:00' }]]),
    }));
    expect(diff).toEqual([expect.objectContaining({ key: 'a', action: 'skip', conflicts: ['UF_CRM_3_AT'] })]);
  });
});
