import { createHash } from 'node:crypto';
import type { CellOverride, Mapping, RowAnchor } from '../mapping/types';
import { cellText } from '../spreadsheet/cell-text';
import type { SheetTable } from '../spreadsheet/types';

/**
 * A fingerprint of one row's own cells: the non-empty texts of the mapping's
 * columns by header (column order and empty cells do not count, so moving a
 * column or adding an empty one leaves it as it was).
 */
export function rowFingerprint(table: SheetTable, index: number, mapping: Mapping): string {
  return rowFingerprinter(table, mapping)(index);
}

/** `rowFingerprint` set up once for a table and mapping, for many rows. */
export function rowFingerprinter(table: SheetTable, mapping: Mapping): (index: number) => string {
  const columns = [...new Set(mapping.columns.map((column) => column.header))]
    .sort()
    .map((header) => ({ header, index: table.headers.indexOf(header) }))
    .filter((column) => column.index >= 0);
  return (index) => {
    const row = table.rows[index] ?? [];
    const pairs = columns.flatMap((column) => {
      const text = cellText(row[column.index] ?? null).trim();
      return text === '' ? [] : [[column.header, text]];
    });
    return createHash('sha256').update(JSON.stringify(pairs)).digest('base64url').slice(0, 16);
  };
}

/** The anchor of row `index` whose cells' fingerprint is `cells`, held by `copies` rows of the table. */
export function rowAnchor(table: SheetTable, index: number, cells: string, copies: number): RowAnchor {
  return { index, sourceRow: table.rowNumbers[index] ?? index + 1, cells, ...(copies > 1 ? { copies } : {}) };
}

/** Row-tied preview edits placed on the table's rows, and those whose row is no longer there as it was. */
export interface PlacedEdits {
  /** Row index → column → edit. */
  byRow: Map<number, Map<string, CellOverride>>;
  /** Edits whose row changed (no row holds its cells, or several identical rows do and none at its place). */
  lost: CellOverride[];
}

/**
 * Finds the row of every row-tied edit: the row at its place while it holds
 * the cells it held, else the one row elsewhere that holds them when the
 * edited row had no identical twin. Otherwise the edit is lost rather than
 * guessed onto another row.
 */
export function placeRowEdits(table: SheetTable, mapping: Mapping): PlacedEdits {
  const byRow = new Map<number, Map<string, CellOverride>>();
  const lost: CellOverride[] = [];
  const tied = (mapping.overrides ?? []).filter((edit) => edit.row !== undefined);
  if (tied.length === 0) return { byRow, lost };
  const print = rowFingerprinter(table, mapping);
  const known = new Map<number, string>();
  const at = (index: number): string => {
    let value = known.get(index);
    if (value === undefined) known.set(index, (value = print(index)));
    return value;
  };
  let rowsByPrint: Map<string, number[]> | undefined;
  const rowsHolding = (cells: string): number[] => {
    if (!rowsByPrint) {
      rowsByPrint = new Map();
      for (let i = 0; i < table.rows.length; i++) {
        const rows = rowsByPrint.get(at(i)) ?? [];
        rows.push(i);
        rowsByPrint.set(at(i), rows);
      }
    }
    return rowsByPrint.get(cells) ?? [];
  };
  for (const edit of tied) {
    const anchor = edit.row!;
    let index: number | undefined;
    if (anchor.index < table.rows.length && at(anchor.index) === anchor.cells) index = anchor.index;
    else if ((anchor.copies ?? 1) === 1) {
      const holding = rowsHolding(anchor.cells);
      if (holding.length === 1) index = holding[0];
    }
    if (index === undefined) {
      lost.push(edit);
      continue;
    }
    const row = byRow.get(index) ?? new Map<string, CellOverride>();
    row.set(edit.column, edit);
    byRow.set(index, row);
  }
  return { byRow, lost };
}
