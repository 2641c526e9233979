import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError } from '../api/errors';
import type { RunControl } from '../jobs/types';
import { cellText } from './cell-text';
import { locateTable } from './locate-table';
import { classifyNumberFormat } from './number-format';
import { openXlsxPackage, parseRange, type SheetExtras, type XlsxPackage } from './xlsx-parts';
import type { Cell, ReadProgress, RichCell, Workbook } from './types';

const CHUNK = 256 * 1024;
const MS_PER_DAY = 86_400_000;
// Days between 1899-12-30 (the 1900 system's day 0) and 1970-01-01.
const EPOCH_1900 = 25_569;
const OFFSET_1904 = 1_462;

/**
 * Reads xlsx bytes into a workbook: every worksheet's table, in workbook order.
 *
 * Cells come from exceljs's streaming reader (bounded memory on 100k-row
 * sheets); merged cells, hyperlinks and data-validation lists, which that
 * reader skips, come from a light pass over the sheet XML after `<sheetData>`.
 * A file exceljs cannot open is `FILE_CORRUPT` with the file name and what to do.
 */
export async function readXlsx(bytes: Uint8Array, fileName: string, { signal, onProgress }: RunControl<ReadProgress>): Promise<Workbook> {
  signal.throwIfAborted();
  const where = { file: fileName };
  const corrupt = (cause?: unknown): AppError =>
    new AppError('FILE_CORRUPT', `“${fileName}” could not be opened: it is not a valid Excel workbook (the file is damaged or incomplete).`, {
      hint: 'Open it in Excel or LibreOffice; if it opens, save it again as .xlsx and drop the new copy.',
      where,
      cause,
    });
  let pkg: XlsxPackage | null;
  try {
    pkg = openXlsxPackage(bytes);
  } catch (cause) {
    throw corrupt(cause);
  }
  if (!pkg) throw corrupt();
  if (pkg.info.sheets.length === 0) {
    throw new AppError('FILE_CORRUPT', `“${fileName}” has no worksheets.`, { hint: 'Add a sheet with your table, save, and drop it again.', where });
  }
  const { date1904 } = pkg.info;
  const byPath = new Map(pkg.info.sheets.map((sheet) => [sheet.path, sheet.name]));
  const pool = new CellPool();
  // The light pass over each sheet's tail inflates on the libuv pool, in parallel with exceljs's parsing.
  const extrasPending = new Map(
    pkg.info.sheets.map((sheet) => [
      sheet.name,
      pkg.sheetExtras(sheet.path).catch((): SheetExtras => ({ merges: [], validations: [], hyperlinks: new Map() })),
    ]),
  );

  onProgress({ phase: 'reading', done: 0, total: bytes.length, unit: 'bytes' });
  // The streaming pass is tried twice: in full test runs on a loaded machine
  // exceljs's streaming unzip has (rarely) failed on a file that read fine the
  // next time. A file that is really broken fails both times.
  let grids: Map<string, Cell[][]> | undefined;
  for (let attempt = 1; grids === undefined; attempt++) {
    try {
      grids = await streamSheets(bytes, byPath, date1904, pool, { signal, onProgress });
    } catch (cause) {
      if (signal.aborted) throw signal.reason ?? cause;
      if (attempt >= 2) throw corrupt(cause);
    }
  }
  signal.throwIfAborted();
  onProgress({ phase: 'finishing', done: bytes.length, total: bytes.length, unit: 'bytes' });

  const extras = new Map<string, SheetExtras>();
  // The cells were read; a broken tail only costs merges, links and lists (hence the catch above).
  for (const [name, pending] of extrasPending) extras.set(name, await pending);
  for (const [name, grid] of grids) {
    const extra = extras.get(name);
    if (extra) applyExtras(grid, extra);
  }
  const sheets = pkg.info.sheets
    .filter((sheet) => grids.has(sheet.name))
    .map((sheet) => {
      const grid = grids.get(sheet.name)!;
      const extra = extras.get(sheet.name);
      const lists = new Map<number, string[]>();
      for (const validation of extra?.validations ?? []) {
        const values = resolveList(validation.formula, sheet.name, grids, pkg.info.definedNames);
        if (!values || values.length === 0) continue;
        for (const ref of validation.sqref.split(/\s+/)) {
          const range = parseRange(ref);
          if (!range) continue;
          for (let col = range.left; col <= range.right; col++) if (!lists.has(col)) lists.set(col, values);
        }
      }
      const table = locateTable(sheet.name, grid, lists);
      if ((extra?.merges.length ?? 0) > 0 && extra!.merges.some((m) => m.bottom > m.top && m.top > table.headerRow)) {
        table.warnings.push({ code: 'MERGED_CELLS_FILLED', message: `Merged cells in “${sheet.name}” were filled down: each row of a merged block gets the block's value.` });
      }
      return table;
    });
  return { fileName, format: 'xlsx', date1904, sheets };
}

/** Fills merged blocks down their first column and attaches hyperlink targets. */
function applyExtras(grid: Cell[][], extra: SheetExtras): void {
  for (const merge of extra.merges) {
    if (merge.bottom === merge.top) continue; // a merge across one row (a title or group header) is not filled
    const master = grid[merge.top - 1]?.[merge.left - 1] ?? null;
    for (let r = merge.top + 1; r <= merge.bottom; r++) {
      const row = (grid[r - 1] ??= []);
      while (row.length < merge.left) row.push(null);
      if (row[merge.left - 1] === null || row[merge.left - 1] === undefined) row[merge.left - 1] = master;
    }
  }
  for (const [key, target] of extra.hyperlinks) {
    const [r, c] = key.split(':').map(Number) as [number, number];
    const row = grid[r - 1];
    const cell = row?.[c - 1];
    if (!row || cell === undefined || cell === null) continue;
    const text = cellText(cell);
    row[c - 1] = { kind: 'hyperlink', value: text, hyperlink: target };
  }
}

/** The values of a list validation: an inline `"a,b"` list, a range, or a defined name. */
function resolveList(formula: string, sheetName: string, grids: Map<string, Cell[][]>, names: Map<string, string>, depth = 0): string[] | null {
  const text = formula.trim().replace(/^=/, '');
  if (text.startsWith('"')) {
    return text
      .replace(/^"|"$/g, '')
      .split(',')
      .map((value) => value.trim())
      .filter((value) => value !== '');
  }
  const named = names.get(text);
  if (named !== undefined && depth < 3) return resolveList(named, sheetName, grids, names, depth + 1);
  const match = /^(?:(?:'((?:[^']|'')+)'|([^!]+))!)?(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)$/i.exec(text);
  if (!match) return null;
  const target = match[1]?.replace(/''/g, "'") ?? match[2] ?? sheetName;
  const grid = grids.get(target);
  const range = parseRange(match[3]!.replace(/\$/g, ''));
  if (!grid || !range) return null;
  const values: string[] = [];
  for (let r = range.top; r <= Math.min(range.bottom, range.top + 500); r++) {
    for (let c = range.left; c <= range.right; c++) {
      const value = cellText(grid[r - 1]?.[c - 1] ?? null).trim();
      if (value !== '' && !values.includes(value)) values.push(value);
    }
  }
  return values;
}

function serialToIso(serial: number, date1904: boolean): string {
  const ms = Math.round(((serial - EPOCH_1900 + (date1904 ? OFFSET_1904 : 0)) * MS_PER_DAY) / 1000) * 1000;
  return new Date(ms).toISOString().slice(0, 19);
}

function dateToSerial(date: Date, date1904: boolean): number {
  return date.getTime() / MS_PER_DAY + EPOCH_1900 - (date1904 ? OFFSET_1904 : 0);
}

const POOL_LIMIT = 100_000;
// A format's pool that has seen this many values with fewer than a quarter of them repeated
// is a column of unique amounts: pooling it only adds a map entry per cell, so it stops.
const POOL_PROBE = 4_096;

interface FormatPool {
  cells: Map<number, RichCell>;
  lookups: number;
  hits: number;
  /** False once the format's values proved mostly unique. */
  pooling: boolean;
}

/**
 * Shares equal RichCells within one read: a 100,000-row date or amount column
 * holds far fewer distinct values than cells, and one object per value keeps
 * peak memory down. Cells are never mutated after reading, so sharing is safe.
 */
class CellPool {
  private readonly pools = [new Map<string, FormatPool>(), new Map<string, FormatPool>()];
  private size = 0;

  /** `space` 0 keys by an Excel value, 1 by a JS timestamp, so the two never collide. */
  get(space: 0 | 1, numFmt: string | undefined, key: number, make: () => RichCell): RichCell {
    const byFormat = this.pools[space]!;
    let pool = byFormat.get(numFmt ?? '');
    if (!pool) byFormat.set(numFmt ?? '', (pool = { cells: new Map(), lookups: 0, hits: 0, pooling: true }));
    if (!pool.pooling) return make();
    pool.lookups++;
    let cell = pool.cells.get(key);
    if (cell) pool.hits++;
    else {
      cell = make();
      if (this.size < POOL_LIMIT) {
        pool.cells.set(key, cell);
        this.size++;
      }
    }
    if (pool.lookups === POOL_PROBE && pool.hits < POOL_PROBE / 4) {
      pool.pooling = false;
      this.size -= pool.cells.size;
      pool.cells = new Map();
    }
    return cell;
  }
}

function isoCell(iso: string, numFmt: string | undefined, kindHint: 'date' | 'datetime' | 'time'): RichCell {
  const datePart = iso.slice(0, 10);
  const timePart = iso.slice(11, 19);
  const hasTime = timePart !== '00:00:00';
  const cell: RichCell =
    kindHint === 'time' ? { kind: 'text', value: timePart.slice(0, 5) } : hasTime ? { kind: 'datetime', value: `${datePart}T${timePart}` } : { kind: 'date', value: datePart };
  if (numFmt) cell.numFmt = numFmt;
  return cell;
}

/** A number cell with its format: a date when our own format parser says so. */
function numberCell(value: number, numFmt: string | undefined, date1904: boolean, pool?: CellPool): Cell {
  if (!numFmt) return value;
  const info = classifyNumberFormat(numFmt);
  if ((info.kind === 'date' || info.kind === 'datetime' || info.kind === 'time') && Number.isFinite(value)) {
    const kind = info.kind;
    const make = (): RichCell => isoCell(serialToIso(value, date1904), numFmt, kind);
    return pool ? pool.get(0, numFmt, value, make) : make();
  }
  const make = (): RichCell => ({ kind: 'number', value, numFmt });
  return pool ? pool.get(0, numFmt, value, make) : make();
}

function plainText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'richText' in value) return (value as ExcelJS.CellRichTextValue).richText.map((run) => run.text).join('');
  return value === null || value === undefined ? '' : String(value);
}

function toCell(cell: ExcelJS.Cell, date1904: boolean, pool: CellPool): Cell {
  const value = cell.value;
  const numFmt = cell.numFmt && cell.numFmt !== 'General' ? cell.numFmt : undefined;
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    if (numFmt && classifyNumberFormat(numFmt).kind === 'text') return { kind: 'text', value, numFmt };
    return value;
  }
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return numberCell(value, numFmt, date1904, pool);
  if (value instanceof Date) {
    // exceljs decided "date" with isDateFmt, which has false positives (`0\ \m\²`, `[h]:mm`):
    // our own format parser decides; a real date keeps exceljs's UTC-built wall clock.
    const kind = classifyNumberFormat(numFmt).kind;
    if (kind === 'date' || kind === 'datetime' || kind === 'time') {
      const ms = value.getTime();
      if (Number.isFinite(ms)) return pool.get(1, numFmt, ms, () => isoCell(new Date(Math.round(ms / 1000) * 1000).toISOString(), numFmt, kind));
    }
    return numberCell(dateToSerial(value, date1904), numFmt, date1904, pool);
  }
  if (typeof value === 'object') {
    if ('richText' in value) return plainText(value);
    if ('hyperlink' in value) {
      const link = value as ExcelJS.CellHyperlinkValue;
      return { kind: 'hyperlink', value: plainText(link.text) || link.hyperlink, hyperlink: link.hyperlink };
    }
    if ('formula' in value || 'sharedFormula' in value) {
      const formulaValue = value as ExcelJS.CellFormulaValue;
      const formula = 'formula' in value ? formulaValue.formula : (value as ExcelJS.CellSharedFormulaValue).sharedFormula;
      // exceljs's `value` getter drops a falsy cached result (0, "", FALSE); its cell model keeps it.
      const result: unknown = formulaValue.result ?? (cell.model as { result?: unknown }).result;
      let plain: RichCell['value'] = null;
      let kind: RichCell['kind'] = 'formula';
      if (typeof result === 'number') {
        if (Number.isNaN(result)) kind = 'error'; // the streaming reader turns a cached #REF! into NaN (exceljs #3074)
        else {
          const typed = numberCell(result, numFmt, date1904);
          plain = typeof typed === 'object' && typed !== null ? typed.value : (typed as number);
        }
      } else if (result instanceof Date) plain = serialToIso(dateToSerial(result, date1904), date1904).slice(0, 10);
      else if (typeof result === 'string' || typeof result === 'boolean') plain = result;
      else if (result && typeof result === 'object' && 'error' in result) kind = 'error';
      const rich: RichCell = { kind, value: plain, formula: formula ?? '' };
      if (numFmt) rich.numFmt = numFmt;
      return rich;
    }
    if ('error' in value) return { kind: 'error', value: String((value as ExcelJS.CellErrorValue).error) };
    if ('sharedString' in value) return null;
  }
  return String(value);
}

/**
 * One streaming pass of exceljs over the bytes: every worksheet's cells by
 * sheet name. Throws what exceljs throws; the caller names the file.
 */
async function streamSheets(
  bytes: Uint8Array,
  byPath: ReadonlyMap<string, string>,
  date1904: boolean,
  pool: CellPool,
  { signal, onProgress }: RunControl<ReadProgress>,
): Promise<Map<string, Cell[][]>> {
  const grids = new Map<string, Cell[][]>();
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let offset = 0; offset < bytes.length; offset += CHUNK) {
      // Ending the input early (not throwing) lets exceljs unwind; the row loop raises the AbortError.
      if (signal.aborted) return;
      onProgress({ phase: 'reading', done: offset, total: bytes.length, unit: 'bytes' });
      yield Buffer.from(bytes.buffer, bytes.byteOffset + offset, Math.min(CHUNK, bytes.length - offset));
    }
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(chunks()), {
    sharedStrings: 'cache',
    styles: 'cache', // without it dates arrive as serial numbers (exceljs #1430)
    hyperlinks: 'ignore', // they sit after <sheetData>, too late for the streaming reader; see xlsx-parts
    worksheets: 'emit',
    entries: 'ignore',
  });
  for await (const worksheet of reader) {
    const ws = worksheet as unknown as AsyncIterable<ExcelJS.Row> & { id: number | string };
    const name = byPath.get(`xl/worksheets/sheet${ws.id}.xml`) ?? `Sheet${ws.id}`;
    const grid: Cell[][] = [];
    for await (const row of ws) {
      // Sized once: an array grown cell by cell keeps spare capacity in each of 100,000 rows.
      const cells: Cell[] = new Array<Cell>(row.cellCount);
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        cells[col - 1] = toCell(cell, date1904, pool);
      });
      for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
      grid[row.number - 1] = cells;
      if ((row.number & 1023) === 0) signal.throwIfAborted();
    }
    for (let i = 0; i < grid.length; i++) grid[i] ??= [];
    grids.set(name, grid);
  }
  return grids;
}
