import type { StateCreator } from 'zustand';
import type { ApiClient, AppInfo } from '../../../shared/api/contract';
import type { AppState } from './app-state';

/** What the app knows about itself: the core's info, once it answered. */
export interface AppSlice {
  appInfo: AppInfo | undefined;
  connectionProblem: string | undefined;
  loadAppInfo: () => Promise<void>;
}

/** Creates the app slice over the given client. */
export const createAppSlice =
  (api: ApiClient): StateCreator<AppState, [], [], AppSlice> =>
  (set) => ({
    appInfo: undefined,
    connectionProblem: undefined,
    async loadAppInfo() {
      try {
        set({ appInfo: await api.invoke('app.info', {}), connectionProblem: undefined });
      } catch (error) {
        const wire = (error as { wire?: { message: string; hint?: string } }).wire;
        set({ connectionProblem: wire ? [wire.message, wire.hint].filter(Boolean).join(' ') : 'The app core is not answering.' });
      }
    },
  });
