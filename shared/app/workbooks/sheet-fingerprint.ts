import { createHash } from 'node:crypto';
import { cellText } from '../../sheet/spreadsheet/cell-text';
import type { Cell, SheetTable } from '../../sheet/spreadsheet/types';

/**
 * A hash of what a sheet says, as the reader found it: its name and every
 * non-blank row's cell texts at their source rows and columns. A workbook
 * saved again with the same content has other bytes (a new timestamp, a
 * reordered archive) but the same fingerprint; any changed cell changes it.
 */
export function sheetFingerprint(table: SheetTable): string {
  const hash = createHash('sha256');
  hash.update(`${table.name}\u0000`);
  const rows: { rowNumber: number; cells: (Cell | undefined)[] }[] = [...(table.setAside ?? [])];
  table.rows.forEach((row, index) => {
    const cells: (Cell | undefined)[] = [];
    table.columnNumbers.forEach((column, c) => (cells[column - 1] = row[c]));
    rows.push({ rowNumber: table.rowNumbers[index]!, cells });
  });
  rows.sort((a, b) => a.rowNumber - b.rowNumber);
  for (const { rowNumber, cells } of rows) {
    // Blank cells at the end of a row are not content: writers differ in whether they store them.
    const texts = Array.from(cells, (cell) => cellText(cell ?? null));
    while (texts.length > 0 && texts.at(-1) === '') texts.pop();
    hash.update(`${rowNumber}\u0001${texts.join('\u0001')}\u0002`);
  }
  return hash.digest('base64url');
}
