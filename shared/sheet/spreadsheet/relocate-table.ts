import { locateTable } from './locate-table';
import type { Cell, SheetTable, TableChoice } from './types';

/**
 * The sheet's table located again under the person's choice of header row and
 * skipped rows (or, with no choice, as the reader found it), from the table
 * itself: its rows and the rows it set aside are put back at their source
 * rows and columns, so the file is not read again.
 */
export function relocateTable(table: SheetTable, choice: TableChoice | undefined): SheetTable {
  const placed: { rowNumber: number; cells: Cell[] }[] = [...(table.setAside ?? [])];
  // Rows whose columns were all kept are the source rows themselves; others are spread back to their source columns.
  const sameColumns = table.columnNumbers.every((column, index) => column === index + 1);
  table.rows.forEach((row, index) => {
    let cells = row;
    if (!sameColumns) {
      cells = [];
      table.columnNumbers.forEach((column, c) => (cells[column - 1] = row[c] ?? null));
    }
    placed.push({ rowNumber: table.rowNumbers[index]!, cells });
  });
  let lastRow = 0;
  for (const { rowNumber } of placed) if (rowNumber > lastRow) lastRow = rowNumber;
  const grid: Cell[][] = Array.from({ length: lastRow }, () => []);
  for (const { rowNumber, cells } of placed) grid[rowNumber - 1] = cells;
  const validations = new Map(table.validations.map((list) => [table.columnNumbers[list.column]!, list.values]));
  return locateTable(table.name, grid, validations, 1, choice);
}

/** The choice that reproduces a located table: its header row, the group row joined over it, and the rows below it that it set aside. */
export function currentChoice(table: SheetTable): TableChoice {
  const groupRow = joinedGroupRow(table);
  return {
    headerRow: table.headerRow,
    skippedRows: (table.setAside ?? []).map((row) => row.rowNumber).filter((rowNumber) => rowNumber > table.headerRow),
    ...(groupRow !== undefined ? { groupRow } : {}),
  };
}

/** The row of group labels joined into the table's header, when its header is two rows. */
export function joinedGroupRow(table: SheetTable): number | undefined {
  for (const warning of table.warnings) if (warning.code === 'HEADER_ROWS_JOINED') return warning.params.groupRow;
  return undefined;
}
