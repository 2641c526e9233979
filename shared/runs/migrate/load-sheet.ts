import { pickSheet } from '../../sheet/spreadsheet/pick-sheet';
import { relocateTable } from '../../sheet/spreadsheet/relocate-table';
import type { TableChoice } from '../../sheet/spreadsheet/types';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../base/errors/errors';
import { inferSchema } from '../../sheet/inference/infer-schema';
import type { Schema } from '../../sheet/inference/types';
import { readWorkbook } from '../../sheet/spreadsheet/read-workbook';
import type { SheetTable, Workbook } from '../../sheet/spreadsheet/types';

/** A sheet read and inferred. */
export interface LoadedSheet {
  workbook: Workbook;
  table: SheetTable;
  schema: Schema;
}


/**
 * Reads a spreadsheet file, picks the sheet and infers its schema (other
 * sheets serve as lookups). With `lenient`, a file with a single sheet is
 * used whatever its name (a CSV is named after its file, which may change).
 */
export async function loadSheet(path: string, sheet: string | undefined, signal: AbortSignal, lenient = false, choice?: TableChoice): Promise<LoadedSheet> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('NOT_FOUND', `The file ${path} does not exist.`, { where: { file: path }, params: { reason: 'sourceFileMissing' } });
    throw error;
  }
  const workbook = await readWorkbook(new Uint8Array(bytes), basename(path), { signal, onProgress: () => undefined });
  const only = workbook.sheets.length === 1 ? workbook.sheets[0] : undefined;
  const found = lenient && only !== undefined && !workbook.sheets.some((s) => s.name === sheet) ? only : pickSheet(workbook, sheet);
  // The person's own header row and skipped rows, when they chose them in the app, hold for every later read of the file.
  const table = choice ? relocateTable(found, choice) : found;
  if (table !== found) workbook.sheets[workbook.sheets.indexOf(found)] = table;
  const lookups = workbook.sheets.filter((s) => s !== table).map((s) => ({ name: s.name, headers: s.headers, rows: s.rows }));
  const schema = inferSchema(table, { lookups, signal });
  return { workbook, table, schema };
}
