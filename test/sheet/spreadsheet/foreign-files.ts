/**
 * Generates files of the formats the readers do not open, with the structure
 * the real applications write: Compound File Binary containers (legacy .xls,
 * a password-protected .xlsx, a Word .doc) and zips (.ods, .numbers, .xlsb,
 * .docx). Only the parts that tell the formats apart carry real content.
 */
import JSZip from 'jszip';

const SECTOR = 512;
const FREE = 0xffffffff;
const END_OF_CHAIN = 0xfffffffe;
const FAT_SECTOR = 0xfffffffd;
const NO_STREAM = 0xffffffff;
// Streams at or above the mini-stream cutoff live in regular sectors, which keeps the writer small.
const MINI_CUTOFF = 4096;

interface CfbPart {
  name: string;
  /** Omitted for a storage (a folder). */
  data?: Uint8Array;
}

/**
 * A Compound File Binary (version 3, 512-byte sectors) holding `parts` under
 * the root: one FAT sector, the directory, then each stream padded to the
 * mini-stream cutoff so no mini FAT is needed.
 */
export function cfbBytes(parts: CfbPart[]): Uint8Array {
  const entries = [{ name: 'Root Entry', type: 5 }, ...parts.map((p) => ({ name: p.name, type: p.data ? 2 : 1 }))];
  const directorySectors = Math.ceil((entries.length * 128) / SECTOR);
  const streams = parts.map((p) => (p.data ? padded(p.data) : null));
  const dataSectors = streams.reduce((sum, s) => sum + (s ? s.length / SECTOR : 0), 0);
  const sectorCount = 1 + directorySectors + dataSectors;
  if (sectorCount > SECTOR / 4) throw new Error('cfbBytes: too much data for one FAT sector');
  const out = new Uint8Array(SECTOR * (1 + sectorCount));
  const view = new DataView(out.buffer);
  // Header.
  out.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  view.setUint16(0x18, 0x003e, true);
  view.setUint16(0x1a, 3, true);
  view.setUint16(0x1c, 0xfffe, true);
  view.setUint16(0x1e, 9, true);
  view.setUint16(0x20, 6, true);
  view.setUint32(0x2c, 1, true); // FAT sectors
  view.setUint32(0x30, 1, true); // first directory sector
  view.setUint32(0x38, MINI_CUTOFF, true);
  view.setUint32(0x3c, END_OF_CHAIN, true); // no mini FAT
  view.setUint32(0x44, END_OF_CHAIN, true); // no DIFAT sectors
  for (let i = 0; i < 109; i++) view.setUint32(0x4c + i * 4, i === 0 ? 0 : FREE, true);
  // FAT: sector 0 is the FAT, then the directory chain, then each stream's chain.
  const fat = new Array<number>(SECTOR / 4).fill(FREE);
  fat[0] = FAT_SECTOR;
  for (let s = 1; s <= directorySectors; s++) fat[s] = s === directorySectors ? END_OF_CHAIN : s + 1;
  let next = 1 + directorySectors;
  const starts: number[] = [];
  streams.forEach((stream) => {
    if (!stream) {
      starts.push(END_OF_CHAIN);
      return;
    }
    const count = stream.length / SECTOR;
    starts.push(next);
    for (let k = 0; k < count; k++) fat[next + k] = k === count - 1 ? END_OF_CHAIN : next + k + 1;
    out.set(stream, SECTOR * (1 + next));
    next += count;
  });
  fat.forEach((value, i) => view.setUint32(SECTOR + i * 4, value, true));
  // Directory: the root's child is entry 1; siblings are chained to the right (all black).
  entries.forEach((entry, i) => {
    const at = SECTOR * 2 + i * 128;
    for (let c = 0; c < entry.name.length; c++) view.setUint16(at + c * 2, entry.name.charCodeAt(c), true);
    view.setUint16(at + 0x40, (entry.name.length + 1) * 2, true);
    out[at + 0x42] = entry.type;
    out[at + 0x43] = 1;
    view.setUint32(at + 0x44, NO_STREAM, true);
    view.setUint32(at + 0x48, i > 0 && i < entries.length - 1 ? i + 1 : NO_STREAM, true);
    view.setUint32(at + 0x4c, i === 0 && entries.length > 1 ? 1 : NO_STREAM, true);
    const stream = i > 0 ? streams[i - 1] : null;
    view.setUint32(at + 0x74, i === 0 ? END_OF_CHAIN : starts[i - 1]!, true);
    view.setUint32(at + 0x78, stream ? MINI_CUTOFF : 0, true);
  });
  // Unused directory slots are empty entries (type 0) with no siblings.
  for (let i = entries.length; i < directorySectors * 4; i++) {
    const at = SECTOR * 2 + i * 128;
    view.setUint32(at + 0x44, NO_STREAM, true);
    view.setUint32(at + 0x48, NO_STREAM, true);
    view.setUint32(at + 0x4c, NO_STREAM, true);
  }
  return out;
}

function padded(data: Uint8Array): Uint8Array {
  const size = Math.max(MINI_CUTOFF, Math.ceil(data.length / SECTOR) * SECTOR);
  const out = new Uint8Array(size);
  out.set(data);
  return out;
}

/** A legacy Excel 97–2003 file: a `Workbook` stream that opens with a BIFF8 BOF record. */
export function legacyXlsBytes(): Uint8Array {
  const bof = [0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00, 0xbb, 0x0d, 0xcc, 0x07, 0x00, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00];
  return cfbBytes([
    { name: 'Workbook', data: new Uint8Array(bof) },
    { name: '\u0005SummaryInformation', data: new Uint8Array([0xfe, 0xff]) },
  ]);
}

/** A password-protected xlsx as Excel writes it: the agile EncryptionInfo and the EncryptedPackage stream. */
export function encryptedXlsxBytes(): Uint8Array {
  const info = new TextEncoder().encode(
    '\u0004\u0000\u0004\u0000\u0040\u0000\u0000\u0000<?xml version="1.0" encoding="UTF-8" standalone="yes"?><encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"/></encryption>',
  );
  const payload = new Uint8Array(2048).map((_, i) => (i * 131 + 7) % 256);
  return cfbBytes([{ name: '\u0006DataSpaces' }, { name: 'EncryptionInfo', data: info }, { name: 'EncryptedPackage', data: payload }]);
}

/** A Word 97–2003 document: a `WordDocument` stream that opens with the FIB magic. */
export function legacyDocBytes(): Uint8Array {
  return cfbBytes([
    { name: 'WordDocument', data: new Uint8Array([0xec, 0xa5, 0xc1, 0x00]) },
    { name: '1Table', data: new Uint8Array([0]) },
  ]);
}

async function zip(files: Record<string, string>, first?: [string, string]): Promise<Uint8Array> {
  const archive = new JSZip();
  // OpenDocument requires `mimetype` first and stored (uncompressed).
  if (first) archive.file(first[0], first[1], { compression: 'STORE' });
  for (const [name, content] of Object.entries(files)) archive.file(name, content);
  return archive.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** An OpenDocument spreadsheet with one table. */
export function odsBytes(): Promise<Uint8Array> {
  return zip(
    {
      'META-INF/manifest.xml':
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
      'content.xml':
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Заявки"><table:table-row><table:table-cell office:value-type="string"><text:p>Статус</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>Новая</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>',
    },
    ['mimetype', 'application/vnd.oasis.opendocument.spreadsheet'],
  );
}

/** An OpenDocument text document (a .odt), which is no spreadsheet. */
export function odtBytes(): Promise<Uint8Array> {
  return zip({ 'content.xml': '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>' }, ['mimetype', 'application/vnd.oasis.opendocument.text']);
}

/** An Apple Numbers document as a single file (Numbers '13 and later): IWA archives under Index/. */
export function numbersBytes(): Promise<Uint8Array> {
  return zip({
    'Index/Document.iwa': '\u0000\u0010\u0000\u0000',
    'Index/Tables/DataList.iwa': '\u0000\u0008\u0000\u0000',
    'Metadata/Properties.plist': 'bplist00',
    'Metadata/DocumentIdentifier': '6F0C5A1E-2B7D-4C1A-9E3F-1D2C3B4A5F60',
    'Metadata/BuildVersionHistory.plist': 'bplist00',
  });
}

/** An Excel Binary Workbook (.xlsb): an OOXML package whose workbook part is binary. */
export function xlsbBytes(): Promise<Uint8Array> {
  return zip({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>',
    'xl/workbook.bin': '\u0083\u0001\u0000',
    'xl/worksheets/sheet1.bin': '\u0081\u0001\u0000',
  });
}

/** A Word document (.docx), which is no spreadsheet. */
export function docxBytes(): Promise<Uint8Array> {
  return zip({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    'word/document.xml': '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
  });
}
