/**
 * PHP's `unserialize($data, ['allowed_classes' => false])` as the portal runs
 * it on an imported workflow template: byte-counted strings, integer and
 * string array keys in their written order, and no objects. Written for the
 * emulator alone, so that a bug in the app's own serializer shows up as a
 * refusal here instead of being read back by the same code.
 */

/** A PHP array: its entries in order, keys as PHP keeps them (numeric strings become integers). */
export class PhpArray {
  constructor(readonly entries: Array<[string | number, PhpData]>) {}

  /** The value under `key`, compared as PHP compares array keys. */
  get(key: string | number): PhpData | undefined {
    const wanted = normalizeKey(key);
    return this.entries.find(([k]) => k === wanted)?.[1];
  }

  /** True when `key` is present (even with a null value), like `array_key_exists`. */
  has(key: string | number): boolean {
    const wanted = normalizeKey(key);
    return this.entries.some(([k]) => k === wanted);
  }

  /** The values in order. */
  values(): PhpData[] {
    return this.entries.map(([, v]) => v);
  }
}

/** A value PHP's unserialize yields (floats as numbers, strings as text; binary strings decode as UTF-8 with replacement). */
export type PhpData = null | boolean | number | string | PhpArray;

/** PHP turns a decimal-integer string key ("7", not "07" or "7.0") into an integer key. */
function normalizeKey(key: string | number): string | number {
  if (typeof key === 'number') return key;
  return /^(0|-?[1-9][0-9]*)$/.test(key) && Number.isSafeInteger(Number(key)) ? Number(key) : key;
}

class Unreadable extends Error {}

/**
 * Reads one serialized value from `bytes`; undefined where PHP's unserialize
 * returns false (malformed data, a string length that is not the UTF-8 byte
 * count, an object, a reference). Bytes after the value are ignored, as PHP
 * does.
 */
export function phpUnserialize(bytes: Uint8Array): PhpData | undefined {
  let at = 0;
  const decoder = new TextDecoder('utf-8');

  const expect = (char: string): void => {
    if (bytes[at] !== char.charCodeAt(0)) throw new Unreadable();
    at += 1;
  };
  const readUntil = (stop: string): string => {
    const end = bytes.indexOf(stop.charCodeAt(0), at);
    if (end < 0) throw new Unreadable();
    const text = String.fromCharCode(...bytes.subarray(at, end));
    at = end + 1;
    return text;
  };
  const readInt = (stop: string): number => {
    const text = readUntil(stop);
    if (!/^[+-]?[0-9]+$/.test(text)) throw new Unreadable();
    return Number(text);
  };

  const readValue = (depth: number): PhpData => {
    if (depth > 512) throw new Unreadable();
    const tag = String.fromCharCode(bytes[at] ?? 0);
    at += 1;
    switch (tag) {
      case 'N':
        expect(';');
        return null;
      case 'b': {
        expect(':');
        const flag = readUntil(';');
        if (flag !== '0' && flag !== '1') throw new Unreadable();
        return flag === '1';
      }
      case 'i':
        expect(':');
        return readInt(';');
      case 'd': {
        expect(':');
        const text = readUntil(';');
        if (text === 'INF') return Infinity;
        if (text === '-INF') return -Infinity;
        if (text === 'NAN') return NaN;
        if (!/^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(text)) throw new Unreadable();
        return Number(text);
      }
      case 's': {
        expect(':');
        const length = readInt(':');
        if (length < 0 || at + 1 + length + 2 > bytes.length) throw new Unreadable();
        expect('"');
        const text = decoder.decode(bytes.subarray(at, at + length));
        at += length;
        expect('"');
        expect(';');
        return text;
      }
      case 'a': {
        expect(':');
        const count = readInt(':');
        if (count < 0) throw new Unreadable();
        expect('{');
        const entries: Array<[string | number, PhpData]> = [];
        for (let i = 0; i < count; i += 1) {
          const key = readValue(depth + 1);
          if (typeof key !== 'string' && !(typeof key === 'number' && Number.isInteger(key))) throw new Unreadable();
          const normalized = normalizeKey(key);
          const value = readValue(depth + 1);
          const existing = entries.findIndex(([k]) => k === normalized);
          if (existing >= 0) entries[existing] = [normalized, value];
          else entries.push([normalized, value]);
        }
        expect('}');
        return new PhpArray(entries);
      }
      default:
        // O: and C: (objects, refused with allowed_classes false), r:/R: (references), E: (enums) and anything else.
        throw new Unreadable();
    }
  };

  try {
    return readValue(0);
  } catch (error) {
    if (error instanceof Unreadable || error instanceof RangeError) return undefined;
    throw error;
  }
}

/**
 * The guard the portal runs before unserialize (`CheckSerializedData`): data
 * that mentions a serialized object anywhere is not unserialized at all.
 */
export function mentionsSerializedObject(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  return /(^|;|\{|\})[OC]:\+?[0-9]+:"/.test(text);
}

/** A PHP array as JSON: a list when its keys are 0…n-1 in order, an object otherwise. */
export function phpToPlain(value: PhpData): unknown {
  if (!(value instanceof PhpArray)) return value;
  const isList = value.entries.every(([key], index) => key === index);
  if (isList) return value.values().map(phpToPlain);
  return Object.fromEntries(value.entries.map(([key, v]) => [String(key), phpToPlain(v)]));
}
