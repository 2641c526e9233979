import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { decodeText } from '../../sheet/spreadsheet/decode-text';
import type { SheetTable, Workbook } from '../../sheet/spreadsheet/types';

const BOMS: Array<{ bytes: number[]; encoding: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

// A plain number, signed or not ("-5", "+7 495", "-1,5", "12%"): data, not a formula.
const NUMBER = /^[+-]?\d[\d\s.,]*%?$/;

/**
 * Text a spreadsheet program would run as a formula (`=`, `+`, `-`, `@`, a
 * tab or carriage return first) gets a leading apostrophe, as the failures
 * export marks such cells as text; plain signed numbers stay as they are.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !NUMBER.test(text) ? `'${text}` : text;
}

/**
 * The csv copy with the id and link columns inserted right after the table:
 * same encoding, byte-order mark, delimiter and line ends as the source.
 * Rows outside the table (title rows, a totals row) are left as they were.
 */
export function writeBackCsv(
  bytes: Uint8Array,
  workbook: Workbook,
  table: SheetTable,
  ids: Array<number | undefined>,
  headers: { id: string; link: string },
  link: (id: number) => string,
): Uint8Array {
  const bom = BOMS.find((candidate) => candidate.bytes.every((byte, index) => bytes[index] === byte));
  const { text, encoding } = decodeText(bytes);
  const delimiter = workbook.delimiter ?? ',';
  const newline = text.includes('\r\n') ? '\r\n' : text.includes('\r') && !text.includes('\n') ? '\r' : '\n';
  const parsed = Papa.parse<string[]>(text, { delimiter, dynamicTyping: false, skipEmptyLines: false });
  const grid = parsed.data;
  // Papaparse yields one empty row for a final line break; it is written back as that line break.
  const trailingBreak = grid.length > 0 && grid[grid.length - 1]!.length === 1 && grid[grid.length - 1]![0] === '' && /\r?\n$|\r$/.test(text);
  if (trailingBreak) grid.pop();

  const at = Math.max(...table.columnNumbers, 1);
  const insert = (rowNumber: number, cells: [string, string]): void => {
    const row = grid[rowNumber - 1];
    if (!row) return;
    while (row.length < at) row.push('');
    row.splice(at, 0, ...cells);
  };
  insert(table.headerRow, [headers.id, headers.link]);
  table.rowNumbers.forEach((rowNumber, index) => {
    const id = ids[index];
    insert(rowNumber, id === undefined ? ['', ''] : [String(id), link(id)]);
  });
  const safe = grid.map((row) => row.map((cell) => neutraliseFormula(cell)));
  const out = Papa.unparse(safe, { delimiter, newline, quotes: false }) + (trailingBreak ? newline : '');
  const encoded = iconv.encode(out, encoding);
  if (!bom) return new Uint8Array(encoded);
  const result = new Uint8Array(bom.bytes.length + encoded.length);
  result.set(bom.bytes, 0);
  result.set(encoded, bom.bytes.length);
  return result;
}
