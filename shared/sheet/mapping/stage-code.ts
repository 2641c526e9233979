import { transliterate } from './transliterate';

/** Codes of the five stages a new funnel comes with. */
export const DEFAULT_STAGE_CODES = { first: 'NEW', process: ['PREPARATION', 'CLIENT'], success: 'SUCCESS', failure: 'FAIL' } as const;

/** Longest stage code we make: the `DT<etid>_<cat>:` prefix shares the 50-character limit. */
export const MAX_STAGE_CODE_LENGTH = 24;

/** A new stage code from a stage name: transliterated, `A-Z0-9_`, unique in `taken` (adds it). */
export function stageCode(name: string, taken: Set<string>): string {
  let base = transliterate(name)
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX_STAGE_CODE_LENGTH)
    .replace(/_+$/, '');
  if (base === '' || /^\d/.test(base)) base = `S_${base}`.replace(/_+$/, '');
  let code = base;
  for (let n = 2; taken.has(code); n += 1) code = `${base.slice(0, MAX_STAGE_CODE_LENGTH - String(n).length - 1)}_${n}`;
  taken.add(code);
  return code;
}
