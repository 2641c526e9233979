import { rowHash } from './row-hash';
import type { UserTypeId } from '../mapping/types';
import { instantText, machineTimeZone, portalDateTime } from '../mapping/sheet-time';
import type { FieldSpec } from './types';

/** How values of a field compare (what the portal may reformat on read). */
export type ValueKind = 'text' | 'number' | 'id' | 'date' | 'datetime' | 'money' | 'bool';

/**
 * The portal ids a row's symbolic values resolve to, once the smart process,
 * its fields, stages and clients exist.
 */
export interface ResolveContext {
  entityTypeId: number;
  categoryId: number;
  /** Custom field suffix → `UF_CRM_<id>_<SUFFIX>`. */
  fieldNames: Record<string, string>;
  /** Custom field suffix → its type (for empties and comparisons). */
  fieldTypes: Record<string, { userTypeId: UserTypeId; multiple: boolean }>;
  /** Enumeration suffix → item text → option id. */
  enumIds: Record<string, Record<string, number>>;
  /** Stage code → full `STATUS_ID`. */
  stageIds: Record<string, string>;
  companies: Record<string, number>;
  /** Contact value as the sheet writes it (a name, an e-mail, a phone) → contact id. */
  contacts: Record<string, number>;
  /** Deal value as the sheet writes it (`123`, `D_123`, a title) → deal id. */
  deals?: Record<string, number>;
  /**
   * Send history fields (`createdTime`, `createdBy`, `movedTime`): only the
   * first migration's import, and only as a portal administrator (the
   * portal accepts history only from an administrator's import). Sync never sets it.
   */
  writeHistory?: boolean;
  /**
   * The sheet's IANA time zone: its wall-clock datetimes are sent with this
   * zone's offset (absent: this computer's zone).
   */
  timeZone?: string;
}

const BUILTIN_KIND: Record<string, ValueKind> = {
  title: 'text',
  stageId: 'id',
  assignedById: 'id',
  observers: 'id',
  opportunity: 'number',
  currencyId: 'text',
  begindate: 'date',
  closedate: 'date',
  companyId: 'id',
  contactIds: 'id',
  createdTime: 'datetime',
  createdBy: 'id',
  movedTime: 'datetime',
  parentId2: 'id',
};

const UF_KIND: Record<UserTypeId, ValueKind> = {
  string: 'text',
  url: 'text',
  integer: 'number',
  double: 'number',
  money: 'money',
  boolean: 'bool',
  date: 'date',
  datetime: 'datetime',
  enumeration: 'id',
  employee: 'id',
};

/** Builds the field-name and type maps of a context from the mapping's field specs. */
export function fieldMaps(specs: readonly FieldSpec[], typeId: number): Pick<ResolveContext, 'fieldNames' | 'fieldTypes'> {
  const fieldNames: Record<string, string> = {};
  const fieldTypes: ResolveContext['fieldTypes'] = {};
  for (const spec of specs) {
    fieldNames[spec.suffix] = `UF_CRM_${typeId}_${spec.suffix}`;
    fieldTypes[spec.suffix] = { userTypeId: spec.userTypeId, multiple: spec.multiple };
  }
  return { fieldNames, fieldTypes };
}

/** Portal field key → how its values compare, for every field a context can write. */
export function fieldKinds(ctx: ResolveContext): Record<string, ValueKind> {
  const kinds: Record<string, ValueKind> = { ...BUILTIN_KIND };
  for (const [suffix, name] of Object.entries(ctx.fieldNames)) {
    const type = ctx.fieldTypes[suffix];
    if (type) kinds[name] = UF_KIND[type.userTypeId];
  }
  return kinds;
}

/**
 * A prepared row's values as portal item fields (original `UF_CRM_…` names,
 * for `useOriginalUfNames=Y`). On create, empty values are left out and the
 * stage carries its funnel; on update, empties clear the field.
 */
export function resolveItemFields(values: Record<string, unknown>, ctx: ResolveContext, mode: 'create' | 'update'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const zone = ctx.timeZone ?? machineTimeZone();
  const zoned = (value: unknown): unknown => (typeof value === 'string' ? portalDateTime(value, zone) : Array.isArray(value) ? value.map(zoned) : value);
  const set = (key: string, value: unknown, multiple: boolean): void => {
    const empty = value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    if (empty) {
      if (mode === 'update') out[key] = multiple ? [] : '';
      return;
    }
    out[key] = value;
  };
  for (const [logical, value] of Object.entries(values)) {
    if (logical.startsWith('uf:')) {
      const suffix = logical.slice(3);
      const name = ctx.fieldNames[suffix];
      const type = ctx.fieldTypes[suffix];
      if (name === undefined || type === undefined) continue;
      let resolved = value;
      if (type.userTypeId === 'enumeration') {
        const ids = ctx.enumIds[suffix] ?? {};
        resolved = Array.isArray(value) ? value.map((item) => ids[String(item)]).filter((id) => id !== undefined) : value === null ? null : (ids[String(value)] ?? null);
      }
      set(name, type.userTypeId === 'datetime' ? zoned(resolved) : resolved, type.multiple);
      continue;
    }
    switch (logical) {
      case 'stageId':
        if (value !== null && value !== undefined) {
          out['stageId'] = ctx.stageIds[String(value)] ?? value;
          if (mode === 'create') out['categoryId'] = ctx.categoryId;
        }
        break;
      case 'companyId':
        set('companyId', value === null ? null : (ctx.companies[String(value)] ?? null), false);
        break;
      case 'contactIds':
        set('contactIds', (value as string[]).map((name) => ctx.contacts[name]).filter((id) => id !== undefined), true);
        break;
      case 'observers':
        set('observers', value, true);
        break;
      case 'createdTime':
      case 'createdBy':
      case 'movedTime':
        // History is written once, by the first migration's import; it is read-only afterwards.
        if (mode === 'create' && ctx.writeHistory === true && value !== null && value !== undefined) {
          out[logical] = logical === 'createdBy' ? value : zoned(value);
          // createdTime ≤ movedTime ≤ updatedTime: the portal refuses an item updated before it moved, and it was last touched when it moved.
          if (logical === 'movedTime') out['updatedTime'] = zoned(value);
        }
        break;
      case 'parentId2':
        set('parentId2', value === null || value === undefined ? null : (ctx.deals?.[String(value)] ?? null), false);
        break;
      case 'timelineComment':
        // Not an item field: posted to the item's timeline after loading (shared/notes).
        break;
      default:
        set(logical, value, false);
    }
  }
  return out;
}

/**
 * A value in the form both sides agree on, so a sent value and the value
 * read back compare equal: dates as `YYYY-MM-DD` (the portal returns a
 * datetime), datetimes as the instant they mean (the portal answers in its
 * own zone, which need not be the sheet's), to the second, ids and numbers
 * as numbers-as-text, empties as null.
 */
export function normalizeValue(kind: ValueKind, value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => normalizeValue(kind, item)).filter((item) => item !== null);
    return items.length === 0 ? null : items;
  }
  if (value === null || value === undefined || value === '' || value === false && kind !== 'bool') return null;
  switch (kind) {
    case 'date':
      return String(value).slice(0, 10);
    case 'datetime':
      return instantText(String(value).trim());
    case 'number':
    case 'id': {
      const n = Number(value);
      return Number.isFinite(n) && String(value).trim() !== '' ? String(n) : String(value);
    }
    case 'money': {
      const [amount = '', currency = ''] = String(value).split('|');
      return `${Number(amount)}|${currency}`;
    }
    case 'bool':
      return value === true || value === 'Y' || value === 1 || value === '1' ? 'Y' : 'N';
    default:
      return String(value).trim();
  }
}

/** A short hash of a normalised field value; equal values hash equal. */
export function valueHash(kind: ValueKind, value: unknown): string {
  return rowHash({ v: normalizeValue(kind, value) });
}

/**
 * True when `stored`, a hash the sync state kept, is the hash of `value`
 * now. A datetime's state from before datetimes were compared as instants
 * was the hash of its first 19 characters (wall-clock text in whatever zone
 * it was written in): that still counts as the same value, so upgrading
 * does not turn every datetime field into a conflict.
 */
export function sameAsStored(kind: ValueKind, value: unknown, stored: string): boolean {
  if (valueHash(kind, value) === stored) return true;
  return kind === 'datetime' && rowHash({ v: wallClockText(value) }) === stored;
}

function wallClockText(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(wallClockText).filter((item) => item !== null);
    return items.length === 0 ? null : items;
  }
  if (value === null || value === undefined || value === '' || value === false) return null;
  return String(value).slice(0, 19);
}

/** The portal key a logical value is written to (`uf:X` → its UF name). */
export function portalKey(logical: string, ctx: ResolveContext): string | undefined {
  if (logical.startsWith('uf:')) return ctx.fieldNames[logical.slice(3)];
  return logical;
}
