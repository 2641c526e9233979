import type { Schema } from '../../sheet/inference/types';
import type { Mapping } from '../../sheet/mapping/types';
import type { PortalCheck, SavedPortal } from '../../portal/portals/types';
import type { MappingCheck, MappingPreview, MappingSuggestion, UserMatching } from '../../sheet/review/types';
import type { WireError } from '../../base/errors/errors';
import type { MigrateProgress, MigrateResult, SmartProcessSummary } from '../../runs/migrate/types';
import type { MigrationPlanView, ProjectView, SyncRequest } from '../../runs/results/types';
import type { RowFailure } from '../../sheet/plan/types';
import type { SyncProgress, SyncResult } from '../../runs/sync/sync';
import type { ReadWarning, TableChoice, WorkbookFormat } from '../../sheet/spreadsheet/types';
import type { UndoProgress, UndoResult } from '../../runs/undo/types';

/*
 * Messages across this contract are codes with their facts, never finished
 * sentences: reader notes (`ReadWarning`), plan and run warnings
 * (`PlanWarning`, with grouped row notes `RowNote`), the plan's steps
 * (`PlanOperation.note`, an `OperationNote`), setup progress (`SetupNote`)
 * and the starter-automation step. Each UI language words them: English by
 * the core's wording modules (`*-wording.ts`, which the command line prints
 * too), Russian in the renderer. Errors carry `code`, `where` and `params`
 * for the same reason; their `message` is the English text.
 */

/** What the UI learns about the running core. */
export interface AppInfo {
  name: string;
  version: string;
  /** Which adapter carries the calls: the Electron app, or the browser-mode host. */
  mode: 'electron' | 'browser';
}

/** One sheet of an opened workbook, without its rows. */
export interface SheetSummary {
  name: string;
  /** 1-based row number of the header in the sheet; 0 when the sheet has no table. */
  headerRow: number;
  headers: string[];
  rowCount: number;
  /** What the reader decided (title rows skipped, a totals row, a guessed encoding…), as codes and facts. */
  warnings: ReadWarning[];
}

/** An opened workbook as the UI sees it; rows are fetched page by page. */
export interface WorkbookSummary {
  workbookId: string;
  fileName: string;
  format: WorkbookFormat;
  sizeBytes: number;
  encoding?: string;
  delimiter?: string;
  sheets: SheetSummary[];
  /** The sheet to show first: the first one that has data rows. */
  defaultSheet: string;
}

/** One sheet row as the layout chooser shows it, raw, with what the table makes of it. */
export interface LayoutRow {
  rowNumber: number;
  cells: string[];
  /** `title`: above the header, skipped; `group`: group labels joined into the header; `header`; `data`: an item; `skipped`: below the header, not imported. */
  role: 'title' | 'group' | 'header' | 'data' | 'skipped';
}

/** How a sheet's table was located, for the person to change: the first rows and the last ones, raw. */
export interface SheetLayout {
  sheet: string;
  headerRow: number;
  skippedRows: number[];
  /** The row of group labels joined into the header (a two-row header), kept while the header row stays. */
  groupRow?: number;
  /** True when the person's choice is in force rather than what the reader found. */
  chosen: boolean;
  /** The rows from the first non-blank one through a few data rows below the header. */
  top: LayoutRow[];
  /** The last rows of the sheet (where totals stand), when they are not already in `top`. */
  bottom: LayoutRow[];
  /** Data rows between `top` and `bottom` that are not shown. */
  hiddenRows: number;
}

/** One data row for display: its source row number and each cell's text. */
export interface RowView {
  rowNumber: number;
  cells: string[];
}

/** A window of a sheet's data rows, `offset` counted from the first data row. */
export interface RowsPage {
  sheet: string;
  offset: number;
  total: number;
  rows: RowView[];
}

/** The saved portals, and how their secrets are protected on this computer. */
export interface PortalList {
  portals: SavedPortal[];
  secretProtection: 'os-encryption' | 'owner-only-file';
}

/** Progress of reading a file, tagged with the id the caller chose for it. */
export interface ReadJobProgress {
  jobId: string;
  kind: 'read';
  phase: 'reading' | 'parsing' | 'finishing';
  done: number;
  total: number;
  unit: 'bytes' | 'rows';
}

/** Progress of inferring a sheet's schema, tagged with the id the caller chose for it. */
export interface InferJobProgress {
  jobId: string;
  kind: 'infer';
  phase: 'indexing' | 'profiling' | 'finishing';
  done: number;
  total: number;
  unit: 'rows' | 'columns';
}

/** Progress of a migration job. */
export interface MigrateJobProgress {
  jobId: string;
  kind: 'migrate';
  progress: MigrateProgress;
}

/** Progress of a sync job. */
export interface SyncJobProgress {
  jobId: string;
  kind: 'sync';
  progress: SyncProgress;
}

/** Progress of an undo job. */
export interface UndoJobProgress {
  jobId: string;
  kind: 'undo';
  progress: UndoProgress;
}

/** Progress of any long work, by kind. */
export type JobProgress = ReadJobProgress | InferJobProgress | MigrateJobProgress | SyncJobProgress | UndoJobProgress;

/** How a migration job ended: the result, or why not (a cancelled one is resumable). */
export type JobFinished =
  | { jobId: string; kind: 'migrate'; outcome: 'completed'; result: MigrateResult }
  | { jobId: string; kind: 'migrate'; outcome: 'cancelled' | 'failed'; error: WireError }
  | { jobId: string; kind: 'sync'; outcome: 'completed'; result: SyncResult }
  | { jobId: string; kind: 'sync'; outcome: 'cancelled' | 'failed'; error: WireError }
  | { jobId: string; kind: 'undo'; outcome: 'completed'; result: UndoResult }
  | { jobId: string; kind: 'undo'; outcome: 'cancelled' | 'failed'; error: WireError };

/** What the app migrates: an open sheet, the reviewed mapping, and a saved portal. */
export interface MigrationRequest {
  workbookId: string;
  sheet: string;
  mapping: Mapping;
  portalId: string;
  /** Who sees a new smart process (default open, the portal's default). */
  access?: 'open' | 'closed';
  /** Into this existing smart process (its entityTypeId) instead of a new one. */
  into?: number;
}

/**
 * Every request the UI can make: `channel: (input) => output`.
 *
 * One JSON-safe object in, one JSON-safe value out (`Uint8Array` allowed: IPC
 * clones it, HTTP base64-encodes it). Adding a channel here is a compile error
 * until `handlers.ts` and `schemas.ts` have an entry for it.
 */
export type ApiContract = {
  'app.info': (input: Record<string, never>) => AppInfo;
  /** `sourcePath`: where the file lives (desktop app only; checked against the bytes), so syncs re-read it there. */
  'workbook.open': (input: { fileName: string; bytes: Uint8Array; jobId?: string; sourcePath?: string }) => WorkbookSummary;
  'workbook.rows': (input: { workbookId: string; sheet: string; offset: number; limit: number }) => RowsPage;
  'workbook.close': (input: { workbookId: string }) => { closed: boolean };
  /** How a sheet's table was located: header row, skipped rows, and the raw rows to choose from. */
  'workbook.layout': (input: { workbookId: string; sheet: string }) => SheetLayout;
  /** Locates the sheet's table again under the person's choice (`null`: as the reader found it); returns the sheet as it now is. */
  'workbook.chooseTable': (input: { workbookId: string; sheet: string; choice: TableChoice | null }) => SheetSummary;
  /** Keeps the person's whole review of the sheet (`null`: forgets it), so opening the file again, or the same content saved again, brings it back; `portalId`: the portal its people matches were made on. */
  'mapping.remember': (input: { workbookId: string; sheet: string; mapping: Mapping | null; portalId?: string }) => { remembered: boolean };
  'workbook.inferSchema': (input: { workbookId: string; sheet: string; jobId?: string }) => Schema;
  'mapping.suggest': (input: { workbookId: string; sheet: string; portalId?: string }) => MappingSuggestion;
  'mapping.check': (input: { workbookId: string; sheet: string; mapping: Mapping }) => MappingCheck;
  /** A window of the rows as they will be sent, with each cell's problem and preview edit. */
  'mapping.preview': (input: { workbookId: string; sheet: string; mapping: Mapping; from: number; count: number; problemsOnly: boolean }) => MappingPreview;
  'mapping.matchUsers': (input: { portalId: string; values: string[] }) => UserMatching;
  'migration.plan': (input: MigrationRequest) => MigrationPlanView;
  'migration.start': (input: MigrationRequest) => { jobId: string };
  'job.cancel': (input: { jobId: string }) => { cancelled: boolean };
  'failures.export': (input: { workbookId: string; sheet: string; failures: RowFailure[] }) => { fileName: string; bytes: Uint8Array };
  'project.list': (input: Record<string, never>) => ProjectView[];
  'sync.preview': (input: SyncRequest) => SyncResult;
  'sync.start': (input: SyncRequest) => { jobId: string };
  'migration.resume': (input: { projectId: string }) => { jobId: string };
  'portal.list': (input: Record<string, never>) => PortalList;
  'portal.check': (input: { webhookUrl: string }) => PortalCheck;
  'portal.save': (input: { webhookUrl: string; label?: string }) => { portal: SavedPortal; check: PortalCheck };
  'portal.useSandbox': (input: Record<string, never>) => { portal: SavedPortal; check: PortalCheck };
  'portal.remove': (input: { portalId: string }) => { removed: boolean };
  /** A dry run of undoing a migration: what would be deleted and what kept (edited items listed; the created clients and installed workflows with the person's choices). */
  'undo.preview': (input: { projectId: string; force: boolean; removeClients?: boolean; forceClients?: boolean; removeWorkflows?: boolean }) => UndoResult;
  /** Undoes a migration as a job; `confirmItems` and `confirmClients` are the counts the person confirmed deleting. */
  'undo.start': (input: { projectId: string; force: boolean; removeClients?: boolean; forceClients?: boolean; removeWorkflows?: boolean; confirmItems: number; confirmClients?: number }) => { jobId: string };
  /** Write-back: a copy of a project's sheet with each row's Bitrix24 id and card link, saved next to the project and returned for download. */
  'project.writeBack': (input: { projectPath: string }) => { fileName: string; bytes: Uint8Array; linked: number; empty: number };
  /** The portal's smart processes, for migrating into an existing one. */
  'portal.smartProcesses': (input: { portalId: string }) => SmartProcessSummary[];
};

/** Everything the core pushes without being asked. */
export type ApiEvents = {
  'job.progress': JobProgress;
  'job.finished': JobFinished;
  /** The desktop app's menu or OS opened a file: the UI opens it as if dropped. */
  'app.openFile': { fileName: string; bytes: Uint8Array; sourcePath?: string };
  /** The desktop app's menu asks the UI to show a screen. */
  'app.navigate': { view: 'import' | 'connect' };
};

/** A request channel name. */
export type Channel = keyof ApiContract;
/** A pushed event name. */
export type EventName = keyof ApiEvents;
/** The input type of a channel. */
export type In<C extends Channel> = Parameters<ApiContract[C]>[0];
/** The output type of a channel. */
export type Out<C extends Channel> = ReturnType<ApiContract[C]>;

/** The only thing renderer code programs against. */
export interface ApiClient {
  invoke<C extends Channel>(channel: C, input: In<C>): Promise<Out<C>>;
  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}

/** The largest file the app opens, in bytes; larger files get FILE_TOO_LARGE. */
export { MAX_FILE_BYTES } from '../../sheet/spreadsheet/max-file-bytes';

/** The most rows one `workbook.rows` call returns. */
export const MAX_ROWS_PAGE = 1000;
