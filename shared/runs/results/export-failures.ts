import ExcelJS from 'exceljs';
import type { RowFailure } from '../../sheet/plan/types';
import { cellText } from '../../sheet/spreadsheet/cell-text';
import type { Cell, SheetTable } from '../../sheet/spreadsheet/types';

/** The column the export adds: why each row was not created. */
export const REASON_HEADER = 'Why it was not created';

function plainValue(cell: Cell): string | number | boolean | Date | null {
  if (cell === null || typeof cell === 'string' || typeof cell === 'number' || typeof cell === 'boolean') return cell;
  if (cell.kind === 'date' || cell.kind === 'datetime') return new Date(`${String(cell.value)}${cell.kind === 'date' ? 'T00:00:00' : ''}Z`);
  if (typeof cell.value === 'number' || typeof cell.value === 'boolean') return cell.value;
  return cellText(cell);
}

/**
 * The rows that failed, as an xlsx the person can fix and feed back: the
 * sheet's own header and cells, plus a column saying why. Text that Excel
 * could take for a formula (`=`, `+`, `-`, `@`) is written as a text cell
 * with the text format, so opening the file never runs anything.
 */
export async function exportFailures(table: SheetTable, failures: readonly RowFailure[]): Promise<Uint8Array> {
  const reasons = new Map<number, string[]>();
  for (const failure of failures) reasons.set(failure.row, [...(reasons.get(failure.row) ?? []), failure.message]);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(table.name.slice(0, 31) || 'Failures');
  sheet.addRow([...table.headers, REASON_HEADER]).font = { bold: true };
  table.rows.forEach((cells, index) => {
    const rowNumber = table.rowNumbers[index]!;
    const why = reasons.get(rowNumber);
    if (!why) return;
    const row = sheet.addRow([...table.headers.map((_, column) => plainValue(cells[column] ?? null)), why.join(' ')]);
    row.eachCell((cell) => {
      if (typeof cell.value === 'string' && /^[=+\-@\t\r]/.test(cell.value)) cell.numFmt = '@';
      if (cell.value instanceof Date) cell.numFmt = 'yyyy-mm-dd';
    });
  });
  sheet.getColumn(table.headers.length + 1).width = 60;
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}
