import { createInflateRaw, inflateRawSync } from 'node:zlib';

/** One file inside a zip archive, as listed by its central directory. */
export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate. */
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/**
 * Lists the entries of a zip held in memory by reading its central directory.
 *
 * We only need a few small XML parts (workbook, rels, merges, validations) that
 * exceljs's streaming reader skips, and node:zlib inflates them; this avoids
 * depending on exceljs's private unzip libraries. Zip64 is not supported
 * (xlsx files under 4 GiB never need it). Returns null when the bytes are not a zip.
 */
export function listZipEntries(bytes: Uint8Array): Map<string, ZipEntry> | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const minEocd = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= minEocd; i--) {
    if (view.getUint32(i, true) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  const entries = new Map<string, ZipEntry>();
  const decoder = new TextDecoder('utf-8');
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CENTRAL_SIGNATURE) return null;
    const method = view.getUint16(offset + 10, true);
    const compressedSize = view.getUint32(offset + 20, true);
    const size = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const localHeaderOffset = view.getUint32(offset + 42, true);
    const name = decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    entries.set(name, { name, method, compressedSize, size, localHeaderOffset });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_SIGNATURE) throw new Error(`zip: bad local header for ${entry.name}`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  return bytes.subarray(start, start + entry.compressedSize);
}

/** The whole content of a (small) zip entry as UTF-8 text. */
export function readZipText(bytes: Uint8Array, entry: ZipEntry): string {
  const data = entryData(bytes, entry);
  const raw = entry.method === 0 ? data : inflateRawSync(data);
  return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf-8');
}

/**
 * The text of a zip entry after the first occurrence of `marker`, streamed so
 * that a large part before it (a worksheet's `<sheetData>`) is never held in
 * memory. Returns '' when the marker does not occur.
 */
export async function readZipTextAfter(bytes: Uint8Array, entry: ZipEntry, marker: string): Promise<string> {
  const data = entryData(bytes, entry);
  if (entry.method === 0) {
    const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf-8');
    const at = text.indexOf(marker);
    return at < 0 ? '' : text.slice(at);
  }
  const needle = Buffer.from(marker, 'utf-8');
  const overlap = needle.length - 1;
  const inflate = createInflateRaw();
  const kept: Buffer[] = [];
  let found = false;
  // The last `overlap` bytes seen, so a marker split across two chunks is still found.
  // Only this small window is copied: joining every 16 KiB chunk to the carry would copy
  // the whole inflated sheet (tens of MB of short-lived buffers while exceljs parses).
  let carry = Buffer.alloc(0);
  return new Promise<string>((resolve, reject) => {
    inflate.on('data', (chunk: Buffer) => {
      if (found) {
        kept.push(chunk);
        return;
      }
      if (carry.length > 0) {
        const window = Buffer.concat([carry, chunk.subarray(0, overlap)]);
        const at = window.indexOf(needle);
        if (at >= 0 && at < carry.length) {
          found = true;
          kept.push(window.subarray(at, carry.length), chunk);
          return;
        }
      }
      const at = chunk.indexOf(needle);
      if (at >= 0) {
        found = true;
        kept.push(chunk.subarray(at));
        return;
      }
      carry = chunk.length >= overlap ? Buffer.from(chunk.subarray(chunk.length - overlap)) : Buffer.concat([carry, chunk]).subarray(-overlap);
    });
    inflate.on('end', () => resolve(found ? Buffer.concat(kept).toString('utf-8') : ''));
    inflate.on('error', reject);
    inflate.end(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  });
}
