/** Which mark separates decimals in a column's text numbers. */
export type DecimalMark = ',' | '.';

const HAS_DIGIT = /\d/;
const CURRENCY_TEXT: [RegExp, string][] = [
  // `\b` is ASCII-only in JS, so Cyrillic word starts are spelled as a look-behind.
  [/₽|(?<![\p{L}])руб|(?<![\p{L}])р\.|\bRUB\b|\bRUR\b/iu, 'RUB'],
  [/\$|\bUSD\b/i, 'USD'],
  [/€|\bEUR\b/i, 'EUR'],
  [/£|\bGBP\b/i, 'GBP'],
  [/₸|\bKZT\b/i, 'KZT'],
  [/¥|\bCNY\b/i, 'CNY'],
];
// Spaces, NBSP, narrow NBSP and thin space are all used as thousands separators.
const SPACES = /[\s\u00a0\u202f\u2009]/g;
const SPACED_DIGITS = /\d[\s\u00a0\u202f\u2009]+\d/;
const SPACE_GROUPS = /^[-−(]?\d{1,3}([\s\u00a0\u202f\u2009]\d{3})+([.,]\d+)?[\s\u00a0\u202f\u2009]*%?\)?$/;
const CURRENCY_STRIP = /₽|руб\.?|(?<![\p{L}])р\.|RUB|RUR|USD|EUR|GBP|KZT|CNY|[$€£₸¥]/giu;

// Nothing but digits, spaces, signs and separators: no currency mark can be there.
const PLAIN_NUMBER_CHARS = /^[\d\s.,+\-−()%]*$/;

/** The ISO currency code a text value mentions (`1 200 ₽` → RUB), if any. */
export function currencyOf(text: string): string | undefined {
  // Most amounts in a money column are bare numbers: one simple test instead of six patterns.
  if (PLAIN_NUMBER_CHARS.test(text)) return undefined;
  for (const [pattern, code] of CURRENCY_TEXT) if (pattern.test(text)) return code;
  return undefined;
}

/** The number text without currency marks, spaces and a trailing `%`; `percent` says if it had one. */
function strip(text: string): { core: string; percent: boolean } | null {
  if (text.length > 40) return null;
  const body = text.replace(CURRENCY_STRIP, '').trim();
  if (SPACED_DIGITS.test(body)) {
    // Spaces group thousands only in threes ("1 234 567,89"); "+1 555 0001" or "555 01" is a phone number or a code, not an amount.
    if (body.startsWith('+') || !SPACE_GROUPS.test(body)) return null;
  }
  let core = body.replace(SPACES, '');
  const percent = core.endsWith('%');
  if (percent) core = core.slice(0, -1);
  core = core.replace(/^\((.*)\)$/, '-$1').replace(/^−/, '-');
  return core === '' ? null : { core, percent };
}

const COMMA_DECIMAL = /^[-+]?(\d+|\d{1,3}(\.\d{3})+),\d+$/; // 1234,5 or 1.234,5
const DOT_DECIMAL = /^[-+]?(\d+|\d{1,3}(,\d{3})+)\.\d+$/; // 1234.5 or 1,234.5
const COMMA_GROUPS = /^[-+]?\d{1,3}(,\d{3})+$/; // 1,234 (en groups, or a ru decimal)
const DOT_GROUPS = /^[-+]?\d{1,3}(\.\d{3})+$/; // 1.234 (ru groups, or an en decimal)
const INTEGER = /^[-+]?\d+$/;

/**
 * What a text says about the decimal mark: `,` or `.` when it decides it,
 * `ambiguous` for `1,234` / `1.234`, `neutral` for integers, null when it is no number.
 */
export function decimalEvidence(text: string): DecimalMark | 'ambiguous' | 'neutral' | null {
  // Every shape below has a digit; most text columns are ruled out without the currency regexes.
  if (!HAS_DIGIT.test(text)) return null;
  const stripped = strip(text.trim());
  if (!stripped) return null;
  const { core } = stripped;
  if (INTEGER.test(core)) return 'neutral';
  if (COMMA_GROUPS.test(core) || DOT_GROUPS.test(core)) {
    // 1,2345 or 12,34 cannot be groups; only exact 3-digit groups are ambiguous
    return 'ambiguous';
  }
  if (COMMA_DECIMAL.test(core)) return ',';
  if (DOT_DECIMAL.test(core)) return '.';
  if (/^[-+]?\d*[.,]\d+[eE][-+]?\d+$|^[-+]?\d+[eE][-+]?\d+$/.test(core)) return 'neutral';
  return null;
}

/**
 * The shape of a plain number — `-?\d{1,15}` or `-?\d{1,15}<mark>\d{1,15}`
 * with the column's decimal mark — read by a scan of char codes, so no regex
 * runs on the cells of a plain number column: `whole << 6 | fraction << 1 |
 * (fraction is all zeros)`, or -1 for anything else.
 */
function plainShape(text: string, decimal: DecimalMark): number {
  const length = text.length;
  const start = text.charCodeAt(0) === 45 ? 1 : 0; // '-'
  let i = start;
  while (i < length && isDigitCode(text.charCodeAt(i))) i++;
  const whole = i - start;
  if (whole < 1 || whole > 15) return -1;
  if (i === length) return (whole << 6) | 1;
  if (text.charCodeAt(i) !== decimal.charCodeAt(0)) return -1;
  const fraction = ++i;
  let zeros = 1;
  for (; i < length; i++) {
    const code = text.charCodeAt(i);
    if (!isDigitCode(code)) return -1;
    if (code !== 48) zeros = 0;
  }
  const digits = i - fraction;
  return digits < 1 || digits > 15 ? -1 : (whole << 6) | (digits << 1) | zeros;
}

function plainNumber(text: string, decimal: DecimalMark): number | null {
  const shape = plainShape(text, decimal);
  if (shape < 0) return null;
  return (shape & 0x3e) === 0 || decimal === '.' ? Number(text) : Number(text.replace(',', '.'));
}

/**
 * Whether `text`, a plain number (see `plainShape`), fits a column of
 * `integer`s (`12,00` does, `12,50` does not) or of any numbers; null when it
 * is no plain number. Checks 100,000 cells without making a number of each.
 */
export function plainNumberFits(text: string, decimal: DecimalMark, integer: boolean): boolean | null {
  const shape = plainShape(text, decimal);
  if (shape < 0) return null;
  const zeros = (shape & 1) === 1;
  if (!integer || zeros) return true;
  // Past 15 significant digits a double rounds (123456789012345.000001 becomes a whole number):
  // that case is left to `parseLocaleNumber`, which the migration reads with.
  return (shape >> 6) + ((shape >> 1) & 31) > 15 ? null : false;
}

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}
const COMMA_PATTERNS = { group: '.', grouped: /^[-+]?\d{1,3}(\.\d{3})+(,\d+)?$/, plain: /^[-+]?(\d+(,\d*)?|,\d+)$/ };
const DOT_PATTERNS = { group: ',', grouped: /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/, plain: /^[-+]?(\d+(\.\d*)?|\.\d+)$/ };

/**
 * Parses a number as people type it, with the column's decimal mark: group
 * separators (space, NBSP, the other mark), currency marks, `%` (kept as the
 * number shown, 12% → 12), a leading `+` and accounting parentheses.
 * Returns null for anything else; never throws.
 */
export function parseLocaleNumber(text: string, decimal: DecimalMark): number | null {
  // Fast path for the plain shapes that fill 100,000-row columns.
  const plain = plainNumber(text, decimal);
  if (plain !== null) return plain;
  // Every shape below has a digit.
  if (!HAS_DIGIT.test(text)) return null;
  const stripped = strip(text.trim());
  if (!stripped) return null;
  let { core } = stripped;
  if (/[eE]/.test(core)) {
    if (!/^[-+]?(\d+([.,]\d*)?|[.,]\d+)[eE][-+]?\d+$/.test(core)) return null;
    core = core.replace(',', '.');
    const value = Number(core);
    return Number.isFinite(value) ? value : null;
  }
  const patterns = decimal === ',' ? COMMA_PATTERNS : DOT_PATTERNS;
  if (core.includes(patterns.group)) {
    if (!patterns.grouped.test(core)) return null;
    core = core.split(patterns.group).join('');
  }
  if (!patterns.plain.test(core)) return null;
  const value = Number(core.replace(decimal, '.'));
  return Number.isFinite(value) ? value : null;
}

/** True for ID-like text that must never become a number: leading zero, > 15 digits, digits with dashes. */
export function looksLikeId(text: string): boolean {
  const t = text.trim();
  return /^0\d/.test(t) || /^\d{16,}$/.test(t) || /^\d+(-\d+)+$/.test(t) || /^[A-Za-zА-Яа-я]{1,6}[-_]?\d{2,}$/.test(t);
}
