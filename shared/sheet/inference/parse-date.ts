/** Order of day, month and year in a numeric date. */
export type DateOrder = 'dmy' | 'mdy' | 'ymd';

/** A text date read as wall-clock parts; `iso` is `yyyy-mm-dd` or `yyyy-mm-ddThh:mm:ss`. */
export interface ParsedDate {
  iso: string;
  hasTime: boolean;
  /** The layout the text used, for evidence: `dd.mm.yyyy`, `mm/dd/yyyy`, `d mmmm yyyy`, … */
  format: string;
}

const MONTHS: Record<string, number> = {};
const MONTH_NAMES: [number, string[]][] = [
  [1, ['январь', 'января', 'янв', 'january', 'jan']],
  [2, ['февраль', 'февраля', 'фев', 'февр', 'february', 'feb']],
  [3, ['март', 'марта', 'мар', 'march', 'mar']],
  [4, ['апрель', 'апреля', 'апр', 'april', 'apr']],
  [5, ['май', 'мая', 'may']],
  [6, ['июнь', 'июня', 'июн', 'june', 'jun']],
  [7, ['июль', 'июля', 'июл', 'july', 'jul']],
  [8, ['август', 'августа', 'авг', 'august', 'aug']],
  [9, ['сентябрь', 'сентября', 'сен', 'сент', 'september', 'sep', 'sept']],
  [10, ['октябрь', 'октября', 'окт', 'october', 'oct']],
  [11, ['ноябрь', 'ноября', 'ноя', 'нояб', 'november', 'nov']],
  [12, ['декабрь', 'декабря', 'дек', 'december', 'dec']],
];
for (const [month, names] of MONTH_NAMES) for (const name of names) MONTHS[name] = month;

const NUMERIC = /^(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})(?:(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:Z)?$/;
const DAY_MONTH_NAME = /^(\d{1,2})\s+([a-zа-яё]+)\.?,?\s+(\d{4})(?:\s*г\.?)?(?:\s+(\d{1,2}):(\d{2}))?$/i;
const MONTH_NAME_DAY = /^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:\s+(\d{1,2}):(\d{2}))?$/i;
const DAY_MON_YEAR_DASH = /^(\d{1,2})-([a-zа-яё]{3,})\.?-(\d{2,4})$/i;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Arithmetic instead of a Date per call: this runs for every cell of a 100,000-row date column.
function daysIn(year: number, month: number): number {
  if (month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0)) return 29;
  return DAYS[month - 1] ?? 0;
}

function fullYear(year: number, digits: number): number {
  if (digits > 2) return year;
  return year < 50 ? 2000 + year : 1900 + year;
}

function build(year: number, month: number, day: number, hour: number | undefined, minute: number | undefined, second: number | undefined, format: string): ParsedDate | null {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  const hasTime = hour !== undefined;
  if (hasTime && (hour! > 23 || (minute ?? 0) > 59 || (second ?? 0) > 59)) return null;
  const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  // A midnight time part is still a datetime cell, but it carries no time information.
  const withTime = hasTime && hour! + (minute ?? 0) + (second ?? 0) > 0;
  return { iso: withTime ? `${date}T${pad(hour!)}:${pad(minute ?? 0)}:${pad(second ?? 0)}` : date, hasTime: withTime, format };
}

/**
 * The orders a numeric date text allows: `05.03.2024` allows dmy and mdy,
 * `25.03.2024` only dmy, `2024-03-05` only ymd. Empty for non-dates.
 */
export function possibleOrders(text: string): DateOrder[] {
  const match = NUMERIC.exec(text.trim());
  if (!match) return [];
  return (['ymd', 'dmy', 'mdy'] as DateOrder[]).filter((order) => parseDateText(text, order) !== null);
}

/**
 * Reads a date as a person wrote it, in the column's day/month order
 * (`dd.mm.yyyy`, `mm/dd/yyyy`, `yyyy-mm-dd`, two-digit years, `5 марта 2024`,
 * `March 5, 2024`, with an optional `hh:mm[:ss]`). Returns wall-clock parts,
 * never a time-zone-shifted instant; null when it is no valid date. Never throws.
 */
export function parseDateText(text: string, order: DateOrder): ParsedDate | null {
  const t = text.trim();
  if (t.length < 6 || t.length > 40) return null;
  // Every shape starts with a digit or a Latin month name: other text is ruled out without a regex.
  const first = t.charCodeAt(0) | 0x20;
  if (!(first >= 0x30 && first <= 0x39) && !(first >= 0x61 && first <= 0x7a)) return null;
  const numeric = NUMERIC.exec(t);
  if (numeric) {
    const [, a, sep, b, c, h, mi, s] = numeric;
    const hour = h === undefined ? undefined : Number(h);
    const minute = mi === undefined ? undefined : Number(mi);
    const second = s === undefined ? undefined : Number(s);
    const time = h === undefined ? '' : s === undefined ? ' hh:mm' : ' hh:mm:ss';
    if (a!.length === 4) {
      if (sep !== '-' && sep !== '.' && sep !== '/') return null;
      return build(Number(a), Number(b), Number(c), hour, minute, second, `yyyy${sep}mm${sep}dd${time}`);
    }
    if (order === 'ymd' || c!.length === 3 || c!.length === 1 || a!.length > 2) return null;
    const year = fullYear(Number(c), c!.length);
    const yearFormat = c!.length === 2 ? 'yy' : 'yyyy';
    if (order === 'dmy') return build(year, Number(b), Number(a), hour, minute, second, `dd${sep}mm${sep}${yearFormat}${time}`);
    return build(year, Number(a), Number(b), hour, minute, second, `mm${sep}dd${sep}${yearFormat}${time}`);
  }
  const dayMonth = DAY_MONTH_NAME.exec(t);
  if (dayMonth) {
    const month = MONTHS[dayMonth[2]!.toLowerCase().replace('ё', 'е')];
    if (!month) return null;
    const hour = dayMonth[4] === undefined ? undefined : Number(dayMonth[4]);
    return build(Number(dayMonth[3]), month, Number(dayMonth[1]), hour, hour === undefined ? undefined : Number(dayMonth[5]), undefined, 'd mmmm yyyy');
  }
  const monthDay = MONTH_NAME_DAY.exec(t);
  if (monthDay) {
    const month = MONTHS[monthDay[1]!.toLowerCase()];
    if (!month) return null;
    const hour = monthDay[4] === undefined ? undefined : Number(monthDay[4]);
    return build(Number(monthDay[3]), month, Number(monthDay[2]), hour, hour === undefined ? undefined : Number(monthDay[5]), undefined, 'mmmm d, yyyy');
  }
  const dash = DAY_MON_YEAR_DASH.exec(t);
  if (dash) {
    const month = MONTHS[dash[2]!.toLowerCase()];
    if (!month) return null;
    return build(fullYear(Number(dash[3]), dash[3]!.length), month, Number(dash[1]), undefined, undefined, undefined, 'dd-mmm-yy');
  }
  return null;
}

/** An Excel serial day number (1900 system) as a wall-clock ISO date. */
export function serialToIsoDate(serial: number): string {
  const ms = Math.round((serial - 25_569) * 86_400) * 1000;
  return new Date(ms).toISOString().slice(0, 10);
}
