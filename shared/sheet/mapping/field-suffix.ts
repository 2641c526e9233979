import { transliterate } from './transliterate';

/** Longest custom-field name the portal accepts, prefix included. */
export const MAX_FIELD_NAME_LENGTH = 50;

/**
 * Longest suffix we propose: leaves room for `UF_CRM_<id>_` with a type id of
 * up to six digits, so a suggested name stays valid whatever id the portal
 * assigns.
 */
export const MAX_SUFFIX_LENGTH = MAX_FIELD_NAME_LENGTH - 'UF_CRM_'.length - 6 - 1;

/**
 * A custom-field suffix from a header: transliterated, upper-case, `A-Z0-9_`
 * only, at most `maxLength` characters, and not in `taken` (a `_2`, `_3`…
 * ending makes it unique). Adds the result to `taken`.
 */
export function fieldSuffix(header: string, taken: Set<string>, maxLength = MAX_SUFFIX_LENGTH): string {
  let base = transliterate(header)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/№/g, 'NO')
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (base === '') base = 'FIELD';
  base = trimTo(base, maxLength);
  let suffix = base;
  for (let n = 2; taken.has(suffix); n += 1) {
    const ending = `_${n}`;
    suffix = `${trimTo(base, maxLength - ending.length)}${ending}`;
  }
  taken.add(suffix);
  return suffix;
}

function trimTo(text: string, length: number): string {
  return text.length <= length ? text : text.slice(0, length).replace(/_+$/, '');
}
