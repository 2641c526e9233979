import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient } from '../../../shared/app/api/contract';
import { createAppSlice } from './app-slice';
import type { AppState } from './app-state';
import { createPortalSlice } from './portal-slice';
import { createReviewSlice } from './review-slice';
import { createMigrationSlice } from './migration-slice';
import { createProjectsSlice } from './projects-slice';
import { createWorkbookSlice } from './workbook-slice';

/** The app's store: a vanilla zustand store, so tests need no React. */
export type AppStore = StoreApi<AppState>;

/** Creates the store; every slice receives the same `ApiClient`. */
export function createAppStore(api: ApiClient): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createAppSlice(api)(...a),
    ...createWorkbookSlice(api)(...a),
    ...createPortalSlice(api)(...a),
    ...createReviewSlice(api)(...a),
    ...createMigrationSlice(api)(...a),
    ...createProjectsSlice(api)(...a),
  }));
}

/** Forwards pushed events into the store; one place, subscribed once. */
export function wireEvents(api: ApiClient, store: AppStore): () => void {
  const offs = [
    api.on('job.progress', (progress) => {
      if (progress.kind === 'read') store.getState().applyProgress(progress);
      else if (progress.kind === 'infer') store.getState().applySchemaProgress(progress);
      else if (progress.kind === 'migrate') {
        store.getState().applyMigrationProgress(progress);
        store.getState().applyResumeProgress(progress);
      }
      else if (progress.kind === 'undo') store.getState().applyUndoProgress(progress);
      else store.getState().applySyncProgress(progress);
    }),
    api.on('app.openFile', ({ fileName, bytes, sourcePath }) => {
      store.getState().showView('import');
      void store.getState().openFile(fileName, bytes, sourcePath);
    }),
    api.on('job.finished', (finished) => {
      store.getState().applyJobFinished(finished);
      store.getState().applySyncFinished(finished);
      store.getState().applyResumeFinished(finished);
      store.getState().applyUndoFinished(finished);
    }),
    api.on('app.navigate', ({ view }) => store.getState().showView(view)),
  ];
  return () => offs.forEach((off) => off());
}
