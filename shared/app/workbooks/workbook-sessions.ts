import { randomUUID } from 'node:crypto';
import { AppError } from '../../base/errors/errors';
import type { LayoutRow, RowsPage, SheetLayout, SheetSummary, WorkbookSummary } from '../api/contract';
import { inferSchemaAsync, type InferProgress } from '../../sheet/inference/infer-schema';
import type { Schema } from '../../sheet/inference/types';
import { cellText } from '../../sheet/spreadsheet/cell-text';
import type { SheetTable, TableChoice, Workbook } from '../../sheet/spreadsheet/types';
import { currentChoice, relocateTable } from '../../sheet/spreadsheet/relocate-table';

/** Rows of a sheet the layout chooser shows raw: from the top, and at the bottom where totals stand. */
const LAYOUT_TOP_ROWS = 30;
const LAYOUT_BOTTOM_ROWS = 5;

/**
 * The workbooks a UI session has open, kept in memory by id.
 *
 * Only the most recent few are kept: a person works on one file at a time,
 * and a 100,000-row sheet is tens of megabytes.
 */
export interface WorkbookSessions {
  add(workbook: Workbook, sizeBytes: number, sourcePath: string): WorkbookSummary;
  /** Where the copy of the opened file is kept (see `keepSourceCopy`). */
  sourcePath(workbookId: string): string;
  get(workbookId: string): Workbook;
  /** One sheet's table; `SHEET_NOT_FOUND` names the sheets there are. */
  table(workbookId: string, sheet: string): SheetTable;
  rows(workbookId: string, sheet: string, offset: number, limit: number): RowsPage;
  /**
   * The inferred schema of a sheet, computed once and kept with the workbook.
   * It is computed in slices (`inferSchemaAsync`), so other requests are
   * served meanwhile; callers asking while it runs share the run, and each
   * gets its progress from then on. Closing the workbook stops it.
   */
  schema(workbookId: string, sheet: string, onProgress?: (progress: InferProgress) => void): Promise<Schema>;
  /** How a sheet's table was located, with its first and last rows raw, for the person to change. */
  layout(workbookId: string, sheet: string): SheetLayout;
  /**
   * Locates the sheet's table again under the person's choice of header row
   * and skipped rows (`null`: as the reader found it). The sheet's schema is
   * inferred again on the next request.
   */
  chooseTable(workbookId: string, sheet: string, choice: TableChoice | null): SheetSummary;
  /** The person's choice in force for a sheet, undefined when its table is as the reader found it; a migration reads the file again with it. */
  choiceOf(workbookId: string, sheet: string): TableChoice | undefined;
  close(workbookId: string): boolean;
}

function sheetSummary(sheet: SheetTable): SheetSummary {
  return { name: sheet.name, headerRow: sheet.headerRow, headers: sheet.headers, rowCount: sheet.rows.length, warnings: sheet.warnings };
}

/** One sheet's inference: its result, and who hears its progress while it runs. */
interface SchemaRun {
  result: Promise<Schema>;
  listeners: Set<(progress: InferProgress) => void>;
  /** The latest progress, for a caller that joins mid-way. */
  last: () => InferProgress | undefined;
}

/** Creates a `WorkbookSessions` that keeps at most `capacity` workbooks. */
export function createWorkbookSessions(capacity = 3): WorkbookSessions {
  const open = new Map<string, Workbook>();
  const sources = new Map<string, string>();
  // Per workbook, the tables as the reader found them, for sheets whose table the person chose otherwise.
  const found = new Map<string, Map<string, SheetTable>>();
  const schemas = new Map<string, Map<string, SchemaRun>>();
  const stops = new Map<string, AbortController>();
  const forget = (workbookId: string): void => {
    stops.get(workbookId)?.abort();
    stops.delete(workbookId);
    schemas.delete(workbookId);
    found.delete(workbookId);
  };

  const get = (workbookId: string): Workbook => {
    const workbook = open.get(workbookId);
    if (!workbook) {
      throw new AppError('WORKBOOK_NOT_FOUND', 'This file is no longer open (the app was restarted or another file replaced it).', {
        hint: 'Drop the file again.',
      });
    }
    return workbook;
  };

  const sheetOf = (workbook: Workbook, name: string): SheetTable => {
    const sheet = workbook.sheets.find((candidate) => candidate.name === name);
    if (!sheet) {
      throw new AppError('SHEET_NOT_FOUND', `“${workbook.fileName}” has no sheet named “${name}”.`, {
        hint: `Pick one of: ${workbook.sheets.map((s) => s.name).join(', ')}.`,
        where: { file: workbook.fileName, sheet: name },
      });
    }
    return sheet;
  };

  return {
    add(workbook, sizeBytes, sourcePath) {
      const workbookId = randomUUID();
      open.set(workbookId, workbook);
      sources.set(workbookId, sourcePath);
      while (open.size > capacity) {
        const oldest = open.keys().next().value as string;
        open.delete(oldest);
        forget(oldest);
        sources.delete(oldest);
      }
      const defaultSheet = workbook.sheets.find((sheet) => sheet.rows.length > 0) ?? workbook.sheets[0];
      const summary: WorkbookSummary = {
        workbookId,
        fileName: workbook.fileName,
        format: workbook.format,
        sizeBytes,
        sheets: workbook.sheets.map(sheetSummary),
        defaultSheet: defaultSheet?.name ?? '',
      };
      if (workbook.encoding !== undefined) summary.encoding = workbook.encoding;
      if (workbook.delimiter !== undefined) summary.delimiter = workbook.delimiter;
      return summary;
    },
    get,
    sourcePath(workbookId) {
      get(workbookId);
      return sources.get(workbookId)!;
    },
    table: (workbookId, name) => sheetOf(get(workbookId), name),
    rows(workbookId, name, offset, limit) {
      const sheet = sheetOf(get(workbookId), name);
      const end = Math.min(sheet.rows.length, offset + limit);
      const rows = [];
      for (let i = offset; i < end; i++) {
        rows.push({ rowNumber: sheet.rowNumbers[i]!, cells: sheet.rows[i]!.map(cellText) });
      }
      return { sheet: name, offset, total: sheet.rows.length, rows };
    },
    schema(workbookId, name, onProgress) {
      const workbook = get(workbookId);
      const table = sheetOf(workbook, name);
      let cached = schemas.get(workbookId);
      if (!cached) schemas.set(workbookId, (cached = new Map()));
      let run = cached.get(name);
      if (!run) {
        let stop = stops.get(workbookId);
        if (!stop) stops.set(workbookId, (stop = new AbortController()));
        // Other sheets may list a column's values (a lookup sheet), which orders stages and enumerations.
        const lookups = workbook.sheets.filter((sheet) => sheet !== table).map((sheet) => ({ name: sheet.name, headers: sheet.headers, rows: sheet.rows }));
        const listeners = new Set<(progress: InferProgress) => void>();
        let last: InferProgress | undefined;
        const result = inferSchemaAsync(table, { lookups }, {
          signal: stop.signal,
          onProgress: (progress) => {
            last = progress;
            for (const listener of listeners) listener(progress);
          },
        });
        const started: SchemaRun = { result, listeners, last: () => last };
        const runs = cached;
        // A failed or stopped run is not kept: the next request starts afresh.
        started.result.catch(() => {
          if (runs.get(name) === started) runs.delete(name);
        });
        cached.set(name, (run = started));
      }
      if (onProgress) {
        const last = run.last();
        if (last) onProgress(last);
        run.listeners.add(onProgress);
        const listening = run;
        void listening.result.finally(() => listening.listeners.delete(onProgress)).catch(() => undefined);
      }
      return run.result;
    },
    layout(workbookId, name) {
      const table = sheetOf(get(workbookId), name);
      const choice = currentChoice(table);
      const skipped = new Set(choice.skippedRows);
      const all: LayoutRow[] = [];
      for (const row of table.setAside ?? []) {
        const role = row.rowNumber === choice.groupRow ? 'group' : row.rowNumber < table.headerRow ? 'title' : row.rowNumber === table.headerRow ? 'header' : 'skipped';
        all.push({ rowNumber: row.rowNumber, cells: row.cells.map((cell) => cellText(cell ?? null)), role });
      }
      const shown = (index: number): LayoutRow => {
        const cells: string[] = [];
        table.columnNumbers.forEach((column, c) => (cells[column - 1] = cellText(table.rows[index]![c] ?? null)));
        return { rowNumber: table.rowNumbers[index]!, cells: Array.from(cells, (text) => text ?? ''), role: 'data' };
      };
      for (let i = 0; i < Math.min(table.rows.length, LAYOUT_TOP_ROWS); i++) all.push(shown(i));
      for (let i = Math.max(LAYOUT_TOP_ROWS, table.rows.length - LAYOUT_BOTTOM_ROWS); i < table.rows.length; i++) all.push(shown(i));
      all.sort((a, b) => a.rowNumber - b.rowNumber);
      // The top runs through the last data row shown from the start; the last data rows and anything after them are the bottom.
      const lastTop = table.rowNumbers[Math.min(table.rows.length, LAYOUT_TOP_ROWS) - 1] ?? table.headerRow;
      const topEnd = all.findIndex((row) => row.rowNumber > lastTop);
      const split = topEnd < 0 || table.rows.length <= LAYOUT_TOP_ROWS ? all.length : topEnd;
      return {
        sheet: name,
        headerRow: table.headerRow,
        skippedRows: [...skipped],
        ...(choice.groupRow !== undefined ? { groupRow: choice.groupRow } : {}),
        chosen: found.get(workbookId)?.has(name) ?? false,
        top: all.slice(0, split),
        bottom: all.slice(split),
        hiddenRows: Math.max(0, table.rows.length - LAYOUT_TOP_ROWS - LAYOUT_BOTTOM_ROWS),
      };
    },
    chooseTable(workbookId, name, choice) {
      const workbook = get(workbookId);
      const table = sheetOf(workbook, name);
      let originals = found.get(workbookId);
      if (!originals) found.set(workbookId, (originals = new Map()));
      const original = originals.get(name) ?? table;
      const next = choice === null ? original : relocateTable(original, choice);
      if (choice === null) originals.delete(name);
      else originals.set(name, original);
      workbook.sheets[workbook.sheets.indexOf(table)] = next;
      // The schema and the preview passes were of the table as it was.
      schemas.get(workbookId)?.delete(name);
      return sheetSummary(next);
    },
    choiceOf(workbookId, name) {
      const table = sheetOf(get(workbookId), name);
      return found.get(workbookId)?.has(name) ? currentChoice(table) : undefined;
    },
    close(workbookId) {
      forget(workbookId);
      sources.delete(workbookId);
      return open.delete(workbookId);
    },
  };
}
