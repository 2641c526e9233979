/** What an Excel number format says about the values it formats. */
export interface NumberFormatInfo {
  kind: 'general' | 'number' | 'date' | 'datetime' | 'time' | 'duration' | 'percent' | 'currency' | 'text';
  /** ISO 4217 code when the format shows a currency. */
  currency?: string;
}

const CURRENCY_SYMBOLS: [RegExp, string][] = [
  [/₽|руб|р\.|\bRUB\b|\[\$[^\]]*-419\]/i, 'RUB'],
  [/\$|\bUSD\b/, 'USD'],
  [/€|\bEUR\b/, 'EUR'],
  [/£|\bGBP\b/, 'GBP'],
  [/₸|\bKZT\b/, 'KZT'],
  [/₴|\bUAH\b/, 'UAH'],
  [/¥|\bCNY\b/, 'CNY'],
];

const BUILT_IN: Record<string, NumberFormatInfo['kind']> = {
  General: 'general',
  '@': 'text',
};

/**
 * Classifies an Excel number format ourselves instead of trusting exceljs's
 * `isDateFmt`, which calls `#,##0\ \m\²` a date (backslash escapes are not
 * stripped) and reads `[h]:mm:ss` durations as dates.
 */
export function classifyNumberFormat(format: string | undefined): NumberFormatInfo {
  if (!format) return GENERAL;
  // A workbook has a handful of formats but 100,000s of cells: classify each format once.
  let info = cache.get(format);
  if (!info) {
    info = classify(format);
    if (cache.size > 10_000) cache.clear();
    cache.set(format, info);
  }
  return info;
}

const GENERAL: NumberFormatInfo = { kind: 'general' };
const cache = new Map<string, NumberFormatInfo>();

function classify(format: string): NumberFormatInfo {
  const builtIn = BUILT_IN[format];
  if (builtIn) return { kind: builtIn };
  // Only the first section (positive numbers) decides.
  const section = splitSections(format)[0] ?? format;
  const bracket = /\[\$([^\]-]*)(-[^\]]*)?\]/.exec(section);
  if (bracket && (bracket[1] || bracket[2] === '-419')) {
    const symbol = bracket[2] === '-419' && !bracket[1] ? '₽' : bracket[1]!;
    const found = CURRENCY_SYMBOLS.find(([pattern]) => pattern.test(symbol));
    if (found) return { kind: 'currency', currency: found[1] };
  }
  const currencySource = section.replace(/\[[^\]]*\]/g, '').replace(/"([^"]*)"/g, '$1');
  for (const [pattern, code] of CURRENCY_SYMBOLS) {
    if (pattern.test(currencySource)) return { kind: 'currency', currency: code };
  }
  const bare = section
    .replace(/"[^"]*"/g, '') // quoted literals
    .replace(/\\./g, '') // escaped characters
    .replace(/[_*]./g, ''); // padding and fill
  if (/\[(h+|m+|s+)\]/i.test(bare)) return { kind: 'duration' };
  const noBrackets = bare.replace(/\[[^\]]*\]/g, '');
  if (/^\s*@\s*$/.test(noBrackets)) return { kind: 'text' };
  if (noBrackets.includes('%')) return { kind: 'percent' };
  // A lone `m` next to digit placeholders is a unit (`#,##0 m²` once exceljs unescapes it), not a month.
  if (/[0#?]/.test(noBrackets) && !/[dyhs]/i.test(noBrackets)) return { kind: 'number' };
  const hasTime = /[hs]/i.test(noBrackets.replace(/AM\/PM|A\/P/gi, 'h'));
  const hasDate = /[dy]/i.test(noBrackets) || (!hasTime && /m/i.test(noBrackets));
  if (hasDate) return { kind: hasTime ? 'datetime' : 'date' };
  if (hasTime) return { kind: 'time' };
  if (/[0#?]/.test(noBrackets)) return { kind: 'number' };
  return { kind: 'general' };
}

function splitSections(format: string): string[] {
  const sections: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch === '"') quoted = !quoted;
    if (ch === '\\' && i + 1 < format.length) {
      current += ch + format[i + 1];
      i++;
      continue;
    }
    if (ch === ';' && !quoted) {
      sections.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  sections.push(current);
  return sections;
}
