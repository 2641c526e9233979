import { AppError } from '../../base/errors/errors';
import type { SheetTable, Workbook } from './types';

/**
 * The named sheet (exact, then case-insensitive), else the one with the
 * largest table; `SHEET_NOT_FOUND` names the sheets there are, and a file
 * with no table at all is `FILE_NO_HEADER`.
 */
export function pickSheet(workbook: Workbook, name: string | undefined): SheetTable {
  if (name !== undefined) {
    const found = workbook.sheets.find((s) => s.name === name) ?? workbook.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
    if (!found) {
      throw new AppError('SHEET_NOT_FOUND', `“${workbook.fileName}” has no sheet named “${name}”.`, {
        hint: `Use one of: ${workbook.sheets.map((s) => `“${s.name}”`).join(', ')}.`,
        where: { file: workbook.fileName, sheet: name },
      });
    }
    return found;
  }
  const size = (s: SheetTable): number => s.rows.length * s.headers.length;
  const best = workbook.sheets.reduce<SheetTable | undefined>((top, s) => (top === undefined || size(s) > size(top) ? s : top), undefined);
  if (!best || best.headers.length === 0) throw new AppError('FILE_NO_HEADER', `“${workbook.fileName}” has no table: no header row was found in any sheet.`, {
      hint: 'Put the column headers in one row above the data (within the first rows of the sheet), save, and try again.',
      where: { file: workbook.fileName },
    });
  return best;
}
