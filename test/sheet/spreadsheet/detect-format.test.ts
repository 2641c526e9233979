import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/base/errors/errors';
import { cfbEntryNames } from '../../../shared/sheet/spreadsheet/cfb-entry-names';
import { detectFormat } from '../../../shared/sheet/spreadsheet/detect-format';
import { readWorkbook } from '../../../shared/sheet/spreadsheet/read-workbook';
import { docxBytes, encryptedXlsxBytes, legacyDocBytes, legacyXlsBytes, numbersBytes, odsBytes, odtBytes, xlsbBytes } from './foreign-files';
import { control, xlsxBytes } from './helpers';

async function rejection(bytes: Uint8Array, fileName: string): Promise<AppError> {
  const error = await readWorkbook(bytes, fileName, control).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('detectFormat on files the readers cannot open', () => {
  it('lists the streams of a Compound File Binary container', () => {
    expect([...cfbEntryNames(legacyXlsBytes())!]).toEqual(['Root Entry', 'Workbook', '\u0005SummaryInformation']);
    expect(cfbEntryNames(encryptedXlsxBytes())).toEqual(new Set(['Root Entry', '\u0006DataSpaces', 'EncryptionInfo', 'EncryptedPackage']));
    expect(cfbEntryNames(new Uint8Array(600))).toBeNull();
  });

  const cases: [string, () => Uint8Array | Promise<Uint8Array>, string[], string, RegExp, RegExp][] = [
    ['a password-protected .xlsx', encryptedXlsxBytes, ['secret.xlsx', 'secret.xls', 'secret.csv'], 'FILE_ENCRYPTED', /Excel workbook protected with a password/, /remove the password.*\.xlsx/],
    ['an Apple .numbers', numbersBytes, ['table.numbers', 'table.xlsx'], 'FILE_UNSUPPORTED_FORMAT', /Apple Numbers spreadsheet \(\.numbers\)/, /Export To → Excel/],
    ['a Word .doc', legacyDocBytes, ['letter.doc', 'letter.xlsx', 'letter.xls'], 'FILE_NOT_SPREADSHEET', /Word 97–2003 document/, /\.xlsx workbook or a \.csv/],
    ['a Word .docx', docxBytes, ['letter.docx', 'letter.xlsx'], 'FILE_NOT_SPREADSHEET', /Word document \(\.docx\)/, /\.xlsx workbook or a \.csv/],
    ['an OpenDocument text .odt', odtBytes, ['letter.odt', 'letter.ods'], 'FILE_NOT_SPREADSHEET', /OpenDocument file of another kind \(text\)/, /\.xlsx workbook or a \.csv/],
  ];
  for (const [what, make, names, code, message, hint] of cases) {
    it(`names ${what} by its content, whatever its extension (${names.join(', ')})`, async () => {
      const bytes = await make();
      for (const name of names) {
        const error = await rejection(bytes, name);
        expect(error.code, name).toBe(code);
        expect(error.message, name).toMatch(message);
        expect(error.message, name).toContain(`“${name}”`);
        expect(error.hint, name).toMatch(hint);
        expect(error.where).toEqual({ file: name });
      }
    });
  }

  it('tells .xls, .xlsb and .ods by their content, whatever their extension', async () => {
    for (const name of ['old.xls', 'old.xlsx', 'old']) expect(detectFormat(legacyXlsBytes(), name), name).toBe('xls');
    for (const name of ['table.ods', 'table.xlsx', 'table.zip']) expect(detectFormat(await odsBytes(), name), name).toBe('ods');
    for (const name of ['table.xlsb', 'table.xlsx']) expect(detectFormat(await xlsbBytes(), name), name).toBe('xlsb');
  });

  it('says when the extension misleads', async () => {
    expect((await rejection(await numbersBytes(), 'table.xlsx')).message).toMatch(/\(\.numbers\) despite its \.xlsx name/);
  });

  it('falls back to the extension when a compound file or a zip cannot be listed', async () => {
    const cfbHeaderOnly = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect(detectFormat(cfbHeaderOnly, 'book.xls')).toBe('xls');
    expect((await rejection(cfbHeaderOnly, 'book.xls')).code).toBe('FILE_CORRUPT');
    expect((await rejection(cfbHeaderOnly, 'book.xlsx')).code).toBe('FILE_ENCRYPTED');
    const ods = await odsBytes();
    expect(detectFormat(ods.subarray(0, ods.length - 30), 'cut.ods')).toBe('ods');
    const numbers = await numbersBytes();
    expect((await rejection(numbers.subarray(0, numbers.length - 30), 'cut.numbers')).message).toMatch(/Apple Numbers/);
  });

  it('names an HTML table saved as .xls and a zip archive', async () => {
    const html = new TextEncoder().encode('<html><body><table><tr><td>Статус</td></tr></table></body></html>');
    const error = await rejection(html, 'export.xls');
    expect(error.code).toBe('FILE_UNSUPPORTED_FORMAT');
    expect(error.message).toMatch(/web page or an Excel 2003 XML file/);
    expect((await rejection(html, 'export.html')).code).toBe('FILE_NOT_SPREADSHEET');
    const docx = await docxBytes();
    expect(detectFormat(await xlsxBytes((wb) => wb.addWorksheet('S').addRow(['a'])), 'real.ods')).toBe('xlsx');
    expect((await rejection(docx, 'letter.zip')).message).toMatch(/Word document/);
  });
});
