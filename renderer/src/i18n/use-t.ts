import { useCallback } from 'react';
import { useAppStore } from '../store/use-app-store';
import type { MessageKey } from './messages-en';
import { formatNumber, translate, type Language } from './translate';

/** A translate function bound to the current language. */
export type T = ((key: MessageKey, params?: Record<string, string | number>) => string) & { language: Language; n: (value: number) => string };

/** Returns the translate function of the current UI language. */
export function useT(): T {
  const language = useAppStore((state) => state.language);
  const t = useCallback((key: MessageKey, params?: Record<string, string | number>) => translate(language, key, params), [language]);
  return Object.assign(t, { language, n: (value: number) => formatNumber(language, value) });
}
