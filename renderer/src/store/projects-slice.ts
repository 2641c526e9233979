import type { StateCreator } from 'zustand';
import type { ApiClient, JobFinished, MigrateJobProgress, SyncJobProgress, UndoJobProgress } from '../../../shared/app/api/contract';
import type { UndoProgress, UndoResult } from '../../../shared/runs/undo/types';
import type { MigrateProgress, MigrateResult } from '../../../shared/runs/migrate/types';
import { ApiError, type WireError } from '../../../shared/base/errors/errors';
import type { ProjectView, SyncRequest } from '../../../shared/runs/results/types';
import type { SyncProgress, SyncResult } from '../../../shared/runs/results/types';
import type { FollowUp } from '../../../shared/base/errors/errors';
import type { AppState } from './app-state';

/** The policies a sync applies. */
export type SyncPolicies = Pick<SyncRequest, 'removed' | 'conflicts' | 'allowSchemaChanges' | 'confirmRemovals'>;

/** Syncing one project: the new file, the diff, the run, the outcome. */
export type SyncState =
  | { status: 'idle' }
  | { status: 'pick'; projectId: string }
  | { status: 'previewing'; projectId: string; workbookId: string | undefined; fileName: string }
  | { status: 'preview'; projectId: string; workbookId: string | undefined; fileName: string; diff: SyncResult }
  | { status: 'running'; projectId: string; jobId: string; progress: SyncProgress | undefined }
  | { status: 'done'; projectId: string; result: SyncResult }
  | { status: 'failed'; projectId: string; error: WireError; workbookId?: string; fileName?: string };

/** Finishing an interrupted migration from the projects list. */
export type ResumeState =
  | { status: 'idle' }
  | { status: 'running'; projectId: string; jobId: string; progress: MigrateProgress | undefined }
  | { status: 'done'; projectId: string; result: MigrateResult }
  | { status: 'failed'; projectId: string; error: WireError };

/** Undoing one migration: the preview (what goes, what stays), the confirmation, the run, the outcome. */
/** What the person chose to delete besides the unedited items: edited items, the created clients (edited ones too), the installed workflow templates. */
export interface UndoOptions {
  force: boolean;
  removeClients: boolean;
  forceClients: boolean;
  removeWorkflows: boolean;
}

/** Nothing beyond the unedited items: every other deletion is opted into. */
export const DEFAULT_UNDO_OPTIONS: UndoOptions = { force: false, removeClients: false, forceClients: false, removeWorkflows: false };

export type UndoState =
  | { status: 'idle' }
  | { status: 'previewing'; projectId: string; options: UndoOptions }
  | { status: 'preview'; projectId: string; options: UndoOptions; preview: UndoResult; confirmed: boolean }
  | { status: 'running'; projectId: string; jobId: string; progress: UndoProgress | undefined }
  | { status: 'done'; projectId: string; result: UndoResult }
  | { status: 'failed'; projectId: string; error: WireError };

/** The saved migrations and syncing them. */
export interface ProjectsSlice {
  projects: ProjectView[];
  projectsError: WireError | undefined;
  syncState: SyncState;
  syncPolicies: SyncPolicies;
  loadProjects: () => Promise<void>;
  beginSync: (projectId: string) => void;
  /** Syncs with a newly picked version of the sheet; `sourcePath` (desktop app) is where it lives. */
  chooseSyncFile: (fileName: string, bytes: Uint8Array, sourcePath?: string) => Promise<void>;
  /** Opens Projects on this project's sync preview with the file on screen (a sheet migrated before). */
  syncOpenFile: (projectId: string) => Promise<void>;
  /** Does a next step an error offers: sync the project (with the open file), finish or undo it, or change the mapping. */
  runFollowUp: (followUp: FollowUp) => Promise<void>;
  /** Syncs with the file the project already reads (the user's own file in the desktop app). */
  rereadSyncFile: (fileName: string) => Promise<void>;
  setSyncPolicies: (policies: Partial<SyncPolicies>) => Promise<void>;
  applySync: () => Promise<void>;
  applySyncProgress: (progress: SyncJobProgress) => void;
  applySyncFinished: (finished: JobFinished) => void;
  endSync: () => void;
  resumeState: ResumeState;
  resumeProject: (projectId: string) => Promise<void>;
  applyResumeProgress: (progress: MigrateJobProgress) => void;
  applyResumeFinished: (finished: JobFinished) => void;
  undoState: UndoState;
  /** Reads what undoing this project would delete and keep (a dry run). */
  beginUndo: (projectId: string, options?: UndoOptions) => Promise<void>;
  /** Changes one choice (edited items, created clients, their edited ones, workflow templates): a new preview. */
  setUndoOption: (option: keyof UndoOptions, value: boolean) => Promise<void>;
  confirmUndo: (confirmed: boolean) => void;
  applyUndo: () => Promise<void>;
  applyUndoProgress: (progress: UndoJobProgress) => void;
  applyUndoFinished: (finished: JobFinished) => void;
  endUndo: () => void;
}

const DEFAULT_POLICIES: SyncPolicies = { removed: { kind: 'keep' }, conflicts: 'skip', allowSchemaChanges: false };

function wireOf(error: unknown): WireError {
  return error instanceof ApiError ? error.wire : { code: 'INTERNAL', message: 'The request failed.', hint: 'Try again.' };
}

/** Creates the projects slice over the given client. */
export const createProjectsSlice =
  (api: ApiClient): StateCreator<AppState, [], [], ProjectsSlice> =>
  (set, get) => {
    // A resume that fails at once (its sheet is gone) can end before its start call answers with the job id:
    // the last migrate job that ended unclaimed is kept, so the resume that started it still learns how it ended.
    let unclaimedEnd: Extract<JobFinished, { kind: 'migrate' }> | undefined;
    const preview = async (projectId: string, workbookId: string | undefined, fileName: string): Promise<void> => {
      set({ syncState: { status: 'previewing', projectId, workbookId, fileName } });
      try {
        const diff = await api.invoke('sync.preview', { projectId, ...(workbookId ? { workbookId } : {}), ...get().syncPolicies });
        const now = get().syncState;
        if (now.status === 'previewing' && now.workbookId === workbookId) set({ syncState: { status: 'preview', projectId, workbookId, fileName, diff } });
      } catch (error) {
        set({ syncState: { status: 'failed', projectId, error: wireOf(error), ...(workbookId ? { workbookId } : {}), fileName } });
      }
    };
    return {
      projects: [],
      projectsError: undefined,
      syncState: { status: 'idle' },
      syncPolicies: DEFAULT_POLICIES,

      async loadProjects() {
        try {
          set({ projects: await api.invoke('project.list', {}), projectsError: undefined });
        } catch (error) {
          set({ projectsError: wireOf(error) });
        }
      },

      beginSync: (projectId) => set({ syncState: { status: 'pick', projectId }, syncPolicies: DEFAULT_POLICIES }),

      async syncOpenFile(projectId) {
        const open = get().importState;
        if (open.status !== 'ready' || get().syncState.status === 'running') return;
        set({ syncPolicies: DEFAULT_POLICIES });
        get().showView('projects');
        await get().loadProjects();
        await preview(projectId, open.summary.workbookId, open.summary.fileName);
      },

      async runFollowUp(followUp) {
        if (followUp.kind === 'edit-mapping') {
          get().showView('import');
          get().showTab('fields');
          return;
        }
        await get().loadProjects();
        const project = get().projects.find((candidate) => candidate.projectPath === followUp.project);
        if (!project) return;
        get().showView('projects');
        if (followUp.kind === 'sync') {
          if (get().importState.status === 'ready') await get().syncOpenFile(project.id);
          else get().beginSync(project.id);
        } else if (followUp.kind === 'finish-migration') await get().resumeProject(project.id);
        else await get().beginUndo(project.id);
      },

      async rereadSyncFile(fileName) {
        const state = get().syncState;
        if (state.status === 'idle' || state.status === 'running') return;
        await preview(state.projectId, undefined, fileName);
      },

      async chooseSyncFile(fileName, bytes, sourcePath) {
        const state = get().syncState;
        if (state.status === 'idle' || state.status === 'running') return;
        const { projectId } = state;
        try {
          const { workbookId } = await api.invoke('workbook.open', { fileName, bytes, ...(sourcePath ? { sourcePath } : {}) });
          await preview(projectId, workbookId, fileName);
        } catch (error) {
          set({ syncState: { status: 'failed', projectId, error: wireOf(error) } });
        }
      },

      async setSyncPolicies(policies) {
        set({ syncPolicies: { ...get().syncPolicies, ...policies } });
        const state = get().syncState;
        // Confirming deletions changes no diff, so it needs no new preview.
        if (state.status === 'preview' && !('confirmRemovals' in policies && Object.keys(policies).length === 1)) await preview(state.projectId, state.workbookId, state.fileName);
      },

      async applySync() {
        const state = get().syncState;
        if (state.status !== 'preview') return;
        try {
          const { jobId } = await api.invoke('sync.start', { projectId: state.projectId, ...(state.workbookId ? { workbookId: state.workbookId } : {}), ...get().syncPolicies });
          set({ syncState: { status: 'running', projectId: state.projectId, jobId, progress: undefined } });
        } catch (error) {
          set({ syncState: { status: 'failed', projectId: state.projectId, error: wireOf(error) } });
        }
      },

      applySyncProgress({ jobId, progress }) {
        const state = get().syncState;
        if (state.status === 'running' && state.jobId === jobId) set({ syncState: { ...state, progress } });
      },

      applySyncFinished(finished) {
        const state = get().syncState;
        if (finished.kind !== 'sync' || state.status !== 'running' || state.jobId !== finished.jobId) return;
        if (finished.outcome === 'completed') set({ syncState: { status: 'done', projectId: state.projectId, result: finished.result } });
        else set({ syncState: { status: 'failed', projectId: state.projectId, error: finished.error } });
        void get().loadProjects();
      },

      endSync: () => set({ syncState: { status: 'idle' } }),

      resumeState: { status: 'idle' },

      async resumeProject(projectId) {
        if (get().resumeState.status === 'running') return;
        try {
          const { jobId } = await api.invoke('migration.resume', { projectId });
          set({ resumeState: { status: 'running', projectId, jobId, progress: undefined } });
          if (unclaimedEnd?.jobId === jobId) get().applyResumeFinished(unclaimedEnd);
        } catch (error) {
          set({ resumeState: { status: 'failed', projectId, error: wireOf(error) } });
        }
      },

      applyResumeProgress({ jobId, progress }) {
        const state = get().resumeState;
        if (state.status === 'running' && state.jobId === jobId) set({ resumeState: { ...state, progress } });
      },

      applyResumeFinished(finished) {
        const state = get().resumeState;
        if (finished.kind !== 'migrate') return;
        if (state.status !== 'running' || state.jobId !== finished.jobId) {
          unclaimedEnd = finished;
          return;
        }
        unclaimedEnd = undefined;
        set({ resumeState: finished.outcome === 'completed' ? { status: 'done', projectId: state.projectId, result: finished.result } : { status: 'failed', projectId: state.projectId, error: finished.error } });
        void get().loadProjects();
      },

      undoState: { status: 'idle' },

      async beginUndo(projectId, options = DEFAULT_UNDO_OPTIONS) {
        if (get().undoState.status === 'running') return;
        set({ undoState: { status: 'previewing', projectId, options } });
        try {
          const preview = await api.invoke('undo.preview', { projectId, ...options });
          const now = get().undoState;
          if (now.status === 'previewing' && now.projectId === projectId && now.options === options) set({ undoState: { status: 'preview', projectId, options, preview, confirmed: false } });
        } catch (error) {
          set({ undoState: { status: 'failed', projectId, error: wireOf(error) } });
        }
      },

      async setUndoOption(option, value) {
        const state = get().undoState;
        if (state.status !== 'preview') return;
        const options = { ...state.options, [option]: value };
        // The edited clients go only together with the others.
        if (!options.removeClients) options.forceClients = false;
        await get().beginUndo(state.projectId, options);
      },

      confirmUndo(confirmed) {
        const state = get().undoState;
        if (state.status === 'preview') set({ undoState: { ...state, confirmed } });
      },

      async applyUndo() {
        const state = get().undoState;
        if (state.status !== 'preview' || !state.confirmed) return;
        try {
          const { options, preview } = state;
          const { jobId } = await api.invoke('undo.start', { projectId: state.projectId, ...options, confirmItems: preview.items.deleted, ...(options.removeClients ? { confirmClients: preview.clients.deleted } : {}) });
          set({ undoState: { status: 'running', projectId: state.projectId, jobId, progress: undefined } });
        } catch (error) {
          set({ undoState: { status: 'failed', projectId: state.projectId, error: wireOf(error) } });
        }
      },

      applyUndoProgress({ jobId, progress }) {
        const state = get().undoState;
        if (state.status === 'running' && state.jobId === jobId) set({ undoState: { ...state, progress } });
      },

      applyUndoFinished(finished) {
        const state = get().undoState;
        if (finished.kind !== 'undo' || state.status !== 'running' || state.jobId !== finished.jobId) return;
        set({ undoState: finished.outcome === 'completed' ? { status: 'done', projectId: state.projectId, result: finished.result } : { status: 'failed', projectId: state.projectId, error: finished.error } });
        // The open file's dry run said "already migrated" (or counted items that are now gone).
        get().invalidatePlan();
        void get().loadProjects();
      },

      endUndo: () => set({ undoState: { status: 'idle' } }),
    };
  };
