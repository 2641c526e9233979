import { cellText, isBlankCell } from './cell-text';
import type { Cell, ReadWarning, SheetTable, TableChoice, ValidationList } from './types';

const HEADER_SEARCH_ROWS = 30;
// `\b` is ASCII-only in JS, so the word end is spelled out for Cyrillic.
const TOTALS_WORDS = /^(итого|всего|итог|total|totals|grand total|sum|сумма итого)(?![\p{L}\p{N}])/iu;

/**
 * Finds the table region in a raw grid of cells (row-major, source order).
 *
 * The header is the first row, among the first 30, that is as wide as the
 * widest row nearby and made of distinct text; rows above it are title rows.
 * Blank rows and columns are dropped, a totals row at the bottom is excluded,
 * and empty or duplicate headers get clear names. Every decision is reported
 * as a warning. A person's `choice` of header row and skipped rows, when
 * given, replaces the header search and the totals-row check.
 */
export function locateTable(name: string, grid: Cell[][], validationsBySourceColumn: Map<number, string[]> = new Map(), firstRowNumber = 1, choice?: TableChoice): SheetTable {
  const warnings: ReadWarning[] = [];
  const filled = (row: Cell[] | undefined): number => (row ? row.reduce<number>((n, cell) => n + (isBlankCell(cell) ? 0 : 1), 0) : 0);

  let firstNonBlank = grid.findIndex((row) => filled(row) > 0);
  if (firstNonBlank < 0) {
    return { name, headerRow: 0, headers: [], columnNumbers: [], rows: [], rowNumbers: [], validations: [], warnings };
  }
  const window = grid.slice(firstNonBlank, firstNonBlank + HEADER_SEARCH_ROWS);
  const widest = Math.max(...window.map(filled));
  let headerIndex = firstNonBlank;
  const chosenIndex = choice ? choice.headerRow - firstRowNumber : -1;
  if (choice && chosenIndex >= firstNonBlank && chosenIndex < grid.length) headerIndex = chosenIndex;
  else for (let i = firstNonBlank; i < Math.min(grid.length, firstNonBlank + HEADER_SEARCH_ROWS); i++) {
    const row = grid[i]!;
    const count = filled(row);
    if (count < Math.max(1, Math.ceil(widest * 0.6))) continue;
    const texts = row.filter((cell) => !isBlankCell(cell));
    const allText = texts.every((cell) => typeof cell === 'string' || (typeof cell === 'object' && cell !== null && typeof cell.value === 'string' && cell.kind !== 'date'));
    // Real headers repeat names sometimes ("Status", "Status"; renamed below), so half distinct is enough;
    // a group row whose labels repeat over their columns is joined with the row below it instead.
    const distinct = new Set(texts.map((cell) => cellText(cell).trim().toLowerCase())).size >= texts.length * 0.5;
    if (allText && distinct) {
      headerIndex = i;
      break;
    }
  }
  // A two-row header: group labels ("Сроки") over the real headers ("Дата начала").
  let groupIndex = -1;
  // A person's choice keeps the join it names: the group row must stand above the header, among the sheet's rows.
  if (choice) groupIndex = choice.groupRow !== undefined && choice.groupRow - firstRowNumber >= firstNonBlank && choice.groupRow - firstRowNumber < headerIndex && filled(grid[choice.groupRow - firstRowNumber]) > 0 ? choice.groupRow - firstRowNumber : -1;
  else if (headerIndex > firstNonBlank && isGroupRow(grid[headerIndex - 1]!, grid[headerIndex]!, grid, headerIndex)) groupIndex = headerIndex - 1;
  else if (headerIndex + 1 < grid.length && isGroupRow(grid[headerIndex]!, grid[headerIndex + 1]!, grid, headerIndex + 1)) groupIndex = headerIndex++;
  const lastTitleRow = groupIndex >= 0 ? groupIndex : headerIndex;
  if (lastTitleRow > firstNonBlank) {
    warnings.push({ code: 'TITLE_ROWS_SKIPPED', rows: range(firstRowNumber + firstNonBlank, firstRowNumber + lastTitleRow - 1) });
  }
  if (groupIndex >= 0) {
    warnings.push({
      code: 'HEADER_ROWS_JOINED',
      params: { groupRow: firstRowNumber + groupIndex, headerRow: firstRowNumber + headerIndex },
      rows: [firstRowNumber + groupIndex, firstRowNumber + headerIndex],
    });
  }
  const setAside: { rowNumber: number; cells: Cell[] }[] = [];
  for (let i = firstNonBlank; i <= headerIndex; i++) if (filled(grid[i]) > 0) setAside.push({ rowNumber: firstRowNumber + i, cells: grid[i]! });
  const skipped = new Set(choice?.skippedRows ?? []);
  firstNonBlank = headerIndex;

  const headerRow = grid[headerIndex]!;
  const body = grid.slice(headerIndex + 1);
  // A loop, not Math.max(...lengths): spreading 100,000s of arguments is slow and overflows the stack on big sheets.
  let width = headerRow.length;
  for (const row of body) if (row.length > width) width = row.length;
  const keptColumns: number[] = [];
  const droppedColumns: number[] = [];
  for (let col = 0; col < width; col++) {
    const used = !isBlankCell(headerRow[col]) || body.some((row) => !isBlankCell(row[col]));
    (used ? keptColumns : droppedColumns).push(col);
  }
  const interiorDropped = droppedColumns.filter((col) => col < (keptColumns.at(-1) ?? -1));
  if (interiorDropped.length > 0) {
    warnings.push({ code: 'BLANK_COLUMNS_DROPPED', params: { columns: interiorDropped.map(columnLetter) } });
  }

  const rows: Cell[][] = [];
  const rowNumbers: number[] = [];
  const blankRows: number[] = [];
  // With no column dropped, a row is padded to the width in place rather than copied:
  // the grid is this reader's own, and a copy of every row doubles the table's arrays.
  const allKept = keptColumns.length === width;
  body.forEach((row, offset) => {
    const rowNumber = firstRowNumber + headerIndex + 1 + offset;
    if (!row.some((cell) => !isBlankCell(cell))) {
      blankRows.push(rowNumber);
      return;
    }
    if (skipped.has(rowNumber)) {
      setAside.push({ rowNumber, cells: row });
      return;
    }
    if (allKept) {
      for (let col = 0; col < width; col++) if (row[col] === undefined) row[col] = null;
      rows.push(row);
    } else rows.push(keptColumns.map((col) => row[col] ?? null));
    rowNumbers.push(rowNumber);
  });
  const interiorBlank = blankRows.filter((n) => n < (rowNumbers.at(-1) ?? 0));
  if (interiorBlank.length > 0) {
    warnings.push({ code: 'BLANK_ROWS_DROPPED', rows: interiorBlank });
  }

  const last = rows.at(-1);
  if (!choice && last && isTotalsRow(last)) {
    const rowNumber = rowNumbers.at(-1)!;
    setAside.push({ rowNumber, cells: body[rowNumber - firstRowNumber - headerIndex - 1]! });
    rows.pop();
    rowNumbers.pop();
    warnings.push({ code: 'TOTALS_ROW_EXCLUDED', params: { row: rowNumber }, rows: [rowNumber] });
  }

  const joined = groupIndex >= 0 ? joinHeaderRows(grid[groupIndex]!, headerRow, width) : null;
  const headers = nameHeaders(keptColumns.map((col) => (joined ? joined[col]! : cellText(headerRow[col] ?? null))), keptColumns, warnings);
  const validations: ValidationList[] = [];
  keptColumns.forEach((col, index) => {
    const values = validationsBySourceColumn.get(col + 1);
    if (values) validations.push({ column: index, values });
  });
  return {
    name,
    headerRow: firstRowNumber + headerIndex,
    headers,
    columnNumbers: keptColumns.map((col) => col + 1),
    rows,
    rowNumbers,
    validations,
    warnings,
    setAside,
  };
}

const texty = (cell: Cell | undefined): boolean =>
  typeof cell === 'string' || (typeof cell === 'object' && cell !== null && typeof cell.value === 'string' && cell.kind !== 'date' && cell.kind !== 'datetime');
// A number, a date or an amount: a data value, never a header.
const VALUE_SHAPED = /^[\d\s.,:;/%+\-−–₽$€]+$|^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}/;

/**
 * True when `upper` is a row of group labels over the header row `lower`:
 * every label either stands
 * over two or more headers (the cells to its right are blank or repeat it) or
 * is a header merged down over both rows (repeated below, or blank below as a
 * csv export has it), and at least one is a group; every label is short
 * header text, `lower` is header text too, and none of `lower`'s texts recurs
 * in its column in the rows below (data values repeat; headers do not).
 */
function isGroupRow(upper: Cell[], lower: Cell[], grid: Cell[][], lowerIndex: number): boolean {
  const width = Math.max(upper.length, lower.length);
  const labels = upper.filter((cell) => !isBlankCell(cell));
  const subs = lower.filter((cell) => !isBlankCell(cell));
  if (labels.length < 2 || subs.length < 2) return false;
  if (!labels.every((cell) => texty(cell) && isLabel(cellText(cell).trim()))) return false;
  if (!subs.every((cell) => texty(cell) && !VALUE_SHAPED.test(cellText(cell).trim()))) return false;
  // Every label either starts a group (blank or repeated cells to its right over headers), or
  // is a header merged down over both rows (repeated below, or blank below in a csv export).
  let spans = 0;
  for (let c = 0; c < width; c++) {
    const label = isBlankCell(upper[c]) ? '' : cellText(upper[c]!).trim();
    if (label === '' || isBlankCell(lower[c]) || cellText(lower[c]!).trim() === label) continue;
    if (c > 0 && !isBlankCell(upper[c - 1]) && cellText(upper[c - 1]!).trim() === label) continue; // a repeated group label
    const next = isBlankCell(upper[c + 1]) ? '' : cellText(upper[c + 1]!).trim();
    if ((next === '' || next === label) && !isBlankCell(lower[c + 1])) spans++;
    else return false;
  }
  if (spans === 0) return false;
  const below = grid.slice(lowerIndex + 1, lowerIndex + 31);
  for (let c = 0; c < lower.length; c++) {
    if (isBlankCell(lower[c])) continue;
    const text = cellText(lower[c]!).trim().toLowerCase();
    if (below.some((row) => !isBlankCell(row[c]) && cellText(row[c]!).trim().toLowerCase() === text)) return false;
  }
  return true;
}

/** Short header text: a group label, not a report title or a period line. */
function isLabel(text: string): boolean {
  return text.length <= 40 && !/\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}/.test(text);
}

/**
 * Per column, the header of a two-row header: "Group / Header" under a group
 * label (which also covers the blank cells to its right while headers continue
 * below), the lower text alone where no group stands over it, and the upper
 * text alone where the lower cell is blank or repeats it (a header merged down).
 */
function joinHeaderRows(upper: Cell[], lower: Cell[], width: number): string[] {
  const out: string[] = [];
  let group = '';
  for (let c = 0; c < width; c++) {
    const u = isBlankCell(upper[c]) ? '' : cellText(upper[c]!).replace(/\s+/g, ' ').trim();
    const l = isBlankCell(lower[c]) ? '' : cellText(lower[c]!).replace(/\s+/g, ' ').trim();
    if (u !== '' && u !== group) group = l !== '' && l !== u ? u : '';
    else if (u === '' && l === '') group = '';
    if (l === '') out.push(u);
    else if (group !== '' && l !== group) out.push(`${group} / ${l}`);
    else out.push(l);
  }
  return out;
}

function isTotalsRow(row: Cell[]): boolean {
  const first = row.find((cell) => !isBlankCell(cell));
  if (first !== undefined && TOTALS_WORDS.test(cellText(first).trim())) return true;
  return row.some((cell) => typeof cell === 'object' && cell !== null && cell.kind === 'formula' && /^\s*=?\s*(SUM|SUBTOTAL)\(/i.test(cell.formula ?? ''));
}

function nameHeaders(raw: string[], sourceColumns: number[], warnings: ReadWarning[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((text, index) => {
    let header = text.replace(/\s+/g, ' ').trim();
    if (header === '') {
      const letter = columnLetter(sourceColumns[index] ?? index);
      header = `Column ${letter}`;
      warnings.push({ code: 'HEADER_RENAMED', params: { reason: 'empty', letter, header: '', renamed: header }, column: header });
    }
    const key = header.toLowerCase();
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    if (count > 1) {
      const renamed = `${header} (${count})`;
      const letter = columnLetter(sourceColumns[index] ?? index);
      warnings.push({ code: 'HEADER_RENAMED', params: { reason: 'duplicate', letter, header, renamed }, column: renamed });
      header = renamed;
    }
    return header;
  });
}

/** Spreadsheet column letters for a 0-based index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
