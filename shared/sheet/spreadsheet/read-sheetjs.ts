import type * as SheetJsModule from '@e965/xlsx';
import type { CellObject, WorkBook, WorkSheet } from '@e965/xlsx';
import { AppError } from '../../base/errors/errors';
import type { RunControl } from '../../base/jobs/types';
import { locateTable } from './locate-table';
import { classifyNumberFormat } from './number-format';
import { cellTooLong, columnLetters, READ_LIMITS, rowAfterLongGap, tooManyColumns } from './read-limits';
import { listZipEntries } from './read-zip';
import type { Cell, ReadProgress, RichCell, SheetTable, Workbook } from './types';
import { odsRepeatsReader } from './ods-repeats-reader';
import { checkZipParts } from './zip-bounds';

/** Formats read through SheetJS rather than the streaming xlsx reader. */
export type LegacyFormat = 'xls' | 'xlsb' | 'ods';

/** Largest legacy workbook read: SheetJS parses the whole file in memory, unlike the streaming xlsx reader. */
export const LEGACY_MAX_BYTES = 64 * 1024 * 1024;
/** Rows read per sheet; a declared range beyond it is cut and reported, as the xlsx reader's cap would. */
export const LEGACY_MAX_ROWS = 1_000_000;

const MS_PER_DAY = 86_400_000;
const EPOCH_1900 = 25_569;
const OFFSET_1904 = 1_462;

type SheetJs = typeof SheetJsModule;

/** Loaded on first use so xlsx and csv users do not pay for SheetJS at start-up. */
let loading: Promise<SheetJs> | undefined;
function loadSheetJs(): Promise<SheetJs> {
  loading ??= import('@e965/xlsx');
  return loading;
}

/**
 * Reads a legacy Excel (.xls, BIFF5/8), Excel Binary (.xlsb) or OpenDocument
 * (.ods) workbook into the same cell model as the xlsx reader: numbers with
 * their number format, dates as wall-clock ISO strings, formulas with their
 * cached result, hyperlinks, merged blocks filled down, then the same table
 * location. Throws `AppError` FILE_TOO_LARGE over the size cap and FILE_CORRUPT
 * for a file SheetJS cannot parse.
 */
export async function readSheetJs(bytes: Uint8Array, fileName: string, format: LegacyFormat, { signal, onProgress }: RunControl<ReadProgress>): Promise<Workbook> {
  signal.throwIfAborted();
  const where = { file: fileName };
  if (bytes.length > LEGACY_MAX_BYTES) {
    throw new AppError('FILE_TOO_LARGE', `“${fileName}” is ${Math.round(bytes.length / 1048576)} MB; files of this format are read up to ${LEGACY_MAX_BYTES / 1048576} MB.`, {
      hint: 'Save it as “Excel Workbook (.xlsx)”, which is read in a streaming way without this limit, or split the table.',
      where,
      params: { size: String(bytes.length), max: String(LEGACY_MAX_BYTES), legacy: 'legacy' },
    });
  }
  onProgress({ phase: 'reading', done: 0, total: bytes.length, unit: 'bytes' });
  const corrupt = (cause?: unknown): AppError =>
    new AppError('FILE_CORRUPT', `“${fileName}” could not be opened: it is not a valid ${FORMAT_NAMES[format]} (the file is damaged or incomplete).`, {
      hint: 'Open it in Excel or LibreOffice; if it opens, save it as .xlsx and drop the new copy.',
      where,
      ...(cause === undefined ? {} : { cause }),
    });
  if (format !== 'xls') {
    // .ods and .xlsb are zips that SheetJS unpacks whole in memory: the archive is proven to fit the bounds first.
    // (.xls is an OLE compound file without compression, so its streams cannot outgrow the file size cap.)
    const entries = listZipEntries(bytes);
    if (!entries) throw corrupt();
    await checkZipParts(bytes, entries, fileName, corrupt, format === 'ods' ? { 'content.xml': odsRepeatsReader(fileName) } : {});
    signal.throwIfAborted();
  }
  const XLSX = await loadSheetJs();
  signal.throwIfAborted();
  onProgress({ phase: 'parsing', done: 0, total: bytes.length, unit: 'bytes' });
  let book: WorkBook;
  try {
    // No display text (cellText: false): our own format parser decides, and SheetJS's formatter throws on
    // formats such as `dd.mm.yyyy` that 1C writes. Dense sheets hold rows as arrays: far less memory than one object key per cell address.
    book = XLSX.read(bytes, { type: 'array', dense: true, cellNF: true, cellText: false, cellDates: false, cellFormula: true, cellHTML: false, cellStyles: false, sheetRows: LEGACY_MAX_ROWS + 1 });
  } catch (cause) {
    if (cause instanceof Error && /password|encrypt/i.test(cause.message)) {
      throw new AppError('FILE_ENCRYPTED', `“${fileName}” is protected with a password, so its contents cannot be read.`, {
        hint: 'Open it in Excel or LibreOffice, remove the password, save it again, and drop it again.',
        where,
        cause,
      });
    }
    throw corrupt(cause);
  }
  signal.throwIfAborted();
  if (book.SheetNames.length === 0) {
    throw new AppError('FILE_CORRUPT', `“${fileName}” has no worksheets: it is an empty or damaged ${FORMAT_NAMES[format]}.`, {
      hint: 'Open it in Excel or LibreOffice; if your table is there, save it as .xlsx and drop the new copy.',
      where,
    });
  }
  const date1904 = Boolean(book.Workbook?.WBProps?.date1904);
  const hidden = new Set((book.Workbook?.Sheets ?? []).filter((sheet) => sheet.Hidden === 2).map((sheet) => sheet.name));
  const sheets: SheetTable[] = [];
  for (const name of book.SheetNames) {
    if (hidden.has(name)) continue; // "very hidden" sheets are a program's own storage
    const sheet = book.Sheets[name];
    if (!sheet) continue;
    sheets.push(tableOf(XLSX, name, sheet, date1904, fileName));
    signal.throwIfAborted();
  }
  onProgress({ phase: 'finishing', done: bytes.length, total: bytes.length, unit: 'bytes' });
  return { fileName, format, date1904, sheets };
}

const FORMAT_NAMES: Record<LegacyFormat, string> = {
  xls: 'Excel 97–2003 workbook',
  xlsb: 'Excel Binary Workbook',
  ods: 'OpenDocument spreadsheet',
};

/** The cell model of one sheet, with the xlsx reader's bounds on columns, empty-row gaps and cell length. */
function tableOf(XLSX: SheetJs, name: string, sheet: WorkSheet, date1904: boolean, fileName: string): SheetTable {
  const declared = sheet['!fullref'] ?? sheet['!ref'];
  const dense = (sheet as unknown as { '!data'?: Array<Array<CellObject | undefined> | undefined> })['!data'] ?? [];
  const range = declared ? XLSX.utils.decode_range(declared) : null;
  const rowCount = Math.min(dense.length, LEGACY_MAX_ROWS);
  const grid: Cell[][] = new Array<Cell[]>(rowCount);
  let lastUsedRow = 0;
  for (let r = 0; r < rowCount; r++) {
    const source = dense[r];
    if (!source) {
      grid[r] = [];
      continue;
    }
    let lastUsed = -1;
    for (let c = source.length - 1; c >= 0; c--) {
      const cell = source[c];
      if (cell && cell.t !== 'z') {
        lastUsed = c;
        break;
      }
    }
    if (lastUsed < 0) {
      grid[r] = [];
      continue;
    }
    if (lastUsed + 1 > READ_LIMITS.columns) throw tooManyColumns(lastUsed + 1, r + 1, name, fileName);
    if (lastUsedRow > 0 && r + 1 - lastUsedRow > READ_LIMITS.emptyRowGap) throw rowAfterLongGap(r + 1, lastUsedRow, name, fileName);
    lastUsedRow = r + 1;
    const cells = new Array<Cell>(lastUsed + 1);
    for (let c = 0; c <= lastUsed; c++) {
      const cell = toCell(source[c], date1904);
      const text = typeof cell === 'string' ? cell : typeof cell === 'object' && cell !== null && typeof cell.value === 'string' ? cell.value : '';
      if (text.length > READ_LIMITS.cellChars) throw cellTooLong(text.length, `${columnLetters(c + 1)}${r + 1}`, name, fileName);
      cells[c] = cell;
    }
    grid[r] = cells;
  }
  const merges = sheet['!merges'] ?? [];
  for (const merge of merges) {
    if (merge.e.r === merge.s.r) continue; // a merge across one row (a title or group header) is not filled
    const master = grid[merge.s.r]?.[merge.s.c] ?? null;
    for (let r = merge.s.r + 1; r <= merge.e.r && r < grid.length; r++) {
      const row = grid[r]!;
      while (row.length <= merge.s.c) row.push(null);
      if (row[merge.s.c] === null || row[merge.s.c] === undefined) row[merge.s.c] = master;
    }
  }
  const table = locateTable(name, grid);
  if (merges.some((m) => m.e.r > m.s.r && m.s.r + 1 > table.headerRow)) {
    table.warnings.push({ code: 'MERGED_CELLS_FILLED', params: { sheet: name } });
  }
  if (range && range.e.r + 1 > LEGACY_MAX_ROWS) {
    table.warnings.push({ code: 'ROWS_TRUNCATED', params: { sheet: name, declared: range.e.r + 1, read: LEGACY_MAX_ROWS } });
  }
  return table;
}

/** Excel's error codes as BIFF and SheetJS store them. */
const ERROR_TEXTS: Record<number, string> = { 0: '#NULL!', 7: '#DIV/0!', 15: '#VALUE!', 23: '#REF!', 29: '#NAME?', 36: '#NUM!', 42: '#N/A' };

function serialToIso(serial: number, date1904: boolean): string {
  const ms = Math.round(((serial - EPOCH_1900 + (date1904 ? OFFSET_1904 : 0)) * MS_PER_DAY) / 1000) * 1000;
  return new Date(ms).toISOString().slice(0, 19);
}

function formatOf(cell: CellObject): string | undefined {
  const z = typeof cell.z === 'string' ? cell.z : undefined;
  return z && z !== 'General' ? z : undefined;
}

/** A number with its format: a date when the format says so, as the xlsx reader decides. */
function numberValue(value: number, numFmt: string | undefined, date1904: boolean): Cell {
  if (!numFmt) return value;
  const kind = classifyNumberFormat(numFmt).kind;
  if ((kind === 'date' || kind === 'datetime' || kind === 'time') && Number.isFinite(value)) {
    const iso = serialToIso(value, date1904);
    const datePart = iso.slice(0, 10);
    const timePart = iso.slice(11, 19);
    const cell: RichCell =
      kind === 'time' ? { kind: 'text', value: timePart.slice(0, 5) } : timePart !== '00:00:00' ? { kind: 'datetime', value: `${datePart}T${timePart}` } : { kind: 'date', value: datePart };
    cell.numFmt = numFmt;
    return cell;
  }
  return { kind: 'number', value, numFmt };
}

function toCell(cell: CellObject | undefined, date1904: boolean): Cell {
  if (!cell || cell.t === 'z') return null;
  const numFmt = formatOf(cell);
  let plain: Cell;
  if (cell.t === 'e') plain = { kind: 'error', value: cell.w ?? ERROR_TEXTS[cell.v as number] ?? '#ERROR' };
  else if (cell.t === 'n') plain = numberValue(cell.v as number, numFmt, date1904);
  else if (cell.t === 'd') {
    const date = cell.v instanceof Date ? cell.v : new Date(String(cell.v));
    plain = numberValue(date.getTime() / MS_PER_DAY + EPOCH_1900 - (date1904 ? OFFSET_1904 : 0), numFmt ?? 'yyyy-mm-dd', date1904);
  } else if (cell.t === 'b') plain = Boolean(cell.v);
  else {
    const text = cell.v === undefined || cell.v === null ? '' : String(cell.v);
    if (text === '' && !cell.f) return null;
    plain = numFmt && classifyNumberFormat(numFmt).kind === 'text' ? { kind: 'text', value: text, numFmt } : text;
  }
  if (cell.f) {
    const value = typeof plain === 'object' && plain !== null ? plain.value : plain;
    const rich: RichCell = { kind: cell.t === 'e' ? 'error' : 'formula', value: cell.t === 'e' ? null : value, formula: cell.f };
    if (numFmt) rich.numFmt = numFmt;
    return rich;
  }
  const target = cell.l?.Target;
  if (target) {
    const text = typeof plain === 'object' && plain !== null ? String(plain.value ?? '') : String(plain ?? '');
    return { kind: 'hyperlink', value: text || target, hyperlink: target };
  }
  return plain;
}

/**
 * The same workbook as xlsx bytes (values, number formats, formulas, merges,
 * links), so a copy of a legacy file can be written with the xlsx writer.
 * Cell styles beyond number formats are not carried over.
 */
export async function legacyToXlsx(bytes: Uint8Array): Promise<Uint8Array> {
  const XLSX = await loadSheetJs();
  const book = XLSX.read(bytes, { type: 'array', cellNF: true, cellText: false, cellDates: false, cellFormula: true, cellStyles: true });
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Uint8Array;
}

/** True for the formats read through SheetJS. */
export function isLegacyFormat(format: string): format is LegacyFormat {
  return format === 'xls' || format === 'xlsb' || format === 'ods';
}
