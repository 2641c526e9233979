import type { WireError } from '../../base/errors/errors';
import type { UserMatch } from '../mapping/types';
import type { ColumnTarget, Mapping, RowAnchor } from '../mapping/types';
import type { PlanWarning } from '../plan/types';
import type { RowFailure } from '../plan/types';
import type { CellProblem } from '../plan/read-cell';
import type { ColumnFit } from '../plan/prepare-rows';

/** A portal user as the review screen lists them for matching. */
export interface UserChoice {
  id: number;
  name: string;
  email: string;
}

/** The mapping the app proposes for a sheet, with what it is based on. */
export interface MappingSuggestion {
  mapping: Mapping;
  userMatches: UserMatch[];
  /** Per column (same order as `mapping.columns`): the new custom field it would become, for when the person picks "new field". */
  customTargets: Extract<ColumnTarget, { kind: 'custom' }>[];
  /** The portal's active users; empty when no portal was given. */
  users: UserChoice[];
  warnings: PlanWarning[];
  /** Present when the person's earlier review of the sheet was put back: the columns whose choices no longer fit (gone from the sheet) and were dropped. */
  remembered?: { dropped: string[] };
}

/** Portal users and how the sheet's person values match them. */
export interface UserMatching {
  users: UserChoice[];
  matches: UserMatch[];
}

/** How the sheet's rows fare under a mapping, before anything is sent. */
export interface MappingCheck {
  rows: number;
  readyRows: number;
  /** The first rows that cannot be sent as mapped (capped at 200), with the reason. */
  failures: RowFailure[];
  failureCount: number;
  /** Rows per stage code. */
  stageCounts: Record<string, number>;
  /** The titles of the first few rows of each stage (by code), for a kanban preview. */
  stageSamples: Record<string, string[]>;
  blankStageRows: number;
  /** Sheet values that belong to no stage, with their row counts. */
  unknownStageValues: { value: string; rows: number }[];
  /** Person values that match no user (they get the default user). */
  unmatchedPeople: string[];
  /** Cells read from preview edits, and edits the sheet has since overruled. */
  editedCells: number;
  staleEdits: number;
  /** Per sent column: filled cells, those that cannot be sent as its type, and person values matching no user. */
  columnFits: ColumnFit[];
  /** A problem with the mapping as a whole (e.g. duplicate keys), when there is one. */
  /** What stops every row (a row key that repeats, say), as the app's error: code, place and facts, so it can be worded. */
  blocking?: Pick<WireError, 'code' | 'message' | 'hint' | 'where' | 'params'>;
}

/** One mapped cell of the preview: what the sheet (or an edit) says, and what will be sent. */
export interface PreviewCell {
  /** The text read: the sheet's own, or the preview edit's. */
  text: string;
  /** The logical field values sent for this column (stage codes, user ids, list item text, ISO dates); absent when the cell is invalid. */
  sent?: Record<string, unknown>;
  /** Why the cell cannot be sent as it is (English), and what was expected, for the UI's own wording. */
  error?: string;
  problem?: CellProblem;
  /**
   * A preview edit of this cell; `stale` when the sheet has changed the cell since (the sheet's text is used);
   * `row` when the edit is tied to its sheet row (a later edit or revert of the cell names the same row).
   */
  edit?: { value: string; sheetValue: string; stale: boolean; row?: RowAnchor };
}

/** One row of the preview, in sheet order. */
export interface PreviewRow {
  /** 0-based index among the sheet's data rows. */
  index: number;
  sourceRow: number;
  /** The row key ('' when the key is unusable). */
  key: string;
  /** When the key cannot tell rows apart: the sheet row an edit of this row is tied to. */
  anchor?: RowAnchor;
  /** One per entry of `MappingPreview.columns`. */
  cells: PreviewCell[];
}

/** A window of the rows as they will be sent under a mapping. */
export interface MappingPreview {
  /** The headers of the columns that are sent (skipped columns are left out), in mapping order. */
  columns: string[];
  /** The headers that form the row key. */
  keyColumns: string[];
  /**
   * The headers whose cells cannot be edited: the columns of a `column` or
   * `composite` key, whose sheet text is the item's identity (an edit would send
   * one value while the row is still found by another). A fingerprint's columns
   * stay editable: the fingerprint is taken from the sheet's own text, so an
   * edit changes what is sent, never which row it is.
   */
  lockedColumns: string[];
  /** Rows in the filter: every row, or only rows with problems. */
  total: number;
  /** All rows of the sheet. */
  rows: number;
  /** Rows with at least one cell that cannot be sent. */
  problemRows: number;
  /** Preview edits in force, and those the sheet has since overruled. */
  editedCells: number;
  staleEdits: number;
  /** Why rows cannot be told apart (duplicate or empty keys): edits are tied to sheet rows (`PreviewRow.anchor`) until it is fixed. */
  keyProblem?: string;
  window: PreviewRow[];
}
