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
  /** Human-readable reasons, e.g. "87 of 90 values look like dd.mm.yyyy". */
  evidence: string[];
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
  evidence: string[];
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
