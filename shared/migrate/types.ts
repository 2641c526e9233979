/**
 * Inputs, progress and results of `planMigration` and `migrate`, the calls
 * the CLI and the desktop app make (`(input, {signal, onProgress})`).
 */
import type { StageSemantics } from '../inference/types';
import type { BitrixClient } from '../bitrix/bitrix-client';
import type { LoadProgress } from '../loader/types';
import type { MappingOverride } from '../mapping/apply-mapping-override';
import type { Mapping, UserMatch } from '../mapping/types';
import type { Plan, RowFailure } from '../plan/types';
import type { ProjectPortal } from '../project/types';

/** What to migrate, where to, and with which decisions. */
export interface MigrateInput {
  /** The spreadsheet (xlsx or csv). */
  file: string;
  sheet?: string;
  /** Title of the smart process (default: the sheet name). */
  title?: string;
  /** The user's decisions over the suggested mapping (`--mapping FILE`). */
  mapping?: MappingOverride;
  /** Project file path (default `<sheet>.spm.json` next to the file). */
  projectPath?: string;
  client: BitrixClient;
  portal: ProjectPortal;
}

/** Where a migration is; `load` carries the loader's own progress. */
export type MigrateProgress =
  | { phase: 'reading' | 'planning' | 'checking' }
  | { phase: 'setup'; step: 'type' | 'fields' | 'stages' | 'clients'; message: string }
  | { phase: 'loading'; load: LoadProgress }
  | { phase: 'verifying' }
  | { phase: 'done' };

/** A dry run: the plan, the mapping it follows, and where the project would go. */
export interface MigrationPlan {
  projectId: string;
  projectPath: string;
  /** True when a project file for this sheet and portal exists and finished (then use sync). */
  alreadyMigrated: boolean;
  /** True when an interrupted migration will be resumed. */
  resuming: boolean;
  mapping: Mapping;
  userMatches: UserMatch[];
  plan: Plan;
  sheet: string;
}

/** The result of a migration (the shape of `migrate --json`, issue 5). */
export interface MigrateResult {
  portal: string;
  entityTypeId: number;
  typeId: number;
  title: string;
  categoryId: number;
  flags: Record<string, string>;
  fields: Array<{ column: string; field: string; userTypeId: string; multiple: boolean }>;
  stages: Array<{ name: string; statusId: string; semantics: StageSemantics }>;
  items: { created: number; updated: number; unchanged: number; failed: number };
  failures: RowFailure[];
  project: string;
  durationMs: number;
}
