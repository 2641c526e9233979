import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, decodeWire, encodeWire } from '../../../shared/app/api/wire';

describe('wire codec', () => {
  it('round-trips nested values with bytes', () => {
    const value = { fileName: 'a.xlsx', bytes: new Uint8Array([0, 1, 254, 255]), nested: [{ more: new Uint8Array(70_000).fill(7) }], n: 1, s: null };
    const decoded = decodeWire(JSON.parse(JSON.stringify(encodeWire(value)))) as typeof value;
    expect(decoded.bytes).toEqual(value.bytes);
    expect(decoded.nested[0]!.more).toEqual(value.nested[0]!.more);
    expect(decoded.fileName).toBe('a.xlsx');
    expect(decoded.s).toBeNull();
  });

  it('base64 matches Node’s encoder for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100_000 }), (bytes) => {
        const encoded = bytesToBase64(bytes);
        expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
        expect(base64ToBytes(encoded)).toEqual(bytes);
      }),
      { numRuns: 60 },
    );
  });

  it('leaves objects that only look similar alone', () => {
    expect(decodeWire({ $bytes: 'AA==', other: 1 })).toEqual({ $bytes: 'AA==', other: 1 });
  });
});
