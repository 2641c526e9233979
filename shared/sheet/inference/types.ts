/**
 * The inferred shape of one table: what each column holds, which column is
 * the stage and which the title, and what the person should double-check.
 *
 * Everything here is plain data (JSON-safe) so it crosses IPC/HTTP unchanged.
 */

/** What a column holds, in the words of the target field types. */
export type ColumnType =
  | 'string'
  | 'text'
  | 'integer'
  | 'double'
  | 'money'
  | 'date'
  | 'datetime'
  | 'boolean'
  | 'enumeration'
  | 'url'
  | 'email'
  | 'phone'
  | 'employee';

/** The part a column plays in the process; at most one column per role. */
export type ColumnRole = 'title' | 'stage' | 'assignee' | 'company' | 'contact' | 'amount' | 'startDate' | 'dueDate' | 'key';

/** Bitrix24 stage semantics: in progress, the success stage, a failure stage. */
export type StageSemantics = 'process' | 'success' | 'failure';

/** A value that does not fit the column's inferred type, where it is. */
export interface Misfit {
  /** 1-based source row number in the sheet. */
  row: number;
  /** The cell's text as a person sees it. */
  value: string;
}

// Evidence: why inference read a column as it did, as data — a stable code and the facts behind it
// (counts, the header, the values that decided). Each UI language and the command line word it
// themselves; the sheet's own words (headers, values, sheet names) stay as they are in the params.

/** The typical pipelines inference recognises, by the order of their steps. */
export type FunnelName = 'repair' | 'recruiting' | 'delivery' | 'service desk' | 'handover' | 'invoices' | 'events' | 'contracts';

/** Which natural identifier made a column the row key. */
export type NaturalKeyKind = 'url' | 'email' | 'phone';

/** The facts each evidence code carries; `cells` of `of` are counts over the sampled non-empty cells. */
export interface EvidenceParams {
  // What a column holds (its type).
  EMPTY_COLUMN: Record<string, never>;
  EXCEL_DATES: { cells: number; of: number; withTime: number };
  EXCEL_BOOLEANS: { cells: number; of: number };
  EXCEL_DAY_SERIALS: { header: string };
  FLAG_ONE_ZERO: { header: string };
  CURRENCY_FORMAT: { cells: number; of: number; currency?: string };
  MONEY_HEADER_NUMBERS: { header: string };
  CODE_HEADER_NUMBERS: { header: string };
  EXCEL_NUMBERS: { cells: number; of: number; whole: boolean };
  TEXT_FORMAT: Record<string, never>;
  CHECKBOX: { value: string; cells: number; of: number };
  BOOLEAN_PAIR: { yes: string; no: string; cells: number; of: number };
  STAFF_EMAILS: { cells: number; of: number; header: string };
  EMAILS: { cells: number; of: number };
  LINKS: { cells: number; of: number; excelLinks?: number };
  PHONES: { cells: number; of: number; header?: string };
  AMBIGUOUS_DAY_MONTH: Record<string, never>;
  TEXT_DATES: { cells: number; of: number; format: string };
  CODE_HEADER_TEXT: { header: string };
  IDENTIFIERS: { cells: number; of: number };
  AMOUNTS: { cells: number; of: number; marked: number };
  MONEY_HEADER_TEXT_NUMBERS: { cells: number; of: number; header: string };
  TEXT_NUMBERS: { cells: number; of: number; kind: 'whole' | 'comma' | 'point' };
  LISTS_IN_CELLS: { cells: number; distinct: number };
  PEOPLE_STAFF_HEADER: { cells: number; of: number; header: string };
  PEOPLE_REPEATED: { cells: number; of: number; distinct: number };
  VALIDATION_LIST: { size: number; cells: number; of: number };
  FEW_DISTINCT: { distinct: number; filled: number };
  LONG_TEXT: { average: number };
  SHORT_TEXT: { distinct: number; filled: number; average: number };
  SOME_DO_NOT_FIT: { fit: number; filled: number; misfits: number };
  STAGE_MAKES_LIST: Record<string, never>;
  TITLE_MAKES_TEXT: Record<string, never>;
  // The part a column plays (its role).
  KEY_NATURAL: { kind: NaturalKeyKind };
  KEY_UNIQUE_HEADER: { header: string };
  KEY_UNIQUE_SHAPE: Record<string, never>;
  KEY_HEADER: { header: string };
  ROLE_ASSIGNEE: Record<string, never>;
  ROLE_COMPANY_HEADER: { header: string };
  ROLE_COMPANY_SHAPE: Record<string, never>;
  ROLE_CONTACT_HEADER: { header: string };
  ROLE_CONTACT_PERSON: { header: string };
  ROLE_AMOUNT: Record<string, never>;
  ROLE_DUE_DATE: { header: string };
  ROLE_START_DATE: { header: string };
  ROLE_TITLE_HEADER: { header: string };
  ROLE_TITLE_SHAPE: Record<string, never>;
  // Why a column is the stage column.
  STAGE_HEADER: { header: string };
  STAGE_WORDS: { known: number; of: number };
  STAGE_DISTINCT: { distinct: number };
  STAGE_ALL_FILLED: Record<string, never>;
  STAGE_DROPDOWN: Record<string, never>;
  STAGE_EXPLAINS: { header: string };
  // Where the stage order came from.
  ORDER_DROPDOWN: { values: string[] };
  ORDER_LOOKUP_SHEET: { sheet: string };
  ORDER_FUNNEL: { funnel: FunnelName };
  ORDER_VOCABULARY: Record<string, never>;
  ORDER_VOCABULARY_DATES: { header: string };
  ORDER_DATES: { header: string };
  ORDER_VOCABULARY_APPEARANCE: Record<string, never>;
  ORDER_APPEARANCE: Record<string, never>;
}

/** One evidence code. */
export type EvidenceCode = keyof EvidenceParams;

/** One reason of inference, as a code and its facts (each UI language words it). */
export type Evidence = { [Code in EvidenceCode]: { code: Code; params: EvidenceParams[Code] } }[EvidenceCode];

/** Everything inferred about one column. */
export interface ColumnSchema {
  /** 0-based index into `SheetTable.headers`. */
  index: number;
  /** 1-based source column number in the sheet. */
  sourceColumn: number;
  header: string;
  type: ColumnType;
  /** True when cells hold lists of short tokens (comma, semicolon or line break). */
  multiple: boolean;
  role: ColumnRole | null;
  /** 0..1: how sure the type (and role, when set) is. */
  confidence: number;
  /** Why the type and role were chosen, as codes and facts (each UI language words them). */
  evidence: Evidence[];
  /** Non-empty cells. */
  filled: number;
  /**
   * Distinct non-empty values, exact: folded (case, spaces, ё/е) for columns
   * with fewer than 2,000 distinct cells, distinct trimmed texts for others.
   */
  distinct: number;
  /** Up to 5 example values as text. */
  examples: string[];
  /** ISO 4217 code for money columns (`RUB`, `USD`, `EUR`). */
  currency?: string;
  /** Enumeration and stage columns: distinct values in inferred order. */
  values?: string[];
  /** For number and date columns: how text values were read (`decimal-comma`, `dd.mm.yyyy`, …). */
  format?: string;
  /** Values that do not fit `type`, by row (capped at 100). */
  misfits: Misfit[];
  /** Total count of misfits (may exceed `misfits.length`). */
  misfitCount: number;
}

/** One stage of the inferred pipeline. */
export interface InferredStage {
  name: string;
  semantics: StageSemantics;
  /** Rows that have this value. */
  count: number;
  /** A suggested display colour (`#rrggbb`). */
  color?: string;
}

/** The inferred pipeline: which column holds stages, and the stages in order. */
export interface StageSchema {
  /** 0-based index into the schema's `columns`. */
  column: number;
  header: string;
  stages: InferredStage[];
  /** Where the order came from. */
  orderedBy: 'validation-list' | 'lookup-sheet' | 'vocabulary' | 'dates' | 'first-appearance';
  confidence: number;
  /** Why this column is the stage column, then where the order came from. */
  evidence: Evidence[];
}

/** How an item title is built: one column, or a template over columns. */
export interface TitleSchema {
  /** 0-based column index when one column is the title; null when a template is used. */
  column: number | null;
  /** A template with `{Header}` placeholders, when no single column fits (e.g. `{Клиент} — {№}`). */
  template?: string;
}

/** Something the inference noticed that the person should check. */
export interface SchemaWarning {
  code:
    | 'AMBIGUOUS_DATE_ORDER'
    | 'VALUES_DO_NOT_FIT'
    | 'NO_STAGE_COLUMN'
    | 'STAGE_BLANKS'
    | 'NEAR_DUPLICATE_VALUES'
    | 'KEY_NOT_UNIQUE'
    | 'NO_TITLE_COLUMN'
    | 'FORMULA_WITHOUT_RESULT'
    | 'CELL_ERRORS'
    | 'SEVERAL_SUCCESS_VALUES';
  message: string;
  /** Header of the column the warning is about. */
  column?: string;
  /** 1-based source rows (capped at 100). */
  rows?: number[];
}

/** The inferred schema of one sheet table. */
export interface Schema {
  sheet: string;
  headerRow: number;
  dataRows: number;
  columns: ColumnSchema[];
  stage: StageSchema | null;
  title: TitleSchema | null;
  warnings: SchemaWarning[];
}

/**
 * Options of `inferSchema`.
 *
 * `lookups` are the other sheets' tables of the same workbook: a sheet that
 * lists a column's values is evidence of an enumeration and of its order.
 * `locale` breaks ties (ru → day-first dates, decimal comma).
 */
export interface InferOptions {
  lookups?: { name: string; headers: string[]; rows: ReadonlyArray<ReadonlyArray<unknown>> }[];
  locale?: 'ru' | 'en';
  signal?: AbortSignal;
}
