import type { Mapping } from '../mapping/types';
import type { Plan } from '../plan/types';
import type { ProjectPortal } from '../project/types';

/** A dry run as the app shows it: exactly what “Create in portal” will do. */
export interface MigrationPlanView {
  projectId: string;
  projectPath: string;
  /** This sheet was migrated to this portal already: use sync. */
  alreadyMigrated: boolean;
  /** An interrupted migration of this sheet will be resumed. */
  resuming: boolean;
  sheet: string;
  /** The mapping after the core's checks (stage codes filled in, order fixed). */
  mapping: Mapping;
  plan: Plan;
  portal: { label: string; display: string; kind: ProjectPortal['kind'] };
}
