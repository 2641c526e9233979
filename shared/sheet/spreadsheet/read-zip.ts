import { crc32, createInflateRaw, inflateRawSync } from 'node:zlib';

/** One file inside a zip archive, as listed by its central directory. */
export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate. */
  method: number;
  compressedSize: number;
  size: number;
  /** CRC-32 of the inflated bytes, as the directory records it. */
  crc: number;
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
    const crc = view.getUint32(offset + 16, true);
    const compressedSize = view.getUint32(offset + 20, true);
    const size = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const localHeaderOffset = view.getUint32(offset + 42, true);
    const name = decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    entries.set(name, { name, method, compressedSize, size, crc, localHeaderOffset });
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

/**
 * True when the entry's local header (the one just before its data, which
 * some readers follow instead of the directory) says what the directory
 * says: the same compression method and, unless sizes are deferred to a
 * data descriptor, the same sizes. A reader that trusts the local header of
 * a mismatched entry would unpack something other than what was checked.
 */
export function localHeaderAgrees(bytes: Uint8Array, entry: ZipEntry): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_SIGNATURE) return false;
  if (view.getUint16(at + 8, true) !== entry.method) return false;
  const deferred = (view.getUint16(at + 6, true) & 0x08) !== 0;
  if (deferred) return true;
  return view.getUint32(at + 18, true) === entry.compressedSize && view.getUint32(at + 22, true) === entry.size;
}

/**
 * The whole content of a (small) zip entry as UTF-8 text. Throws a RangeError
 * when it would inflate past `maxBytes` (a small part that expands hugely is a bomb).
 */
export function readZipText(bytes: Uint8Array, entry: ZipEntry, maxBytes = 64 * 1024 * 1024): string {
  const data = entryData(bytes, entry);
  const raw = entry.method === 0 ? data : inflateRawSync(data, { maxOutputLength: maxBytes });
  return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf-8');
}

/**
 * Why a zip entry could not be inflated: it expands past the byte bound it was
 * given (`tooLarge`), or its deflate stream is damaged or does not match the
 * size the zip directory declares (`damaged`).
 */
export class ZipEntryError extends Error {
  constructor(
    readonly kind: 'tooLarge' | 'damaged',
    readonly entry: ZipEntry,
    /** Bytes inflated before it stopped. */
    readonly inflated: number,
    cause?: unknown,
  ) {
    super(`zip entry ${entry.name} is ${kind === 'tooLarge' ? 'too large' : 'damaged'} (${inflated} bytes inflated)`, cause === undefined ? undefined : { cause });
    this.name = 'ZipEntryError';
  }
}

/** How an entry is inflated by `inflateEntry`. */
interface InflateOptions {
  /** Inflation stops with `ZipEntryError('tooLarge')` past this many bytes. */
  maxBytes: number;
  /** Called with each inflated chunk; returning false stops reading (the promise then resolves). */
  onChunk?: (chunk: Buffer) => boolean | void;
}

/**
 * Streams an entry through inflate without keeping it: the work happens on the
 * libuv pool in 16 KiB chunks, so memory stays bounded whatever the entry
 * expands to. Rejects with `ZipEntryError` when it expands past `maxBytes`,
 * when the deflate stream is damaged, or when it ends at another size than the
 * directory declares (a header that lies about the size).
 */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, { maxBytes, onChunk }: InflateOptions): Promise<number> {
  let data: Uint8Array;
  try {
    data = entryData(bytes, entry);
  } catch (cause) {
    return Promise.reject(new ZipEntryError('damaged', entry, 0, cause));
  }
  if (entry.method === 0) {
    if (data.length > maxBytes) return Promise.reject(new ZipEntryError('tooLarge', entry, data.length));
    if (data.length !== entry.size) return Promise.reject(new ZipEntryError('damaged', entry, data.length));
    onChunk?.(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    return Promise.resolve(data.length);
  }
  if (entry.method !== 8) return Promise.reject(new ZipEntryError('damaged', entry, 0, new Error(`compression method ${entry.method}`)));
  const inflate = createInflateRaw();
  let total = 0;
  let settled = false;
  return new Promise<number>((resolve, reject) => {
    const finish = (error: ZipEntryError | null): void => {
      if (settled) return;
      settled = true;
      inflate.removeAllListeners('data');
      // The error listener stays: destroying may still report the stream's own error.
      inflate.destroy();
      if (error) reject(error);
      else resolve(total);
    };
    inflate.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) return finish(new ZipEntryError('tooLarge', entry, total));
      // More than the directory declares: the declared sizes passed the bounds, so the header lies.
      if (total > entry.size) return finish(new ZipEntryError('damaged', entry, total));
      if (onChunk?.(chunk) === false) finish(null);
    });
    inflate.on('end', () => finish(total === entry.size ? null : new ZipEntryError('damaged', entry, total)));
    inflate.on('error', (cause) => finish(new ZipEntryError('damaged', entry, total, cause)));
    inflate.end(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  });
}

/**
 * Counts the occurrences of `needle` in an entry while inflating it under
 * `maxBytes` (see `inflateEntry`), including occurrences split across chunks.
 */
export async function countInEntry(bytes: Uint8Array, entry: ZipEntry, needle: string, maxBytes: number): Promise<number> {
  const pattern = Buffer.from(needle, 'utf-8');
  let carry = Buffer.alloc(0);
  let count = 0;
  await inflateEntry(bytes, entry, {
    maxBytes,
    onChunk: (chunk) => {
      const window = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      for (let at = window.indexOf(pattern); at >= 0; at = window.indexOf(pattern, at + pattern.length)) count++;
      // Keep fewer bytes than the needle, so a match is never counted twice.
      carry = Buffer.from(window.subarray(Math.max(0, window.length - (pattern.length - 1))));
    },
  });
  return count;
}

/**
 * The text of a zip entry after the first occurrence of `marker`, streamed so
 * that a large part before it (a worksheet's `<sheetData>`) is never held in
 * memory. Returns '' when the marker does not occur. The whole entry is
 * inflated (and so checked, see `inflateEntry`) under `maxBytes`.
 */
export async function readZipTextAfter(bytes: Uint8Array, entry: ZipEntry, marker: string, maxBytes: number): Promise<string> {
  const needle = Buffer.from(marker, 'utf-8');
  const overlap = needle.length - 1;
  const kept: Buffer[] = [];
  let found = false;
  // The last `overlap` bytes seen, so a marker split across two chunks is still found.
  // Only this small window is copied: joining every 16 KiB chunk to the carry would copy
  // the whole inflated sheet (tens of MB of short-lived buffers while exceljs parses).
  let carry = Buffer.alloc(0);
  await inflateEntry(bytes, entry, {
    maxBytes,
    onChunk: (chunk) => {
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
    },
  });
  return found ? Buffer.concat(kept).toString('utf-8') : '';
}

/** A part to put into `rewriteZip`: an entry of the source zip, or new stored text. */
export type RewritePart = ZipEntry | { name: string; text: string };

/**
 * A new zip stream with only the given parts, in the given order, each with
 * its sizes and CRC in the local header (no data descriptors), ending with an
 * empty end-of-directory record. Compressed bodies are copied, not re-packed;
 * the chunks are views into `bytes` except the small headers.
 */
export function* rewriteZip(bytes: Uint8Array, parts: readonly RewritePart[]): Generator<Uint8Array> {
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf-8');
    let body: Uint8Array;
    let method: number;
    let size: number;
    let crc: number;
    if ('text' in part) {
      body = Buffer.from(part.text, 'utf-8');
      method = 0;
      size = body.length;
      crc = crc32(body);
    } else {
      body = entryData(bytes, part);
      ({ method, size, crc } = part);
    }
    const header = Buffer.alloc(30 + name.length);
    header.writeUInt32LE(LOCAL_SIGNATURE, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0800, 6); // UTF-8 names; bit 3 (sizes in a trailing descriptor) cleared
    header.writeUInt16LE(method, 8);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(body.length, 18);
    header.writeUInt32LE(size, 22);
    header.writeUInt16LE(name.length, 26);
    name.copy(header, 30);
    yield header;
    yield body;
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD_SIGNATURE, 0);
  yield end;
}
