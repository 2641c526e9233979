import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { exportFailures, REASON_HEADER } from '../../../shared/runs/results/export-failures';
import type { SheetTable } from '../../../shared/sheet/spreadsheet/types';

const table: SheetTable = {
  name: 'Requests',
  headerRow: 1,
  headers: ['ID', 'Item', 'Amount', 'Due'],
  columnNumbers: [1, 2, 3, 4],
  rows: [
    ['001', 'Laptop', 1200, { kind: 'date', value: '2025-03-05' }],
    ['002', '=HYPERLINK("http://evil.example","x")', 'twelve', null],
    ['003', '+1 555 0100', 5, null],
  ],
  rowNumbers: [2, 3, 4],
  validations: [],
  warnings: [],
};

describe('exportFailures', () => {
  it('writes the failed rows with their reasons, and formulas stay text', async () => {
    const bytes = await exportFailures(table, [
      { row: 3, column: 'Amount', code: 'INVALID_INPUT', message: 'Row 3, column “Amount”: “twelve” is not a number.' },
      { row: 4, column: 'Item', code: 'INVALID_INPUT', message: 'Row 4: rejected.' },
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'ID', 'Item', 'Amount', 'Due', REASON_HEADER]);
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getCell('A2').value).toBe('002');
    expect(sheet.getCell('B2').value).toBe('=HYPERLINK("http://evil.example","x")');
    expect(sheet.getCell('B2').numFmt).toBe('@');
    expect(sheet.getCell('E2').value).toContain('is not a number');
    expect(sheet.getCell('B3').value).toBe('+1 555 0100');
    // No formula element anywhere in the sheet XML.
    const zip = await JSZip.loadAsync(bytes);
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(xml).not.toContain('<f>');
  });
});
