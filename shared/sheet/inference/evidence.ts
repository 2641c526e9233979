import type { EvidenceCode, EvidenceParams, Evidence, FunnelName } from './types';

/*
 * The lists of evidence codes and pipelines a test walks, and the helper the
 * inference builds its reasons with. The types live in ./types, which the
 * renderer may import.
 */

// A record, so a code added to EvidenceParams and left out here is a compile error.
const CODES: Record<EvidenceCode, true> = {
  EMPTY_COLUMN: true,
  EXCEL_DATES: true,
  EXCEL_BOOLEANS: true,
  EXCEL_DAY_SERIALS: true,
  FLAG_ONE_ZERO: true,
  CURRENCY_FORMAT: true,
  MONEY_HEADER_NUMBERS: true,
  CODE_HEADER_NUMBERS: true,
  EXCEL_NUMBERS: true,
  TEXT_FORMAT: true,
  CHECKBOX: true,
  BOOLEAN_PAIR: true,
  STAFF_EMAILS: true,
  EMAILS: true,
  LINKS: true,
  PHONES: true,
  AMBIGUOUS_DAY_MONTH: true,
  TEXT_DATES: true,
  CODE_HEADER_TEXT: true,
  IDENTIFIERS: true,
  AMOUNTS: true,
  MONEY_HEADER_TEXT_NUMBERS: true,
  TEXT_NUMBERS: true,
  LISTS_IN_CELLS: true,
  PEOPLE_STAFF_HEADER: true,
  PEOPLE_REPEATED: true,
  VALIDATION_LIST: true,
  FEW_DISTINCT: true,
  LONG_TEXT: true,
  SHORT_TEXT: true,
  SOME_DO_NOT_FIT: true,
  STAGE_MAKES_LIST: true,
  TITLE_MAKES_TEXT: true,
  KEY_NATURAL: true,
  KEY_UNIQUE_HEADER: true,
  KEY_UNIQUE_SHAPE: true,
  KEY_HEADER: true,
  ROLE_ASSIGNEE: true,
  ROLE_COMPANY_HEADER: true,
  ROLE_COMPANY_SHAPE: true,
  ROLE_CONTACT_HEADER: true,
  ROLE_CONTACT_PERSON: true,
  ROLE_AMOUNT: true,
  ROLE_DUE_DATE: true,
  ROLE_START_DATE: true,
  ROLE_TITLE_HEADER: true,
  ROLE_TITLE_SHAPE: true,
  STAGE_HEADER: true,
  STAGE_WORDS: true,
  STAGE_DISTINCT: true,
  STAGE_ALL_FILLED: true,
  STAGE_DROPDOWN: true,
  STAGE_EXPLAINS: true,
  ORDER_DROPDOWN: true,
  ORDER_LOOKUP_SHEET: true,
  ORDER_FUNNEL: true,
  ORDER_VOCABULARY: true,
  ORDER_VOCABULARY_DATES: true,
  ORDER_DATES: true,
  ORDER_VOCABULARY_APPEARANCE: true,
  ORDER_APPEARANCE: true,
};

/** Every evidence code, as a list a test can walk (each needs a wording in every language). */
export const EVIDENCE_CODES = Object.keys(CODES) as EvidenceCode[];

/** Every typical pipeline's name, as a list a test can walk. */
export const FUNNEL_NAMES: readonly FunnelName[] = ['repair', 'recruiting', 'delivery', 'service desk', 'handover', 'invoices', 'events', 'contracts'];

/** One reason: its code and, where the code has any, its facts. */
export function fact<Code extends EvidenceCode>(code: Code, ...params: EvidenceParams[Code] extends Record<string, never> ? [] : [EvidenceParams[Code]]): Evidence {
  return { code, params: params[0] ?? {} } as Evidence;
}
