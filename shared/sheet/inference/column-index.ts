import { cellText } from '../spreadsheet/cell-text';
import type { Cell, RichCell } from '../spreadsheet/types';
import { valueKey } from './value-key';

/** `rowIds` marker: the row has no cell in this column. */
export const NO_CELL = -1;
/** `rowIds` marker: the cell came after its column passed `INDEX_ENTRY_CAP` distinct cells; its hash is in `rowHashes`. */
export const PAST_CAP = -2;
/**
 * Distinct values (folded by `valueKey`: case, spaces, ё/е) a column
 * remembers by id. A column with more is no list of options, so past it only
 * a hash per row is kept (enough to count distinct texts exactly without a
 * growing hash table per column).
 */
const INDEX_ENTRY_CAP = 2_000;
/**
 * Ids a column may hold at most, however few values they fold to: a column
 * with thousands of spellings of a few values is read as past the cap.
 */
const MAX_IDS = 4 * INDEX_ENTRY_CAP;
/** `rowInfo` flag: the text has a line break. */
export const HAS_NEWLINE = 1 << 30;
/** `rowInfo` mask of the trimmed text's length. */
export const LENGTH_MASK = HAS_NEWLINE - 1;

/**
 * One column as a dictionary: the distinct cells it holds and, per row,
 * which of them the row has.
 *
 * Strings are one entry per trimmed text (" a " and "a" share an id); other
 * cells are one entry per value: numbers and booleans by value, rich cells by
 * their content (the xlsx reader shares equal ones, but not every kind).
 */
export interface ColumnIndex {
  /** Per row: an id into `cells`/`texts`, `NO_CELL`, or `PAST_CAP`. */
  rowIds: Int32Array;
  /** Per row, for `PAST_CAP` rows: `hashText` of the cell's trimmed text. Null until the column passes the cap. */
  rowHashes: Int32Array | null;
  /**
   * Per row, for `PAST_CAP` text cells: the trimmed text's length, plus
   * `HAS_NEWLINE` when it spans lines; -1 for other cells. Lets a profile
   * count such rows without reading their cells again.
   */
  rowInfo: Int32Array | null;
  /** Per id: the first cell seen with it. */
  cells: Cell[];
  /** Per id: its trimmed text (`cellText(cell).trim()`). */
  texts: string[];
}

/** The characters `String.prototype.trim` removes. */
function isTrimSpace(code: number): boolean {
  return (
    code === 32 ||
    (code >= 9 && code <= 13) ||
    code === 0xa0 ||
    (code > 0x1000 && (code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff))
  );
}

function hashRange(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  return hash ^ (hash >>> 13);
}

// Set by `hashRangeNoting`: whether the range it hashed had a line break.
let sawNewline = false;

/** `hashRange` that also notes a line break; only rows past the cap pay for the extra test. */
function hashRangeNoting(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  let newline = false;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) newline = true;
    hash = Math.imul(hash ^ code, 0x01000193);
  }
  sawNewline = newline;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  return hash ^ (hash >>> 13);
}

/** FNV-1a over the UTF-16 code units of `text`, finished with a murmur mix so low bits spread well. */
export function hashText(text: string): number {
  return hashRange(text, 0, text.length);
}

/**
 * Builds one `ColumnIndex` cell by cell.
 *
 * Below the cap a cell costs one hash and one probe of a table that stays
 * small (4,096 slots, so it stays in the CPU cache); past it, one hash and
 * no table at all.
 */
export class ColumnIndexer {
  // Pairs [hash, id + 1]; 0 marks an empty slot. Twice the ids keeps probes short; it grows only
  // for columns with many spellings of fewer than 2,000 values.
  private slots = new Int32Array(8192);
  private mask = 4095;
  private others: Map<Cell, number> | null = null;
  private richByContent: Map<string, number> | null = null;
  private readonly folded = new Set<string>();
  readonly cells: Cell[] = [];
  readonly texts: string[] = [];
  rowIds: Int32Array;
  rowHashes: Int32Array | null = null;
  rowInfo: Int32Array | null = null;

  constructor(capacity: number) {
    this.rowIds = new Int32Array(Math.max(16, capacity)).fill(NO_CELL);
  }

  /** Records the cell of row `row` (0-based, rows fed in any order but each once). */
  add(cell: Cell | undefined, row: number): void {
    if (row >= this.rowIds.length) this.grow(row + 1);
    if (cell === null || cell === undefined) return;
    if (typeof cell !== 'string') return this.addOther(cell, row);
    let start = 0;
    let end = cell.length;
    while (start < end && isTrimSpace(cell.charCodeAt(start))) start++;
    while (end > start && isTrimSpace(cell.charCodeAt(end - 1))) end--;
    if (this.rowHashes !== null) {
      this.rowIds[row] = PAST_CAP;
      this.rowHashes[row] = hashRangeNoting(cell, start, end);
      this.rowInfo![row] = (end - start) | (sawNewline ? HAS_NEWLINE : 0);
      return;
    }
    const hash = hashRange(cell, start, end);
    const whole = start === 0 && end === cell.length;
    const slots = this.slots;
    let slot = hash & this.mask;
    for (;;) {
      const ref = slots[slot * 2 + 1]!;
      if (ref === 0) break;
      if (slots[slot * 2] === hash) {
        const text = this.texts[ref - 1]!;
        if (whole ? text === cell : text === cell.slice(start, end)) {
          this.rowIds[row] = ref - 1;
          return;
        }
      }
      slot = (slot + 1) & this.mask;
    }
    const id = this.newId(cell, whole ? cell : cell.slice(start, end));
    slots[slot * 2] = hash;
    slots[slot * 2 + 1] = id + 1;
    this.rowIds[row] = id;
    if (this.cells.length * 2 > this.mask) this.growSlots();
  }

  /** The index so far, sized to exactly `rows` rows. */
  finish(rows: number): ColumnIndex {
    if (this.rowIds.length < rows) this.grow(rows);
    return {
      rowIds: this.rowIds.subarray(0, rows),
      rowHashes: this.rowHashes?.subarray(0, rows) ?? null,
      rowInfo: this.rowInfo?.subarray(0, rows) ?? null,
      cells: this.cells,
      texts: this.texts,
    };
  }

  private addOther(cell: Cell & {}, row: number): void {
    if (this.rowHashes !== null) {
      this.rowIds[row] = PAST_CAP;
      this.rowHashes[row] = hashText(cellText(cell).trim());
      this.rowInfo![row] = -1;
      return;
    }
    this.others ??= new Map();
    let id = this.others.get(cell);
    if (id === undefined) {
      // A rich cell seen before as another object with the same content is the same value.
      const content = typeof cell === 'object' ? richContent(cell) : undefined;
      if (content !== undefined) id = (this.richByContent ??= new Map()).get(content);
      if (id === undefined) {
        id = this.newId(cell, cellText(cell).trim());
        if (content !== undefined) this.richByContent!.set(content, id);
      }
      // Numbers and booleans are kept by value; rich cells by identity too, for the shared objects
      // that repeat, but not without bound (the reader makes a new object for many kinds).
      if (content === undefined || this.others.size < MAX_IDS) this.others.set(cell, id);
    }
    this.rowIds[row] = id;
  }

  private newId(cell: Cell, text: string): number {
    const id = this.cells.length;
    this.cells.push(cell);
    this.texts.push(text);
    this.folded.add(valueKey(text));
    if (this.folded.size >= INDEX_ENTRY_CAP || this.cells.length >= MAX_IDS) {
      this.rowHashes = new Int32Array(this.rowIds.length);
      this.rowInfo = new Int32Array(this.rowIds.length);
    }
    return id;
  }

  private growSlots(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = old.length - 1;
    for (let at = 0; at < old.length; at += 2) {
      const ref = old[at + 1]!;
      if (ref === 0) continue;
      let slot = old[at]! & this.mask;
      while (this.slots[slot * 2 + 1] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot * 2] = old[at]!;
      this.slots[slot * 2 + 1] = ref;
    }
  }

  private grow(needed: number): void {
    let capacity = this.rowIds.length * 2;
    while (capacity < needed) capacity *= 2;
    const ids = new Int32Array(capacity).fill(NO_CELL);
    ids.set(this.rowIds);
    this.rowIds = ids;
    if (this.rowHashes && this.rowInfo) {
      const hashes = new Int32Array(capacity);
      hashes.set(this.rowHashes);
      this.rowHashes = hashes;
      const info = new Int32Array(capacity);
      info.set(this.rowInfo);
      this.rowInfo = info;
    }
  }
}

/**
 * Indexes rows `from`..`to` of `rows` into one indexer per column (row by
 * row: the cells of a row sit together in memory). Call it slice by slice.
 */
export function indexRows(indexers: ColumnIndexer[], columns: readonly number[], rows: readonly (readonly Cell[])[], from: number, to: number): void {
  const width = columns.length;
  for (let i = from; i < to; i++) {
    const row = rows[i]!;
    for (let c = 0; c < width; c++) indexers[c]!.add(row[columns[c]!], i);
  }
}

/**
 * What a rich cell says to inference, as one key: two cells with equal keys
 * read the same in every way inference looks, and the first cell of a value
 * stands for all of them. A formula's own text is left out (`=C2*2` and
 * `=C3*2` with one cached result are one value), and of a link's target only
 * whether it is a web address (a column of «Открыть» links is one value).
 */
function richContent(cell: RichCell): string {
  const target = cell.hyperlink ? (/^(https?:|www\.)/i.test(cell.hyperlink) ? 'web' : 'other') : '';
  return `${cell.kind}\u0001${typeof cell.value}\u0001${String(cell.value)}\u0001${cell.numFmt ?? ''}\u0001${target}\u0001${cell.text ?? '\u0002'}`;
}
