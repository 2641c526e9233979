/**
 * Writes the corpus trackers (trackers.ts) as real files: xlsx through exceljs
 * (merged cells, validation lists, hyperlinks, rich text, formulas, the 1904
 * date system) and csv through iconv-lite in the tracker's encoding.
 * Deterministic: the same seed gives the same bytes' content every run.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { TRACKERS, type GenValue, type TrackerSpec } from './trackers';

/** mulberry32: a tiny seeded PRNG so the corpus is the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The generated grid of one tracker: header + rows (before quirks that only change layout). */
export function trackerRows(spec: TrackerSpec): GenValue[][] {
  const rng = seeded(spec.file.split('').reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7));
  const rows: GenValue[][] = [];
  for (let i = 0; i < spec.rows; i++) rows.push(spec.columns.map((column) => column.gen(i, rng)));
  return rows;
}

/**
 * The header line(s): the headers, or with a group row, the group labels above the
 * sub-headers (a stand-alone column's header only in the upper row: the master of the
 * cell merged down in xlsx, and what a csv export of that sheet holds).
 */
function headerLines(spec: TrackerSpec): (string | null)[][] {
  const groups = spec.quirks?.groupHeader;
  if (!groups) return [spec.columns.map((c) => c.header)];
  const upper: (string | null)[] = [];
  const lower: (string | null)[] = [];
  let c = 0;
  for (const group of groups) {
    for (let k = 0; k < group.span; k++, c++) {
      const header = spec.columns[c]!.header;
      if (group.label === '') {
        upper.push(header);
        lower.push(null);
      } else {
        upper.push(k === 0 ? group.label : null);
        lower.push(header.slice(group.label.length + 3));
      }
    }
  }
  return [upper, lower];
}

function csvText(value: GenValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('formula' in value) return String(value.result);
  if ('hyperlink' in value) return value.hyperlink;
  return value.richText.map((run) => run.text).join('');
}

function csvLine(cells: string[], delimiter: string): string {
  return cells.map((cell) => (/["\r\n]/.test(cell) || cell.includes(delimiter) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(delimiter);
}

function withBlankColumn<T>(cells: T[], after: number | undefined, blank: T): T[] {
  if (after === undefined) return cells;
  return [...cells.slice(0, after), blank, ...cells.slice(after)];
}

function totalsRow(spec: TrackerSpec, rows: GenValue[][], asFormula: boolean, firstDataRow: number): GenValue[] {
  const amount = spec.columns.findIndex((c) => c.expect.role === 'amount');
  const cells: GenValue[] = spec.columns.map(() => null);
  cells[0] = spec.columns.some((c) => /[а-я]/i.test(c.header)) ? 'Итого' : 'Total';
  if (amount >= 0) {
    const sum = rows.reduce((n, row) => n + (typeof row[amount] === 'number' ? (row[amount] as number) : 0), 0);
    const letter = String.fromCharCode(65 + amount + (spec.quirks?.blankColumnAfter !== undefined && amount >= spec.quirks.blankColumnAfter ? 1 : 0));
    cells[amount] = asFormula ? { formula: `SUM(${letter}${firstDataRow}:${letter}${firstDataRow + rows.length - 1})`, result: Math.round(sum * 100) / 100 } : sum > 0 ? Math.round(sum * 100) / 100 : '';
  }
  if (asFormula) cells[0] = null;
  return cells;
}

async function writeCsv(spec: TrackerSpec, path: string): Promise<void> {
  const delimiter = spec.delimiter ?? ',';
  const rows = trackerRows(spec);
  const lines: string[] = [];
  for (const title of spec.titleRows ?? []) lines.push(csvLine([title], delimiter));
  if (spec.titleRows) lines.push('');
  for (const headerLine of headerLines(spec)) lines.push(csvLine(withBlankColumn(headerLine.map((h) => h ?? ''), spec.quirks?.blankColumnAfter, ''), delimiter));
  rows.forEach((row, i) => {
    lines.push(csvLine(withBlankColumn(row.map(csvText), spec.quirks?.blankColumnAfter, ''), delimiter));
    if (spec.quirks?.blankRowsAfter?.includes(i + 1)) lines.push('');
  });
  if (spec.quirks?.totalsRow) {
    const totals = totalsRow(spec, rows, false, 0).map(csvText);
    // CSV amounts are text; the totals row just carries the word.
    lines.push(csvLine(withBlankColumn(totals, spec.quirks.blankColumnAfter, ''), delimiter));
  }
  const text = `${lines.join('\r\n')}\r\n`;
  let bytes: Buffer;
  switch (spec.encoding ?? 'utf-8') {
    case 'utf-8':
      bytes = Buffer.from(text, 'utf-8');
      break;
    case 'utf-8-bom':
      bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf-8')]);
      break;
    case 'utf-16le':
      bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]);
      break;
    case 'utf-16be':
      bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')]);
      break;
    default:
      bytes = iconv.encode(text, spec.encoding!);
  }
  await writeFile(path, bytes);
}

async function writeXlsx(spec: TrackerSpec, path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  if (spec.quirks?.date1904) workbook.properties.date1904 = true;
  const sheet = workbook.addWorksheet(spec.file.replace(/-(ru|en)\.xlsx$/, ''));
  const rows = trackerRows(spec);
  const blankAfter = spec.quirks?.blankColumnAfter;
  const width = spec.columns.length + (blankAfter === undefined ? 0 : 1);
  let r = 1;
  for (const title of spec.titleRows ?? []) {
    sheet.getCell(r, 1).value = title;
    if (spec.quirks?.mergedTitle) sheet.mergeCells(r, 1, r, width);
    r++;
  }
  const lines = headerLines(spec);
  lines.forEach((line, l) => {
    withBlankColumn(line as GenValue[], blankAfter, null).forEach((value, c) => {
      if (value !== null) sheet.getCell(r + l, c + 1).value = value as ExcelJS.CellValue;
    });
  });
  // Group labels merge across their columns; stand-alone headers merge down over both rows.
  let groupStart = 0;
  for (const group of spec.quirks?.groupHeader ?? []) {
    if (group.label !== '' && group.span > 1) sheet.mergeCells(r, groupStart + 1, r, groupStart + group.span);
    if (group.label === '') for (let c = groupStart; c < groupStart + group.span; c++) sheet.mergeCells(r, c + 1, r + 1, c + 1);
    groupStart += group.span;
  }
  r += lines.length;
  const firstDataRow = r;
  const columnOf = (index: number): number => index + 1 + (blankAfter !== undefined && index >= blankAfter ? 1 : 0);
  const merged = spec.quirks?.mergedDown;
  const mergedIndex = merged ? spec.columns.findIndex((c) => c.header === merged.header) : -1;
  rows.forEach((row, i) => {
    row.forEach((value, c) => {
      if (c === mergedIndex && i % merged!.block !== 0) return; // only the master of a merged block holds the value
      const cell = sheet.getCell(r, columnOf(c));
      cell.value = value as ExcelJS.CellValue;
      const numFmt = spec.columns[c]!.numFmt;
      if (numFmt) cell.numFmt = numFmt;
    });
    if (mergedIndex >= 0 && i % merged!.block === 0) {
      const last = Math.min(r + merged!.block - 1, firstDataRow + rows.length - 1 + (spec.quirks?.blankRowsAfter?.length ?? 0));
      if (last > r) sheet.mergeCells(r, columnOf(mergedIndex), last, columnOf(mergedIndex));
    }
    r++;
    if (spec.quirks?.blankRowsAfter?.includes(i + 1)) r++;
  });
  if (spec.quirks?.totalsRow) {
    totalsRow(spec, rows, spec.quirks.totalsRow === 'formula', firstDataRow).forEach((value, c) => {
      if (value === null) return;
      const cell = sheet.getCell(r, columnOf(c));
      cell.value = value as ExcelJS.CellValue;
      const numFmt = spec.columns[c]!.numFmt;
      if (numFmt) cell.numFmt = numFmt;
    });
    if (spec.quirks.totalsRow === 'formula') sheet.getCell(r, 1).value = 'Итого';
    r++;
  }
  const validation = spec.quirks?.validation;
  if (validation) {
    const index = spec.columns.findIndex((c) => c.header === validation.header);
    const letter = String.fromCharCode(64 + columnOf(index));
    let formula = `"${validation.values.join(',')}"`;
    if (validation.via !== 'inline') {
      const lists = workbook.addWorksheet('Справочник');
      validation.values.forEach((value, i) => {
        lists.getCell(i + 1, 1).value = value;
      });
      formula = `'Справочник'!$A$1:$A$${validation.values.length}`;
      if (validation.via === 'name') {
        workbook.definedNames.add(`'Справочник'!$A$1:$A$${validation.values.length}`, 'Stages');
        formula = 'Stages';
      }
    }
    // exceljs writes list validations, but its typings omit `dataValidations`.
    const validations = (sheet as unknown as { dataValidations: { add: (range: string, rule: ExcelJS.DataValidation) => void } }).dataValidations;
    validations.add(`${letter}${firstDataRow}:${letter}${firstDataRow + 500}`, { type: 'list', allowBlank: true, formulae: [formula] });
  }
  const pivot = spec.quirks?.pivotSheet;
  if (pivot) {
    const index = spec.columns.findIndex((c) => c.header === pivot.column);
    const counts = new Map<string, number>();
    for (const row of rows) {
      const value = row[index];
      if (typeof value === 'string' && value !== '') counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    const summary = workbook.addWorksheet(pivot.name);
    summary.addRow(pivot.header);
    const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    for (const [value, n] of sorted) summary.addRow([value, n]);
    summary.addRow(['Total', { formula: `SUM(B2:B${sorted.length + 1})`, result: rows.length }]);
  }
  const lookup = spec.quirks?.lookupSheet;
  if (lookup) {
    const lists = workbook.addWorksheet(lookup.name);
    lists.getCell(1, 1).value = lookup.header;
    lookup.values.forEach((value, i) => {
      lists.getCell(i + 2, 1).value = value;
    });
  }
  await workbook.xlsx.writeFile(path);
}

/** Generates every tracker (the corpus by default) into `dir` and returns the specs with their file paths. */
export async function generateCorpus(dir: string, trackers: TrackerSpec[] = TRACKERS): Promise<{ spec: TrackerSpec; path: string }[]> {
  await mkdir(dir, { recursive: true });
  const out: { spec: TrackerSpec; path: string }[] = [];
  for (const spec of trackers) {
    const path = join(dir, spec.file);
    if (spec.format === 'csv') await writeCsv(spec, path);
    else await writeXlsx(spec, path);
    out.push({ spec, path });
  }
  return out;
}
