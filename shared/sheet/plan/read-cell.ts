import { parseDateText, serialToIsoDate, type DateOrder } from '../inference/parse-date';
import { currencyOf, parseLocaleNumber } from '../inference/parse-number';
import { BOOLEAN_PAIRS } from '../inference/vocabulary';
import { cellText } from '../spreadsheet/cell-text';
import type { Cell } from '../spreadsheet/types';

/** A cell read as a typed value, or why it could not be. */
export type CellReading<T> = { ok: true; value: T } | CellFailure;

/** What a cell was expected to be, for a UI that words the reason in its own language. */
export type CellProblem = 'number' | 'whole-number' | 'date' | 'boolean' | 'stage' | 'list-item' | 'email' | 'phone' | 'url';

/** Why a cell cannot be read: the reason in English, and (where known) what was expected and the text found. */
export interface CellFailure {
  ok: false;
  reason: string;
  problem?: CellProblem;
  text?: string;
}

/** A failed reading of `text` that should have been a `problem`. */
export const cellFailure = (problem: CellProblem, text: string, reason: string): CellFailure => ({ ok: false, reason, problem, text });

/** A number from a number cell, or from text in the column's decimal mark (`decimal-comma`/`decimal-dot`). */
export function readNumber(cell: Cell, format: string | undefined): CellReading<number> {
  if (typeof cell === 'number') return { ok: true, value: cell };
  if (cell !== null && typeof cell === 'object' && typeof cell.value === 'number') return { ok: true, value: cell.value };
  const text = cellText(cell).trim();
  const marks: Array<',' | '.'> = format === 'decimal-comma' ? [','] : format === 'decimal-dot' ? ['.'] : ['.', ','];
  for (const mark of marks) {
    const value = parseLocaleNumber(text, mark);
    if (value !== null && Number.isFinite(value)) return { ok: true, value };
  }
  return cellFailure('number', text, `“${text}” is not a number`);
}

/** The currency a money cell names (text or number format), if any. */
export function readCurrency(cell: Cell): string | undefined {
  if (cell !== null && typeof cell === 'object') return currencyOf(`${cell.numFmt ?? ''} ${cell.text ?? ''} ${String(cell.value ?? '')}`);
  return typeof cell === 'string' ? currencyOf(cell) : undefined;
}

function orderOf(format: string | undefined, language: 'ru' | 'en'): DateOrder {
  if (format === 'day-first') return 'dmy';
  if (format === 'month-first') return 'mdy';
  if (format === 'iso') return language === 'ru' ? 'dmy' : 'mdy';
  return language === 'ru' ? 'dmy' : 'mdy';
}

// An Excel day serial a plain number cell can mean: 1954-10-04 to 2119-01-09 (the range inference reads as dates).
// Outside it, a number such as 1, 2, 3 is a count or a number, not a day of 1900.
const FIRST_SERIAL = 20_000;
const LAST_SERIAL = 80_000;

/**
 * A wall-clock date or datetime (`2025-03-05`, `2025-03-05T09:30:00`) from a
 * date cell, an Excel serial or text; never shifted by a time zone.
 */
export function readDate(cell: Cell, format: string | undefined, language: 'ru' | 'en', withTime: boolean): CellReading<string> {
  let iso: string | undefined;
  if (cell !== null && typeof cell === 'object' && (cell.kind === 'date' || cell.kind === 'datetime') && typeof cell.value === 'string') iso = cell.value;
  else if (typeof cell === 'number' || (cell !== null && typeof cell === 'object' && typeof cell.value === 'number')) {
    const serial = typeof cell === 'number' ? cell : (cell.value as number);
    if (serial >= FIRST_SERIAL && serial < LAST_SERIAL) {
      const date = serialToIsoDate(Math.floor(serial));
      const seconds = Math.round((serial - Math.floor(serial)) * 86_400);
      iso = seconds > 0 ? `${date}T${[seconds / 3600, (seconds % 3600) / 60, seconds % 60].map((n) => String(Math.floor(n)).padStart(2, '0')).join(':')}` : date;
    }
  } else {
    const text = cellText(cell).trim();
    iso = parseDateText(text, orderOf(format, language))?.iso;
    if (iso === undefined && /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/.test(text)) iso = text.length === 16 ? `${text}:00` : text;
  }
  if (iso === undefined) return cellFailure('date', cellText(cell), `“${cellText(cell)}” is not a date`);
  if (!withTime) return { ok: true, value: iso.slice(0, 10) };
  return { ok: true, value: iso.length === 10 ? `${iso}T00:00:00` : iso.slice(0, 19) };
}

/** `Y`/`N` from a boolean cell or a yes/no word pair (да/нет, yes/no, 1/0, ✓/✗ …). */
export function readBoolean(cell: Cell): CellReading<'Y' | 'N'> {
  if (typeof cell === 'boolean') return { ok: true, value: cell ? 'Y' : 'N' };
  if (cell !== null && typeof cell === 'object' && typeof cell.value === 'boolean') return { ok: true, value: cell.value ? 'Y' : 'N' };
  const text = cellText(cell).trim().toLowerCase().replace(/ё/g, 'е');
  for (const [yes, no] of BOOLEAN_PAIRS) {
    if (text === yes) return { ok: true, value: 'Y' };
    if (text === no && no !== '') return { ok: true, value: 'N' };
  }
  return cellFailure('boolean', cellText(cell), `“${cellText(cell)}” is not yes/no`);
}

/** The link of a url cell: the hyperlink target when Excel has one, else the text. */
export function readUrl(cell: Cell): string {
  if (cell !== null && typeof cell === 'object' && cell.hyperlink) return cell.hyperlink;
  return cellText(cell).trim();
}

// The shapes inference counts as fitting (an e-mail address; 10–15 digits written with + ( ) . - and spaces).
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const PHONE_CHARS = /^[+\d\s().\-–]+$/;
// A link the portal's url field takes: with a scheme, or a host name with a dot (`example.com/path`).
const LINK = /^((https?|ftp):\/\/\S+|(www\.)?[\p{L}\d-]+(\.[\p{L}\d-]+)*\.\p{L}{2,}(:\d+)?([/?#]\S*)?)$/iu;

/** The text of a cell of an e-mail column, when it is an e-mail address. */
export function readEmail(text: string): CellReading<string> {
  return EMAIL.test(text) ? { ok: true, value: text } : cellFailure('email', text, `“${text}” is not an e-mail address`);
}

/** The text of a cell of a phone column, when it is a phone number (10–15 digits). */
export function readPhone(text: string): CellReading<string> {
  const digits = PHONE_CHARS.test(text) ? text.replace(/\D/g, '').length : 0;
  return digits >= 10 && digits <= 15 ? { ok: true, value: text } : cellFailure('phone', text, `“${text}” is not a phone number (10 to 15 digits)`);
}

/** The link of a cell of a link column (its hyperlink, else its text), when it is a web link. */
export function readLink(cell: Cell, text = cellText(cell).trim()): CellReading<string> {
  const link = cell !== null && typeof cell === 'object' && cell.hyperlink ? cell.hyperlink : text;
  return LINK.test(link) ? { ok: true, value: link } : cellFailure('url', text, `“${text}” is not a web link`);
}
