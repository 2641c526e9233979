import type { Language } from '../i18n/translate';

/** Byte units as each UI language writes them. */
const UNITS: Record<Language, { bytes: string; kilo: string; mega: string }> = {
  en: { bytes: 'B', kilo: 'KB', mega: 'MB' },
  ru: { bytes: 'Б', kilo: 'КБ', mega: 'МБ' },
};

/** A byte count as a person reads it in `language`: 532 KB, 12.4 MB; 532 КБ, 12,4 МБ. */
export function formatBytes(bytes: number, language: Language = 'en'): string {
  const units = UNITS[language];
  const locale = language === 'ru' ? 'ru-RU' : 'en-US';
  if (bytes < 1024) return `${bytes} ${units.bytes}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024).toLocaleString(locale)} ${units.kilo}`;
  return `${(bytes / 1024 / 1024).toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} ${units.mega}`;
}

/**
 * A date or date-time the core gives as ISO text, as `language` writes it:
 * Russian readers expect “01.01.2025 09:30”; English keeps the ISO form, and
 * text that is not an ISO date stays as it is.
 */
export function formatIsoDate(iso: string, language: Language): string {
  if (language !== 'ru') return iso;
  const parts = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(iso);
  if (!parts) return iso;
  const [, year, month, day, hours, minutes] = parts;
  return `${day}.${month}.${year}${hours ? ` ${hours}:${minutes}` : ''}`;
}
