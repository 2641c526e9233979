/**
 * Lower-cases, turns ё into е, drops punctuation (except `№` and `#`) and
 * collapses spaces, so headers and values compare the way a person reads them.
 */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}№#@%]+/gu, ' ')
    .trim();
}
