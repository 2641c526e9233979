import type { StateCreator } from 'zustand';
import type { ApiClient, AppInfo } from '../../../shared/app/api/contract';
import type { AppState } from './app-state';
import { initialLanguage, type Language } from '../i18n/translate';

const LANGUAGE_KEY = 'spm.language';

function savedLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_KEY);
  } catch {
    return null;
  }
}

/** What the app knows about itself: the core's info, once it answered. */
export interface AppSlice {
  appInfo: AppInfo | undefined;
  connectionProblem: string | undefined;
  language: Language;
  loadAppInfo: () => Promise<void>;
  setLanguage: (language: Language) => void;
}

/** Creates the app slice over the given client. */
export const createAppSlice =
  (api: ApiClient): StateCreator<AppState, [], [], AppSlice> =>
  (set) => ({
    appInfo: undefined,
    connectionProblem: undefined,
    language: initialLanguage(savedLanguage(), typeof navigator === 'undefined' ? [] : navigator.languages),
    setLanguage(language) {
      try {
        localStorage.setItem(LANGUAGE_KEY, language);
      } catch {
        // Without storage the choice lasts for this session.
      }
      if (typeof document !== 'undefined') document.documentElement.lang = language;
      set({ language });
    },
    async loadAppInfo() {
      try {
        set({ appInfo: await api.invoke('app.info', {}), connectionProblem: undefined });
      } catch (error) {
        const wire = (error as { wire?: { message: string; hint?: string } }).wire;
        set({ connectionProblem: wire ? [wire.message, wire.hint].filter(Boolean).join(' ') : 'The app core is not answering.' });
      }
    },
  });
