import type { Cell, SheetTable } from '../../../shared/sheet/spreadsheet/types';

/** A sheet table built in memory: header row 1, data from row 2. */
export function table(headers: string[], rows: Cell[][], name = 'Sheet1'): SheetTable {
  return {
    name,
    headerRow: 1,
    headers,
    columnNumbers: headers.map((_, i) => i + 1),
    rows,
    rowNumbers: rows.map((_, i) => i + 2),
    validations: [],
    warnings: [],
  };
}
