import { AppError } from '../../base/errors/errors';
import { cfbEntryNames, isCfb } from './cfb-entry-names';
import { listZipEntries, readZipText, type ZipEntry } from './read-zip';
import type { WorkbookFormat } from './types';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06];
const ODS_MIMETYPES = ['application/vnd.oasis.opendocument.spreadsheet', 'application/vnd.oasis.opendocument.spreadsheet-template'];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((byte, i) => bytes[i] === byte);
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/** A spreadsheet format no reader here opens: how a person calls it, and how to get an .xlsx from it. */
interface ForeignFormat {
  /** The name and usual extension, e.g. "an Apple Numbers spreadsheet (.numbers)". */
  name: string;
  /** The extension files of this format normally have, to mention a misleading name. */
  extensions: string[];
  saveAs: string;
}

const FOREIGN: Record<'xls' | 'numbers' | 'xlsHtml', ForeignFormat> = {
  xls: {
    name: 'binary data with an .xls name but no Excel 97–2003 workbook inside',
    extensions: ['xls', 'xlt'],
    saveAs: 'Open it in Excel or LibreOffice Calc and use File → Save As → “Excel Workbook (.xlsx)”, then drop the .xlsx.',
  },
  numbers: {
    name: 'an Apple Numbers spreadsheet (.numbers)',
    extensions: ['numbers'],
    saveAs: 'Open it in Numbers and use File → Export To → Excel…, then drop the .xlsx.',
  },
  xlsHtml: {
    name: 'a web page or an Excel 2003 XML file with an .xls name, not a real Excel workbook',
    extensions: [],
    saveAs: 'Open it in Excel or LibreOffice Calc and use File → Save As → “Excel Workbook (.xlsx)”, then drop the .xlsx.',
  },
};

function unsupported(format: ForeignFormat, fileName: string, ext: string): AppError {
  const key = (Object.keys(FOREIGN) as Array<keyof typeof FOREIGN>).find((candidate) => FOREIGN[candidate] === format)!;
  // A misleading extension is worth saying: the person sees ".xlsx" and expects it to open.
  const misnamed = ext !== '' && format.extensions.length > 0 && !format.extensions.includes(ext) ? ` despite its .${ext} name` : '';
  return new AppError('FILE_UNSUPPORTED_FORMAT', `“${fileName}” is ${format.name}${misnamed}, which this tool does not read.`, {
    hint: format.saveAs,
    where: { file: fileName },
    params: { format: key },
  });
}

function notSpreadsheet(fileName: string, what: string, kind = 'other'): AppError {
  return new AppError('FILE_NOT_SPREADSHEET', `“${fileName}” is not a spreadsheet: it is ${what}.`, {
    hint: 'Drop an .xlsx workbook or a .csv file exported from your spreadsheet.',
    where: { file: fileName },
    params: { kind },
  });
}

/**
 * Decides how to read a file from its content first, with its name as a
 * tiebreak where the content cannot tell.
 *
 * Throws `AppError` with a specific code for files no reader can open: an
 * empty file (FILE_EMPTY); a password-protected xlsx (FILE_ENCRYPTED); an
 * Apple `.numbers` file or a web page named `.xls`, named and told how to save
 * it as `.xlsx` even under a misleading extension (FILE_UNSUPPORTED_FORMAT); a Word or PowerPoint file, a zip that
 * is no spreadsheet, or binary data presented as text (FILE_NOT_SPREADSHEET).
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
  if (isCfb(bytes)) return compoundFileFormat(bytes, fileName, ext);
  if (startsWith(bytes, ZIP_MAGIC) || startsWith(bytes, EMPTY_ZIP_MAGIC)) return zipFormat(bytes, fileName, ext);
  if (ext === 'numbers') throw unsupported(FOREIGN.numbers, fileName, ext);
  if (ext === 'xlsx' || ext === 'xlsm') {
    throw new AppError('FILE_CORRUPT', `“${fileName}” is named like an Excel workbook, but its contents are not an xlsx file.`, {
      hint: 'The file may be damaged or only partly downloaded. Open it in Excel to check, save it again as .xlsx, and drop the new copy.',
      where,
    });
  }
  if (looksBinary(bytes)) {
    // A bare BIFF stream (Excel 2.x–5 saved without a container) starts with a BOF record.
    if (ext === 'xls' && bytes[0] === 0x09 && (bytes[1] === 0x08 || bytes[1] === 0x04 || bytes[1] === 0x02)) return 'xls';
    if (ext === 'xls') throw unsupported(FOREIGN.xls, fileName, ext);
    throw new AppError('FILE_NOT_SPREADSHEET', `“${fileName}” is not a spreadsheet: it contains binary data, not text or an Excel workbook.`, {
      hint: 'Drop an .xlsx workbook or a .csv text file exported from your spreadsheet.',
      where,
    });
  }
  if (looksLikeMarkup(bytes)) {
    // Web exports often save an HTML table (or Excel 2003 XML) under an .xls name; Excel opens those.
    if (ext === 'xls') throw unsupported(FOREIGN.xlsHtml, fileName, ext);
    throw new AppError('FILE_NOT_SPREADSHEET', `“${fileName}” is not a spreadsheet: it is a JSON, XML or HTML document, not a table.`, {
      hint: 'Drop an .xlsx workbook or a .csv file exported from your spreadsheet (File → Save as / Download as CSV).',
      where,
    });
  }
  return 'csv';
}

/**
 * The error for a Compound File Binary container, decided by its streams: an
 * encrypted xlsx, a legacy .xls, a Word or PowerPoint 97–2003 file. When the
 * directory cannot be read, the extension decides (.xls is legacy Excel;
 * anything else is most likely a password-protected workbook).
 */
function compoundFileFormat(bytes: Uint8Array, fileName: string, ext: string): WorkbookFormat {
  const names = cfbEntryNames(bytes);
  const has = (name: string): boolean => names?.has(name) ?? false;
  if (has('EncryptedPackage') || has('EncryptionInfo') || (!names && !['xls', 'xlt', 'doc', 'dot', 'ppt', 'pps', 'msg'].includes(ext))) {
    throw new AppError('FILE_ENCRYPTED', `“${fileName}” is an Excel workbook protected with a password, so its contents cannot be read.`, {
      hint: 'Open it in Excel, remove the password (File → Info → Protect Workbook → Encrypt with Password, clear it), save it as “Excel Workbook (.xlsx)”, and drop it again.',
      where: { file: fileName },
    });
  }
  if (has('Workbook') || has('Book') || (!names && (ext === 'xls' || ext === 'xlt'))) return 'xls';
  if (has('WordDocument') || (!names && (ext === 'doc' || ext === 'dot'))) throw notSpreadsheet(fileName, 'a Word 97–2003 document (.doc)', 'doc');
  if (has('PowerPoint Document') || (!names && (ext === 'ppt' || ext === 'pps'))) throw notSpreadsheet(fileName, 'a PowerPoint 97–2003 presentation (.ppt)', 'ppt');
  throw notSpreadsheet(fileName, 'an Office 97–2003 compound file that holds no workbook');
}

/** Decides what a zip is by its entries: xlsx, or one of the formats named in the error. */
function zipFormat(bytes: Uint8Array, fileName: string, ext: string): WorkbookFormat {
  const entries = listZipEntries(bytes);
  if (!entries) {
    // A damaged zip: the name is all there is to go on; the xlsx reader reports a damaged xlsx.
    if (ext === 'ods' || ext === 'ots') return 'ods';
    if (ext === 'xlsb') return 'xlsb';
    if (ext === 'numbers') throw unsupported(FOREIGN.numbers, fileName, ext);
    return 'xlsx';
  }
  if (entries.has('xl/workbook.xml')) return 'xlsx';
  if (entries.has('xl/workbook.bin')) return 'xlsb';
  const mimetype = entries.get('mimetype');
  if (mimetype) {
    const type = textOf(bytes, mimetype);
    if (ODS_MIMETYPES.includes(type)) return 'ods';
    if (type.startsWith('application/vnd.oasis.opendocument.')) throw notSpreadsheet(fileName, `an OpenDocument file of another kind (${type.slice('application/vnd.oasis.opendocument.'.length)})`, 'opendocument');
  }
  // Numbers '13 and later: an Index folder of .iwa archives; Numbers '09: index.xml.gz or an Index.zip inside.
  const names = [...entries.keys()];
  if (names.some((name) => /^Index\/.*\.iwa$/.test(name) || name === 'Index.zip' || name === 'index.xml.gz')) throw unsupported(FOREIGN.numbers, fileName, ext);
  if (entries.has('word/document.xml')) throw notSpreadsheet(fileName, 'a Word document (.docx)', 'docx');
  if (entries.has('ppt/presentation.xml')) throw notSpreadsheet(fileName, 'a PowerPoint presentation (.pptx)', 'pptx');
  if (ext === 'ods' || ext === 'ots') return 'ods';
  if (ext === 'numbers') throw unsupported(FOREIGN.numbers, fileName, ext);
  if (ext === 'zip') throw notSpreadsheet(fileName, 'a zip archive; unpack it and drop the spreadsheet inside', 'zip');
  // Anything else that is a zip: the xlsx reader names what is missing.
  return 'xlsx';
}

function textOf(bytes: Uint8Array, entry: ZipEntry): string {
  if (entry.size > 200) return '';
  try {
    return readZipText(bytes, entry).trim();
  } catch {
    return '';
  }
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
