import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readZipTextAfter, type ZipEntry } from '../../../shared/sheet/spreadsheet/read-zip';

/** One zip local header (no name, no extra) followed by the entry data. */
function zipped(text: string, method: 0 | 8): { bytes: Uint8Array; entry: ZipEntry } {
  const raw = Buffer.from(text, 'utf-8');
  const data = method === 8 ? deflateRawSync(raw) : raw;
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  return { bytes: new Uint8Array(Buffer.concat([header, data])), entry: { name: 'x', method, compressedSize: data.length, size: raw.length, crc: 0, localHeaderOffset: 0 } };
}

const MARKER = '</sheetData>';
// zlib streams inflate in 16 KiB chunks: put the marker across and around that boundary.
const CHUNK = 16 * 1024;

describe('readZipTextAfter', () => {
  it('finds the marker wherever it falls relative to the inflate chunks', async () => {
    for (const at of [0, 5, CHUNK - MARKER.length - 1, ...Array.from({ length: MARKER.length + 1 }, (_, k) => CHUNK - MARKER.length + k), 2 * CHUNK - 3, 3 * CHUNK + 100]) {
      const tail = `${MARKER}<mergeCells><mergeCell ref="A1:B2"/></mergeCells>${MARKER}`;
      const text = 'x'.repeat(at) + tail + 'y'.repeat(40_000);
      for (const method of [0, 8] as const) {
        const { bytes, entry } = zipped(text, method);
        expect(await readZipTextAfter(bytes, entry, MARKER, 1 << 30), `marker at ${at}, method ${method}`).toBe(text.slice(at));
      }
    }
  });

  it('returns an empty string when the marker is absent', async () => {
    const { bytes, entry } = zipped('z'.repeat(50_000) + '</sheetDat', 8);
    expect(await readZipTextAfter(bytes, entry, MARKER, 1 << 30)).toBe('');
  });
});
