import type { WireError } from '../../../shared/api/errors';
import { en, type MessageKey } from './messages-en';
import { ru, ruErrors, ruErrorVariants } from './messages-ru';

/** The languages of the UI. */
export type Language = 'en' | 'ru';

const MESSAGES: Record<Language, Record<MessageKey, string>> = { en, ru };

/** Fills `{name}` placeholders. */
function fill(text: string, params: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The text of `key` in `language`, with its placeholders filled. */
export function translate(language: Language, key: MessageKey, params?: Record<string, string | number>): string {
  // A key built at run time (a new progress phase, say) may be missing: show the key rather than break the screen.
  return fill(MESSAGES[language][key] ?? en[key] ?? key, params);
}

/** A count formatted for the language (thin groups in Russian, commas in English). */
export function formatNumber(language: Language, value: number): string {
  return value.toLocaleString(language === 'ru' ? 'ru-RU' : 'en-US');
}

/**
 * The message and hint of a core error in the UI's language: Russian text by
 * code where one exists, the core's own (English) text otherwise.
 */
export function errorText(language: Language, error: Pick<WireError, 'code' | 'message' | 'hint' | 'params'> & { where?: { file?: string } }, params: Record<string, string> = {}): { message: string; hint: string | undefined } {
  const variants = language === 'ru' ? ruErrorVariants[error.code] : undefined;
  const variant = variants && error.params ? Object.values(error.params).map((value) => variants[value]).find(Boolean) : undefined;
  const localized = variant ?? (language === 'ru' ? ruErrors[error.code] : undefined);
  if (!localized) return { message: error.message, hint: error.hint };
  const values = { file: error.where?.file ?? '', ...params };
  return { message: fill(localized.message, values), hint: fill(localized.hint, values) };
}

/** The language to start in: the saved choice, else the system's. */
export function initialLanguage(saved: string | null, systemLanguages: readonly string[]): Language {
  if (saved === 'ru' || saved === 'en') return saved;
  return systemLanguages.some((tag) => tag.toLowerCase().startsWith('ru')) ? 'ru' : 'en';
}
