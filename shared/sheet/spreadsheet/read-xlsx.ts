import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError } from '../../base/errors/errors';
import type { RunControl } from '../../base/jobs/types';
import { cellText } from './cell-text';
import { locateTable } from './locate-table';
import { classifyNumberFormat } from './number-format';
import { cellTooLong, columnLetters, limitExceeded, READ_LIMITS, rowAfterLongGap, tooManyColumns } from './read-limits';
import { countInEntry, inflateEntry, rewriteZip, ZipEntryError, type RewritePart } from './read-zip';
import { openXlsxPackage, parseRange, type SheetExtras, type XlsxPackage } from './xlsx-parts';
import { checkDeclaredSizes, partError } from './zip-bounds';
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
 * A file exceljs cannot open, or with a part that does not inflate, is
 * `FILE_CORRUPT` with the file name and what to do; a file past READ_LIMITS
 * (part sizes, compression ratio, shared strings, columns, cell length, a
 * stray far row) is `FILE_LIMIT_EXCEEDED` before it is expanded.
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
  checkDeclaredSizes(pkg.entries, fileName);
  const partFailure = (error: unknown): AppError => (error instanceof ZipEntryError ? partError(error, fileName, corrupt) : corrupt(error));
  // The shared strings are cached whole by the streaming reader, so their count is checked before it starts.
  const sharedStrings = pkg.entries.get('xl/sharedStrings.xml');
  if (sharedStrings) {
    const count = await countInEntry(bytes, sharedStrings, '</si>', READ_LIMITS.partBytes).catch((error: unknown) => {
      throw partFailure(error);
    });
    if (count > READ_LIMITS.sharedStrings) {
      throw limitExceeded(
        'sharedStrings',
        `“${fileName}” holds ${count.toLocaleString('en-US')} distinct texts, more than the ${READ_LIMITS.sharedStrings.toLocaleString('en-US')} this tool reads: the file is damaged or crafted to exhaust memory.`,
        'Open it in Excel; if it opens, copy the table into a new workbook, save it as .xlsx and drop that copy.',
        where,
        count,
      );
    }
  }
  const pool = new CellPool();
  const stop = new AbortController();
  const readSignal = AbortSignal.any([signal, stop.signal]);
  // Every other part is inflated on the libuv pool in parallel with exceljs's parsing, with a byte bound:
  // a damaged deflate stream or a part that expands past the bound ends the read with that part named
  // (exceljs itself never settles on a damaged stream, and it would expand a bomb without limit).
  const extrasPending = new Map(pkg.info.sheets.map((sheet) => [sheet.name, pkg.sheetExtras(sheet.path, READ_LIMITS.partBytes)]));
  const sheetPaths = new Set(pkg.info.sheets.map((sheet) => sheet.path));
  const otherParts = [...pkg.entries.values()].filter((entry) => !sheetPaths.has(entry.name) && entry.name !== 'xl/sharedStrings.xml' && !entry.name.endsWith('/'));
  const checked = Promise.all([...extrasPending.values(), ...otherParts.map((entry) => inflateEntry(bytes, entry, { maxBytes: READ_LIMITS.partBytes }))]).then(
    () => undefined,
    (error: unknown) => {
      stop.abort();
      throw partFailure(error);
    },
  );
  checked.catch(() => undefined); // observed below, whichever settles first

  onProgress({ phase: 'reading', done: 0, total: bytes.length, unit: 'bytes' });
  let grids: Map<string, Cell[][]>;
  try {
    grids = await Promise.race([streamSheets(bytes, byPath, date1904, pool, fileName, pkg, { signal: readSignal, onProgress }), checked.then(() => new Promise<never>(() => undefined))]);
  } catch (cause) {
    stop.abort();
    if (signal.aborted) throw signal.reason ?? cause;
    if (cause instanceof AppError) throw cause;
    // A part check that fails names the problem better than exceljs's own message.
    await checked;
    throw corrupt(cause);
  }
  signal.throwIfAborted();
  onProgress({ phase: 'finishing', done: bytes.length, total: bytes.length, unit: 'bytes' });

  const extras = new Map<string, SheetExtras>();
  await checked;
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
        table.warnings.push({ code: 'MERGED_CELLS_FILLED', params: { sheet: sheet.name } });
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
        if (Number.isNaN(result)) kind = 'error'; // the streaming reader turns a cached #REF! into NaN (github.com/exceljs/exceljs/issues/3074)
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
  fileName: string,
  pkg: XlsxPackage,
  { signal, onProgress }: RunControl<ReadProgress>,
): Promise<Map<string, Cell[][]>> {
  const grids = new Map<string, Cell[][]>();
  const stream = streamOrder(pkg);
  const total = stream.reduce((sum, part) => sum + ('text' in part ? part.text.length : part.compressedSize), 0);
  async function* chunks(): AsyncGenerator<Buffer> {
    let done = 0;
    for (const piece of rewriteZip(bytes, stream)) {
      for (let offset = 0; offset < piece.length; offset += CHUNK) {
        // Ending the input early (not throwing) lets exceljs unwind; the row loop raises the AbortError.
        if (signal.aborted) return;
        const chunk = piece.subarray(offset, Math.min(piece.length, offset + CHUNK));
        done += chunk.length;
        // Reported against the file's size, which the first and last states use too.
        onProgress({ phase: 'reading', done: Math.min(bytes.length, Math.round((done / total) * bytes.length)), total: bytes.length, unit: 'bytes' });
        yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      }
    }
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(chunks()), {
    sharedStrings: 'cache',
    styles: 'cache', // without it dates arrive as serial numbers (github.com/exceljs/exceljs/issues/1430)
    hyperlinks: 'ignore', // they sit after <sheetData>, too late for the streaming reader; see xlsx-parts
    worksheets: 'emit',
    entries: 'ignore',
  });
  for await (const worksheet of reader) {
    const ws = worksheet as unknown as AsyncIterable<ExcelJS.Row> & { id: number | string };
    const name = byPath.get(`xl/worksheets/sheet${ws.id}.xml`) ?? `Sheet${ws.id}`;
    const grid: Cell[][] = [];
    let lastRow = 0;
    for await (const row of ws) {
      checkRowBounds(row, lastRow, name, fileName);
      lastRow = row.number;
      // Sized once: an array grown cell by cell keeps spare capacity in each of 100,000 rows.
      const cells: Cell[] = new Array<Cell>(row.cellCount);
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        const value = toCell(cell, date1904, pool);
        if (typeof value === 'string' && value.length > READ_LIMITS.cellChars) throw cellTooLong(value.length, `${columnLetters(col)}${row.number}`, name, fileName);
        cells[col - 1] = value;
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

/**
 * A row past the column bound, or far below the previous used row (a stray
 * cell at XFD1048576 would make a 1,048,576 × 16,384 grid to scan).
 */
function checkRowBounds(row: ExcelJS.Row, lastRow: number, sheet: string, fileName: string): void {
  if (row.cellCount > READ_LIMITS.columns) throw tooManyColumns(row.cellCount, row.number, sheet, fileName);
  if (row.number - lastRow > READ_LIMITS.emptyRowGap && lastRow > 0) throw rowAfterLongGap(row.number, lastRow, sheet, fileName);
}

/**
 * The parts exceljs's streaming reader needs, in the order it needs them:
 * relationships, workbook, shared strings and styles before any sheet.
 *
 * Excel and exceljs itself write the sheets first; the reader then parks each
 * sheet in a temporary file until the shared strings arrive, and that detour
 * (a file per sheet, written and read back on the libuv pool, with no error
 * path for a broken entry) is what made a read fail now and then on a loaded
 * machine. Writers also put sizes in trailing data descriptors, which the
 * reader finds by scanning compressed bytes for a signature that can occur
 * inside them; the rewritten stream states every size up front. A workbook
 * without a shared-string table gets an empty one, so no sheet ever waits.
 */
function streamOrder(pkg: XlsxPackage): RewritePart[] {
  const parts: RewritePart[] = [];
  const add = (name: string): boolean => {
    const entry = pkg.entries.get(name);
    if (entry) parts.push(entry);
    return entry !== undefined;
  };
  add('xl/_rels/workbook.xml.rels');
  add('xl/workbook.xml');
  if (!add('xl/sharedStrings.xml')) parts.push({ name: 'xl/sharedStrings.xml', text: '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>' });
  add('xl/styles.xml');
  for (const entry of pkg.entries.values()) if (/^xl\/worksheets\/sheet\d+\.xml$/.test(entry.name)) parts.push(entry);
  return parts;
}
