/**
 * PHP `serialize()` / `unserialize()` for the data a `.bpt` holds.
 *
 * PHP strings are bytes, so `s:N:` counts UTF-8 bytes; a JS `.length`
 * (UTF-16 units) would write wrong lengths and PHP would refuse the file.
 * Decoding keeps whatever re-encoding needs to give back the same bytes:
 * arrays that are not plain lists or string maps stay a `PhpMap`, a float
 * keeps its text, and a string that is not valid UTF-8 stays raw bytes.
 */
import { AppError } from '../../base/errors/errors';

/** A float as PHP wrote it (`d:<text>;`); `text` is kept so re-encoding is byte-exact. */
export class PhpFloat {
  constructor(
    readonly value: number,
    readonly text?: string,
  ) {}
}

/** A PHP array whose keys are not `0..n-1` in order nor all non-numeric strings: an ordered list of entries. */
export class PhpMap {
  constructor(readonly entries: Array<[string | number, PhpValue]>) {}
}

/**
 * A value PHP can serialize without objects.
 *
 * JS arrays are PHP lists; plain objects are PHP string-keyed arrays (a key
 * that is a canonical integer is written as `i:`, as PHP would store it);
 * integers are `i:`, other numbers `d:`; `Uint8Array` is a byte string.
 */
export type PhpValue = null | boolean | number | string | Uint8Array | PhpFloat | PhpMap | PhpValue[] | { [key: string]: PhpValue };

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });
const CANONICAL_INT = /^(0|-?[1-9][0-9]*)$/;

/** Serializes `value` as PHP `serialize()` would, as UTF-8 bytes. */
export function phpSerialize(value: PhpValue): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  const push = (chunk: Uint8Array): void => {
    parts.push(chunk);
    size += chunk.length;
  };
  const text = (chunk: string): void => push(encoder.encode(chunk));
  const bytes = (raw: Uint8Array): void => {
    text(`s:${raw.length}:"`);
    push(raw);
    text('";');
  };
  const key = (k: string | number): void => {
    if (typeof k === 'number') {
      if (!Number.isSafeInteger(k)) throw new AppError('INVALID_INPUT', `A PHP array key must be an integer or a string, not ${k}.`);
      text(`i:${k};`);
    } else if (CANONICAL_INT.test(k) && Number.isSafeInteger(Number(k))) text(`i:${k};`);
    else bytes(encoder.encode(k));
  };
  const write = (v: PhpValue): void => {
    if (v === null) text('N;');
    else if (typeof v === 'boolean') text(v ? 'b:1;' : 'b:0;');
    else if (typeof v === 'number') text(Number.isSafeInteger(v) ? `i:${v};` : `d:${phpFloatText(v)};`);
    else if (typeof v === 'string') bytes(encoder.encode(v));
    else if (v instanceof Uint8Array) bytes(v);
    else if (v instanceof PhpFloat) text(`d:${v.text ?? phpFloatText(v.value)};`);
    else if (v instanceof PhpMap) {
      text(`a:${v.entries.length}:{`);
      for (const [k, item] of v.entries) {
        key(k);
        write(item);
      }
      text('}');
    } else if (Array.isArray(v)) {
      text(`a:${v.length}:{`);
      v.forEach((item, index) => {
        text(`i:${index};`);
        write(item);
      });
      text('}');
    } else {
      const entries = Object.entries(v);
      text(`a:${entries.length}:{`);
      for (const [k, item] of entries) {
        key(k);
        write(item);
      }
      text('}');
    }
  };
  write(value);
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * PHP's shortest round-trip float text (`serialize_precision = -1`):
 * integral values without a fraction, exponents as `1.0E+25`.
 */
export function phpFloatText(value: number): string {
  if (Number.isNaN(value)) return 'NAN';
  if (value === Infinity) return 'INF';
  if (value === -Infinity) return '-INF';
  if (Object.is(value, -0)) return '-0';
  const plain = String(value);
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-])(\d+)$/.exec(plain);
  if (match === null) return plain;
  const [, sign, whole, fraction, expSign, exp] = match;
  return `${sign}${whole}.${fraction ?? '0'}E${expSign}${exp}`;
}

/** Where unserialize stopped, for the message. */
function corrupt(offset: number, why: string): AppError {
  return new AppError('FILE_CORRUPT', `The serialized data is malformed at byte ${offset}: ${why}.`);
}

/**
 * Parses PHP-serialized bytes.
 *
 * Objects (`O:`, `C:`) and references are refused, as PHP's
 * `CheckSerializedData()` and `allowed_classes => false` do for `.bpt` files.
 * Throws `FILE_CORRUPT` on anything malformed or on trailing bytes.
 */
export function phpUnserialize(data: Uint8Array): PhpValue {
  let pos = 0;
  const latin = (from: number, to: number): string => {
    let out = '';
    for (let i = from; i < to; i++) out += String.fromCharCode(data[i] as number);
    return out;
  };
  const expect = (char: string): void => {
    if (data[pos] !== char.charCodeAt(0)) throw corrupt(pos, `expected “${char}”`);
    pos += 1;
  };
  const readUntil = (stop: string): string => {
    const code = stop.charCodeAt(0);
    const start = pos;
    while (pos < data.length && data[pos] !== code) pos += 1;
    if (pos >= data.length) throw corrupt(start, `missing “${stop}”`);
    const out = latin(start, pos);
    pos += 1;
    return out;
  };
  const readInt = (stop: string): number => {
    const start = pos;
    const raw = readUntil(stop);
    if (!/^[+-]?\d+$/.test(raw)) throw corrupt(start, `“${raw}” is not an integer`);
    const n = Number(raw);
    if (!Number.isSafeInteger(n)) throw corrupt(start, `integer ${raw} is out of range`);
    return n;
  };
  const readString = (): string | Uint8Array => {
    const start = pos;
    const length = readInt(':');
    if (length < 0 || pos + length + 2 > data.length) throw corrupt(start, `string length ${length} runs past the end`);
    expect('"');
    const raw = data.subarray(pos, pos + length);
    pos += length;
    expect('"');
    expect(';');
    try {
      return strictDecoder.decode(raw);
    } catch {
      return raw.slice();
    }
  };
  const read = (): PhpValue => {
    const start = pos;
    const tag = String.fromCharCode(data[pos] ?? 0);
    if (tag === 'N') {
      pos += 1;
      expect(';');
      return null;
    }
    pos += 1;
    expect(':');
    switch (tag) {
      case 'b': {
        const raw = readUntil(';');
        if (raw !== '0' && raw !== '1') throw corrupt(start, `bad boolean “${raw}”`);
        return raw === '1';
      }
      case 'i':
        return readInt(';');
      case 'd': {
        const raw = readUntil(';');
        const value = raw === 'NAN' ? NaN : raw === 'INF' ? Infinity : raw === '-INF' ? -Infinity : Number(raw);
        if (Number.isNaN(value) && raw !== 'NAN') throw corrupt(start, `bad float “${raw}”`);
        return new PhpFloat(value, raw);
      }
      case 's':
        return readString();
      case 'a': {
        const count = readInt(':');
        if (count < 0) throw corrupt(start, 'negative array size');
        expect('{');
        const entries: Array<[string | number, PhpValue]> = [];
        for (let i = 0; i < count; i++) {
          const keyAt = pos;
          const key = read();
          if (typeof key !== 'number' && typeof key !== 'string') throw corrupt(keyAt, 'an array key must be an integer or a string');
          entries.push([key, read()]);
        }
        expect('}');
        return toJsArray(entries);
      }
      case 'O':
      case 'C':
        throw corrupt(start, 'serialized objects are not allowed');
      case 'r':
      case 'R':
        throw corrupt(start, 'references are not supported');
      default:
        throw corrupt(start, `unknown type “${tag}”`);
    }
  };
  const value = read();
  if (pos !== data.length) throw corrupt(pos, 'trailing bytes after the value');
  return value;
}

/** The friendliest JS form that still re-serializes to the same bytes. */
function toJsArray(entries: Array<[string | number, PhpValue]>): PhpValue {
  if (entries.every(([key], index) => key === index)) return entries.map(([, value]) => value);
  // JS objects move integer-like keys first, so only non-numeric string keys keep their order in one.
  const plainKey = (key: string | number): boolean => typeof key === 'string' && !/^\d+$/.test(key) && !CANONICAL_INT.test(key) && key !== '__proto__';
  if (entries.every(([key]) => plainKey(key)) && new Set(entries.map(([key]) => key)).size === entries.length) {
    const out: { [key: string]: PhpValue } = {};
    for (const [key, value] of entries) out[key as string] = value;
    return out;
  }
  return new PhpMap(entries);
}

/** Reads a key of a decoded PHP array (plain object, list or `PhpMap`); undefined when absent. */
export function phpGet(value: PhpValue | undefined, key: string | number): PhpValue | undefined {
  if (value === null || value === undefined || typeof value !== 'object' || value instanceof Uint8Array || value instanceof PhpFloat) return undefined;
  if (value instanceof PhpMap) return value.entries.find(([k]) => String(k) === String(key))?.[1];
  if (Array.isArray(value)) return typeof key === 'number' || /^\d+$/.test(key) ? value[Number(key)] : undefined;
  return Object.prototype.hasOwnProperty.call(value, String(key)) ? value[String(key)] : undefined;
}

/** The values of a decoded PHP array in order; undefined when `value` is not an array. */
export function phpValues(value: PhpValue | undefined): PhpValue[] | undefined {
  if (value === null || value === undefined || typeof value !== 'object' || value instanceof Uint8Array || value instanceof PhpFloat) return undefined;
  if (value instanceof PhpMap) return value.entries.map(([, v]) => v);
  if (Array.isArray(value)) return value;
  return Object.values(value);
}

/** True when `value` is a PHP array in any of its decoded forms. */
export function isPhpArray(value: PhpValue | undefined): boolean {
  return phpValues(value) !== undefined;
}
