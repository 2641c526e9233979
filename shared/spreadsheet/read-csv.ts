import Papa from 'papaparse';
import type { RunControl } from '../jobs/types';
import { decodeText } from './decode-text';
import { detectDelimiter } from './detect-dialect';
import { locateTable } from './locate-table';
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
  const delimiter = detectDelimiter(text);
  const grid: Cell[][] = [];
  let aborted = false;
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
        // Papaparse hands each row over as a fresh array: empty cells become null in place
        // instead of copying 100,000 rows into new arrays.
        for (const row of results.data) {
          const cells = row as Cell[];
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
  const sheetName = fileName.replace(/\.[^.]+$/, '') || fileName;
  const table = locateTable(sheetName, grid);
  if (guessed) {
    table.warnings.push({
      code: 'ENCODING_GUESSED',
      message: `“${fileName}” has no byte-order mark and is not UTF-8; it was read as ${encoding}. If letters look wrong, save it as “CSV UTF-8” and drop it again.`,
    });
  }
  onProgress({ phase: 'finishing', done: bytes.length, total: bytes.length, unit: 'bytes' });
  return { fileName, format: 'csv', encoding, delimiter, sheets: [table] };
}
