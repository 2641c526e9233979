import { AppError } from '../../base/errors/errors';
import { inSlices } from '../../base/jobs/in-slices';
import type { Mapping } from '../mapping/types';
import { effectiveCell, emptyPreparedRows, mappedCellReader, overridesByKey, rowEditsOf, rowKeys } from '../plan/prepare-rows';
import { placeRowEdits, rowAnchor, rowFingerprinter, type PlacedEdits } from '../plan/row-anchor';
import { cellText } from '../spreadsheet/cell-text';
import type { Cell, SheetTable } from '../spreadsheet/types';
import type { MappingPreview, PreviewCell, PreviewRow } from './types';

/** Which rows of the preview to return. */
export interface PreviewWindow {
  /** First row of the window, counted within the filter. */
  from: number;
  count: number;
  /** Only rows with a cell that cannot be sent. */
  problemsOnly: boolean;
}

/** Everything about a sheet under one mapping that does not depend on the window; computed once per mapping. */
export interface PreviewIndex {
  keys: string[];
  keyProblem?: string;
  /** Indexes of the rows with at least one cell that cannot be sent, ascending. */
  problemRows: number[];
  /** Row-tied edits placed on their rows (edits by key are looked up by `keys`). */
  placed: PlacedEdits;
  /** While the key cannot tell rows apart: each row's fingerprint, and how many rows hold each (for the anchors of new edits). */
  prints?: { rows: string[]; copies: Map<string, number> };
  editedCells: number;
  staleEdits: number;
}

/**
 * Reads every row once under the mapping and notes which rows have a cell
 * that cannot be sent, so the "problems only" filter can page through them.
 * Unusable keys (duplicates, blanks) do not stop the preview: rows are
 * still shown and can be edited (such edits are tied to the sheet row, not
 * the key), and the problem is returned for the screen to explain.
 */
export function indexPreview(table: SheetTable, mapping: Mapping): PreviewIndex {
  const indexing = startIndexing(table, mapping);
  indexing.read(0, table.rows.length);
  return indexing.finish();
}

/** Rows read between yields by `indexPreviewAsync`. */
const INDEX_SLICE = 4096;

/** `indexPreview` a slice of rows at a time, yielding between slices, for the app's host; stops at `signal`. */
export async function indexPreviewAsync(table: SheetTable, mapping: Mapping, signal: AbortSignal): Promise<PreviewIndex> {
  signal.throwIfAborted();
  const indexing = startIndexing(table, mapping);
  await inSlices(table.rows.length, INDEX_SLICE, signal, indexing.read);
  return indexing.finish();
}

function startIndexing(table: SheetTable, mapping: Mapping): { read: (from: number, to: number) => void; finish: () => PreviewIndex } {
  let keys: string[];
  let keyProblem: string | undefined;
  try {
    keys = rowKeys(table, mapping);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    keys = table.rows.map(() => '');
    keyProblem = error.message;
  }
  // Edits by key need keys that tell rows apart; edits tied to a sheet row do not.
  const edits = overridesByKey(keyProblem === undefined ? mapping.overrides : undefined);
  const placed = placeRowEdits(table, mapping);
  const columnIndexes = mapping.columns.map((column) => table.headers.indexOf(column.header));
  const scratch = emptyPreparedRows();
  const read = mappedCellReader(mapping);
  const problemRows: number[] = [];
  let editedCells = 0;
  let staleEdits = placed.lost.length;
  const print = keyProblem === undefined ? undefined : rowFingerprinter(table, mapping);
  const prints = print ? { rows: [] as string[], copies: new Map<string, number>() } : undefined;
  const readRow = (cells: readonly Cell[], i: number): void => {
    const sourceRow = table.rowNumbers[i] ?? i + 1;
    if (print && prints) {
      const cellsPrint = print(i);
      prints.rows[i] = cellsPrint;
      prints.copies.set(cellsPrint, (prints.copies.get(cellsPrint) ?? 0) + 1);
    }
    const rowEdits = rowEditsOf(edits, placed, keys[i]!, i);
    let problem = false;
    mapping.columns.forEach((column, c) => {
      if (column.target.kind === 'skip') return;
      const index = columnIndexes[c] ?? -1;
      const { cell, state } = effectiveCell(index < 0 ? null : (cells[index] ?? null), rowEdits?.get(column.header));
      if (state === 'edited') editedCells++;
      if (state === 'stale') staleEdits++;
      if (!problem && !read(column, cell, scratch, sourceRow).ok) problem = true;
    });
    if (problem) problemRows.push(i);
  };
  return {
    read(from, to) {
      for (let i = from; i < to; i++) readRow(table.rows[i]!, i);
    },
    finish() {
      const index: PreviewIndex = { keys, problemRows, placed, editedCells, staleEdits };
      if (keyProblem !== undefined) index.keyProblem = keyProblem;
      if (prints) index.prints = prints;
      return index;
    },
  };
}

/**
 * A window of the rows as they will be sent: per sent column the text read
 * (the sheet's, or a preview edit's), the field values it becomes, or why
 * it cannot be sent. Every cell of a row is checked, not only the first bad one.
 */
export function previewRows(table: SheetTable, mapping: Mapping, index: PreviewIndex, window: PreviewWindow): MappingPreview {
  const sent = mapping.columns.map((column, c) => ({ column, c })).filter(({ column }) => column.target.kind !== 'skip');
  const columnIndexes = mapping.columns.map((column) => table.headers.indexOf(column.header));
  const edits = overridesByKey(index.keyProblem === undefined ? mapping.overrides : undefined);
  const total = window.problemsOnly ? index.problemRows.length : table.rows.length;
  const from = Math.max(0, Math.min(window.from, total));
  const to = Math.min(total, from + Math.max(0, window.count));
  const scratch = emptyPreparedRows();
  const read = mappedCellReader(mapping);
  const rows: PreviewRow[] = [];
  for (let position = from; position < to; position++) {
    const i = window.problemsOnly ? index.problemRows[position]! : position;
    const cells = table.rows[i] ?? [];
    const sourceRow = table.rowNumbers[i] ?? i + 1;
    const rowEdits = rowEditsOf(edits, index.placed, index.keys[i]!, i);
    rows.push({
      index: i,
      sourceRow,
      key: index.keys[i] ?? '',
      ...(index.prints ? { anchor: rowAnchor(table, i, index.prints.rows[i]!, index.prints.copies.get(index.prints.rows[i]!) ?? 1) } : {}),
      cells: sent.map(({ column, c }) => {
        const sheetCell: Cell = (columnIndexes[c] ?? -1) < 0 ? null : (cells[columnIndexes[c]!] ?? null);
        const edit = rowEdits?.get(column.header);
        const { cell, state } = effectiveCell(sheetCell, edit);
        const reading = read(column, cell, scratch, sourceRow);
        const out: PreviewCell = { text: cellText(cell).trim() };
        if (reading.ok) out.sent = reading.value;
        else {
          out.error = reading.reason;
          if (reading.problem !== undefined) out.problem = reading.problem;
        }
        if (edit !== undefined) out.edit = { value: edit.value, sheetValue: edit.sheetValue, stale: state === 'stale', ...(edit.row ? { row: edit.row } : {}) };
        return out;
      }),
    });
  }
  const preview: MappingPreview = {
    columns: sent.map(({ column }) => column.header),
    keyColumns: [...mapping.key.columns],
    lockedColumns: mapping.key.kind === 'fingerprint' ? [] : [...mapping.key.columns],
    total,
    rows: table.rows.length,
    problemRows: index.problemRows.length,
    editedCells: index.editedCells,
    staleEdits: index.staleEdits,
    window: rows,
  };
  if (index.keyProblem !== undefined) preview.keyProblem = index.keyProblem;
  return preview;
}
