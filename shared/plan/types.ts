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
  /** Every label the portal holds for it (edit form and list column, each language), for matching columns by label. */
  labels?: string[];
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
export type PlanStep = 'type' | 'fields' | 'funnels' | 'stages' | 'clients' | 'items' | 'removed';

/** One portal operation (or one request of a repeated one), as `plan --json` prints it. */
export interface PlanOperation {
  step: PlanStep;
  method: string;
  summary: string;
  params?: Record<string, unknown>;
}

/** Counts of a plan, for a person and for scripts. */
export interface PlanSummary {
  /** `into`: the rows go into a smart process that existed before this project (`--into`). */
  smartProcess: 'create' | 'reuse' | 'into';
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

/** Why a sheet looks like it holds personal data: which columns and which words gave it away. */
export interface PersonalDataSignal {
  /** Columns holding contact details, people's names or sensitive data, with what they hold. */
  columns: Array<{ header: string; holds: 'email' | 'phone' | 'person' | 'sensitive' }>;
  /** HR, recruiting or complaint words (whole, lower-cased) found in the title, the sheet name or the headers. */
  words: string[];
}

/**
 * Who will see the smart process: `open` (the portal's default,
 * `isSetOpenPermissions=Y`: its funnels get open role permissions),
 * `closed` (`isSetOpenPermissions=N`: administrators until roles are
 * granted), or `existing` (migrating into a type that exists: its own
 * setting, `existingOpen`, is kept). `personalData` is set when the sheet
 * looks like personal data.
 */
export interface PlanAccess {
  mode: 'open' | 'closed' | 'existing';
  existingOpen?: boolean;
  personalData: PersonalDataSignal | null;
}

/** The exact list of portal operations of a run, with its counts and warnings. */
export interface Plan {
  operations: PlanOperation[];
  summary: PlanSummary;
  warnings: string[];
  failures: RowFailure[];
  /** How long loading the rows will take on this portal (set by `planMigration`). */
  loadEstimate?: LoadEstimate;
  /** Access of the smart process and the personal-data signal (absent in plans made before it existed). */
  access?: PlanAccess;
  /** Migrating into an existing smart process: how columns and stage values met its fields and stages. */
  into?: PlanInto;
  /** With a funnel column: the funnels, in order (the first is the default one), their rows and stages. */
  funnels?: PlanFunnel[];
}

/** A funnel (pipeline) a funnel column makes: its name, rows and the names of its stages. */
export interface PlanFunnel {
  name: string;
  isDefault: boolean;
  rows: number;
  stages: string[];
}

/** A column of the sheet and the existing field it goes into (or the new one, or why it cannot). */
export interface IntoFieldMatch {
  column: string;
  /** `matched`: an existing field takes the values; `new`: a field is created; `conflict`: a same-named field cannot hold them. */
  status: 'matched' | 'new' | 'conflict';
  fieldName: string;
  label: string;
  userTypeId: string;
  /** List items the existing field lacks (added to it). */
  newItems?: string[];
}

/** A stage of the sheet and the existing stage it goes into (or the new one). */
export interface IntoStageMatch {
  name: string;
  status: 'matched' | 'new';
  /** The existing stage's name when it differs from the sheet's, e.g. the sheet's “Won” into the portal's only success stage. */
  into?: string;
  semantics: StageSemantics;
}

/** Something that stops a migration into an existing smart process, with the place and the fix. */
export interface IntoProblem {
  column?: string;
  field?: string;
  message: string;
  hint: string;
  /** The hint for the desktop app, which names tabs and buttons rather than mapping-file keys. */
  appHint: string;
}

/** How the sheet meets an existing smart process (`migrate --into`). */
export interface PlanInto {
  entityTypeId: number;
  typeId: number;
  title: string;
  fields: IntoFieldMatch[];
  stages: IntoStageMatch[];
  /** Columns whose values do not fit; the run refuses until each is skipped or given a new field. */
  problems: IntoProblem[];
  /** Settings of the type that are off and that this tool will not change (workflows, automation), with the fix. */
  settingsOff: string[];
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
