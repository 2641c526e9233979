import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../shared/sheet/spreadsheet/decode-text';
import { detectDelimiter } from '../../../shared/sheet/spreadsheet/detect-dialect';
import { classifyNumberFormat } from '../../../shared/sheet/spreadsheet/number-format';
import { readWorkbook } from '../../../shared/sheet/spreadsheet/read-workbook';
import { control } from './helpers';

const WORDS = ['alpha', 'Бета', 'гамма дельта', 'x', 'Иванов И.И.', 'ООО «Ромашка»', 'done', 'В работе', '2024-01-02', '12.03.2024', 'a.b@c.ru'];
const cellArb = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.integer({ min: -100000, max: 100000 }).map(String),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((n) => n.toFixed(2)),
  fc.stringMatching(/^[a-zа-я0-9 ]{1,12}$/),
);

function toCsv(grid: string[][], delimiter: string): string {
  return grid.map((row) => row.map((cell) => (/["\n\r,;|\t]/.test(cell) || cell !== cell.trim() ? `"${cell.replace(/"/g, '""')}"` : cell)).join(delimiter)).join('\r\n');
}

describe('CSV dialect and encoding (properties)', () => {
  it('never throws on arbitrary bytes or text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
        decodeText(bytes);
        detectDelimiter(new TextDecoder().decode(bytes));
        await readWorkbook(bytes, 'x.csv', control).catch((error: unknown) => {
          // Only our own, explained errors may come out.
          expect(error).toMatchObject({ name: 'AppError' });
        });
      }),
      { numRuns: 150 },
    );
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => void detectDelimiter(text)), { numRuns: 300 });
  });

  it('round-trips a table through any delimiter and UTF-8/UTF-16/windows-1251', async () => {
    const tableArb = fc.integer({ min: 2, max: 7 }).chain((width) =>
      fc.tuple(
        fc.uniqueArray(fc.constantFrom('ID', 'Название', 'Статус', 'Сумма', 'Дата', 'Ответственный', 'Note', 'Тег'), { minLength: width, maxLength: width }),
        fc.array(fc.array(cellArb, { minLength: width, maxLength: width }), { minLength: 3, maxLength: 25 }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(tableArb, fc.constantFrom(',', ';', '\t', '|'), fc.constantFrom('utf-8', 'utf-16le', 'windows-1251'), async ([headers, body], delimiter, encoding) => {
        const text = `${toCsv([headers, ...body], delimiter)}\r\n`;
        const bytes = encoding === 'utf-8' ? Buffer.from(text) : encoding === 'utf-16le' ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) : (await import('iconv-lite')).default.encode(text, 'win1251');
        const workbook = await readWorkbook(new Uint8Array(bytes), 't.csv', control);
        expect(workbook.delimiter).toBe(delimiter);
        // Text of ASCII letters only is the same bytes in windows-1251 and UTF-8, so no reader can tell them apart: UTF-8 is the right answer.
        const indistinguishable = encoding === 'windows-1251' && [...text].every((char) => char.charCodeAt(0) < 0x80);
        expect(workbook.encoding).toBe(indistinguishable ? 'utf-8' : encoding);
        const table = workbook.sheets[0]!;
        expect(table.headers).toEqual(headers);
        expect(table.rows.map((row) => row.map((cell) => cell ?? ''))).toEqual(body.filter((row) => row.some((c) => c.trim() !== '')));
      }),
      { numRuns: 120 },
    );
  });

  it('classifies any number format without throwing', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (format) => void classifyNumberFormat(format)), { numRuns: 500 });
  });
});
