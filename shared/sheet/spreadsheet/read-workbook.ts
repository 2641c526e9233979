import { AppError } from '../../base/errors/errors';
import { MAX_FILE_BYTES } from './max-file-bytes';
import type { RunControl } from '../../base/jobs/types';
import { detectFormat } from './detect-format';
import { readCsv } from './read-csv';
import { readSheetJs } from './read-sheetjs';
import { readXlsx } from './read-xlsx';
import type { ReadProgress, Workbook } from './types';

/**
 * Reads a spreadsheet file from its bytes (no paths: the same code runs in
 * Electron main, the browser-mode host, the CLI and tests).
 *
 * Throws `AppError` (FILE_EMPTY, FILE_ENCRYPTED, FILE_CORRUPT,
 * FILE_UNSUPPORTED_FORMAT, FILE_NOT_SPREADSHEET, FILE_TOO_LARGE,
 * FILE_LIMIT_EXCEEDED, CSV_UNCLOSED_QUOTE) for files it cannot read.
 */
export async function readWorkbook(bytes: Uint8Array, fileName: string, control: RunControl<ReadProgress>): Promise<Workbook> {
  if (bytes.length > MAX_FILE_BYTES) {
    throw new AppError('FILE_TOO_LARGE', `“${fileName}” is ${Math.round(bytes.length / 1048576)} MB; this tool reads files up to ${MAX_FILE_BYTES / 1048576} MB.`, {
      hint: 'Keep only the sheet with your table (or split the file), save, and drop the smaller file.',
      where: { file: fileName },
      params: { size: String(bytes.length), max: String(MAX_FILE_BYTES) },
    });
  }
  const format = detectFormat(bytes, fileName);
  if (format === 'xlsx') return readXlsx(bytes, fileName, control);
  if (format === 'csv') return readCsv(bytes, fileName, control);
  return readSheetJs(bytes, fileName, format, control);
}
