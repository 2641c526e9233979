import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readWorkbook } from '../../../shared/sheet/spreadsheet/read-workbook';
import { control } from './helpers';

const RU = 'Номер;Дата;Сумма;Статус;Ответственный\r\n0001;01.02.2024;1234,56;Новая;Иванов И.И.\r\n0002;02.02.2024;99,5;В работе;Петрова А.С.\r\n0003;05.02.2024;1 000,00;Выполнено;Сидоров К.В.\r\n';

function encode(text: string, encoding: string): Uint8Array {
  switch (encoding) {
    case 'utf-8-bom':
      return new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(text, 'utf-8')]);
    case 'utf-16le-bom':
      return new Uint8Array([0xff, 0xfe, ...iconv.encode(text, 'utf-16le')]);
    case 'utf-16be-bom':
      return new Uint8Array([0xfe, 0xff, ...iconv.encode(text, 'utf-16be')]);
    default:
      return new Uint8Array(iconv.encode(text, encoding));
  }
}

describe('readWorkbook on csv', () => {
  const encodings: [string, string][] = [
    ['utf-8', 'utf-8'],
    ['utf-8-bom', 'utf-8'],
    ['utf-16le-bom', 'utf-16le'],
    ['utf-16be-bom', 'utf-16be'],
    ['utf-16le', 'utf-16le'],
    ['windows-1251', 'windows-1251'],
    ['koi8-r', 'koi8-r'],
    ['ibm866', 'ibm866'],
  ];
  for (const [given, detected] of encodings) {
    it(`detects ${given} and reads Russian text intact`, async () => {
      const workbook = await readWorkbook(encode(RU, given), 'заявки.csv', control);
      expect(workbook.encoding).toBe(detected);
      const table = workbook.sheets[0]!;
      expect(table.name).toBe('заявки');
      expect(table.headers).toEqual(['Номер', 'Дата', 'Сумма', 'Статус', 'Ответственный']);
      expect(table.rows[2]).toEqual(['0003', '05.02.2024', '1 000,00', 'Выполнено', 'Сидоров К.В.']);
    });
  }

  it('warns when the encoding was guessed', async () => {
    const workbook = await readWorkbook(encode(RU, 'windows-1251'), 'a.csv', control);
    expect(workbook.sheets[0]!.warnings.map((w) => w.code)).toContain('ENCODING_GUESSED');
  });

  it('detects ; on a two-column file with decimal commas (papaparse guesses , there)', async () => {
    const text = 'Дата;Сумма\n01.02.2024;1234,56\n02.02.2024;99,5\n03.02.2024;10,25\n';
    const workbook = await readWorkbook(encode(text, 'utf-8'), 'a.csv', control);
    expect(workbook.delimiter).toBe(';');
    expect(workbook.sheets[0]!.rows[0]).toEqual(['01.02.2024', '1234,56']);
  });

  for (const delimiter of [',', ';', '\t', '|']) {
    it(`detects the delimiter ${JSON.stringify(delimiter)} by row consistency, with quoted newlines and delimiters inside quotes`, async () => {
      const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
      const lines = [
        ['ID', 'Title', 'Note', 'Amount'].join(delimiter),
        ['007', q('Line one\nline two'), q('has , ; | and "quotes"'), '1.5'].join(delimiter),
        ['008', 'Plain', '', '2'].join(delimiter),
        ['009', 'Another', 'x', '3'].join(delimiter),
      ];
      const workbook = await readWorkbook(encode(`${lines.join('\n')}\n`, 'utf-8'), 'a.csv', control);
      expect(workbook.delimiter).toBe(delimiter);
      const table = workbook.sheets[0]!;
      expect(table.rows[0]).toEqual(['007', 'Line one\nline two', 'has , ; | and "quotes"', '1.5']);
      expect(table.rows[1]).toEqual(['008', 'Plain', null, '2']);
    });
  }

  it('keeps leading zeros and long digit strings as text (no dynamic typing)', async () => {
    const workbook = await readWorkbook(encode('Код,Телефон,Сумма\n0700,89161234567,1e3\n0012,+7 916 000-00-00,12\n', 'utf-8'), 'a.csv', control);
    expect(workbook.sheets[0]!.rows[0]).toEqual(['0700', '89161234567', '1e3']);
  });

  it('skips title rows, drops blank rows and excludes an “Итого” row', async () => {
    const text = 'Реестр договоров;;\n;;\nНомер;Контрагент;Сумма\n1;ООО «А»;100\n\n2;ООО «Б»;200\nИтого;;300\n';
    const table = (await readWorkbook(encode(text, 'utf-8'), 'a.csv', control)).sheets[0]!;
    expect(table.headerRow).toBe(3);
    expect(table.rows).toEqual([
      ['1', 'ООО «А»', '100'],
      ['2', 'ООО «Б»', '200'],
    ]);
    expect(table.rowNumbers).toEqual([4, 6]);
    expect(table.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['TITLE_ROWS_SKIPPED', 'BLANK_ROWS_DROPPED', 'TOTALS_ROW_EXCLUDED']));
  });

  it('reports parsing progress', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i};name ${i};${i * 2}`);
    const seen: string[] = [];
    await readWorkbook(encode(`a;b;c\n${rows.join('\n')}`, 'utf-8'), 'a.csv', { signal: new AbortController().signal, onProgress: (p) => seen.push(p.phase) });
    expect(seen).toContain('parsing');
    expect(seen.at(-1)).toBe('finishing');
  });
});
