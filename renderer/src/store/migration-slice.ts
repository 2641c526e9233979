import type { StateCreator } from 'zustand';
import type { ApiClient, JobFinished, MigrateJobProgress, MigrationRequest } from '../../../shared/app/api/contract';
import { ApiError, type WireError } from '../../../shared/base/errors/errors';
import type { MigrateProgress, MigrateResult, SmartProcessSummary } from '../../../shared/runs/migrate/types';
import type { MigrationPlanView } from '../../../shared/runs/results/types';
import type { RowFailure } from '../../../shared/sheet/plan/types';
import type { AppState } from './app-state';

/** The dry run of the reviewed mapping on the active portal. */
export type PlanState = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; plan: MigrationPlanView } | { status: 'error'; error: WireError };

/** The file and sheet a migration reads: another file may be open on screen while it runs. */
export interface RunSource {
  workbookId: string;
  fileName: string;
  sheet: string;
  /** The smart process's name, as the mapping had it when the run started. */
  title: string;
  /** The project the run writes, when the dry run named it (Projects must not resume or undo it meanwhile). */
  projectId?: string;
}

/** A migration started from the app: running, or how it ended. */
export type RunState =
  | { status: 'idle' }
  | { status: 'running'; source: RunSource; jobId: string; startedAt: number; progress: MigrateProgress | undefined; cancelling: boolean }
  | { status: 'completed'; source: RunSource; result: MigrateResult }
  | { status: 'stopped'; source: RunSource; outcome: 'cancelled' | 'failed'; error: WireError };

// One object, so a selector that returns it gives the same value on every call.
const NO_RUN: RunState = { status: 'idle' };

/** The run of the file and sheet on screen; a run of another file is idle here (it shows in the top bar instead). */
export function runOfOpenFile(state: Pick<AppState, 'runState' | 'importState'>): RunState {
  const run = state.runState;
  if (run.status === 'idle') return run;
  const open = state.importState;
  return open.status === 'ready' && open.summary.workbookId === run.source.workbookId && open.sheet === run.source.sheet ? run : NO_RUN;
}

/** Where the rows go: a new smart process (open or closed to everyone) or an existing one (its entityTypeId). */
export interface MigrationTarget {
  access: 'open' | 'closed';
  /** Null: a new smart process. */
  into: number | null;
}

/** The portal's smart processes, for the “into an existing one” choice. */
export type SmartProcessesState = { status: 'idle' | 'loading' } | { status: 'ready'; portalId: string; list: SmartProcessSummary[] } | { status: 'error'; error: WireError };

/** Planning and running a migration from the reviewed mapping. */
export interface MigrationSlice {
  planState: PlanState;
  runState: RunState;
  migrationTarget: MigrationTarget;
  smartProcesses: SmartProcessesState;
  /** Changes where the rows go; the plan is worked out again. */
  setMigrationTarget: (patch: Partial<MigrationTarget>) => void;
  loadSmartProcesses: () => Promise<void>;
  loadPlan: () => Promise<void>;
  startMigration: () => Promise<void>;
  cancelMigration: () => Promise<void>;
  applyMigrationProgress: (progress: MigrateJobProgress) => void;
  applyJobFinished: (finished: JobFinished) => void;
  closeRun: () => void;
  /** Forgets what belonged to the previous file or sheet: its dry run, its finished run and its target choice ("who sees it"). */
  forgetFileState: () => void;
  /** The portal changed under the open file (an undo): its dry run and finished run no longer hold and are worked out again. */
  invalidatePlan: () => void;
  /** The given failed rows of the open sheet, as an xlsx to fix. */
  exportFailures: (failures: RowFailure[]) => Promise<{ fileName: string; bytes: Uint8Array } | undefined>;
  /** Writes the copy of a project's sheet with Bitrix24 ids and links, and returns it for download. */
  writeBack: (projectPath: string) => Promise<{ fileName: string; bytes: Uint8Array; linked: number; empty: number }>;
}

function wireOf(error: unknown): WireError {
  return error instanceof ApiError ? error.wire : { code: 'INTERNAL', message: 'The request failed.', hint: 'Try again.' };
}

/** Creates the migration slice over the given client. */
export const createMigrationSlice =
  (api: ApiClient): StateCreator<AppState, [], [], MigrationSlice> =>
  (set, get) => {
    let planSerial = 0;
    const request = (): MigrationRequest | undefined => {
      const state = get().importState;
      const review = get().review;
      const portalId = get().activePortalId;
      if (state.status !== 'ready' || review.status !== 'ready' || !portalId) return undefined;
      const { access, into } = get().migrationTarget;
      // “Into an existing one” without a pick yet: nothing to plan.
      if (into === 0) return undefined;
      return { workbookId: state.summary.workbookId, sheet: state.sheet, mapping: review.mapping, portalId, ...(into !== null ? { into } : { access }) };
    };
    return {
      planState: { status: 'idle' },
      runState: { status: 'idle' },
      migrationTarget: { access: 'open', into: null },
      smartProcesses: { status: 'idle' },

      setMigrationTarget(patch) {
        // A late answer for the previous target must not land on the new one.
        planSerial++;
        set({ migrationTarget: { ...get().migrationTarget, ...patch }, planState: { status: 'idle' } });
      },

      forgetFileState() {
        get().invalidatePlan();
        const run = get().runState;
        // A finished run's screen described the previous file; a running one goes on and shows in the top bar.
        set({ migrationTarget: { access: 'open', into: null }, ...(run.status === 'completed' || run.status === 'stopped' ? { runState: { status: 'idle' } } : {}) });
      },

      invalidatePlan() {
        planSerial++;
        const run = get().runState;
        // A migration still running goes on (its progress moves to the top bar under another file); a finished one
        // of the open file describes what is no longer so. A finished run of another file stays until dismissed.
        const finishedHere = run.status !== 'idle' && run.status !== 'running' && runOfOpenFile(get()).status !== 'idle';
        set({ planState: { status: 'idle' }, ...(finishedHere ? { runState: { status: 'idle' } } : {}) });
      },

      async loadSmartProcesses() {
        const portalId = get().activePortalId;
        if (!portalId) return;
        set({ smartProcesses: { status: 'loading' } });
        try {
          set({ smartProcesses: { status: 'ready', portalId, list: await api.invoke('portal.smartProcesses', { portalId }) } });
        } catch (error) {
          set({ smartProcesses: { status: 'error', error: wireOf(error) } });
        }
      },

      async loadPlan() {
        const input = request();
        if (!input) return;
        // Only the answer to the latest request may be shown: an older one describes another migration than the button starts.
        const serial = ++planSerial;
        set({ planState: { status: 'loading' } });
        try {
          const plan = await api.invoke('migration.plan', input);
          // A plan that was reset meanwhile (another mapping, sheet or file) is dropped too.
          if (serial === planSerial && get().planState.status === 'loading') set({ planState: { status: 'ready', plan } });
        } catch (error) {
          if (serial === planSerial && get().planState.status === 'loading') set({ planState: { status: 'error', error: wireOf(error) } });
        }
      },

      async startMigration() {
        const input = request();
        const open = get().importState;
        // One migration at a time: the portal's request budget is shared, and the top bar shows one run.
        if (!input || open.status !== 'ready' || get().runState.status === 'running') return;
        const review = get().review;
        const plan = get().planState;
        const source: RunSource = {
          workbookId: input.workbookId,
          fileName: open.summary.fileName,
          sheet: input.sheet,
          title: review.status === 'ready' ? review.mapping.title : '',
          ...(plan.status === 'ready' ? { projectId: plan.plan.projectId } : {}),
        };
        try {
          const { jobId } = await api.invoke('migration.start', input);
          set({ runState: { status: 'running', source, jobId, startedAt: Date.now(), progress: undefined, cancelling: false } });
        } catch (error) {
          set({ runState: { status: 'stopped', source, outcome: 'failed', error: wireOf(error) } });
        }
      },

      async cancelMigration() {
        const run = get().runState;
        if (run.status !== 'running') return;
        set({ runState: { ...run, cancelling: true } });
        await api.invoke('job.cancel', { jobId: run.jobId });
      },

      applyMigrationProgress({ jobId, progress }) {
        const run = get().runState;
        if (run.status === 'running' && run.jobId === jobId) set({ runState: { ...run, progress } });
      },

      applyJobFinished(finished) {
        if (finished.kind !== 'migrate') return;
        const run = get().runState;
        if (run.status !== 'running' || run.jobId !== finished.jobId) return;
        const { source } = run;
        // The dry run on screen belongs to another file when the run's file is no longer open: it stays.
        const here = runOfOpenFile(get()).status !== 'idle';
        if (finished.outcome === 'completed') set({ runState: { status: 'completed', source, result: finished.result }, ...(here ? { planState: { status: 'idle' } } : {}) });
        else set({ runState: { status: 'stopped', source, outcome: finished.outcome, error: finished.error } });
        // A finished migration is a new (or updated) project.
        void get().loadProjects();
      },

      closeRun() {
        // Dismissing another file's finished run leaves the open file's dry run alone.
        const here = runOfOpenFile(get()).status !== 'idle';
        set({ runState: { status: 'idle' }, ...(here ? { planState: { status: 'idle' } } : {}) });
      },

      async exportFailures(failures) {
        const state = get().importState;
        if (state.status !== 'ready') return undefined;
        return api.invoke('failures.export', { workbookId: state.summary.workbookId, sheet: state.sheet, failures });
      },

      async writeBack(projectPath) {
        return api.invoke('project.writeBack', { projectPath });
      },
    };
  };
