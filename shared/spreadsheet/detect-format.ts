import { AppError } from '../api/errors';
import type { WorkbookFormat } from './types';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06];
// Compound File Binary: legacy .xls, and also what an encrypted .xlsx is wrapped in.
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((byte, i) => bytes[i] === byte);
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/**
 * Decides how to read a file from its first bytes, with its name as a tiebreak.
 *
 * Throws `AppError` with a specific code for files no reader can open: an empty
 * file, an encrypted xlsx or a legacy `.xls` (both Compound File containers), a
 * zip that is not an xlsx, or binary data presented as text.
 */
export function detectFormat(bytes: Uint8Array, fileName: string): WorkbookFormat {
  const where = { file: fileName };
  const ext = extensionOf(fileName);
  if (bytes.length === 0) {
    throw new AppError('FILE_EMPTY', `“${fileName}” is empty (0 bytes).`, {
      hint: 'Check that the file was saved completely, then drop it again.',
      where,
    });
  }
  if (startsWith(bytes, CFB_MAGIC)) {
    if (ext === 'xls') {
      throw new AppError('FILE_UNSUPPORTED_FORMAT', `“${fileName}” is a legacy Excel 97–2003 (.xls) workbook, which this tool does not read.`, {
        hint: 'Open it in Excel or LibreOffice and use “Save as” → Excel Workbook (.xlsx), then drop the .xlsx.',
        where,
      });
    }
    throw new AppError('FILE_ENCRYPTED', `“${fileName}” is protected with a password, so its contents cannot be read.`, {
      hint: 'Open it in Excel, remove the password (File → Info → Protect Workbook → Encrypt with Password, clear it), save, and drop it again.',
      where,
    });
  }
  if (startsWith(bytes, ZIP_MAGIC) || startsWith(bytes, EMPTY_ZIP_MAGIC)) {
    if (ext === 'ods' || ext === 'numbers') {
      throw new AppError('FILE_UNSUPPORTED_FORMAT', `“${fileName}” is a .${ext} spreadsheet, which this tool does not read.`, {
        hint: 'Export it as Excel Workbook (.xlsx) or CSV, then drop the exported file.',
        where,
      });
    }
    return 'xlsx';
  }
  if (ext === 'xlsx' || ext === 'xlsm') {
    throw new AppError('FILE_CORRUPT', `“${fileName}” is named like an Excel workbook, but its contents are not an xlsx file.`, {
      hint: 'The file may be damaged or only partly downloaded. Open it in Excel to check, save it again as .xlsx, and drop the new copy.',
      where,
    });
  }
  if (looksBinary(bytes)) {
    throw new AppError('FILE_NOT_SPREADSHEET', `“${fileName}” is not a spreadsheet: it contains binary data, not text or an Excel workbook.`, {
      hint: 'Drop an .xlsx workbook or a .csv text file exported from your spreadsheet.',
      where,
    });
  }
  if (looksLikeMarkup(bytes)) {
    throw new AppError('FILE_NOT_SPREADSHEET', `“${fileName}” is not a spreadsheet: it is a JSON, XML or HTML document, not a table.`, {
      hint: 'Drop an .xlsx workbook or a .csv file exported from your spreadsheet (File → Save as / Download as CSV).',
      where,
    });
  }
  return 'csv';
}

/** JSON, XML and HTML documents are text but never tables (a CSV never starts with `{` or `<?xml`). */
function looksLikeMarkup(bytes: Uint8Array): boolean {
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (start < bytes.length && (bytes[start] === 0x20 || bytes[start] === 0x09 || bytes[start] === 0x0a || bytes[start] === 0x0d)) start++;
  const head = new TextDecoder('latin1').decode(bytes.subarray(start, start + 64)).toLowerCase();
  if (head.startsWith('<?xml') || head.startsWith('<!doctype') || head.startsWith('<html')) return true;
  if (head.startsWith('{') || /^\[\s*[{"[]/.test(head)) return true;
  return false;
}

/**
 * `le`/`be` when bytes look like UTF-16 text without a BOM: every other byte is
 * the high byte of Latin (0x00), Cyrillic (0x04) or punctuation (0x20, 0x21).
 */
export function utf16Order(bytes: Uint8Array): 'le' | 'be' | null {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (n < 4) return null;
  const high = (byte: number): boolean => byte === 0x00 || byte === 0x04 || byte === 0x20 || byte === 0x21;
  let oddHigh = 0;
  let evenHigh = 0;
  let oddNul = 0;
  let evenNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (high(bytes[i]!)) evenHigh++;
    if (high(bytes[i + 1]!)) oddHigh++;
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  // Some NULs are required: text in one 256-code-point block alone is not evidence enough.
  if (oddHigh >= pairs * 0.95 && oddNul >= pairs * 0.05 && evenNul === 0) return 'le';
  if (evenHigh >= pairs * 0.95 && evenNul >= pairs * 0.05 && oddNul === 0) return 'be';
  return null;
}

/**
 * True when the first KiB has bytes that no text encoding we read would contain.
 *
 * UTF-16 text is full of NUL bytes, so a BOM or a regular NUL pattern is text.
 */
function looksBinary(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return false;
  const sample = bytes.subarray(0, 1024);
  let nulEven = 0;
  let nulOdd = 0;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const byte = sample[i]!;
    if (byte === 0) {
      if (i % 2 === 0) nulEven++;
      else nulOdd++;
    } else if (byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b)) {
      control++;
    }
  }
  if (utf16Order(sample) !== null) return false;
  return nulEven + nulOdd > 0 || control > sample.length * 0.05;
}
