/**
 * The `.bpt` file: PHP `serialize()` of the package array, then
 * `gzcompress($data, 9)` (a zlib stream, `78 DA`), as the designer's export
 * writes it.
 *
 * pako, not `node:zlib`, because pako's level-9 output matches PHP's zlib
 * byte for byte; the docs' sample round-trips exactly.
 */
import { deflate, inflate } from 'pako';
import { AppError } from '../../base/errors/errors';
import { phpGet, phpSerialize, phpUnserialize, type PhpValue } from './php-serialize';

/** The six top-level keys of a `.bpt` package, in the order `Bpt::makePackageData()` writes them. */
export interface BptPackage {
  VERSION: number;
  TEMPLATE: PhpValue[];
  PARAMETERS: PhpValue;
  VARIABLES: PhpValue;
  CONSTANTS: PhpValue;
  DOCUMENT_FIELDS: PhpValue;
}

/** Options of `encodeBpt`: `compress: false` writes the plain serialized string, which the import also accepts. */
export interface EncodeBptOptions {
  compress?: boolean;
}

/**
 * Encodes a package (or any decoded PHP value, for exact round trips) as `.bpt` bytes.
 */
export function encodeBpt(value: BptPackage | PhpValue, options: EncodeBptOptions = {}): Uint8Array {
  const serialized = phpSerialize(value as PhpValue);
  return options.compress === false ? serialized : deflate(serialized, { level: 9 });
}

/**
 * Decodes `.bpt` bytes the way `Bpt::unpack()` does: the raw bytes as
 * serialized data first, then a zlib stream. gzip and raw deflate are refused
 * (Bitrix24 refuses them too). The result must be an array with `TEMPLATE`,
 * else `FILE_CORRUPT` (the portal's `BIZPROC_WF_TEMPLATE_BPT_WRONG_DATA`).
 *
 * Returns the decoded value as is, so `encodeBpt(decodeBpt(x))` gives `x` back.
 */
export function decodeBpt(bytes: Uint8Array): PhpValue {
  let value: PhpValue | undefined;
  if (bytes[0] === 0x61 /* a */) {
    try {
      value = phpUnserialize(bytes);
    } catch {
      value = undefined;
    }
  }
  if (value === undefined) {
    // A zlib header: CMF 0x78 and a check byte making the pair a multiple of 31 (RFC 1950).
    const cmf = bytes[0] ?? 0;
    const flg = bytes[1] ?? 0;
    const zlib = bytes.length > 2 && (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
    if (!zlib) throw new AppError('FILE_CORRUPT', 'This is not a workflow template file (.bpt): it is neither zlib-compressed nor plain serialized data.');
    let raw: Uint8Array;
    try {
      raw = inflate(bytes);
    } catch (error) {
      throw new AppError('FILE_CORRUPT', 'The workflow template file (.bpt) is damaged: its zlib stream does not decompress.', { cause: error });
    }
    value = phpUnserialize(raw);
  }
  if (phpGet(value, 'TEMPLATE') === undefined || typeof value !== 'object' || value === null || value instanceof Uint8Array) {
    throw new AppError('FILE_CORRUPT', 'The workflow template file (.bpt) holds no TEMPLATE.', { hint: 'Bitrix24 answers BIZPROC_WF_TEMPLATE_BPT_WRONG_DATA for such a file.' });
  }
  return value;
}

/** Builds the package array in the exact key order of the export. */
export function bptPackage(template: PhpValue[], rest: Partial<Omit<BptPackage, 'TEMPLATE'>> = {}): BptPackage {
  return {
    VERSION: rest.VERSION ?? 2,
    TEMPLATE: template,
    PARAMETERS: rest.PARAMETERS ?? [],
    VARIABLES: rest.VARIABLES ?? [],
    CONSTANTS: rest.CONSTANTS ?? [],
    DOCUMENT_FIELDS: rest.DOCUMENT_FIELDS ?? [],
  };
}

/** Base64 of bytes, for `TEMPLATE_DATA` (`["name.bpt", "<base64>"]`). */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64');
}
