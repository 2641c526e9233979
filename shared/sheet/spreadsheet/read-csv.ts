import Papa from 'papaparse';
import { AppError } from '../../base/errors/errors';
import type { RunControl } from '../../base/jobs/types';
import { decodeText } from './decode-text';
import { detectDelimiter } from './detect-dialect';
import { locateTable } from './locate-table';
import { columnLetters, limitExceeded, READ_LIMITS } from './read-limits';
import type { Cell, ReadProgress, Workbook } from './types';

const CHUNK_CHARS = 1 << 20;

/**
 * Reads CSV bytes into a one-sheet workbook.
 *
 * The encoding and the delimiter are detected by us (papaparse's guesser picks
 * `,` on decimal-comma `;` files), quoted newlines are kept, and cells stay
 * text (no dynamic typing, so leading zeros survive). The sheet is named after
 * the file without its extension.
 */
export async function readCsv(bytes: Uint8Array, fileName: string, { signal, onProgress }: RunControl<ReadProgress>): Promise<Workbook> {
  onProgress({ phase: 'reading', done: 0, total: bytes.length, unit: 'bytes' });
  const { text, encoding, guessed } = decodeText(bytes);
  signal.throwIfAborted();
  checkLineLengths(text, fileName);
  const delimiter = detectDelimiter(text);
  const grid: Cell[][] = [];
  let aborted = false;
  let failure: AppError | null = null;
  let unclosedQuote = false;
  await new Promise<void>((resolve, reject) => {
    Papa.parse<string[]>(text, {
      delimiter,
      dynamicTyping: false,
      skipEmptyLines: false,
      chunkSize: CHUNK_CHARS,
      chunk: (results: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
        if (signal.aborted) {
          aborted = true;
          parser.abort();
          return;
        }
        if (results.errors.some((error) => error.code === 'MissingQuotes')) unclosedQuote = true;
        // Papaparse hands each row over as a fresh array: empty cells become null in place
        // instead of copying 100,000 rows into new arrays.
        for (const row of results.data) {
          const cells = row as Cell[];
          failure = rowProblem(row, grid.length + 1, fileName);
          if (failure) {
            parser.abort();
            return;
          }
          for (let i = 0; i < cells.length; i++) if (cells[i] === '') cells[i] = null;
          grid.push(cells);
        }
        onProgress({ phase: 'parsing', done: results.meta.cursor, total: text.length, unit: 'bytes' });
      },
      complete: () => resolve(),
      error: (error: Error) => reject(error),
    });
  });
  if (aborted) signal.throwIfAborted();
  // A never-closed quote is the usual reason a row grows too long, so it is named first.
  if (unclosedQuote || failure) {
    const line = unclosedQuoteLine(text, delimiter);
    if (line !== null) {
      throw new AppError('CSV_UNCLOSED_QUOTE', `“${fileName}” has a quote opened on line ${line} that is never closed, so every line after it would land in one cell.`, {
        hint: `Open the file in a text editor, add the missing " on line ${line} (or remove the stray one), save, and drop it again.`,
        where: { file: fileName, row: line },
        params: { line: String(line) },
      });
    }
    if (failure) throw failure;
  }
  const sheetName = fileName.replace(/\.[^.]+$/, '') || fileName;
  const table = locateTable(sheetName, grid);
  if (guessed) {
    table.warnings.push({ code: 'ENCODING_GUESSED', params: { file: fileName, encoding } });
  }
  onProgress({ phase: 'finishing', done: bytes.length, total: bytes.length, unit: 'bytes' });
  return { fileName, format: 'csv', encoding, delimiter, sheets: [table] };
}

/**
 * Refuses text with a physical line longer than the bound before parsing: a
 * 50 MB line would become one row of millions of cells (or one giant cell).
 */
function checkLineLengths(text: string, fileName: string): void {
  let start = 0;
  let line = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end - start > READ_LIMITS.csvLineChars) {
      throw limitExceeded(
        'csvLineChars',
        `Line ${line} of “${fileName}” is ${(end - start).toLocaleString('en-US')} characters long; this tool reads lines of at most ${READ_LIMITS.csvLineChars.toLocaleString('en-US')}.`,
        'The file is not a table with one record per line (or its line breaks were lost). Export it again from your spreadsheet as CSV and drop the new file.',
        { file: fileName, row: line },
        end - start,
      );
    }
    start = end + 1;
    line++;
  }
}

/** The first bound a parsed record goes past, or null. */
function rowProblem(row: string[], rowNumber: number, fileName: string): AppError | null {
  if (row.length > READ_LIMITS.columns) {
    return limitExceeded(
      'columns',
      `Row ${rowNumber} of “${fileName}” has ${row.length.toLocaleString('en-US')} columns; this tool reads at most ${READ_LIMITS.columns.toLocaleString('en-US')}.`,
      'Check the delimiter and the quotes of that row; keep only the columns of your table, save, and drop the file again.',
      { file: fileName, row: rowNumber },
      row.length,
    );
  }
  for (let i = 0; i < row.length; i++) {
    const length = row[i]!.length;
    if (length > READ_LIMITS.cellChars) {
      return limitExceeded(
        'cellChars',
        `Cell ${columnLetters(i + 1)}${rowNumber} of “${fileName}” holds ${length.toLocaleString('en-US')} characters; a cell holds at most ${READ_LIMITS.cellChars.toLocaleString('en-US')}.`,
        'Check that row for a quote that is not closed; shorten the cell, save, and drop the file again.',
        { file: fileName, row: rowNumber, column: columnLetters(i + 1) },
        length,
      );
    }
  }
  return null;
}

/**
 * The 1-based line where a quoted field opens that never closes, or null. A
 * quote opens a field only at its start (after a delimiter or a line break);
 * inside one, a doubled quote is a literal quote.
 */
export function unclosedQuoteLine(text: string, delimiter: string): number | null {
  let line = 1;
  let openedOn = 0;
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else quoted = false;
      } else if (ch === '\n') line++;
      continue;
    }
    if (ch === '"' && fieldStart) {
      quoted = true;
      openedOn = line;
      fieldStart = false;
      continue;
    }
    if (ch === '\n') {
      line++;
      fieldStart = true;
    } else fieldStart = ch === delimiter || (ch === '\r' && fieldStart);
  }
  return quoted ? openedOn : null;
}
