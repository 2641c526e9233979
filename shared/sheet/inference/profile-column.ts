import { cellText } from '../spreadsheet/cell-text';
import { classifyNumberFormat } from '../spreadsheet/number-format';
import { ColumnIndexer, HAS_NEWLINE, hashText, indexRows, LENGTH_MASK, NO_CELL, PAST_CAP, type ColumnIndex } from './column-index';
import type { Cell, RichCell } from '../spreadsheet/types';
import { looksLikeCompany, looksLikePerson } from './name-shapes';
import { fact } from './evidence';
import { normalizeText } from './normalize-text';
import { valueKey } from './value-key';
import { currencyOf, decimalEvidence, looksLikeId, parseLocaleNumber, plainNumberFits, type DecimalMark } from './parse-number';
import { parseDateText, possibleOrders, serialToIsoDate, type DateOrder } from './parse-date';
import type { ColumnSchema, ColumnType, Evidence, Misfit, SchemaWarning } from './types';
import { BOOLEAN_PAIRS, CHECK_MARKS, CODE_HEADER, DATE_HEADER, FLAG_HEADER, headerHas, JOB_HEADER, MONEY_HEADER, NOTES_HEADER, PHONE_HEADER, ROLE_HEADER_WORDS } from './vocabulary';

/** Column-level facts kept next to the schema for role and stage inference. */
export interface ColumnProfile {
  schema: ColumnSchema;
  normalizedHeader: string;
  /** Distinct values: normalised key → display spelling, count and first row index. */
  values: Map<string, { display: string; count: number; first: number }>;
  /** For date columns: the wall-clock ISO value per row (null when blank or unreadable). */
  dates?: (string | null)[];
  /** The folded key of row `i`'s cell (`valueKey(cellText(cell))`; '' for none), read through the index. */
  keyAt: (i: number) => string;
  /** Average text length of filled cells. */
  averageLength: number;
  /** True when every data row has a value. */
  complete: boolean;
  /** Filled cells that look like person names (share, on the sample). */
  personShare: number;
  companyShare: number;
  warnings: SchemaWarning[];
}

/** Options of one column's profile (`ColumnRef.options`). */
export interface ProfileOptions {
  locale: 'ru' | 'en';
  validation?: string[];
}

const SAMPLE = 1000;
const ACCEPT = 0.9;
const MAX_MISFITS = 100;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const URL = /^(https?:\/\/|www\.)[^\s]+$/i;
const PHONE_CHARS = /^[+\d\s().\-–]+$/;
// Year first: never ambiguous between day-first and month-first.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]|$)/;
const SEPARATOR = /[;|\n]|,(?!\d)/;
// Dashes and "n/a" stand for "nothing here" in hand-kept sheets; they are blanks, not misfits.
const PLACEHOLDER = /^([-–—]+|н\/д|n\/a|#н\/д|#n\/a)$/i;

interface Rules {
  type: ColumnType;
  decimal: DecimalMark;
  order: DateOrder;
  pair?: [string, string];
  list?: Set<string>;
  multiple: boolean;
  excelSerialDates: boolean;
  currency?: string;
}

function isRich(cell: Cell): cell is RichCell {
  return typeof cell === 'object' && cell !== null;
}

function numberOf(cell: Cell): number | null {
  if (typeof cell === 'number') return cell;
  if (isRich(cell) && (cell.kind === 'number' || cell.kind === 'formula') && typeof cell.value === 'number') return cell.value;
  return null;
}

function phoneDigits(text: string): string | null {
  if (!PHONE_CHARS.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  return digits.length >= 10 && digits.length <= 15 ? digits : null;
}

function splitTokens(text: string): string[] {
  return text
    .split(/[;,|\n]/)
    .map((token) => token.trim())
    .filter((token) => token !== '');
}

function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return prev[b.length]!;
}

type ValueEntry = { display: string; count: number; first: number };

function isBlankText(text: string): boolean {
  return text === '' || (text.length <= 4 && PLACEHOLDER.test(text));
}

// What a distinct cell reads as, per id of the column index.
const FILLED = 0;
const BLANK = 1;
const ERROR = 2;
const NO_RESULT = 3;
// `perRow` markers: no value in the row, or a filled cell past the index's cap (no id; read in place).
const NONE = -1;
const UNCACHED = -2;

function kindOf(cell: Cell & {}): number {
  if (isRich(cell) && cell.kind === 'error') return ERROR;
  if (isRich(cell) && cell.kind === 'formula' && cell.value === null) return NO_RESULT;
  return FILLED;
}

function trimmedText(cell: Cell & {}): string {
  return (typeof cell === 'string' ? cell : cellText(cell)).trim();
}

/**
 * A set of 32-bit hashes (open addressing over one typed array) that says
 * which hashes it has seen twice: the exact distinct count then compares
 * texts only for those.
 */
class HashSet {
  private readonly keys: Int32Array;
  private readonly mask: number;
  size = 0;
  /** Hashes added more than once (equal texts, or rarely two texts with one hash). */
  readonly repeated = new Set<number>();

  constructor(expected: number) {
    let capacity = 1 << 10;
    while (capacity < expected * 2) capacity *= 2;
    this.keys = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  add(hash: number): void {
    // 0 marks an empty slot, so hash 0 is stored as 1: the two then count as repeated and are told apart by text.
    const key = hash === 0 ? 1 : hash;
    let slot = key & this.mask;
    for (;;) {
      const stored = this.keys[slot]!;
      if (stored === 0) break;
      if (stored === key) {
        this.repeated.add(key);
        return;
      }
      slot = (slot + 1) & this.mask;
    }
    this.keys[slot] = key;
    this.size++;
  }
}

/** What the rows of one column hold: the first pass of profiling, summed up from the column's index. */
interface ColumnScan {
  values: Map<string, ValueEntry>;
  idCell: Cell[];
  idText: string[];
  /** Per row: an id, NONE for nothing to check, UNCACHED for a filled cell past the index's cap. */
  perRow: Int32Array;
  /** The index the scan read. */
  index: ColumnIndex;
  distinct: number;
  sample: { cell: Cell; text: string }[];
  filled: number;
  totalLength: number;
  maxLength: number;
  multiline: number;
  withSeparator: number;
  formulaNoResult: number;
  errors: number;
  errorRows: number[];
}

/**
 * Sums one column up from its index: every row is visited once through the
 * typed per-row ids, each distinct cell is read (trimmed, folded) once, and
 * only cells past the index's cap are read in place.
 */
function scanColumn(column: ColumnIndex, index: number, rows: readonly (readonly Cell[])[], rowNumbers: readonly number[]): ColumnScan {
  const { rowIds, rowHashes, rowInfo, cells } = column;
  const ids = cells.length;
  const kinds = new Uint8Array(ids);
  const idText = new Array<string>(ids);
  for (let id = 0; id < ids; id++) {
    const cell = cells[id]!;
    let kind = cell === null ? BLANK : kindOf(cell);
    let text = kind === FILLED ? column.texts[id]! : '';
    if (kind === FILLED && isBlankText(text)) {
      kind = BLANK;
      text = '';
    }
    kinds[id] = kind;
    idText[id] = text;
  }
  const counts = new Int32Array(ids);
  const first = new Int32Array(ids).fill(-1);
  const count = rows.length;
  const perRow = new Int32Array(count);
  const sample: { cell: Cell; text: string }[] = [];
  const errorRows: number[] = [];
  let errors = 0;
  let formulaNoResult = 0;
  let filled = 0;
  let totalLength = 0;
  let maxLength = 0;
  let multiline = 0;
  let uncached = 0;
  const error = (i: number): void => {
    errors++;
    if (errorRows.length < MAX_MISFITS) errorRows.push(rowNumbers[i]!);
  };
  for (let i = 0; i < count; i++) {
    const id = rowIds[i]!;
    if (id >= 0) {
      const kind = kinds[id]!;
      if (kind === FILLED) {
        counts[id]!++;
        if (first[id]! < 0) first[id] = i;
        perRow[i] = id;
        if (sample.length < SAMPLE) sample.push({ cell: cells[id]!, text: idText[id]! });
        continue;
      }
      perRow[i] = NONE;
      if (kind === ERROR) error(i);
      else if (kind === NO_RESULT) formulaNoResult++;
      continue;
    }
    perRow[i] = NONE;
    if (id !== PAST_CAP) continue;
    const info = rowInfo![i]!;
    let text: string | undefined;
    let length: number;
    if (info >= 0) {
      // A text cell past the cap: its length and line breaks are in the index; only short texts
      // (possible placeholders such as "n/a") and sampled cells are read again.
      length = info & LENGTH_MASK;
      if (length === 0) continue;
      if (length <= 4 && isBlankText((text = trimmedText(rows[i]![index]!)))) continue;
      if ((info & HAS_NEWLINE) !== 0) multiline++;
    } else {
      const cell = rows[i]![index];
      if (cell === null || cell === undefined) continue;
      const kind = kindOf(cell);
      if (kind !== FILLED) {
        if (kind === ERROR) error(i);
        else formulaNoResult++;
        continue;
      }
      text = trimmedText(cell);
      if (isBlankText(text)) continue;
      length = text.length;
      if (text.includes('\n')) multiline++;
    }
    perRow[i] = UNCACHED;
    uncached++;
    filled++;
    totalLength += length;
    if (length > maxLength) maxLength = length;
    if (sample.length < SAMPLE) {
      const cell = rows[i]![index]!;
      sample.push({ cell, text: text ?? trimmedText(cell) });
    }
  }
  // Per distinct cell, weighted by its rows; folded keys in order of first appearance.
  const seen: number[] = [];
  for (let id = 0; id < ids; id++) {
    const n = counts[id]!;
    if (n === 0) continue;
    seen.push(id);
    const text = idText[id]!;
    filled += n;
    totalLength += n * text.length;
    if (text.length > maxLength) maxLength = text.length;
    if (text.includes('\n')) multiline += n;
  }
  seen.sort((a, b) => first[a]! - first[b]!);
  const values = new Map<string, ValueEntry>();
  for (const id of seen) {
    const key = valueKey(idText[id]!);
    const entry = values.get(key);
    if (entry) entry.count += counts[id]!;
    else values.set(key, { display: idText[id]!, count: counts[id]!, first: first[id]! });
  }
  let withSeparator = 0;
  for (const { text } of sample) if (SEPARATOR.test(text)) withSeparator++;
  // Below the cap a column counts folded values (case, spaces, ё); past it, distinct trimmed texts, exactly.
  const distinct = rowHashes === null ? values.size : countDistinctTexts(seen, idText, perRow, rowHashes, uncached, (i) => trimmedText(rows[i]![index]!));
  return { values, idCell: cells, idText, perRow, index: column, distinct, sample, filled, totalLength, maxLength, multiline, withSeparator, formulaNoResult, errors, errorRows };
}

/** Distinct texts among the `ids` in use and the UNCACHED rows (known by hash; texts compared only where hashes repeat). */
function countDistinctTexts(ids: number[], idText: string[], perRow: Int32Array, rowHashes: Int32Array, uncached: number, textAt: (row: number) => string): number {
  const set = new HashSet(ids.length + uncached);
  const idHashes = ids.map((id) => hashText(idText[id]!));
  for (const hash of idHashes) set.add(hash);
  for (let i = 0; i < perRow.length; i++) if (perRow[i] === UNCACHED) set.add(rowHashes[i]!);
  if (set.repeated.size === 0) return set.size;
  const key = (hash: number): number => (hash === 0 ? 1 : hash);
  const texts = new Map<number, Set<string>>();
  const note = (hash: number, text: () => string): void => {
    const k = key(hash);
    if (!set.repeated.has(k)) return;
    let group = texts.get(k);
    if (!group) texts.set(k, (group = new Set()));
    group.add(text());
  };
  ids.forEach((id, n) => note(idHashes[n]!, () => idText[id]!));
  for (let i = 0; i < perRow.length; i++) if (perRow[i] === UNCACHED) note(rowHashes[i]!, () => textAt(i));
  let distinct = set.size - set.repeated.size;
  for (const group of texts.values()) distinct += group.size;
  return distinct;
}

/** One column to profile: its header, 0-based index into the rows, 1-based source column. */
export interface ColumnRef {
  header: string;
  index: number;
  sourceColumn: number;
  options: ProfileOptions;
}

/**
 * Indexes columns `columns` of `rows` in one row-by-row pass. Honours
 * `signal` every few thousand rows.
 */
export function indexColumns(rows: readonly (readonly Cell[])[], columns: readonly number[], signal?: AbortSignal): ColumnIndex[] {
  const indexers = columns.map(() => new ColumnIndexer(rows.length));
  for (let from = 0; from === 0 || from < rows.length; from += INDEX_SLICE) {
    signal?.throwIfAborted();
    indexRows(indexers, columns, rows, from, Math.min(rows.length, from + INDEX_SLICE));
  }
  return indexers.map((indexer) => indexer.finish(rows.length));
}

/** Rows indexed between checks of the abort signal (and, in `inferSchemaAsync`, between yields). */
export const INDEX_SLICE = 8192;

/**
 * Profiles columns of one table. Each column's type is decided from a sample
 * of up to 1,000 filled cells (Excel metadata first, then text shapes with
 * 0.9 acceptance), then every distinct cell is checked against that type to
 * list the misfits by row. The columns are indexed in one row-by-row pass,
 * reading `rows` in place (no per-column copy of a 100,000-row table); a
 * column's result does not depend on which others are profiled with it.
 * Honours `signal` every few thousand rows and between columns.
 */
export function profileColumns(columns: readonly ColumnRef[], rows: readonly (readonly Cell[])[], rowNumbers: readonly number[], signal?: AbortSignal): ColumnProfile[] {
  const indexes = indexColumns(rows, columns.map((column) => column.index), signal);
  return columns.map((column, c) => {
    signal?.throwIfAborted();
    return profileIndexedColumn(column, indexes[c]!, rows, rowNumbers);
  });
}

/** Profiles one column from its index (`indexColumns`, or `ColumnIndexer`s fed slice by slice). */
export function profileIndexedColumn(column: ColumnRef, index: ColumnIndex, rows: readonly (readonly Cell[])[], rowNumbers: readonly number[]): ColumnProfile {
  return finishProfile(column, scanColumn(index, column.index, rows, rowNumbers), rows, rowNumbers);
}

function finishProfile({ header, index, sourceColumn, options }: ColumnRef, scan: ColumnScan, rows: readonly (readonly Cell[])[], rowNumbers: readonly number[]): ColumnProfile {
  const count = rows.length;
  const normalizedHeader = normalizeText(header);
  const warnings: SchemaWarning[] = [];
  const { values, idCell, idText, perRow, index: columnIndex, distinct, sample, filled, totalLength, maxLength, multiline, withSeparator, formulaNoResult, errors, errorRows } = scan;
  const { rowInfo, rowIds } = columnIndex;
  const keys: (string | undefined)[] = new Array<string | undefined>(idCell.length);
  const keyAt = (i: number): string => {
    const id = rowIds[i]!;
    if (id >= 0) return (keys[id] ??= valueKey(cellText(idCell[id]!)));
    return id === NO_CELL ? '' : valueKey(cellText(rows[i]![index] ?? null));
  };
  if (formulaNoResult > 0) {
    warnings.push({ code: 'FORMULA_WITHOUT_RESULT', message: `${formulaNoResult} cell(s) in “${header}” hold formulas without a saved result, so they read as empty. Open the file in Excel, let it recalculate, save, and read it again.`, column: header });
  }
  if (errors > 0) {
    warnings.push({ code: 'CELL_ERRORS', message: `${errors} cell(s) in “${header}” hold Excel errors (#REF!, #N/A, …) and read as empty. Fix them in the file if they matter.`, column: header, rows: errorRows });
  }
  const averageLength = filled === 0 ? 0 : totalLength / filled;
  const evidence: Evidence[] = [];
  const n = sample.length;
  const personShare = n === 0 ? 0 : sample.filter((s) => looksLikePerson(s.text)).length / n;
  const companyShare = n === 0 ? 0 : sample.filter((s) => looksLikeCompany(s.text)).length / n;

  const rules = decideType(header, normalizedHeader, sample, values, { rows: count, filled, distinct, averageLength, maxLength, multiline, withSeparator, personShare }, options, evidence, warnings);

  // Validate every row against the decided type.
  const misfits: Misfit[] = [];
  let misfitCount = 0;
  const dates = rules.type === 'date' || rules.type === 'datetime' ? new Array<string | null>(count).fill(null) : undefined;
  const checker = makeChecker(rules);
  if (checker) {
    // The verdict per id: a repeated cell is checked once.
    const results: (boolean | string | undefined)[] = new Array<boolean | string | undefined>(idCell.length);
    for (let i = 0; i < count; i++) {
      const id = perRow[i]!;
      if (id === NONE) continue;
      let result: boolean | string;
      let text: string;
      if (id === UNCACHED) {
        const cell = rows[i]![index]!;
        // The index knows the trimmed length: an untrimmed text is used as it is.
        const info = rowInfo ? rowInfo[i]! : -1;
        text = info >= 0 && typeof cell === 'string' && cell.length === (info & LENGTH_MASK) ? cell : trimmedText(cell);
        result = checker(cell, text);
      } else {
        text = idText[id]!;
        result = results[id] ??= checker(idCell[id]!, text);
      }
      if (result === false) {
        misfitCount++;
        if (misfits.length < MAX_MISFITS) misfits.push({ row: rowNumbers[i]!, value: text });
      } else if (dates && typeof result === 'string') dates[i] = result;
    }
  }
  let confidence = rules.type === 'string' ? 0.7 : rules.type === 'text' ? 0.8 : 0.95;
  if (checker && filled > 0) confidence = (filled - misfitCount) / filled;
  if (rules.type === 'enumeration') confidence = rules.list ? 0.99 : Math.min(0.95, 0.6 + 0.4 * (1 - values.size / Math.max(filled, 1)));
  if (filled === 0) confidence = 0;
  if (misfitCount > 0) {
    warnings.push({
      code: 'VALUES_DO_NOT_FIT',
      message: `${misfitCount} value(s) in “${header}” do not read as ${rules.type} (first at row ${misfits[0]!.row}: “${misfits[0]!.value}”). Fix them in the file, or map the column as text.`,
      column: header,
      rows: misfits.map((m) => m.row),
    });
    evidence.push(fact('SOME_DO_NOT_FIT', { fit: filled - misfitCount, filled, misfits: misfitCount }));
  }

  const schema: ColumnSchema = {
    index,
    sourceColumn,
    header,
    type: rules.type,
    multiple: rules.multiple,
    role: null,
    confidence: Math.round(confidence * 100) / 100,
    evidence,
    filled,
    distinct,
    examples: [...values.values()].slice(0, 5).map((v) => v.display),
    misfits,
    misfitCount,
  };
  if (rules.type === 'money' && rules.currency) schema.currency = rules.currency;
  const format = rules.type === 'date' || rules.type === 'datetime' ? dateFormatLabel(rules.order) : rules.type === 'double' || rules.type === 'money' ? (rules.decimal === ',' ? 'decimal-comma' : 'decimal-dot') : undefined;
  if (format) schema.format = format;
  if (rules.type === 'enumeration') {
    const ordered = enumValues(values, rules, header, warnings);
    schema.values = ordered;
    if (rules.multiple) schema.distinct = ordered.length;
  }
  return { schema, normalizedHeader, values, keyAt, dates, averageLength, complete: filled === count && count > 0, personShare, companyShare, warnings };
}

function dateFormatLabel(order: DateOrder): string {
  return order === 'dmy' ? 'day-first' : order === 'mdy' ? 'month-first' : 'iso';
}

interface Stats {
  /** Data rows of the table (filled or not). */
  rows: number;
  filled: number;
  distinct: number;
  averageLength: number;
  maxLength: number;
  multiline: number;
  withSeparator: number;
  personShare: number;
}

function decideType(
  header: string,
  h: string,
  sample: { cell: Cell; text: string }[],
  values: Map<string, { display: string; count: number; first: number }>,
  stats: Stats,
  options: ProfileOptions,
  evidence: Evidence[],
  warnings: SchemaWarning[],
): Rules {
  const n = sample.length;
  const rules: Rules = { type: 'string', decimal: options.locale === 'ru' ? ',' : '.', order: options.locale === 'ru' ? 'dmy' : 'mdy', multiple: false, excelSerialDates: false };
  if (n === 0) {
    evidence.push(fact('EMPTY_COLUMN'));
    return rules;
  }
  const share = (count: number): number => count / n;
  const pct = (cells: number): { cells: number; of: number } => ({ cells, of: n });

  // 1. What Excel knew.
  let dateCells = 0;
  let datetimeCells = 0;
  let numberCells = 0;
  let integerCells = 0;
  let boolCells = 0;
  let textFormat = 0;
  let hyperlinks = 0;
  let httpLinks = 0;
  const formats = new Map<string, number>();
  let currency: string | undefined;
  for (const { cell } of sample) {
    if (typeof cell === 'boolean') boolCells++;
    const num = numberOf(cell);
    if (num !== null) {
      numberCells++;
      if (Number.isInteger(num)) integerCells++;
    }
    if (!isRich(cell)) continue;
    if (cell.kind === 'date') dateCells++;
    if (cell.kind === 'datetime') datetimeCells++;
    if (cell.kind === 'formula' && typeof cell.value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(cell.value) && cell.numFmt) dateCells++;
    if (cell.kind === 'hyperlink') {
      hyperlinks++;
      if (/^(https?:|www\.)/i.test(cell.hyperlink ?? '')) httpLinks++;
    }
    if (cell.numFmt) {
      const info = classifyNumberFormat(cell.numFmt);
      formats.set(info.kind, (formats.get(info.kind) ?? 0) + 1);
      if (info.kind === 'text') textFormat++;
      if (info.currency) currency ??= info.currency;
    }
  }
  if (share(dateCells + datetimeCells) >= ACCEPT) {
    rules.type = datetimeCells > 0 ? 'datetime' : 'date';
    rules.order = 'ymd';
    evidence.push(fact('EXCEL_DATES', { ...pct(dateCells + datetimeCells), withTime: datetimeCells }));
    return rules;
  }
  if (share(boolCells) >= ACCEPT) {
    rules.type = 'boolean';
    rules.pair = ['true', 'false'];
    evidence.push(fact('EXCEL_BOOLEANS', pct(boolCells)));
    return rules;
  }
  if (share(numberCells) >= ACCEPT) {
    const currencyCells = formats.get('currency') ?? 0;
    if (DATE_HEADER.test(h) && sample.every(({ cell }) => { const v = numberOf(cell); return v === null || (v > 20_000 && v < 80_000); })) {
      rules.type = 'date';
      rules.order = 'ymd';
      rules.excelSerialDates = true;
      evidence.push(fact('EXCEL_DAY_SERIALS', { header }));
      return rules;
    }
    if (FLAG_HEADER.test(h) && values.size <= 2 && [...values.keys()].every((k) => k === '1' || k === '0')) {
      rules.type = 'boolean';
      rules.pair = ['1', '0'];
      evidence.push(fact('FLAG_ONE_ZERO', { header }));
      return rules;
    }
    const headerCurrency = currencyOf(header);
    if (currencyCells >= numberCells * 0.5 || MONEY_HEADER.test(h) || headerCurrency) {
      rules.type = 'money';
      setCurrency(rules, currency ?? headerCurrency ?? (options.locale === 'ru' ? 'RUB' : 'USD'));
      evidence.push(currencyCells > 0 ? fact('CURRENCY_FORMAT', currency === undefined ? pct(currencyCells) : { ...pct(currencyCells), currency }) : fact('MONEY_HEADER_NUMBERS', { header }));
      return rules;
    }
    if (CODE_HEADER.test(h) && integerCells === numberCells) {
      evidence.push(fact('CODE_HEADER_NUMBERS', { header }));
      return rules;
    }
    rules.type = integerCells === numberCells && (formats.get('percent') ?? 0) === 0 ? 'integer' : 'double';
    evidence.push(fact('EXCEL_NUMBERS', { ...pct(numberCells), whole: rules.type === 'integer' }));
    return rules;
  }
  const neverCoerce = share(textFormat) >= 0.5;
  if (neverCoerce) evidence.push(fact('TEXT_FORMAT'));

  const texts = sample.map((s) => s.text);
  const lower = texts.map((t) => t.toLowerCase());

  // 2. Booleans: at most two distinct values, from one known pair.
  const distinctLower = new Set(lower);
  // A checkbox column: one check mark ("✓", "x", TRUE) in some rows, the rest blank, whatever the header.
  const onlyValue = distinctLower.size === 1 ? [...distinctLower][0]! : undefined;
  if (onlyValue !== undefined && CHECK_MARKS.has(onlyValue) && (stats.filled < stats.rows || n >= 2)) {
    rules.type = 'boolean';
    rules.pair = [onlyValue, ''];
    evidence.push(fact('CHECKBOX', { value: texts[0]!, ...pct(n) }));
    return rules;
  }
  if (distinctLower.size <= 2 && n >= 2) {
    const isFlag = FLAG_HEADER.test(h);
    for (const pair of BOOLEAN_PAIRS) {
      if (pair[0] === '1' && !isFlag) continue;
      if (pair[1] === '' && !isFlag) continue;
      const hits = lower.filter((t) => t === pair[0] || t === pair[1]).length;
      if (share(hits) >= 0.95 && (distinctLower.size === 2 || pair[1] === '' || isFlag)) {
        rules.type = 'boolean';
        rules.pair = pair;
        evidence.push(fact('BOOLEAN_PAIR', { yes: pair[0], no: pair[1], ...pct(hits) }));
        return rules;
      }
    }
  }

  // 3. E-mail, URL, phone. Each count stops once the share can no longer pass (`countToPass`).
  // Rounded down, so a count stops only once it surely cannot pass.
  const needed = Math.floor(ACCEPT * n);
  const emails = countToPass(texts, needed, (t) => EMAIL.test(t));
  if (share(emails) >= ACCEPT && ROLE_HEADER_WORDS.assignee.some((word) => headerHas(h, word))) {
    rules.type = 'employee';
    evidence.push(fact('STAFF_EMAILS', { ...pct(emails), header }));
    return rules;
  }
  if (share(emails) >= ACCEPT) {
    rules.type = 'email';
    evidence.push(fact('EMAILS', pct(emails)));
    return rules;
  }
  const isLink = (s: { cell: Cell; text: string }): boolean => URL.test(s.text) || (isRich(s.cell) && s.cell.kind === 'hyperlink' && /^(https?:|www\.)/i.test(s.cell.hyperlink ?? ''));
  const urls = countToPass(sample, needed, isLink);
  if (share(urls) >= ACCEPT) {
    rules.type = 'url';
    evidence.push(fact('LINKS', hyperlinks > 0 ? { ...pct(urls), excelLinks: httpLinks } : pct(urls)));
    return rules;
  }
  const phones = countToPass(texts, needed, (t) => phoneDigits(t) !== null);
  if (share(phones) >= ACCEPT && !neverCoerce) {
    const formatted = texts.filter((t) => /[+()\-\s]/.test(t)).length;
    const ruMobile = texts.filter((t) => /^[78]\d{10}$/.test(t)).length;
    if (PHONE_HEADER.test(h) || share(formatted) >= 0.5 || share(ruMobile) >= ACCEPT) {
      rules.type = 'phone';
      evidence.push(fact('PHONES', PHONE_HEADER.test(h) ? { ...pct(phones), header } : pct(phones)));
      return rules;
    }
  }

  // 4. Dates written as text; the day/month order is decided by the whole column.
  const orderHits: Record<DateOrder, number> = { ymd: 0, dmy: 0, mdy: 0 };
  let anyDate = 0;
  let notDates = 0;
  for (const text of texts) {
    // Past this many misses the column cannot pass as dates: the rest need not be parsed three ways.
    if (notDates > n - needed) break;
    let parsedAny = false;
    for (const order of ['ymd', 'dmy', 'mdy'] as DateOrder[]) {
      const parsed = parseDateText(text, order);
      if (parsed) {
        orderHits[order]++;
        parsedAny = true;
      }
    }
    if (parsedAny) anyDate++;
    else notDates++;
  }
  if (share(anyDate) >= ACCEPT && !neverCoerce) {
    const survivors = (['ymd', 'dmy', 'mdy'] as DateOrder[]).filter((order) => share(orderHits[order]) >= ACCEPT);
    let order: DateOrder;
    if (survivors.length === 0) order = (['dmy', 'mdy', 'ymd'] as DateOrder[]).sort((a, b) => orderHits[b] - orderHits[a])[0]!;
    else if (survivors.includes('ymd') && texts.every((t) => ISO_DATE.test(t))) order = 'ymd';
    else if (survivors.includes('dmy') && survivors.includes('mdy')) {
      const numericOnly = texts.filter((t) => possibleOrders(t).length > 0);
      const slash = numericOnly.filter((t) => t.includes('/')).length > numericOnly.length / 2;
      order = options.locale === 'en' && slash ? 'mdy' : 'dmy';
      if (numericOnly.length > 0) {
        warnings.push({
          code: 'AMBIGUOUS_DATE_ORDER',
          message: `Dates in “${header}” read both as day-first and month-first (no day above 12); they were read as ${order === 'dmy' ? 'day.month' : 'month/day'} from the file's language. Check a few dates.`,
          column: header,
        });
        evidence.push(fact('AMBIGUOUS_DAY_MONTH'));
      }
    } else order = survivors[0]!;
    rules.order = order;
    const example = texts.map((t) => parseDateText(t, order)).find((p) => p !== null);
    const hasTime = texts.some((t) => parseDateText(t, order)?.hasTime);
    rules.type = hasTime ? 'datetime' : 'date';
    evidence.push(fact('TEXT_DATES', { ...pct(orderHits[order]), format: example?.format ?? order }));
    return rules;
  }

  // 5. Numbers written as text, with the ID guard first.
  if (!neverCoerce) {
    let comma = 0;
    let dot = 0;
    let numeric = 0;
    let notNumbers = 0;
    for (const text of texts) {
      if (notNumbers > n - needed) break;
      const evidenceMark = decimalEvidence(text);
      if (evidenceMark === null) {
        notNumbers++;
        continue;
      }
      numeric++;
      if (evidenceMark === ',') comma++;
      else if (evidenceMark === '.') dot++;
    }
    const ids = share(numeric) >= ACCEPT ? texts.filter((t) => looksLikeId(t)).length : 0;
    if (share(numeric) >= ACCEPT && CODE_HEADER.test(h) && !MONEY_HEADER.test(h)) {
      evidence.push(fact('CODE_HEADER_TEXT', { header }));
    } else if (share(numeric) >= ACCEPT && ids > Math.max(0, n * 0.02)) {
      evidence.push(fact('IDENTIFIERS', pct(ids)));
    } else if (share(numeric) >= ACCEPT) {
      rules.decimal = comma > dot ? ',' : dot > comma ? '.' : options.locale === 'ru' ? ',' : '.';
      let integers = 0;
      let parsedCount = 0;
      let currencyHits = 0;
      let valueCurrency: string | undefined;
      for (const text of texts) {
        const value = parseLocaleNumber(text, rules.decimal);
        if (value === null) continue;
        parsedCount++;
        if (Number.isInteger(value) && !/[.,]\d/.test(text.replace(/\s/g, '').slice(-3)) ) integers++;
        const code = currencyOf(text);
        if (code) {
          currencyHits++;
          valueCurrency ??= code;
        }
      }
      if (share(parsedCount) >= ACCEPT) {
        const headerCurrency = currencyOf(header);
        const percent = texts.some((t) => t.trim().endsWith('%'));
        if (share(currencyHits) >= 0.3 || MONEY_HEADER.test(h) || headerCurrency) {
          rules.type = 'money';
          setCurrency(rules, valueCurrency ?? headerCurrency ?? (options.locale === 'ru' ? 'RUB' : 'USD'));
          evidence.push(currencyHits > 0 ? fact('AMOUNTS', { ...pct(parsedCount), marked: currencyHits }) : fact('MONEY_HEADER_TEXT_NUMBERS', { ...pct(parsedCount), header }));
        } else {
          rules.type = integers === parsedCount && !percent ? 'integer' : 'double';
          evidence.push(fact('TEXT_NUMBERS', { ...pct(parsedCount), kind: rules.type === 'integer' ? 'whole' : rules.decimal === ',' ? 'comma' : 'point' }));
        }
        return rules;
      }
    }
  }

  // 6. Lists of short tokens in one cell.
  const validation = options.validation;
  const notes = NOTES_HEADER.test(h);
  const otherPartyHeader = [...ROLE_HEADER_WORDS.contact, ...ROLE_HEADER_WORDS.company].some((word) => headerHas(h, word));
  if (share(Math.min(n, stats.withSeparator)) >= 0.3 && !validation && !notes) {
    const tokenCounts = new Map<string, number>();
    let tokens = 0;
    let tokenLength = 0;
    let maxTokens = 0;
    let wordy = 0;
    let words = 0;
    let tokenEmails = 0;
    let tokenPhones = 0;
    let tokenPeople = 0;
    for (const text of texts) {
      const parts = splitTokens(text);
      maxTokens = Math.max(maxTokens, parts.length);
      for (const part of parts) {
        tokens++;
        tokenLength += part.length;
        const partWords = part.split(/\s+/).length;
        words += partWords;
        if (partWords > 4) wordy++;
        if (EMAIL.test(part)) tokenEmails++;
        if (phoneDigits(part)) tokenPhones++;
        else if (looksLikePerson(part)) tokenPeople++;
        const key = valueKey(part);
        tokenCounts.set(key, (tokenCounts.get(key) ?? 0) + 1);
      }
    }
    const decimalish = texts.filter((t) => /^\s*-?\d+,\d+\s*$/.test(t)).length;
    const shortTokens = tokens > 0 && tokenLength / tokens <= 25 && words / tokens <= 2.5 && maxTokens <= 10 && wordy / tokens < 0.1;
    if (shortTokens && decimalish < n * 0.1) {
      // Tags repeat: most token occurrences must be of tokens seen more than once.
      let repeated = 0;
      for (const c of tokenCounts.values()) if (c >= 2) repeated += c;
      const smallVocabulary = (tokenCounts.size <= 30 || tokenCounts.size / tokens <= 0.3) && repeated >= tokens * 0.6;
      if (tokenEmails / tokens >= ACCEPT) rules.type = 'email';
      else if (tokenPhones / tokens >= ACCEPT) rules.type = 'phone';
      // Several people in one cell ("Ann Lee; Bob Stone") are people, not options of a list.
      else if (tokenPeople / tokens >= 0.8 && !otherPartyHeader && !JOB_HEADER.test(h)) rules.type = 'employee';
      else if (smallVocabulary) rules.type = 'enumeration';
      if (rules.type !== 'string') {
        rules.multiple = true;
        evidence.push(fact('LISTS_IN_CELLS', { cells: stats.withSeparator, distinct: tokenCounts.size }));
        return rules;
      }
    }
  }

  // 7. People: a staff header, or repeated person-shaped names.
  const staffHeader = ROLE_HEADER_WORDS.assignee.some((word) => headerHas(h, word));
  const repeated = values.size <= Math.max(3, stats.filled * 0.5) && values.size <= 200;
  // A different person on (almost) every row is the item's subject (a candidate, a new hire), not staff.
  const subjectPerson = stats.filled >= 10 && stats.distinct >= stats.filled * 0.9;
  if (stats.personShare >= 0.8 && !JOB_HEADER.test(h) && !subjectPerson && (staffHeader || (!otherPartyHeader && repeated && n >= 6))) {
    rules.type = 'employee';
    const people = pct(Math.round(stats.personShare * n));
    evidence.push(staffHeader ? fact('PEOPLE_STAFF_HEADER', { ...people, header }) : fact('PEOPLE_REPEATED', { ...people, distinct: values.size }));
    return rules;
  }

  // 8. Enumerations: few distinct values, or a data-validation list.
  if (validation && validation.length > 0) {
    const list = new Set(validation.map(valueKey));
    const inList = texts.filter((t) => list.has(valueKey(t))).length;
    if (share(inList) >= 0.8) {
      rules.type = 'enumeration';
      rules.list = list;
      evidence.push(fact('VALIDATION_LIST', { size: validation.length, ...pct(inList) }));
      return rules;
    }
  }
  const ratio = stats.distinct / stats.filled;
  const ratioLimit = stats.filled < 50 ? 0.5 : 0.2;
  const noLinks = !texts.some((t) => EMAIL.test(t)) && !sample.some(isLink);
  // Companies and people repeat too, but they are parties, not a fixed list of options.
  const partyColumn = otherPartyHeader || stats.personShare >= 0.8 || values.size > 0 && [...values.values()].filter((v) => looksLikeCompany(v.display)).length >= values.size * 0.5;
  if (!partyColumn && !notes && values.size >= 2 && stats.filled >= 8 && values.size <= 30 && ratio <= ratioLimit && stats.averageLength <= 40 && noLinks && stats.multiline === 0 && !(looksLikeIdColumn(texts) && ratio > 0.3)) {
    rules.type = 'enumeration';
    evidence.push(fact('FEW_DISTINCT', { distinct: values.size, filled: stats.filled }));
    return rules;
  }

  // 9. Text.
  if (stats.averageLength > 100 || stats.maxLength > 255 || stats.multiline >= Math.max(1, stats.filled * 0.05)) {
    rules.type = 'text';
    evidence.push(fact('LONG_TEXT', { average: Math.round(stats.averageLength) }));
    return rules;
  }
  rules.type = 'string';
  evidence.push(fact('SHORT_TEXT', { distinct: stats.distinct, filled: stats.filled, average: Math.round(stats.averageLength) }));
  return rules;
}

/**
 * How many `items` pass `test`, exactly when the count reaches `needed`; it
 * stops early (returning fewer than `needed`) once too many have failed for
 * that, so a column that is plainly not e-mails is not tested 1,000 times.
 */
function countToPass<T>(items: readonly T[], needed: number, test: (item: T) => boolean): number {
  const allowedMisses = items.length - needed;
  let hits = 0;
  let misses = 0;
  for (const item of items) {
    if (test(item)) hits++;
    else if (++misses > allowedMisses) break;
  }
  return hits;
}

function looksLikeIdColumn(texts: string[]): boolean {
  return texts.filter((t) => looksLikeId(t) || /^\d+$/.test(t)).length >= texts.length * 0.9;
}

function setCurrency(rules: Rules, currency: string): void {
  rules.currency = currency;
}

type Checker = (cell: Cell, text: string) => boolean | string;

function makeChecker(rules: Rules): Checker | null {
  switch (rules.type) {
    case 'integer':
    case 'double':
    case 'money':
      return (cell, text) => {
        if (numberOf(cell) !== null) return true;
        const plain = plainNumberFits(text, rules.decimal, rules.type === 'integer');
        if (plain !== null) return plain;
        const value = parseLocaleNumber(text, rules.decimal);
        if (value === null) return false;
        return rules.type !== 'integer' || Number.isInteger(value);
      };
    case 'date':
    case 'datetime':
      return (cell, text) => {
        if (isRich(cell) && (cell.kind === 'date' || cell.kind === 'datetime') && typeof cell.value === 'string') return cell.value;
        const num = numberOf(cell);
        if (num !== null) return rules.excelSerialDates && num > 0 && num < 2_958_466 ? serialToIsoDate(num) : false;
        const parsed = parseDateText(text, rules.order) ?? (rules.order !== 'ymd' ? parseDateText(text, 'ymd') : null);
        return parsed ? parsed.iso : false;
      };
    case 'boolean':
      return (cell, text) => {
        if (typeof cell === 'boolean') return true;
        const lower = text.toLowerCase();
        return rules.pair ? lower === rules.pair[0] || lower === rules.pair[1] : false;
      };
    case 'email':
      return (_cell, text) => (rules.multiple ? splitTokens(text).every((t) => EMAIL.test(t)) : EMAIL.test(text));
    case 'url':
      return (cell, text) => URL.test(text) || (isRich(cell) && cell.kind === 'hyperlink' && Boolean(cell.hyperlink));
    case 'phone':
      return (_cell, text) => (rules.multiple ? splitTokens(text).every((t) => phoneDigits(t) !== null) : phoneDigits(text) !== null);
    case 'enumeration':
      if (rules.list) {
        const list = rules.list;
        return (_cell, text) => (rules.multiple ? splitTokens(text).every((t) => list.has(valueKey(t))) : list.has(valueKey(text)));
      }
      return null;
    default:
      return null;
  }
}

/** Enumeration values: the validation list order when there is one, else first appearance; near-duplicates merged. */
function enumValues(values: Map<string, { display: string; count: number; first: number }>, rules: Rules, header: string, warnings: SchemaWarning[]): string[] {
  if (rules.multiple) {
    const tokens = new Map<string, string>();
    for (const { display } of values.values()) for (const token of splitTokens(display)) if (!tokens.has(valueKey(token))) tokens.set(valueKey(token), token);
    return [...tokens.values()];
  }
  const merged = mergeNearDuplicates(values);
  if (merged.merges.length > 0) {
    warnings.push({
      code: 'NEAR_DUPLICATE_VALUES',
      message: `In “${header}”, ${merged.merges.map(([from, to]) => `“${from}” looks like “${to}”`).join('; ')}; they are treated as one value. Fix the spelling in the file if they differ.`,
      column: header,
    });
  }
  const order = [...merged.groups.values()].sort((a, b) => a.first - b.first).map((g) => g.display);
  return order;
}

/** Groups of spellings that are one value: same after case/space folding, or within edit distance 0.15. */
export function mergeNearDuplicates(values: Map<string, { display: string; count: number; first: number }>): {
  groups: Map<string, { display: string; count: number; first: number; keys: string[] }>;
  merges: [string, string][];
} {
  const entries = [...values.entries()].sort((a, b) => b[1].count - a[1].count);
  const groups = new Map<string, { display: string; count: number; first: number; keys: string[] }>();
  const merges: [string, string][] = [];
  const compact = (key: string): string => key.replace(/[\s\-–_.]+/g, '');
  for (const [key, entry] of entries) {
    let target: { display: string; count: number; first: number; keys: string[] } | undefined;
    if (values.size <= 60) {
      for (const group of groups.values()) {
        const a = compact(key);
        const b = compact(group.keys[0]!);
        const longest = Math.max(a.length, b.length);
        // "Клиент 1" and "Клиент 2" differ by one character but are different values.
        const sameDigits = a.replace(/\D/g, '') === b.replace(/\D/g, '');
        if (longest >= 4 && sameDigits && editDistance(a, b) / longest <= 0.15) {
          target = group;
          break;
        }
      }
    }
    if (target) {
      target.count += entry.count;
      target.first = Math.min(target.first, entry.first);
      target.keys.push(key);
      merges.push([entry.display, target.display]);
    } else groups.set(key, { display: entry.display, count: entry.count, first: entry.first, keys: [key] });
  }
  return { groups, merges };
}
