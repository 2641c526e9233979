/**
 * Generators of damaged and hostile spreadsheet files: every one is built here
 * from scratch, so the suite commits no binaries and the bytes say exactly what
 * is wrong with them.
 */
import * as XLSX from '@e965/xlsx';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { crc32 } from '../../shared/runs/automation/create-zip';
import { listZipEntries } from '../../shared/sheet/spreadsheet/read-zip';

/** One part of a hand-built zip; `declaredSize` lets the directory lie about what it inflates to. */
export interface RawPart {
  name: string;
  data: string | Buffer;
  declaredSize?: number;
  /** Deflated body to use instead of deflating `data` (for bodies too large to build as text). */
  body?: Buffer;
  /** The compression method the directory claims (8 unless told): a directory and a local header that disagree. */
  directoryMethod?: number;
  /** The unpacked size the local header claims (the directory's unless told). */
  localSize?: number;
}

/** A zip whose directory says what each part declares (honest unless told otherwise). */
export function rawZip(parts: readonly RawPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf-8');
    const raw = typeof part.data === 'string' ? Buffer.from(part.data, 'utf-8') : part.data;
    const body = part.body ?? deflateRawSync(raw, { level: 6 });
    const size = part.declaredSize ?? raw.length;
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(part.localSize ?? size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(part.directoryMethod ?? 8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts of a minimal valid xlsx around one sheet's XML (and a shared-string table when given). */
export function xlsxParts(sheetData: string | RawPart, sharedStrings?: string | RawPart, sheets = true): RawPart[] {
  const sheetPart: RawPart = typeof sheetData === 'string' ? { name: 'xl/worksheets/sheet1.xml', data: `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>${sheetData}</sheetData></worksheet>` } : sheetData;
  const sstPart: RawPart | undefined = typeof sharedStrings === 'string' ? { name: 'xl/sharedStrings.xml', data: `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}">${sharedStrings}</sst>` } : sharedStrings;
  return [
    {
      name: '[Content_Types].xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    },
    { name: '_rels/.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${sheets ? '<sheet name="Data" sheetId="1" r:id="rId1"/>' : ''}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    },
    ...(sstPart ? [sstPart] : []),
    sheetPart,
  ];
}

/** Inline-string cell XML. */
export function textCell(ref: string, text: string): string {
  return `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
}

/** A small, valid table: a header row and `rows` data rows of inline strings. */
export function tableRows(rows: number): string {
  const out = [`<row r="1">${textCell('A1', 'Key')}${textCell('B1', 'Status')}${textCell('C1', 'Amount')}</row>`];
  for (let r = 2; r <= rows + 1; r++) out.push(`<row r="${r}">${textCell(`A${r}`, `K-${r}`)}${textCell(`B${r}`, r % 2 ? 'Open' : 'Done')}<c r="C${r}"><v>${r * 7}</v></c></row>`);
  return out.join('');
}

/** A valid xlsx with a small table (the base the damaged variants start from). */
export function validXlsx(rows = 400): Buffer {
  return rawZip(xlsxParts(tableRows(rows)));
}

/** The valid xlsx with bytes in the middle of the sheet's deflate stream overwritten. */
export function damagedDeflateXlsx(): Buffer {
  const parts = xlsxParts(tableRows(2000));
  const bytes = rawZip(parts);
  // The sheet is the last local entry: its body sits just before the central directory.
  const sheetName = Buffer.from('xl/worksheets/sheet1.xml');
  const at = bytes.indexOf(sheetName) + sheetName.length;
  for (let i = at + 200; i < at + 264; i++) bytes[i] = 0xff;
  return bytes;
}

/** Deflates `unit` repeated `times` without building the whole text (a bomb's body). */
export function deflateRepeated(head: string, unit: string, times: number, tail: string): { body: Buffer; size: number } {
  const block = unit.repeat(Math.max(1, Math.floor((1 << 20) / unit.length)));
  const blockTimes = Math.floor(times / (block.length / unit.length));
  const rest = times - blockTimes * (block.length / unit.length);
  // Zlib dictionary matches make a repeated block cost almost nothing, so one call builds a large bomb quickly.
  const text = head + block.repeat(blockTimes) + unit.repeat(rest) + tail;
  return { body: deflateRawSync(Buffer.from(text, 'utf-8'), { level: 9 }), size: Buffer.byteLength(text, 'utf-8') };
}

/**
 * The parts of a zip-based workbook SheetJS wrote (.ods, .xlsb), inflated, so
 * a hostile variant can be rebuilt with `rawZip` with one part swapped.
 */
export function zipParts(bytes: Uint8Array): RawPart[] {
  const entries = listZipEntries(bytes);
  if (!entries) throw new Error('not a zip');
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [...entries.values()].map((entry) => {
    const at = entry.localHeaderOffset;
    const start = at + 30 + buffer.readUInt16LE(at + 26) + buffer.readUInt16LE(at + 28);
    const body = buffer.subarray(start, start + entry.compressedSize);
    return { name: entry.name, data: entry.method === 0 ? Buffer.from(body) : inflateRawSync(body) };
  });
}

/** A workbook of `rows` written by SheetJS in `bookType` (xls = BIFF8), with `extra` rows appended as they are. */
export function sheetJsWorkbook(bookType: 'biff8' | 'ods' | 'xlsb', rows = 3, extra: unknown[][] = []): Buffer {
  const table: unknown[][] = [['Key', 'Status', 'Amount']];
  for (let i = 1; i <= rows; i++) table.push([`K-${i}`, i % 2 ? 'Open' : 'Done', i * 10]);
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([...table, ...extra]), 'Data');
  return Buffer.from(XLSX.write(book, { type: 'buffer', bookType, compression: true }) as Uint8Array);
}
