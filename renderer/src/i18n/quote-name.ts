import type { Language } from './translate';

/** A name (a column, a value, a stage) in the quotation marks of the UI language. */
export function quoteName(language: Language, name: string): string {
  return language === 'ru' ? `«${name}»` : `“${name}”`;
}
