import type { CellOverride } from './types';

/** True when two preview edits are of the same cell: the same column of the same row key, or of the same sheet row. */
export function sameEditedCell(a: CellOverride, b: CellOverride): boolean {
  if (a.column !== b.column) return false;
  if (a.row !== undefined || b.row !== undefined) return a.row !== undefined && b.row !== undefined && a.row.index === b.row.index && a.row.cells === b.row.cells;
  return a.key === b.key;
}
