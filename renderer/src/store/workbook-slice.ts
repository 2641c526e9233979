import type { StateCreator } from 'zustand';
import type { ApiClient, InferJobProgress, ReadJobProgress, RowView, SheetLayout, WorkbookSummary } from '../../../shared/app/api/contract';
import type { TableChoice } from '../../../shared/sheet/spreadsheet/types';
import { ApiError, type WireError } from '../../../shared/base/errors/errors';
import type { Schema } from '../../../shared/sheet/inference/types';
import type { AppState } from './app-state';

/** Rows are fetched in pages of this many, as the grid scrolls. */
export const ROW_PAGE_SIZE = 200;

/** Where the import of a file stands. */
export type ImportStatus =
  | { status: 'idle' }
  | { status: 'reading'; fileName: string; sizeBytes: number; jobId: string; progress: ReadJobProgress | undefined }
  | { status: 'ready'; summary: WorkbookSummary; sheet: string }
  | { status: 'error'; fileName: string; error: WireError };

/** The inferred schema of the active sheet, as it arrives. */
export type SchemaState = { status: 'idle' } | { status: 'loading'; sheet: string; jobId: string; progress: InferJobProgress | undefined } | { status: 'ready'; sheet: string; schema: Schema } | { status: 'error'; sheet: string; error: WireError };

/** The opened file, its active sheet and the row pages fetched so far. */
export interface WorkbookSlice {
  importState: ImportStatus;
  schemaState: SchemaState;
  /** Page index → rows, for the active sheet only. */
  rowPages: Record<number, RowView[]>;
  /** Opens a file's bytes; `sourcePath` (desktop app) is where it lives, for syncs that re-read it. */
  openFile: (fileName: string, bytes: Uint8Array, sourcePath?: string) => Promise<void>;
  selectSheet: (sheet: string) => void;
  /** How the active sheet's table was located, with its first and last rows raw; undefined when no file is open. */
  loadLayout: () => Promise<SheetLayout | undefined>;
  /** Locates the active sheet's table under the person's header row and skipped rows (`null`: as found); the review and the plan start again. */
  chooseTable: (choice: TableChoice | null) => Promise<void>;
  ensureRows: (firstIndex: number, lastIndex: number) => Promise<void>;
  loadSchema: () => Promise<void>;
  applyProgress: (progress: ReadJobProgress) => void;
  /** Progress of the running inference of the current sheet. */
  applySchemaProgress: (progress: InferJobProgress) => void;
  resetImport: () => void;
}

function asWireError(error: unknown): WireError {
  if (error instanceof ApiError) return error.wire;
  return { code: 'INTERNAL', message: 'Something went wrong while opening the file.', hint: 'Try again; if it repeats, report it.' };
}

/** Creates the workbook slice over the given client. */
export const createWorkbookSlice =
  (api: ApiClient): StateCreator<AppState, [], [], WorkbookSlice> =>
  (set, get) => {
    // In-flight page fetches, so a second caller waits for the same request instead of sending another.
    const loading = new Map<string, Promise<void>>();
    const pageKey = (workbookId: string, sheet: string, page: number): string => `${workbookId}\u0000${sheet}\u0000${page}`;

    return {
      importState: { status: 'idle' },
      schemaState: { status: 'idle' },
      rowPages: {},

      async openFile(fileName, bytes, sourcePath) {
        // The last review change of the file open now is kept before the next file is read: it may be the same file again.
        await get().flushRememberedReview();
        const previous = get().importState;
        const jobId = crypto.randomUUID();
        set({ importState: { status: 'reading', fileName, sizeBytes: bytes.length, jobId, progress: undefined }, rowPages: {}, schemaState: { status: 'idle' } });
        try {
          const summary = await api.invoke('workbook.open', { fileName, bytes, jobId, ...(sourcePath ? { sourcePath } : {}) });
          const current = get().importState;
          if (current.status !== 'reading' || current.jobId !== jobId) return;
          set({ importState: { status: 'ready', summary, sheet: summary.defaultSheet }, rowPages: {}, schemaState: { status: 'idle' }, review: { status: 'idle' }, workbookTab: 'rows' });
          // The dry run, the finished run and "who sees it" described the previous file.
          get().forgetFileState();
          // A sync started from the previous file still reads it.
          const sync = get().syncState;
          const syncReadsPrevious = previous.status === 'ready' && 'workbookId' in sync && sync.workbookId === previous.summary.workbookId;
          if (previous.status === 'ready' && !syncReadsPrevious) void api.invoke('workbook.close', { workbookId: previous.summary.workbookId }).catch(() => undefined);
          await Promise.all([get().ensureRows(0, ROW_PAGE_SIZE - 1), get().loadSchema()]);
        } catch (error) {
          const current = get().importState;
          if (current.status === 'reading' && current.jobId === jobId) set({ importState: { status: 'error', fileName, error: asWireError(error) } });
        }
      },

      selectSheet(sheet) {
        const state = get().importState;
        if (state.status !== 'ready' || state.sheet === sheet) return;
        set({ importState: { ...state, sheet }, rowPages: {}, schemaState: { status: 'idle' }, review: { status: 'idle' } });
        get().forgetFileState();
        if (get().workbookTab !== 'rows') void get().loadReview();
        void get().ensureRows(0, ROW_PAGE_SIZE - 1);
        void get().loadSchema();
      },

      async loadLayout() {
        const state = get().importState;
        if (state.status !== 'ready') return undefined;
        return api.invoke('workbook.layout', { workbookId: state.summary.workbookId, sheet: state.sheet });
      },

      async chooseTable(choice) {
        const state = get().importState;
        if (state.status !== 'ready') return;
        const { workbookId } = state.summary;
        const sheetInfo = await api.invoke('workbook.chooseTable', { workbookId, sheet: state.sheet, choice });
        const now = get().importState;
        if (now.status !== 'ready' || now.summary.workbookId !== workbookId) return;
        const sheets = now.summary.sheets.map((candidate) => (candidate.name === sheetInfo.name ? sheetInfo : candidate));
        // Other columns, other rows: the mapping, its preview edits and any dry run described the table as it was.
        set({ importState: { ...now, summary: { ...now.summary, sheets } }, rowPages: {}, schemaState: { status: 'idle' }, review: { status: 'idle' } });
        get().forgetFileState();
        if (get().workbookTab !== 'rows') void get().loadReview();
        void get().ensureRows(0, ROW_PAGE_SIZE - 1);
        void get().loadSchema();
      },

      async loadSchema() {
        const state = get().importState;
        if (state.status !== 'ready') return;
        const { sheet } = state;
        const { workbookId } = state.summary;
        const sheetInfo = state.summary.sheets.find((candidate) => candidate.name === sheet);
        if (!sheetInfo || sheetInfo.rowCount === 0) return;
        const jobId = crypto.randomUUID();
        set({ schemaState: { status: 'loading', sheet, jobId, progress: undefined } });
        const stillCurrent = (): boolean => {
          const now = get().importState;
          return now.status === 'ready' && now.summary.workbookId === workbookId && now.sheet === sheet;
        };
        try {
          const schema = await api.invoke('workbook.inferSchema', { workbookId, sheet, jobId });
          if (stillCurrent()) set({ schemaState: { status: 'ready', sheet, schema } });
        } catch (error) {
          if (stillCurrent()) set({ schemaState: { status: 'error', sheet, error: asWireError(error) } });
        }
      },

      async ensureRows(firstIndex, lastIndex) {
        const state = get().importState;
        if (state.status !== 'ready') return;
        const { workbookId } = state.summary;
        const { sheet } = state;
        const firstPage = Math.floor(Math.max(0, firstIndex) / ROW_PAGE_SIZE);
        const lastPage = Math.floor(Math.max(0, lastIndex) / ROW_PAGE_SIZE);
        const fetches: Promise<void>[] = [];
        for (let page = firstPage; page <= lastPage; page++) {
          const key = pageKey(workbookId, sheet, page);
          if (get().rowPages[page]) continue;
          const inFlight = loading.get(key);
          if (inFlight) {
            fetches.push(inFlight);
            continue;
          }
          const request = api
            .invoke('workbook.rows', { workbookId, sheet, offset: page * ROW_PAGE_SIZE, limit: ROW_PAGE_SIZE })
            .then((result) => {
              const now = get().importState;
              if (now.status === 'ready' && now.summary.workbookId === workbookId && now.sheet === sheet) {
                set({ rowPages: { ...get().rowPages, [page]: result.rows } });
              }
            })
            .catch(() => undefined)
            .finally(() => loading.delete(key));
          loading.set(key, request);
          fetches.push(request);
        }
        await Promise.all(fetches);
      },

      applySchemaProgress(progress) {
        const state = get().schemaState;
        if (state.status === 'loading' && state.jobId === progress.jobId) set({ schemaState: { ...state, progress } });
      },

      applyProgress(progress) {
        const state = get().importState;
        if (state.status === 'reading' && state.jobId === progress.jobId) set({ importState: { ...state, progress } });
      },

      resetImport() {
        set({ importState: { status: 'idle' }, rowPages: {}, schemaState: { status: 'idle' } });
      },
    };
  };
