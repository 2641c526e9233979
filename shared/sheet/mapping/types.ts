/**
 * What the user decided about a table: where each column goes, which values
 * are which stages, enum items and users, and what identifies a row.
 *
 * Plain JSON data: it is saved in the project file and can be overridden by
 * a `--mapping FILE`. Custom fields are named by their suffix only, because
 * the type id that prefixes `UF_CRM_<id>_` is known only once the smart
 * process exists.
 */
import type { ColumnType, StageSemantics } from '../inference/types';

/** Standard item fields a column can feed. */
export type BuiltinField =
  | 'title'
  | 'stageId'
  | 'assignedById'
  | 'opportunity'
  | 'begindate'
  | 'closedate'
  | 'companyId'
  | 'contactIds'
  | 'observers'
  /** History: when the row was created (kept by the first migration's import; admin only, never in the future). */
  | 'createdTime'
  /** History: who created the row (a person → portal user id, like `assignedById`; import only, admin only). */
  | 'createdBy'
  /** History: when the row entered its current stage (import only, admin only; between created and now). */
  | 'movedTime'
  /** Link: the parent deal (`parentId2`), by deal id (`123`, `D_123`) or exact deal title; deals are never created. */
  | 'parentId2'
  /** Not an item field: the text is posted once to the item's timeline as a comment (`crm.timeline.comment.add`). */
  | 'timelineComment';

/** Built-in fields only the first migration's import may set, and only as a portal administrator. */
export const HISTORY_FIELDS: readonly BuiltinField[] = ['createdTime', 'createdBy', 'movedTime'];

/** Custom field types the tool creates. */
export type UserTypeId = 'string' | 'integer' | 'double' | 'boolean' | 'date' | 'datetime' | 'enumeration' | 'money' | 'url' | 'employee';

/** Where one column's values go. */
export type ColumnTarget =
  | { kind: 'builtin'; field: BuiltinField }
  | {
      kind: 'custom';
      /** `UF_CRM_<typeId>_<suffix>`: A-Z, 0-9, `_`. */
      suffix: string;
      userTypeId: UserTypeId;
      multiple: boolean;
      /** The field's label (the header, in the header's language). */
      label: string;
      /** Enumeration items, in order. */
      items?: string[];
    }
  | { kind: 'skip' };

/** One column of the sheet and its target. Columns are matched by header across versions. */
export interface ColumnMapping {
  header: string;
  /** The inferred (or overridden) type of the values. */
  type: ColumnType;
  /** Number/date reading of text cells (`decimal-comma`, `day-first`, …), from the schema. */
  format?: string;
  /** Default currency of money values (ISO code). */
  currency?: string;
  /** List columns: a sheet value → the list item it means (merges spellings such as “опт.” → “опт”). */
  valueMap?: Record<string, string>;
  target: ColumnTarget;
}

/** One stage of the kanban and the sheet values that land in it. */
export interface StageMapping {
  /** Stage code after the `DT<etid>_<cat>:` prefix (`NEW`, `PREPARATION`, `SUCCESS`, …). */
  code: string;
  name: string;
  semantics: StageSemantics;
  /** `#rrggbb`. */
  color: string;
  /** Sheet values (as written) that mean this stage. */
  values: string[];
}

/**
 * What identifies a row across versions of the sheet.
 *
 * `column`: one column with unique non-empty values; `composite`: several
 * columns joined; `fingerprint`: a hash of `columns` (edits to them look like
 * delete + create).
 */
export interface KeySpec {
  kind: 'column' | 'composite' | 'fingerprint';
  columns: string[];
}

/** A person value of the sheet and the portal user it was matched to. */
export interface UserMatch {
  value: string;
  userId: number | null;
  /** How it matched: `email`, `name`, `initials`, or why not (`ambiguous`, `none`). */
  how: 'email' | 'name' | 'initials' | 'manual' | 'ambiguous' | 'none';
  /** User ids that fit equally well, for an ambiguous value. */
  candidates?: number[];
}

/**
 * A cell edited in the app's preview instead of in the sheet.
 * It holds while the sheet's own text of that cell stays `sheetValue`; once
 * the sheet changes that cell, the sheet wins and the override is reported.
 */
export interface CellOverride {
  /** The row key (see `KeySpec`); empty for an edit tied to its sheet row (`row`). */
  key: string;
  /**
   * The sheet row the edit belongs to when the row key could not tell rows
   * apart (a key column with repeated or empty values) as it was made. Such an
   * edit does not depend on the key, so it survives a change of key.
   */
  row?: RowAnchor;
  /** The column header. */
  column: string;
  /** The text to read instead of the sheet's, as if typed into the cell. */
  value: string;
  /** The sheet's text of the cell when the edit was made. */
  sheetValue: string;
}

/**
 * Where a row was and what it held: its place among the table's data rows
 * and a fingerprint of its own cells (`rowFingerprint`). A re-read sheet
 * applies the edit to the row at that place while it still holds those
 * cells, else to the one row elsewhere that holds them (the row moved, and
 * no identical row was there to be mistaken for it); otherwise the row has
 * changed and the edit no longer applies.
 */
export interface RowAnchor {
  /** 0-based index among the table's data rows. */
  index: number;
  /** The row's number in the sheet, for messages. */
  sourceRow: number;
  /** The fingerprint of the row's cells. */
  cells: string;
  /** How many rows held these same cells (absent: only this one); a row with identical twins is never followed to another place. */
  copies?: number;
}

/** The whole mapping of one sheet. */
export interface Mapping {
  version: 1;
  /** Title of the smart process. */
  title: string;
  /** Language of the headers; labels and default stage names follow it. */
  language: 'ru' | 'en';
  key: KeySpec;
  /** Item title built from columns (`{Client} — {№}`) when no column is the title. */
  titleTemplate?: string;
  columns: ColumnMapping[];
  /** Kanban stages in order: in-progress stages, one success stage, failure stages. */
  stages: StageMapping[];
  /** Person value (as written in the sheet) → portal user id; null when unmatched. */
  users: Record<string, number | null>;
  /** User for unmatched or empty person cells; null leaves the portal default (the webhook owner). */
  defaultUserId: number | null;
  /** Currency for money values without one. */
  currency: string;
  /** Cells edited in the preview (absent: none). */
  overrides?: CellOverride[];
  /**
   * Create companies and contacts the sheet names that the portal lacks
   * (default true: a linked column keeps its data). False links only what
   * exists and reports the rest per row; deals are never created.
   */
  createClients?: boolean;
  /** A column that splits the rows into funnels (pipelines, `isCategoriesEnabled=Y`); absent: one funnel. */
  funnel?: FunnelMapping;
  /**
   * The IANA time zone the sheet's dates and times are written in (e.g.
   * `Europe/Moscow`). Set to this computer's zone when the project is
   * created, so syncs from another computer read the sheet the same way;
   * absent (older projects): this computer's zone.
   */
  timeZone?: string;
}

/**
 * The funnel column and its funnels, in order: the first is the type's
 * default funnel (renamed to it), the others are added. Each funnel gets
 * the stages its rows use.
 */
export interface FunnelMapping {
  /** The column's header (its own target is `skip`: the value picks the funnel, not a field). */
  column: string;
  /** Funnel names and the sheet values that mean each (compared as a person reads them). */
  categories: Array<{ name: string; values: string[] }>;
}

/** The custom field type that holds values of each column type (e-mails, phones and long text are strings). */
export const USER_TYPE_FOR_COLUMN: Readonly<Record<ColumnType, UserTypeId>> = {
  string: 'string',
  text: 'string',
  integer: 'integer',
  double: 'double',
  money: 'money',
  date: 'date',
  datetime: 'datetime',
  boolean: 'boolean',
  enumeration: 'enumeration',
  url: 'url',
  email: 'string',
  phone: 'string',
  employee: 'employee',
};
