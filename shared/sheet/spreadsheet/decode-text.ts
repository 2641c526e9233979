import iconv from 'iconv-lite';
import { utf16Order } from './detect-format';

/** Text decoded from bytes, with the encoding that was used and how it was decided. */
export interface DecodedText {
  text: string;
  encoding: string;
  /** True when no BOM or strict UTF-8 decided it and the encoding was ranked by plausibility. */
  guessed?: boolean;
}

const LEGACY_CYRILLIC = ['windows-1251', 'koi8-r', 'ibm866'] as const;
const SAMPLE_BYTES = 64 * 1024;

/**
 * Decodes CSV bytes: a BOM decides; then strict UTF-8; then UTF-16 without a
 * BOM (a regular NUL pattern); otherwise windows-1251, KOI8-R and cp866 are
 * ranked by how much the decoded text looks like Russian words.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  const order = utf16Order(bytes);
  const utf16 = order === 'le' ? 'utf-16le' : order === 'be' ? 'utf-16be' : null;
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16, guessed: true };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // not UTF-8: rank the legacy Cyrillic code pages below
  }
  const sample = buffer.subarray(0, SAMPLE_BYTES);
  let best: (typeof LEGACY_CYRILLIC)[number] = 'windows-1251';
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const encoding of LEGACY_CYRILLIC) {
    const score = russianScore(iconv.decode(sample, encoding));
    if (score > bestScore) {
      best = encoding;
      bestScore = score;
    }
  }
  return { text: iconv.decode(buffer, best), encoding: best, guessed: true };
}

const FREQUENT = new Set('оеаинтсрвлкмдпуОЕАИНТСРВЛКМДПУ');

/**
 * How Russian a text looks: words of Cyrillic letters in a sane case pattern
 * (lower, Capitalised, UPPER) score, mixed-case words and pseudo-graphics
 * (what a wrong code page produces) cost.
 */
export function russianScore(text: string): number {
  let score = 0;
  for (const match of text.matchAll(/[\u0400-\u04ff]+/g)) {
    const word = match[0];
    const lower = word.toLowerCase();
    const upper = word.toUpperCase();
    const sane = word === lower || word === upper || (word[0] === upper[0] && word.slice(1) === lower.slice(1));
    let frequent = 0;
    for (const ch of word) if (FREQUENT.has(ch)) frequent++;
    score += sane ? word.length + frequent : -word.length;
  }
  for (const match of text.matchAll(/[\u0080-\u03ff\u2010-\u25ff]/g)) score -= match[0] === '№' ? 0 : 2;
  return score;
}
