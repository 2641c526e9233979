import { AppError } from '../../base/errors/errors';

/**
 * Bounds every spreadsheet reader checks before it expands its input, so a
 * damaged or hostile file ends in a named error within seconds and a few
 * hundred MB instead of exhausting memory or time.
 *
 * Each bound sits well above what a real process-tracking sheet needs and
 * below what a 2-core, 600 MB budget can expand.
 */
export const READ_LIMITS = {
  /** Excel's own limit on the characters of one cell. */
  cellChars: 32_767,
  /** Columns of one sheet: a tracked process has tens of columns; Excel's 16,384 would mean 16,384 fields to infer. */
  columns: 1_024,
  /** Empty rows a table may skip before a further used row: a stray cell at row 1,048,576 would otherwise make a million-row sheet. */
  emptyRowGap: 65_536,
  /** Characters of one physical CSV line (a record of 1,024 columns of 1,000 characters each). */
  csvLineChars: 1_048_576,
  /** Inflated bytes of one part of an xlsx zip (a 100,000-row sheet is about 60 MB of XML). */
  partBytes: 512 * 1024 * 1024,
  /** Inflated bytes of all parts of an xlsx together. */
  totalBytes: 1024 * 1024 * 1024,
  /** Inflated-to-compressed ratio a part above `ratioFloorBytes` may have: real sheet XML deflates 5–30×, sparse ones up to about 100×. */
  compressionRatio: 200,
  /** Parts smaller than this are not ratio-checked: a tiny part compresses arbitrarily well and expands to nothing harmful. */
  ratioFloorBytes: 8 * 1024 * 1024,
  /** Entries of the shared-string table (each is kept in memory while the sheets are read). */
  sharedStrings: 2_000_000,
  /**
   * Cells holding a value in an .ods, counting repeats: SheetJS builds one object per repeated cell, and a
   * 64 MB .ods without repeats holds at most about this many (the largest real one measured, 786,000 cells, peaks at 730 MB).
   */
  odsCells: 1_500_000,
} as const;

/** Which bound a file went past, as carried in `params.limit` of a FILE_LIMIT_EXCEEDED error. */
export type ReadLimitName = 'cellChars' | 'columns' | 'emptyRowGap' | 'csvLineChars' | 'partBytes' | 'totalBytes' | 'compressionRatio' | 'sharedStrings' | 'odsCells';

/**
 * The error for a file past one of the READ_LIMITS: what exceeded which bound
 * where, and what to do about it.
 */
export function limitExceeded(
  limit: ReadLimitName,
  message: string,
  hint: string,
  where: { file: string; sheet?: string; row?: number; column?: string },
  actual?: number,
  part?: string,
): AppError {
  const params: Record<string, string> = { limit, max: String(READ_LIMITS[limit]) };
  if (actual !== undefined) params['actual'] = String(actual);
  if (part !== undefined) params['part'] = part;
  return new AppError('FILE_LIMIT_EXCEEDED', message, { hint, where, params });
}

/** The spreadsheet letter(s) of a 1-based column number (1 → A, 16384 → XFD). */
export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** The error for a cell longer than Excel itself allows, at its address (`B12`). */
export function cellTooLong(length: number, address: string, sheet: string, fileName: string): AppError {
  return limitExceeded(
    'cellChars',
    `Cell ${address} of sheet “${sheet}” in “${fileName}” holds ${length.toLocaleString('en-US')} characters; a cell holds at most ${READ_LIMITS.cellChars.toLocaleString('en-US')}.`,
    'Shorten that cell (Excel itself cuts it at this length), save, and drop the file again.',
    { file: fileName, sheet, column: address.replace(/\d+$/, ''), row: Number(address.replace(/^[A-Z]+/, '')) },
    length,
  );
}

/** The error for a sheet that uses more columns than this tool reads (`columns` is the 1-based last used column). */
export function tooManyColumns(columns: number, row: number, sheet: string, fileName: string): AppError {
  const address = `${columnLetters(columns)}${row}`;
  return limitExceeded(
    'columns',
    `Sheet “${sheet}” of “${fileName}” uses ${columns.toLocaleString('en-US')} columns (up to cell ${address}); this tool reads at most ${READ_LIMITS.columns.toLocaleString('en-US')}.`,
    `If ${address} holds a stray value or format, clear it (select the columns right of your table → Delete), save, and drop the file again.`,
    { file: fileName, sheet, row, column: columnLetters(columns) },
    columns,
  );
}

/** The error for a used row far below the last one (1-based row numbers): stray content that would make a sheet of a million empty rows. */
export function rowAfterLongGap(row: number, lastRow: number, sheet: string, fileName: string): AppError {
  return limitExceeded(
    'emptyRowGap',
    `Sheet “${sheet}” of “${fileName}” has a used row ${row.toLocaleString('en-US')} after ${(row - lastRow - 1).toLocaleString('en-US')} empty rows; the table ends at row ${lastRow.toLocaleString('en-US')}.`,
    `Clear the stray content in row ${row} (select the rows below your table → Delete), save, and drop the file again.`,
    { file: fileName, sheet, row },
    row - lastRow - 1,
  );
}
