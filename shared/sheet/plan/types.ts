/**
 * The plan: what a run will do to a portal, computed from the mapping and a
 * snapshot of the portal, as plain data. A dry run prints it.
 */
import type { StageSemantics } from '../inference/types';
import type { LoadEstimate } from './load-estimate';
import type { PortalUser } from '../mapping/match-users';
import type { UserTypeId } from '../mapping/types';
import type { CellProblem } from './read-cell';

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

/**
 * A row that could not be sent, and why (1-based source row; column header).
 * `message` is the English line; `problem` and `text` say what a cell should
 * have been and what it held, and `detail` is the reason without the place
 * (for a portal's refusal, the portal's own words), so the app can word it.
 */
export interface RowFailure {
  row: number;
  column?: string;
  code: string;
  message: string;
  problem?: CellProblem;
  text?: string;
  detail?: string;
  /** The error's facts, for a refusal the portal's code and own words (`portalCode`, `portalText`), or the core's `reason`. */
  params?: Record<string, string>;
}

/**
 * What happened to one row's value on its way to the portal, as a code and
 * its facts (each UI language words it; English: `rowNoteText`).
 */
export type RowNote =
  /** A history date after today: the portal refuses it, the item gets the time of loading. `value` as the sheet shows it. */
  | { code: 'FUTURE_HISTORY_DATE'; params: { value: string } }
  /** A stage date without a creation date in the row: left out. */
  | { code: 'STAGE_DATE_WITHOUT_CREATED'; params: Record<string, never> }
  /** A stage date before the creation date (both `YYYY-MM-DD`): the creation date is used. */
  | { code: 'STAGE_DATE_BEFORE_CREATED'; params: { moved: string; created: string } }
  /** Going into an existing smart process whose newest item (`YYYY-MM-DD`) is later: the row's creation date is left out. */
  | { code: 'CREATED_BEFORE_NEWEST_ITEM'; params: { newest: string } }
  /** Several deals carry the row's deal title: the item is created without a deal. */
  | { code: 'DEAL_AMBIGUOUS'; params: { deal: string } }
  /** No deal with that id or exact title: the item is created without a deal. */
  | { code: 'DEAL_NOT_FOUND'; params: { deal: string } }
  /** Creating clients is off and the portal has no such company: the item is created without it. */
  | { code: 'COMPANY_NOT_FOUND'; params: { company: string } }
  /** Creating clients is off and the portal has no such contacts: the item is created without them. */
  | { code: 'CONTACTS_NOT_FOUND'; params: { contacts: string[] } };

/** A row sent with a value changed to fit the portal (1-based source row; column header): reported, never failed. */
export type RowWarning = { row: number; column?: string } & RowNote;

/**
 * Something a person should know before (or after) a run, as a code and its
 * facts: each UI language words it (English, which the command line prints:
 * `planWarningText`). Row numbers are 1-based source rows.
 */
export type PlanWarning =
  /** Rows with an empty stage cell go to the first in-progress stage `stage`. */
  | { code: 'BLANK_STAGE_ROWS'; params: { rows: number[]; stage: string } }
  /** Person values no portal user matches (`count` in all, the first ones in `values`); they get `defaultUserId`, or the webhook's owner when null. */
  | { code: 'UNMATCHED_PEOPLE'; params: { count: number; values: string[]; defaultUserId: number | null } }
  /** Rows that cannot be sent as they are (listed in the plan's failures). */
  | { code: 'ROWS_CANNOT_BE_SENT'; params: { count: number } }
  /** Cells edited in the preview that are sent instead of the sheet's text. */
  | { code: 'PREVIEW_EDITS_SENT'; params: { count: number } }
  /** A preview edit made over `sheetValue` that no longer applies: the sheet now says `sheetNow`. */
  | { code: 'PREVIEW_EDIT_STALE'; params: { row: number; column: string; value: string; sheetValue: string; sheetNow: string; rowChanged?: true } }
  /** The sheet looks like personal data; the new smart process is `access`. */
  | { code: 'PERSONAL_DATA'; params: PersonalDataSignal & { access: 'open' | 'closed' } }
  /** An existing smart process has a setting off (`isBizProcEnabled`, `isAutomationEnabled`) that this tool never switches on. */
  | { code: 'SETTING_OFF'; params: { title: string; setting: string } }
  /** One row note on one or more rows, in one column (when known). */
  | { code: 'ROWS'; params: { rows: number[]; column?: string; note: RowNote } }
  /** The webhook's user is not a portal administrator: creating the smart process needs CRM settings rights. */
  | { code: 'NOT_ADMIN_CREATE'; params: Record<string, never> }
  /** Not an administrator: the history columns are not loaded. */
  | { code: 'HISTORY_LEFT_OUT'; params: { columns: string[] } }
  /** The portal refused `crm.item.batchImport`: items were created with `crm.item.add`, without history. */
  | { code: 'HISTORY_NOT_KEPT'; params: Record<string, never> }
  /** Several stage values mean “done”: `success` is the success stage, the others become in-progress stages. */
  | { code: 'SEVERAL_SUCCESS_VALUES'; params: { values: string[]; success: string } }
  /** No column identifies rows uniquely: rows are keyed by a fingerprint of `columns`. */
  | { code: 'ROWS_BY_FINGERPRINT'; params: { columns: string[] } }
  /** The sheet was migrated before (project file `project`): migrate would stop. */
  | { code: 'ALREADY_MIGRATED'; params: { project: string } }
  /** An interrupted migration (project file `project`) will be resumed. */
  | { code: 'RESUMING'; params: { project: string } }
  /** A timeline note the portal refused: `message` is the English line, `detail` the portal's answer alone. */
  | { code: 'NOTE_FAILED'; params: { row: number; message: string; detail?: string; portalCode?: string; portalText?: string } };

/** The codes of `PlanWarning`. */
export type PlanWarningCode = PlanWarning['code'];

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
  /** What the operation does, in English (the command line's line; `operationText(note)`). */
  summary: string;
  /** What the operation does, as a code and its facts, for the app to word in its language. */
  note: OperationNote;
  params?: Record<string, unknown>;
}

/**
 * What one plan operation does, as a code and its facts (English:
 * `operationText`). `funnel` names the funnel a stage operation belongs to
 * when the sheet splits rows into funnels.
 */
export type OperationNote = { funnel?: string } & (
  /** `flags`: the type's switches (isStagesEnabled, …); `open`: open to everyone, else closed. */
  | { code: 'TYPE_ADD'; params: { title: string; projectId: string; flags: string[]; open: boolean } }
  | { code: 'TYPE_SWITCH_ON'; params: { title: string; flags: string[] } }
  | { code: 'TYPE_LINK_DEALS'; params: Record<string, never> }
  /** `items`: list items of an enumeration field (absent for other types). */
  | { code: 'FIELD_ADD'; params: { fieldName: string; label: string; userTypeId: string; multiple: boolean; items?: number } }
  | { code: 'FIELD_ITEMS_ADD'; params: { fieldName: string; label: string; items: string[] } }
  | { code: 'STAGE_DELETE'; params: { code: string; name: string } }
  | { code: 'STAGE_UPDATE'; params: { code: string; name: string; sort: number; semantics: string } }
  | { code: 'STAGE_ADD'; params: { code: string; name: string; sort: number; semantics: string } }
  | { code: 'FUNNEL_DEFAULT'; params: { name: string; rows: number } }
  | { code: 'FUNNEL_ADD'; params: { name: string; rows: number } }
  | { code: 'COMPANY_ADD'; params: { name: string } }
  | { code: 'CONTACT_ADD'; params: { name: string } }
  /** `rows`: source rows of the chunk; `firstKey`: its first row key (xmlId `<projectId>:<key>`); `history`: creation and stage dates kept. */
  | { code: 'ITEMS_IMPORT'; params: { count: number; rows: number[]; projectId: string; firstKey: string; history: boolean } }
  | { code: 'TIMELINE_NOTES'; params: { count: number } }
);

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
  warnings: PlanWarning[];
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
