/**
 * Inputs, progress and results of `planMigration` and `migrate`, the calls
 * the CLI and the desktop app make (`(input, {signal, onProgress})`).
 */
import type { ErrorAudience } from '../../base/errors/errors';
import type { TableChoice } from '../../sheet/spreadsheet/types';
import type { Checklist } from '../automation/build-checklist';
import type { RestCaller } from '../automation/install-templates';
import type { InstalledTemplate, InstallProgress } from '../automation/types';
import type { StageSemantics } from '../../sheet/inference/types';
import type { BitrixClient } from '../../portal/bitrix/bitrix-client';
import type { LoadEstimate, LoadProgress } from '../loader/types';
import type { MappingOverride } from '../../sheet/mapping/apply-mapping-override';
import type { Mapping, UserMatch } from '../../sheet/mapping/types';
import type { Plan, PlanWarning, RowFailure } from '../../sheet/plan/types';
import type { ProjectPortal } from '../../sheet/project/types';

/** What to migrate, where to, and with which decisions. */
export interface MigrateInput {
  /** The spreadsheet (xlsx or csv). */
  file: string;
  /** Who reads the warnings: the command line names commands, the app names its buttons (default `cli`). */
  audience?: ErrorAudience;
  sheet?: string;
  /** The person's header row and skipped rows for the sheet (chosen in the app); absent: as the reader finds them. Saved in the project for syncs. */
  table?: TableChoice;
  /** Title of the smart process (default: the sheet name). */
  title?: string;
  /** The user's decisions over the suggested mapping (`--mapping FILE`). */
  mapping?: MappingOverride;
  /** Project file path (default `<sheet>.spm.json` next to the file). */
  projectPath?: string;
  client: BitrixClient;
  portal: ProjectPortal;
  /**
   * Run starter automation after the items are loaded (default true;
   * `--no-automation` sets false). It never runs before loading, so robots
   * and workflows never fire on historical rows.
   */
  automation?: boolean;
  /** An application-context caller (`PortalConnection.app`); without it the webhook is tried and a refusal ends in the checklist. */
  app?: RestCaller;
  /** The portal's origin for the checklist's deep links (`PortalConnection.origin`); default: the origin of `portal.display`. */
  portalOrigin?: string;
  /** The user's data folder: where the write cost measured on each portal is remembered for the next estimate. */
  dataDir?: string;
  /** Who sees a new smart process: `open` (default, the portal's) or `closed` (`isSetOpenPermissions=N`); `--access`. */
  access?: 'open' | 'closed';
  /** Migrate into this existing smart process (its `entityTypeId`) instead of creating one; `--into`. */
  into?: number;
  /** A column whose values split the rows into funnels (pipelines); `--funnel`. */
  funnel?: string;
}

/**
 * How a write was confirmed, when not by its own answer: `applied` — the
 * answer was lost and a look-up found the write applied; a number — that many
 * earlier requests got no answer, were found not applied, and were sent again.
 */
export type SetupCheck = 'applied' | number;

/**
 * One setup step done on the portal, as a code and its facts (each UI
 * language words it; English, which the command line prints: `setupNoteText`).
 */
export type SetupNote = { check?: SetupCheck } & (
  | { code: 'TYPE_CREATED'; params: { title: string; entityTypeId: number; id: number; open: boolean } }
  | { code: 'TYPE_SWITCHED_ON'; params: { flags: string[] } }
  | { code: 'TYPE_EXISTING'; params: { title: string; entityTypeId: number; id: number } }
  | { code: 'DEALS_LINKED'; params: Record<string, never> }
  | { code: 'FIELD_CREATED'; params: { fieldName: string; label: string; userTypeId: string; multiple: boolean } }
  | { code: 'FIELD_ITEMS_ADDED'; params: { fieldName: string; label: string; count: number } }
  | { code: 'STAGE_REMOVED'; params: { name: string } }
  | { code: 'STAGE_RENAMED'; params: { code: string; name: string } }
  | { code: 'STAGE_ADDED'; params: { name: string } }
  | { code: 'FUNNEL_DEFAULT_RENAMED'; params: { name: string } }
  | { code: 'FUNNEL_ADDED'; params: { name: string; categoryId: number } }
  /** `checked`: how many of them were found applied after their answers were lost. */
  | { code: 'CLIENTS_CREATED'; params: { companies: number; contacts: number; checked: number } }
);

/** What the starter-automation step is doing: `installing` carries `install` (which workflow of how many). */
export type AutomationStep = 'preparing' | 'installing' | 'writing';

/** Where a migration is; `load` carries the loader's own progress. `message` is the English line the command line prints. */
export type MigrateProgress =
  | { phase: 'reading' | 'planning' | 'checking' }
  | { phase: 'setup'; step: 'type' | 'fields' | 'stages' | 'clients'; note: SetupNote; message: string }
  | { phase: 'loading'; load: LoadProgress }
  | { phase: 'verifying' }
  | { phase: 'automation'; step: AutomationStep; message: string; install?: InstallProgress }
  | { phase: 'done' };

/** A dry run: the plan, the mapping it follows, and where the project would go. */
export interface MigrationPlan {
  projectId: string;
  projectPath: string;
  /** True when a project file for this sheet and portal exists and finished (then use sync). */
  alreadyMigrated: boolean;
  /** True when an interrupted migration will be resumed. */
  resuming: boolean;
  /** True when an undo of this sheet's migration started and did not remove everything: finish it before migrating again. */
  undonePartly: boolean;
  mapping: Mapping;
  userMatches: UserMatch[];
  plan: Plan;
  sheet: string;
}

/**
 * What the starter-automation step did. `application`: every starter
 * workflow is on the portal (installed now or found there); `checklist`:
 * the admin follows the checklist (a webhook without an application
 * context, a refusal, or a failure named in `warnings`); `skipped`:
 * `automation: false`. Robots are never placed by REST, so the checklist
 * exists in every mode but `skipped`.
 */
export interface MigrateAutomation {
  mode: 'application' | 'checklist' | 'skipped';
  /** Names of the starter workflows now on the portal. */
  installed: string[];
  /** Every generated starter workflow and how it fared (`not-installed` when nothing could install it). */
  templates: Array<{ key: string; name: string; file: string; status: InstalledTemplate['status'] | 'not-installed'; templateId?: number }>;
  /** `automation-checklist.md` (absolute path), null when skipped. */
  checklistFile: string | null;
  /** The folder holding the checklist, the `.bpt` files and the installer app, null when skipped. */
  folder: string | null;
  /** The checklist as data, for the app to show; null when skipped. */
  checklist: Checklist | null;
  /** Why the portal declined to install, in words. */
  refusal?: { code: string; via: 'webhook' | 'app'; message: string };
  warnings: string[];
}

/** The result of a migration (the shape of `migrate --json`, a stable contract scripts rely on, with `automation`). */
export interface MigrateResult {
  portal: string;
  entityTypeId: number;
  typeId: number;
  title: string;
  categoryId: number;
  flags: Record<string, string>;
  fields: Array<{ column: string; field: string; userTypeId: string; multiple: boolean }>;
  stages: Array<{ name: string; statusId: string; semantics: StageSemantics }>;
  /** With a funnel column: each funnel (the first is the default one) and its stages. */
  funnels?: Array<{ name: string; categoryId: number; stages: Array<{ name: string; statusId: string; semantics: StageSemantics }> }>;
  /**
   * `created`: every item the migration created, across pauses and resumes;
   * `updated`: of those, items a resumed run sent again because their row
   * changed in the sheet meanwhile; `unchanged`: items found in the portal
   * (a lost journal) rather than created.
   */
  items: { created: number; updated: number; unchanged: number; failed: number };
  failures: RowFailure[];
  project: string;
  durationMs: number;
  automation: MigrateAutomation;
  /** How the load went against its estimate: wall seconds of the load itself, the plan's estimate, the cost per row measured. */
  load?: { seconds: number; estimate?: LoadEstimate; costPerRowSeconds?: number };
  /** Present when there are any: history left out (not an administrator), values adjusted per row (future dates clamped), links not found, notes refused. */
  warnings?: PlanWarning[];
  /** Present when a column goes to the timeline: comments posted by this run, already there from an earlier run, and refused. */
  notes?: { posted: number; unchanged: number; failed: number };
}

/** A smart process of a portal, as the “into an existing one” choice lists it. */
export interface SmartProcessSummary {
  entityTypeId: number;
  id: number;
  title: string;
  /** Made by a migration of this tool (its code is a project id). */
  madeByThisTool: boolean;
}
