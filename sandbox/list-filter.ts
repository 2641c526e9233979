import { RestError } from './rest-error';
import { parseDateTime } from './portal-time';

/** How a filterable field compares. */
export type FilterKind = 'int' | 'float' | 'string' | 'datetime' | 'date' | 'bool';

/** A field a filter or order may name: its kind and how to read it from a row. */
export interface FilterField<Row> {
  kind: FilterKind;
  get(row: Row): unknown;
}

/** Resolves a field name as written in the request; undefined = not allowed. */
export type FieldResolver<Row> = (name: string) => FilterField<Row> | undefined;

type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'in' | '!in' | 'like' | '!like' | 'pattern' | '!pattern';

// Longest prefix first, so `!=%` is not read as `!=` + a field named `%x`.
const PREFIXES: ReadonlyArray<[string, Operator]> = [
  ['!=%', '!pattern'],
  ['!%=', '!pattern'],
  ['>=', '>='],
  ['<=', '<='],
  ['!@', '!in'],
  ['=%', 'pattern'],
  ['%=', 'pattern'],
  ['!%', '!like'],
  ['!=', '!='],
  ['@', 'in'],
  ['%', 'like'],
  ['>', '>'],
  ['<', '<'],
  ['=', '='],
  ['!', '!='],
];

/** Message shapes of `crm.item.list` filter/order errors. */
export function filterFieldNotAllowed(name: string): RestError {
  return new RestError(400, 'INVALID_ARG_VALUE', `Invalid filter: field '${name}' is not allowed in filter`);
}

/**
 * Compiles a Bitrix list filter (prefix operators, nested `logic: OR` groups)
 * into a predicate. Unknown fields throw the portal's error instead of being
 * ignored, because a silently ignored filter returns every row.
 */
export function compileFilter<Row>(filter: unknown, resolve: FieldResolver<Row>): (row: Row) => boolean {
  if (filter === undefined || filter === null || filter === '' || (Array.isArray(filter) && filter.length === 0)) return () => true;
  if (typeof filter !== 'object') throw new RestError(400, 'INVALID_ARG_VALUE', 'Invalid filter: filter must be an array');
  return compileGroup(filter as Record<string, unknown>, resolve);
}

function compileGroup<Row>(group: Record<string, unknown> | unknown[], resolve: FieldResolver<Row>): (row: Row) => boolean {
  const entries = Array.isArray(group) ? group.map((value, index) => [String(index), value] as const) : Object.entries(group);
  let logic: 'AND' | 'OR' = 'AND';
  const parts: Array<(row: Row) => boolean> = [];
  for (const [key, value] of entries) {
    if (key.toUpperCase() === 'LOGIC') {
      logic = String(value).toUpperCase() === 'OR' ? 'OR' : 'AND';
      continue;
    }
    if (/^\d+$/.test(key) && value !== null && typeof value === 'object') {
      parts.push(compileGroup(value as Record<string, unknown>, resolve));
      continue;
    }
    parts.push(compileCondition(key, value, resolve));
  }
  if (parts.length === 0) return () => true;
  return logic === 'OR' ? (row) => parts.some((part) => part(row)) : (row) => parts.every((part) => part(row));
}

function compileCondition<Row>(key: string, value: unknown, resolve: FieldResolver<Row>): (row: Row) => boolean {
  let operator: Operator = '=';
  let name = key;
  for (const [prefix, op] of PREFIXES) {
    if (key.startsWith(prefix)) {
      operator = op;
      name = key.slice(prefix.length);
      break;
    }
  }
  const field = resolve(name);
  if (field === undefined) throw filterFieldNotAllowed(name);
  if (Array.isArray(value) && operator === '=') operator = 'in';
  if (Array.isArray(value) && operator === '!=') operator = '!in';
  const wanted = (Array.isArray(value) ? value : [value]).map((v) => normalize(field.kind, v, name));
  const test = (stored: unknown): boolean => {
    const actual = normalize(field.kind, stored, name, true);
    const first = wanted[0];
    switch (operator) {
      case '=':
        return equal(actual, first);
      case '!=':
        return !equal(actual, first);
      case 'in':
        return wanted.some((w) => equal(actual, w));
      case '!in':
        return !wanted.some((w) => equal(actual, w));
      case '>':
        return actual !== null && first !== null && first !== undefined && actual > first;
      case '>=':
        return actual !== null && first !== null && first !== undefined && actual >= first;
      case '<':
        return actual !== null && first !== null && first !== undefined && actual < first;
      case '<=':
        return actual !== null && first !== null && first !== undefined && actual <= first;
      case 'like':
        return like(actual, `%${String(first ?? '')}%`);
      case '!like':
        return !like(actual, `%${String(first ?? '')}%`);
      case 'pattern':
        return like(actual, String(first ?? ''));
      case '!pattern':
        return !like(actual, String(first ?? ''));
    }
  };
  const negative = operator === '!=' || operator === '!in' || operator === '!like' || operator === '!pattern';
  return (row) => {
    const stored = field.get(row);
    if (Array.isArray(stored)) {
      if (stored.length === 0) return test(null);
      // A multiple field matches when any value does; a negation must hold for all of them.
      return negative ? stored.every(test) : stored.some(test);
    }
    return test(stored);
  };
}

type Comparable = number | string | null;

function normalize(kind: FilterKind, value: unknown, name: string, stored = false): Comparable {
  if (value === null || value === undefined || value === '') return null;
  switch (kind) {
    case 'int':
    case 'float': {
      const n = typeof value === 'boolean' ? Number(value) : Number(value);
      if (Number.isNaN(n)) {
        if (stored) return null;
        throw new RestError(400, 'INVALID_ARG_VALUE', `Invalid filter: field '${name}' has invalid value`);
      }
      return n;
    }
    case 'bool': {
      if (stored) return value === true || value === 'Y' || value === 1 || value === '1' ? 1 : 0;
      // Like PHP's (int) cast: "Y" and "N" both become 0, which is why filters must use 1/0.
      const n = typeof value === 'boolean' ? Number(value) : parseInt(String(value), 10);
      return Number.isNaN(n) ? 0 : n !== 0 ? 1 : 0;
    }
    case 'datetime': {
      if (typeof value === 'number') return value;
      const ms = parseDateTime(value);
      if (ms === undefined) {
        if (stored) return null;
        throw new RestError(400, 'INVALID_ARG_VALUE', `Invalid filter: field '${name}' has invalid value`);
      }
      return ms;
    }
    case 'date':
      return String(value).slice(0, 10);
    case 'string':
      // MySQL's default collation compares case-insensitively.
      return typeof value === 'object' ? JSON.stringify(value).toLowerCase() : String(value).toLowerCase();
  }
}

function equal(a: Comparable, b: Comparable | undefined): boolean {
  if (b === undefined) return a === null;
  return a === b;
}

function like(actual: Comparable, pattern: string): boolean {
  if (actual === null) return false;
  const regex = new RegExp(
    `^${pattern
      .toLowerCase()
      .split('')
      .map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('')}$`,
    's',
  );
  return regex.test(String(actual));
}

/** Builds a comparator from `order: {field: 'ASC'|'DESC'}`; unknown fields throw the portal's error. */
export function compileOrder<Row>(order: unknown, resolve: FieldResolver<Row>, fallback: FilterField<Row>): (a: Row, b: Row) => number {
  const keys: Array<[FilterField<Row>, number]> = [];
  if (order !== undefined && order !== null && order !== '' && typeof order === 'object') {
    for (const [name, direction] of Object.entries(order as Record<string, unknown>)) {
      const field = resolve(name);
      if (field === undefined) throw new RestError(400, 'INVALID_ARG_VALUE', `Invalid order: field '${name}' is not allowed in order`);
      const dir = String(direction).toUpperCase();
      if (dir !== 'ASC' && dir !== 'DESC') throw new RestError(400, 'INVALID_ARG_VALUE', `Invalid order: direction '${String(direction)}' is not allowed`);
      keys.push([field, dir === 'DESC' ? -1 : 1]);
    }
  }
  keys.push([fallback, 1]);
  return (a, b) => {
    for (const [field, sign] of keys) {
      const x = sortable(field.get(a));
      const y = sortable(field.get(b));
      if (x === y) continue;
      if (x === null) return -sign;
      if (y === null) return sign;
      return (x < y ? -1 : 1) * sign;
    }
    return 0;
  };
}

function sortable(value: unknown): number | string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (Array.isArray(value)) return sortable(value[0]);
  const n = Number(value);
  return typeof value === 'string' && value.trim() !== '' && !Number.isNaN(n) ? n : String(value).toLowerCase();
}

/** The portal's fixed page size. */
export const PAGE_SIZE = 50;

/** Reads `start`; `-1` means "no count". */
export function readStart(value: unknown): number {
  if (value === undefined || value === null || value === '') return 0;
  const n = parseInt(String(value), 10);
  if (Number.isNaN(n)) return 0;
  return n;
}

/** One page of rows plus the `total`/`next` the envelope carries. */
export function paginate<Row>(rows: Row[], startParam: unknown): { page: Row[]; total?: number; next?: number } {
  const start = readStart(startParam);
  // No count query: `total` is 0 and there is no `next` (b24restdocs settings/performance/huge-data.md).
  if (start === -1) return { page: rows.slice(0, PAGE_SIZE), total: 0 };
  const offset = Math.max(0, start);
  const page = rows.slice(offset, offset + PAGE_SIZE);
  const next = offset + PAGE_SIZE < rows.length ? offset + PAGE_SIZE : undefined;
  return next === undefined ? { page, total: rows.length } : { page, total: rows.length, next };
}
