import type { StateCreator } from 'zustand';
import type { ApiClient, JobFinished, SyncJobProgress } from '../../../shared/api/contract';
import { ApiError, type WireError } from '../../../shared/api/errors';
import type { ProjectView, SyncRequest } from '../../../shared/runs/types';
import type { SyncProgress, SyncResult } from '../../../shared/runs/types';
import type { AppState } from './app-state';

/** The policies a sync applies. */
export type SyncPolicies = Pick<SyncRequest, 'removed' | 'conflicts' | 'allowSchemaChanges'>;

/** Syncing one project: the new file, the diff, the run, the outcome. */
export type SyncState =
  | { status: 'idle' }
  | { status: 'pick'; projectId: string }
  | { status: 'previewing'; projectId: string; workbookId: string; fileName: string }
  | { status: 'preview'; projectId: string; workbookId: string; fileName: string; diff: SyncResult }
  | { status: 'running'; projectId: string; jobId: string; progress: SyncProgress | undefined }
  | { status: 'done'; projectId: string; result: SyncResult }
  | { status: 'failed'; projectId: string; error: WireError; workbookId?: string; fileName?: string };

/** The saved migrations and syncing them. */
export interface ProjectsSlice {
  projects: ProjectView[];
  projectsError: WireError | undefined;
  syncState: SyncState;
  syncPolicies: SyncPolicies;
  loadProjects: () => Promise<void>;
  beginSync: (projectId: string) => void;
  chooseSyncFile: (fileName: string, bytes: Uint8Array) => Promise<void>;
  setSyncPolicies: (policies: Partial<SyncPolicies>) => Promise<void>;
  applySync: () => Promise<void>;
  applySyncProgress: (progress: SyncJobProgress) => void;
  applySyncFinished: (finished: JobFinished) => void;
  endSync: () => void;
}

const DEFAULT_POLICIES: SyncPolicies = { removed: { kind: 'keep' }, conflicts: 'skip', allowSchemaChanges: false };

function wireOf(error: unknown): WireError {
  return error instanceof ApiError ? error.wire : { code: 'INTERNAL', message: 'The request failed.', hint: 'Try again.' };
}

/** Creates the projects slice over the given client. */
export const createProjectsSlice =
  (api: ApiClient): StateCreator<AppState, [], [], ProjectsSlice> =>
  (set, get) => {
    const preview = async (projectId: string, workbookId: string, fileName: string): Promise<void> => {
      set({ syncState: { status: 'previewing', projectId, workbookId, fileName } });
      try {
        const diff = await api.invoke('sync.preview', { projectId, workbookId, ...get().syncPolicies });
        const now = get().syncState;
        if (now.status === 'previewing' && now.workbookId === workbookId) set({ syncState: { status: 'preview', projectId, workbookId, fileName, diff } });
      } catch (error) {
        set({ syncState: { status: 'failed', projectId, error: wireOf(error), workbookId, fileName } });
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

      async chooseSyncFile(fileName, bytes) {
        const state = get().syncState;
        if (state.status === 'idle' || state.status === 'running') return;
        const { projectId } = state;
        try {
          const { workbookId } = await api.invoke('workbook.open', { fileName, bytes });
          await preview(projectId, workbookId, fileName);
        } catch (error) {
          set({ syncState: { status: 'failed', projectId, error: wireOf(error) } });
        }
      },

      async setSyncPolicies(policies) {
        set({ syncPolicies: { ...get().syncPolicies, ...policies } });
        const state = get().syncState;
        if (state.status === 'preview') await preview(state.projectId, state.workbookId, state.fileName);
      },

      async applySync() {
        const state = get().syncState;
        if (state.status !== 'preview') return;
        try {
          const { jobId } = await api.invoke('sync.start', { projectId: state.projectId, workbookId: state.workbookId, ...get().syncPolicies });
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
    };
  };
