import { cellText } from '../spreadsheet/cell-text';
import type { SheetTable } from '../spreadsheet/types';
import { splitMulti } from './split-multi';
import type { Mapping, UserMatch } from './types';

/** A portal user as `user.get` describes one, reduced to what matching needs. */
export interface PortalUser {
  id: number;
  name: string;
  lastName: string;
  secondName: string;
  email: string;
  active: boolean;
}

/** Reads `user.get` rows into `PortalUser`s. */
export function toPortalUsers(rows: ReadonlyArray<Record<string, unknown>>): PortalUser[] {
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  return rows.map((row) => ({
    id: Number(row['ID']),
    name: text(row['NAME']),
    lastName: text(row['LAST_NAME']),
    secondName: text(row['SECOND_NAME']),
    email: text(row['EMAIL']),
    active: row['ACTIVE'] !== false && row['ACTIVE'] !== 'N',
  }));
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function norm(text: string): string {
  return text.toLowerCase().replace(/ё/g, 'е').trim();
}

interface Token {
  text: string;
  initial: boolean;
}

/** `Иванова М.О.` → [иванова, м(initial), о(initial)]. */
function tokens(value: string): Token[] {
  const out: Token[] = [];
  for (const word of norm(value).split(/[\s,]+/)) {
    if (word === '') continue;
    // Initials may be glued together ("М.О.") or stand alone ("М.").
    const parts = word.split('.').filter((part) => part !== '');
    const dotted = word.includes('.');
    for (const part of parts) {
      const clean = part.replace(/[^\p{L}-]/gu, '');
      if (clean === '') continue;
      out.push({ text: clean, initial: dotted && clean.length <= 2 ? true : clean.length === 1 });
    }
  }
  return out;
}

/**
 * How well a written name fits a user: 0 no fit, 1 with initials, 2 by full
 * names. The surname must be written out; every other part must be the
 * first or second name, or its initial; the order is free (ru and en).
 */
function nameFit(value: string, user: PortalUser): 0 | 1 | 2 {
  const parts = tokens(value);
  const last = norm(user.lastName);
  const first = norm(user.name);
  const second = norm(user.secondName);
  if (parts.length < 2 || last === '') return 0;
  const lastIndex = parts.findIndex((part) => !part.initial && part.text === last);
  if (lastIndex < 0) return 0;
  let usedInitial = false;
  let firstSeen = false;
  let secondSeen = false;
  for (const [index, part] of parts.entries()) {
    if (index === lastIndex) continue;
    if (!part.initial) {
      if (!firstSeen && part.text === first) firstSeen = true;
      else if (!secondSeen && second !== '' && part.text === second) secondSeen = true;
      else return 0;
    } else {
      usedInitial = true;
      if (!firstSeen && first.startsWith(part.text)) firstSeen = true;
      else if (!secondSeen && second !== '' && second.startsWith(part.text)) secondSeen = true;
      else return 0;
    }
  }
  if (!firstSeen) return 0;
  return usedInitial ? 1 : 2;
}

/**
 * Matches one person value (a name in any order, with initials, ё/е, or an
 * e-mail) to a portal user. Dismissed users are never picked; two users that
 * fit equally well make the value ambiguous rather than a guess.
 */
export function matchUser(value: string, users: readonly PortalUser[]): UserMatch {
  const trimmed = value.trim();
  const active = users.filter((user) => user.active);
  if (EMAIL.test(trimmed)) {
    const hit = active.filter((user) => norm(user.email) === norm(trimmed));
    if (hit.length === 1) return { value, userId: hit[0]!.id, how: 'email' };
    return { value, userId: null, how: 'none' };
  }
  let best = 0;
  let hits: PortalUser[] = [];
  for (const user of active) {
    const fit = nameFit(trimmed, user);
    if (fit === 0 || fit < best) continue;
    if (fit > best) {
      best = fit;
      hits = [];
    }
    hits.push(user);
  }
  if (hits.length === 1) return { value, userId: hits[0]!.id, how: best === 2 ? 'name' : 'initials' };
  if (hits.length > 1) return { value, userId: null, how: 'ambiguous', candidates: hits.map((user) => user.id) };
  return { value, userId: null, how: 'none' };
}

/** Matches every distinct value; unmatched ones come back with `userId: null`. */
export function matchUsers(values: Iterable<string>, users: readonly PortalUser[]): UserMatch[] {
  const seen = new Set<string>();
  const out: UserMatch[] = [];
  for (const value of values) {
    if (value.trim() === '' || seen.has(value)) continue;
    seen.add(value);
    out.push(matchUser(value, users));
  }
  return out;
}

/**
 * Matches the person values of every person column (responsible, observers,
 * author, employee fields) that the mapping has no user for yet, and records
 * them in `mapping.users`. Returns the new matches (for review).
 */
export function fillPersonMatches(mapping: Mapping, table: SheetTable, users: readonly PortalUser[]): UserMatch[] {
  const values = new Set<string>();
  for (const column of mapping.columns) {
    const target = column.target;
    const person = (target.kind === 'builtin' && (target.field === 'assignedById' || target.field === 'observers' || target.field === 'createdBy')) || (target.kind === 'custom' && target.userTypeId === 'employee');
    if (!person) continue;
    const index = table.headers.indexOf(column.header);
    if (index < 0) continue;
    const multiple = target.kind === 'builtin' ? target.field === 'observers' : target.kind === 'custom' && target.multiple;
    for (const row of table.rows) {
      const text = cellText(row[index] ?? null).trim();
      if (text === '') continue;
      for (const value of multiple ? splitMulti(text) : [text]) if (!(value in mapping.users)) values.add(value);
    }
  }
  const matches = matchUsers(values, users);
  for (const match of matches) mapping.users[match.value] = match.userId;
  return matches;
}
