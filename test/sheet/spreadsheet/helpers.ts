import ExcelJS from 'exceljs';
import { readWorkbook } from '../../../shared/sheet/spreadsheet/read-workbook';
import type { Workbook } from '../../../shared/sheet/spreadsheet/types';

/** A RunControl that never cancels and ignores progress. */
export const control = { signal: new AbortController().signal, onProgress: (): void => undefined };

/** Builds an xlsx in memory with exceljs and returns its bytes. */
export async function xlsxBytes(build: (workbook: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

/** Builds an xlsx and reads it back with our reader. */
export async function roundTrip(build: (workbook: ExcelJS.Workbook) => void, fileName = 'test.xlsx'): Promise<Workbook> {
  return readWorkbook(await xlsxBytes(build), fileName, control);
}

/** Adds a list validation; exceljs supports it but its typings omit `dataValidations`. */
export function addListValidation(sheet: ExcelJS.Worksheet, range: string, formula: string): void {
  (sheet as unknown as { dataValidations: { add: (range: string, rule: ExcelJS.DataValidation) => void } }).dataValidations.add(range, { type: 'list', allowBlank: true, formulae: [formula] });
}
