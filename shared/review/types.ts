import type { UserMatch } from '../mapping/types';
import type { ColumnTarget, Mapping } from '../mapping/types';
import type { RowFailure } from '../plan/types';

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
  warnings: string[];
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
  /** A problem with the mapping as a whole (e.g. duplicate keys), when there is one. */
  blocking?: { code: string; message: string; hint?: string };
}
