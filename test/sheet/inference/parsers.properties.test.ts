import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDateText, possibleOrders } from '../../../shared/sheet/inference/parse-date';
import { decimalEvidence, parseLocaleNumber, plainNumberFits } from '../../../shared/sheet/inference/parse-number';

const NBSP = '\u00a0';
const group = (digits: string, separator: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
const RU_MONTHS = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const dateArb = fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true });

describe('number parser (properties)', () => {
  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.constantFrom(',' as const, '.' as const), (text, mark) => {
        const value = parseLocaleNumber(text, mark);
        expect(value === null || Number.isFinite(value)).toBe(true);
        decimalEvidence(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips amounts written the Russian way (space/NBSP groups, decimal comma, ₽/руб.)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -999_999_999, max: 999_999_999 }), fc.integer({ min: 0, max: 99 }), fc.constantFrom(' ', NBSP, '.', ''), fc.constantFrom('', ' ₽', ' руб.', 'р.'), (whole, cents, separator, currency) => {
        const sign = whole < 0 ? '-' : '';
        const text = `${sign}${group(String(Math.abs(whole)), separator)},${pad(cents)}${currency}`;
        const expected = Number(`${sign}${Math.abs(whole)}.${pad(cents)}`);
        expect(parseLocaleNumber(text, ',')).toBeCloseTo(expected, 6);
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips amounts written the English way (comma groups, decimal point, $)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 99 }), fc.boolean(), (whole, cents, dollar) => {
        const text = `${dollar ? '$' : ''}${group(String(whole), ',')}.${pad(cents)}`;
        expect(parseLocaleNumber(text, '.')).toBeCloseTo(Number(`${whole}.${pad(cents)}`), 6);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('date parser (properties)', () => {
  it('never throws on arbitrary text and returns valid ISO dates only', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.constantFrom('dmy' as const, 'mdy' as const, 'ymd' as const), (text, order) => {
        const parsed = parseDateText(text, order);
        if (parsed) expect(Number.isNaN(Date.parse(`${parsed.iso.slice(0, 10)}T00:00:00Z`))).toBe(false);
        possibleOrders(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips dd.mm.yyyy, mm/dd/yyyy, yyyy-mm-dd and “5 марта 2024”, with and without a time', () => {
    fc.assert(
      fc.property(dateArb, fc.boolean(), (date, withTime) => {
        const y = date.getUTCFullYear();
        const m = date.getUTCMonth() + 1;
        const d = date.getUTCDate();
        const hh = date.getUTCHours();
        const mm = date.getUTCMinutes();
        const time = withTime && hh + mm > 0 ? ` ${pad(hh)}:${pad(mm)}` : '';
        const iso = `${pad(y, 4)}-${pad(m)}-${pad(d)}${time ? `T${pad(hh)}:${pad(mm)}:00` : ''}`;
        expect(parseDateText(`${pad(d)}.${pad(m)}.${y}${time}`, 'dmy')?.iso).toBe(iso);
        expect(parseDateText(`${pad(m)}/${pad(d)}/${y}${time}`, 'mdy')?.iso).toBe(iso);
        expect(parseDateText(`${y}-${pad(m)}-${pad(d)}${time}`, 'dmy')?.iso).toBe(iso);
        expect(parseDateText(`${d} ${RU_MONTHS[m - 1]} ${y}`, 'dmy')?.iso).toBe(iso.slice(0, 10));
        // A day above 12 rules out month-first.
        if (d > 12) expect(possibleOrders(`${pad(d)}.${pad(m)}.${y}`)).toEqual(['dmy']);
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects impossible dates', () => {
    expect(parseDateText('31.02.2024', 'dmy')).toBeNull();
    expect(parseDateText('29.02.2023', 'dmy')).toBeNull();
    expect(parseDateText('29.02.2024', 'dmy')?.iso).toBe('2024-02-29');
    expect(parseDateText('13/13/2024', 'mdy')).toBeNull();
    expect(parseDateText('564-564-5644', 'dmy')).toBeNull();
  });
});

describe('spaces in numbers', () => {
  it('group thousands only in threes; phone numbers and codes are no amounts', () => {
    expect(parseLocaleNumber('1 234 567,89', ',')).toBeCloseTo(1234567.89, 6);
    expect(parseLocaleNumber('12\u00a0500 ₽', ',')).toBe(12500);
    expect(parseLocaleNumber('+1 555 0001', '.')).toBeNull();
    expect(parseLocaleNumber('555 0001', '.')).toBeNull();
    expect(parseLocaleNumber('12 34', ',')).toBeNull();
    expect(decimalEvidence('+7 916 123-45-67')).toBeNull();
  });
});

describe('fast number check (properties)', () => {
  it('plainNumberFits agrees with parsing the number, where it decides', () => {
    const numberText = fc.array(fc.constantFrom('1', '0', '9', '-', ',', '.', ' '), { minLength: 1, maxLength: 20 }).map((chars) => chars.join(''));
    // Long numbers with a tiny fraction: a double rounds some of them to whole numbers.
    const longNumber = fc
      .tuple(fc.bigInt({ min: 0n, max: 999_999_999_999_999n }), fc.nat({ max: 999_999 }), fc.integer({ min: 1, max: 8 }), fc.constantFrom(',', '.'))
      .map(([whole, fraction, width, mark]) => `${whole}${mark}${String(fraction).padStart(width, '0')}`);
    fc.assert(
      fc.property(fc.oneof(numberText, longNumber, fc.string({ maxLength: 20 })), fc.constantFrom(',' as const, '.' as const), fc.boolean(), (text, mark, integer) => {
        const fits = plainNumberFits(text, mark, integer);
        if (fits === null) return;
        const value = parseLocaleNumber(text, mark);
        expect(value).not.toBeNull();
        expect(fits).toBe(!integer || Number.isInteger(value));
      }),
      { numRuns: 5000 },
    );
  });
});
