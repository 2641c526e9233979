import type { ErrorLocation, WireError } from '../../../shared/base/errors/errors';
import { formatBytes } from '../components/format';
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

/** Where an error happened, in Russian: ` (лист «Договоры», строка 4, столбец «B»)`, or nothing. */
function ruPlace(where: ErrorLocation | undefined): string {
  if (!where) return '';
  const parts = [
    where.sheet ? `лист «${where.sheet}»` : '',
    where.row !== undefined ? `строка ${where.row}` : '',
    where.column ? `столбец «${where.column}»` : '',
    where.method ? `метод ${where.method}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/**
 * What the portal itself said, labelled as its words: its own text in quotes
 * and its error code. Without them (an error the app's core raised), the
 * core's English line, labelled as such rather than passed off as Russian.
 */
export function portalSaidRu(params: Record<string, string> | undefined, detail: string): string {
  const code = params?.portalCode;
  const text = params?.portalText;
  if (text !== undefined) return `Портал ответил: «${text}»${code !== undefined && code !== text ? ` (код ${code})` : ''}.`;
  if (code !== undefined) return `Портал ответил кодом ${code} без пояснений.`;
  return coreSaidRu(detail);
}

/** A detail only the core's English text holds, labelled as such. */
function coreSaidRu(detail: string): string {
  return detail.trim() === '' ? '' : `Текст ошибки от ядра приложения (на английском): ${detail}`;
}

/** An error's facts as the Russian text fills them: numbers grouped, byte counts as sizes (23 КБ), the place worded. */
function ruValues(error: Pick<WireError, 'message' | 'params'> & { where?: ErrorLocation }): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(error.params ?? {})) values[name] = /^\d+$/.test(value) ? Number(value).toLocaleString('ru-RU') : value;
  const where = error.where ?? {};
  const bytes = (name: string): string | undefined => (error.params?.[name] !== undefined && /^\d+$/.test(error.params[name]!) ? formatBytes(Number(error.params[name]), 'ru') : undefined);
  return {
    ...values,
    file: where.file ?? '',
    sheet: where.sheet ?? '',
    row: where.row === undefined ? '' : String(where.row),
    column: where.column ?? '',
    method: where.method ?? '',
    place: ruPlace(where),
    detail: coreSaidRu(error.message),
    portalSaid: portalSaidRu(error.params, error.message),
    sizeText: bytes('size') ?? '',
    maxSize: bytes('max') ?? '',
    actualSize: bytes('actual') ?? '',
  };
}

/**
 * The message and hint of a core error in the UI's language: the Russian text
 * of its code (or of the variant its params name), with the error's place and
 * facts filled in; the core's own (English) text otherwise.
 */
export function errorText(language: Language, error: Pick<WireError, 'code' | 'message' | 'hint' | 'params'> & { where?: ErrorLocation }, params: Record<string, string> = {}): { message: string; hint: string | undefined } {
  if (language !== 'ru') return { message: error.message, hint: error.hint };
  const variants = ruErrorVariants[error.code];
  // A `reason` param names the variant; older errors name it by another param's value (`format: 'numbers'`).
  const reason = error.params?.reason;
  const variant = variants && error.params ? ((reason !== undefined ? variants[reason] : undefined) ?? Object.values(error.params).map((value) => variants[value]).find(Boolean)) : undefined;
  const localized = variant ?? ruErrors[error.code];
  if (!localized) return { message: error.message, hint: error.hint };
  const values = { ...ruValues(error), ...params };
  return { message: fill(localized.message, values), hint: fill(localized.hint, values) };
}

/** The language to start in: the saved choice, else the system's. */
export function initialLanguage(saved: string | null, systemLanguages: readonly string[]): Language {
  if (saved === 'ru' || saved === 'en') return saved;
  return systemLanguages.some((tag) => tag.toLowerCase().startsWith('ru')) ? 'ru' : 'en';
}
