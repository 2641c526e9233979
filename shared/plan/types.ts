/**
 * The plan: what a run will do to a portal, computed from the mapping and a
 * snapshot of the portal, as plain data. A dry run prints it.
 */
import type { StageSemantics } from '../inference/types';
import type { LoadEstimate } from '../loader/types';
import type { PortalUser } from '../mapping/match-users';
import type { UserTypeId } from '../mapping/types';

/**
 * One prepared row: its key, where it came from, and its values by logical
 * field (`title`, `stageId` as a stage code, `companyId` as a name,
 * `uf:<SUFFIX>` for custom fields, enumeration values as item text).
 */
export interface PreparedRow {
  key: string;
  sourceRow: number;
  values: Record<string, unknown>;
}

/** A row that could not be sent, and why (1-based source row; column header). */
export interface RowFailure {
  row: number;
  column?: string;
  code: string;
  message: string;
}

/** A row sent with a value changed to fit the portal (1-based source row; column header): reported, never failed. */
export interface RowWarning {
  row: number;
  column?: string;
  message: string;
}

/** The smart process as the portal reports it. */
export interface SnapshotType {
  id: number;
  entityTypeId: number;
  title: string;
  code: string;
  /** `is*Enabled` flags, `Y`/`N`. */
  flags: Record<string, string>;
}

/** A custom field of the smart process. */
export interface SnapshotField {
  id: number;
  fieldName: string;
  userTypeId: string;
  multiple: boolean;
  label: string;
  items: Array<{ id: number; value: string }>;
}

/** A stage of the smart process's default funnel. */
export interface SnapshotStage {
  /** Numeric `ID` (for update/delete). */
  id: number;
  statusId: string;
  /** `statusId` after the `DT<etid>_<cat>:` prefix. */
  code: string;
  name: string;
  sort: number;
  semantics: StageSemantics;
  color: string;
  system: boolean;
}

/**
 * What the plan needs to know about a portal. `type` is null when the
 * smart process does not exist yet (then fields and stages are empty).
 * Clients are name → id for the names the sheet uses.
 */
export interface PortalSnapshot {
  portal: string;
  type: SnapshotType | null;
  categoryId: number | null;
  fields: SnapshotField[];
  stages: SnapshotStage[];
  users: PortalUser[];
  companies: Record<string, number>;
  contacts: Record<string, number>;
}

/** The steps of a run, in the order they happen. */
export type PlanStep = 'type' | 'fields' | 'stages' | 'clients' | 'items' | 'removed';

/** One portal operation (or one request of a repeated one), as `plan --json` prints it. */
export interface PlanOperation {
  step: PlanStep;
  method: string;
  summary: string;
  params?: Record<string, unknown>;
}

/** Counts of a plan, for a person and for scripts. */
export interface PlanSummary {
  smartProcess: 'create' | 'reuse';
  title: string;
  flagsToSet: string[];
  fieldsToCreate: number;
  fieldsToUpdate: number;
  stagesToCreate: number;
  stagesToUpdate: number;
  stagesToDelete: number;
  clientsToCreate: number;
  itemsToCreate: number;
  itemsToUpdate: number;
  itemsUnchanged: number;
  itemsFailed: number;
  usersMatched: number;
  usersUnmatched: number;
}

/** The exact list of portal operations of a run, with its counts and warnings. */
export interface Plan {
  operations: PlanOperation[];
  summary: PlanSummary;
  warnings: string[];
  failures: RowFailure[];
  /** How long loading the rows will take on this portal (set by `planMigration`). */
  loadEstimate?: LoadEstimate;
}

/** A custom field the mapping needs, as it will be (or is) in the portal. */
export interface FieldSpec {
  column: string;
  suffix: string;
  userTypeId: UserTypeId;
  multiple: boolean;
  label: string;
  items: string[];
}
