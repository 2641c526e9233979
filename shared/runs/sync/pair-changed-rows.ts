import type { Mapping } from '../../sheet/mapping/types';
import { valueHash, type ValueKind } from '../../sheet/plan/resolve-item-fields';
import type { SheetTable } from '../../sheet/spreadsheet/types';
import type { SyncState } from './sync-state';

/** A row of the sheet now that no known item has: its place and its fields' hashes. */
export interface NewRowShape {
  key: string;
  sourceRow: number;
  /** Field → hash of the value the row would write. */
  fields: Record<string, string>;
}

/** A known row gone from the sheet: where it last was and what it last wrote. */
export interface GoneRowShape {
  key: string;
  /** The sheet row it sat on at the last run; unknown for projects from before rows were recorded. */
  lastRow?: number;
  /** Field → hash of the value the sheet last gave it (or the portal's, when the sheet's is not on record). */
  fields: Record<string, string>;
}

/** Where the rows still in the sheet were at the last run and are now, for telling how far rows moved. */
export interface StayedRow {
  lastRow: number;
  row: number;
}

/** A new row recognised as a changed gone row. */
export interface RowPair {
  newKey: string;
  goneKey: string;
}

/**
 * Recognises rows of a sheet keyed by its own content that only changed:
 * the changed row has a new key, so it looks like a new row plus a gone one.
 * A new row and a gone row are one row when they sit at the same place —
 * the row number it had, or the one its nearest unchanged neighbours above
 * and below now put it at (rows inserted or deleted elsewhere shift it) —
 * and either differ in one field at most or carry the same title with more
 * than half of the fields either fills equal; or, wherever they sit, when
 * they carry the same title and differ in one field at most. Columns with few
 * values (stage, manager, currency, client) make unrelated rows look alike,
 * so a replaced row is never taken for an edited one: what does not pair is
 * shown as new plus gone, with a warning, and nothing is overwritten.
 * Pairs at the same place are taken first, then pairs by title; a row with
 * two or more candidates at a stage is never paired (twins, a run of similar
 * rows), so nothing is guessed onto the wrong item.
 */
export function pairChangedRows(created: readonly NewRowShape[], gone: readonly GoneRowShape[], stayed: readonly StayedRow[], kinds: Record<string, ValueKind>): RowPair[] {
  if (created.length === 0 || gone.length === 0) return [];
  const empty = (field: string): string => valueHash(kinds[field] ?? 'text', null);
  const filled = (fields: Record<string, string>, field: string): boolean => fields[field] !== undefined && fields[field] !== empty(field);
  const mostlyEqual = (a: Record<string, string>, b: Record<string, string>): boolean => {
    let equal = 0;
    let compared = 0;
    // The fields the new row writes: a gone row read from the portal has others (ids, dates) that no sheet fills.
    for (const field of Object.keys(a)) {
      if (!filled(a, field) && !filled(b, field)) continue;
      compared += 1;
      if (a[field] === b[field]) equal += 1;
    }
    return compared > 0 && equal * 2 > compared;
  };
  const sameTitle = (a: Record<string, string>, b: Record<string, string>): boolean => filled(a, 'title') && a['title'] === b['title'];
  const differing = (a: Record<string, string>, b: Record<string, string>): number =>
    Object.keys(a).filter((field) => (filled(a, field) || filled(b, field)) && a[field] !== b[field]).length;
  const editedInPlace = (a: Record<string, string>, b: Record<string, string>): boolean => differing(a, b) <= 1 || (sameTitle(a, b) && mostlyEqual(a, b));
  const movedAndEdited = (a: Record<string, string>, b: Record<string, string>): boolean => sameTitle(a, b) && differing(a, b) <= 1;

  const moves = [...stayed].sort((a, b) => a.lastRow - b.lastRow);
  const places = (lastRow: number): Set<number> => placesAmong(moves, lastRow);

  const byPlace = new Map<number, GoneRowShape[]>();
  const byTitle = new Map<string, GoneRowShape[]>();
  for (const row of gone) {
    if (row.lastRow !== undefined) for (const place of places(row.lastRow)) byPlace.set(place, [...(byPlace.get(place) ?? []), row]);
    if (filled(row.fields, 'title')) byTitle.set(row.fields['title']!, [...(byTitle.get(row.fields['title']!) ?? []), row]);
  }
  const atPlace: Array<[NewRowShape, GoneRowShape]> = [];
  const byName: Array<[NewRowShape, GoneRowShape]> = [];
  for (const row of created) {
    for (const candidate of byPlace.get(row.sourceRow) ?? []) if (editedInPlace(row.fields, candidate.fields)) atPlace.push([row, candidate]);
    const title = row.fields['title'];
    if (title !== undefined) for (const candidate of byTitle.get(title) ?? []) if (movedAndEdited(row.fields, candidate.fields)) byName.push([row, candidate]);
  }

  const pairs: RowPair[] = [];
  const takenNew = new Set<string>();
  const takenGone = new Set<string>();
  for (const stage of [atPlace, byName]) {
    const open = stage.filter(([row, candidate]) => !takenNew.has(row.key) && !takenGone.has(candidate.key));
    const unique = dedupe(open);
    const perNew = countBy(unique.map(([row]) => row.key));
    const perGone = countBy(unique.map(([, candidate]) => candidate.key));
    for (const [row, candidate] of unique) {
      if (perNew.get(row.key) !== 1 || perGone.get(candidate.key) !== 1) continue;
      pairs.push({ newKey: row.key, goneKey: candidate.key });
      takenNew.add(row.key);
      takenGone.add(candidate.key);
    }
  }
  return pairs;
}

/**
 * Where a row last seen at `lastRow` would be now: that row number, or as
 * far from the nearest row above and below that is still in the sheet as it
 * was before (`moves` sorted by their last row).
 */
function placesAmong(moves: readonly StayedRow[], lastRow: number): Set<number> {
  const out = new Set([lastRow]);
  let low = 0;
  let high = moves.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (moves[mid]!.lastRow < lastRow) low = mid + 1;
    else high = mid;
  }
  const above = moves[low - 1];
  const below = moves[low]?.lastRow === lastRow ? moves[low + 1] : moves[low];
  if (above) out.add(above.row + (lastRow - above.lastRow));
  if (below) out.add(below.row - (below.lastRow - lastRow));
  return out;
}

function dedupe(pairs: ReadonlyArray<[NewRowShape, GoneRowShape]>): Array<[NewRowShape, GoneRowShape]> {
  const seen = new Set<string>();
  return pairs.filter(([row, candidate]) => {
    const id = JSON.stringify([row.key, candidate.key]);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function countBy(keys: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const key of keys) out.set(key, (out.get(key) ?? 0) + 1);
  return out;
}

/** Length of a fingerprint key without its twin number (`fp-` and 16 characters). */
const FINGERPRINT_LENGTH = 19;

/**
 * Keys for identical rows (twins) of a content-keyed sheet by where they
 * sit, not by their order alone: identical rows get `<fingerprint>`,
 * `-2`, `-3` … top down, so when one of two twins is edited the other would
 * inherit the first twin's key and card. Each twin row takes the key of the
 * twin last seen at its place (its row number, or the one its unchanged
 * neighbours now put it at); the rest keep their order, and a twin beyond
 * those known gets a number no key used before. Returns old key → new key
 * for the keys that change.
 */
export function placeTwins(keys: readonly string[], rowNumbers: readonly number[], known: ReadonlyMap<string, { lastRow?: number; live: boolean }>): Map<string, string> {
  const renames = new Map<string, string>();
  const base = (key: string): string | undefined => (key.startsWith('fp-') && key.length >= FINGERPRINT_LENGTH ? key.slice(0, FINGERPRINT_LENGTH) : undefined);
  const sheetGroups = new Map<string, number[]>();
  keys.forEach((key, index) => {
    const group = base(key);
    if (group !== undefined) sheetGroups.set(group, [...(sheetGroups.get(group) ?? []), index]);
  });
  const knownGroups = new Map<string, Array<{ key: string; lastRow: number | undefined }>>();
  const everKnown = new Map<string, Set<string>>();
  for (const [key, entry] of known) {
    const group = base(key);
    if (group === undefined || !sheetGroups.has(group)) continue;
    everKnown.set(group, (everKnown.get(group) ?? new Set()).add(key));
    if (entry.live) knownGroups.set(group, [...(knownGroups.get(group) ?? []), { key, lastRow: entry.lastRow }]);
  }
  // Twins now or before, or a lone row whose key by order is not the one its content's item has (its twin was edited away).
  const twinGroups = [...sheetGroups].filter(([group, indexes]) => {
    const olds = knownGroups.get(group) ?? [];
    return indexes.length > 1 || olds.length > 1 || (olds.length === 1 && olds[0]!.key !== keys[indexes[0]!]);
  });
  if (twinGroups.length === 0) return renames;

  // How rows that are no twins moved since the last run, to tell where a twin's place is now.
  const twinBases = new Set(twinGroups.map(([group]) => group));
  const moves: StayedRow[] = [];
  keys.forEach((key, index) => {
    const lastRow = known.get(key)?.lastRow;
    if (lastRow !== undefined && !twinBases.has(base(key) ?? '') && rowNumbers[index] !== undefined) moves.push({ lastRow, row: rowNumbers[index]! });
  });
  moves.sort((a, b) => a.lastRow - b.lastRow);
  const placesOf = (lastRow: number): Set<number> => placesAmong(moves, lastRow);

  for (const [group, indexes] of twinGroups) {
    const olds = knownGroups.get(group) ?? [];
    // A project from before row numbers were kept: order alone, as before.
    if (olds.some((old) => old.lastRow === undefined)) continue;
    const assigned = new Map<number, string>();
    const used = new Set<string>();
    const candidates = indexes.map((index) => olds.filter((old) => placesOf(old.lastRow!).has(rowNumbers[index] ?? -1)).map((old) => old.key));
    indexes.forEach((index, i) => {
      const [only, ...more] = candidates[i]!;
      if (only === undefined || more.length > 0) return;
      if (candidates.some((other, j) => j !== i && other.includes(only))) return;
      assigned.set(index, only);
      used.add(only);
    });
    const rest = olds.filter((old) => !used.has(old.key)).sort((a, b) => a.lastRow! - b.lastRow!);
    let fresh = 2;
    const taken = everKnown.get(group) ?? new Set<string>();
    for (const index of indexes) {
      if (assigned.has(index)) continue;
      const next = rest.shift();
      if (next) assigned.set(index, next.key);
      else {
        let key = group;
        while (taken.has(key) || used.has(key)) key = `${group}-${fresh++}`;
        assigned.set(index, key);
      }
      used.add(assigned.get(index)!);
    }
    for (const [index, key] of assigned) if (keys[index] !== key) renames.set(keys[index]!, key);
  }
  return renames;
}

/**
 * The row keys of a sheet as sync uses them: for a content-keyed sheet,
 * identical rows keyed by their place (`placeTwins`) against the last run's state.
 */
export function placedRowKeys(keys: readonly string[], table: SheetTable, mapping: Mapping, state: SyncState): string[] {
  if (mapping.key.kind !== 'fingerprint') return [...keys];
  const known = new Map(Object.entries(state.rows).map(([key, row]) => [key, { live: row.gone === undefined, ...(row.row !== undefined ? { lastRow: row.row } : {}) }]));
  const renames = placeTwins(keys, table.rows.map((_, i) => table.rowNumbers[i] ?? i + 1), known);
  return renames.size === 0 ? [...keys] : keys.map((key) => renames.get(key) ?? key);
}
