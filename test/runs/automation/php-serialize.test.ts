import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhpFloat, PhpMap, phpFloatText, phpSerialize, phpUnserialize, type PhpValue } from '../../../shared/runs/automation/php-serialize';

const text = (value: PhpValue): string => new TextDecoder().decode(phpSerialize(value));

describe('phpSerialize', () => {
  it('writes scalars the way PHP does', () => {
    expect(text(null)).toBe('N;');
    expect(text(true)).toBe('b:1;');
    expect(text(false)).toBe('b:0;');
    expect(text(2)).toBe('i:2;');
    expect(text(-17)).toBe('i:-17;');
    expect(text(0.5)).toBe('d:0.5;');
    expect(text('abc')).toBe('s:3:"abc";');
  });

  it('counts string lengths in UTF-8 bytes, not UTF-16 units', () => {
    expect(text('Проверка')).toBe('s:16:"Проверка";');
    expect(text('😀')).toBe('s:4:"😀";');
    expect(text({ 'Ключ': 'да' })).toBe('a:1:{s:8:"Ключ";s:4:"да";}');
  });

  it('writes lists with integer keys and maps with string keys, canonical integer keys as i:', () => {
    expect(text(['a', 1])).toBe('a:2:{i:0;s:1:"a";i:1;i:1;}');
    expect(text({ Type: 'X', Children: [] })).toBe('a:2:{s:4:"Type";s:1:"X";s:8:"Children";a:0:{}}');
    expect(text(new PhpMap([[5, 'x'], ['7', 'y'], ['07', 'z']]))).toBe('a:3:{i:5;s:1:"x";i:7;s:1:"y";s:2:"07";s:1:"z";}');
  });

  it('formats floats like PHP (serialize_precision -1)', () => {
    expect(phpFloatText(1e25)).toBe('1.0E+25');
    expect(phpFloatText(1.5e-7)).toBe('1.5E-7');
    expect(phpFloatText(0.1)).toBe('0.1');
    expect(phpFloatText(Infinity)).toBe('INF');
    expect(text(new PhpFloat(2, '2'))).toBe('d:2;');
  });
});

describe('phpUnserialize', () => {
  const parse = (s: string): PhpValue => phpUnserialize(new TextEncoder().encode(s));

  it('reads what PHP writes', () => {
    expect(parse('a:2:{i:0;s:1:"a";i:1;b:1;}')).toEqual(['a', true]);
    expect(parse('a:1:{s:5:"Title";s:16:"Проверка";}')).toEqual({ Title: 'Проверка' });
    expect(parse('N;')).toBeNull();
    expect(parse('i:-3;')).toBe(-3);
  });

  it('keeps arrays with odd keys as ordered maps', () => {
    const value = parse('a:2:{i:3;s:1:"x";s:1:"k";s:1:"y";}');
    expect(value).toBeInstanceOf(PhpMap);
    expect((value as PhpMap).entries).toEqual([
      [3, 'x'],
      ['k', 'y'],
    ]);
  });

  it('refuses objects, references, wrong lengths and trailing bytes', () => {
    expect(() => parse('O:8:"stdClass":0:{}')).toThrow(/objects are not allowed/);
    expect(() => parse('a:1:{i:0;R:1;}')).toThrow(/references/);
    expect(() => parse('s:5:"abc";')).toThrow();
    // A UTF-16 length (3) for a 6-byte word is exactly the bug PHP refuses.
    expect(() => parse('s:3:"Про";')).toThrow();
    expect(parse('s:6:"Про";')).toBe('Про');
    expect(() => parse('i:1;x')).toThrow(/trailing/);
    expect(() => parse('a:2:{i:0;i:1;}')).toThrow();
  });

  it('keeps invalid UTF-8 as raw bytes so re-encoding is exact', () => {
    const bytes = new Uint8Array([0x73, 0x3a, 0x31, 0x3a, 0x22, 0xff, 0x22, 0x3b]);
    const value = phpUnserialize(bytes);
    expect(value).toBeInstanceOf(Uint8Array);
    expect(phpSerialize(value)).toEqual(bytes);
  });
});

/** Arbitrary PHP data of the shapes a template holds. */
const phpValue: fc.Arbitrary<PhpValue> = fc.letrec<{ value: PhpValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).filter((d) => !Number.isInteger(d)),
    fc.string({ unit: 'binary' }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }).filter((k) => !/^(0|-?[1-9]\d*|\d+)$/.test(k) && k !== '__proto__'), tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('serialize codec properties', () => {
  it('unserialize(serialize(x)) equals x, numbers as PhpFloat where PHP writes d:', () => {
    fc.assert(
      fc.property(phpValue, (value) => {
        const back = phpUnserialize(phpSerialize(value));
        expect(normalise(back)).toEqual(normalise(value));
      }),
      { numRuns: 300 },
    );
  });

  it('serialize(unserialize(bytes)) gives the same bytes back', () => {
    fc.assert(
      fc.property(phpValue, (value) => {
        const bytes = phpSerialize(value);
        expect(phpSerialize(phpUnserialize(bytes))).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('every s:N: length is the UTF-8 byte length', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = new TextDecoder().decode(phpSerialize(s));
        expect(out).toBe(`s:${Buffer.byteLength(s, 'utf8')}:"${s}";`);
      }),
    );
  });
});

/** Compares by value: floats as numbers, so `0.5` and `PhpFloat(0.5, "0.5")` are equal. */
function normalise(value: PhpValue): unknown {
  if (value instanceof PhpFloat) return value.value;
  if (value instanceof PhpMap) return value.entries.map(([k, v]) => [k, normalise(v)]);
  if (Array.isArray(value)) return value.map(normalise);
  // PHP has one empty array: `{}` and `[]` both serialize as a:0:{}.
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array) && Object.keys(value).length === 0) return [];
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  return value;
}
