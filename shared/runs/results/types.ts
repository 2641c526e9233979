import type { Mapping } from '../../sheet/mapping/types';
import type { Plan } from '../../sheet/plan/types';
import type { ProjectPortal, ProjectStatus } from '../../sheet/project/types';
import type { ConflictPolicy } from '../sync/diff-rows';
import type { ProjectUndone } from '../undo/types';

/** A dry run as the app shows it: exactly what “Create in portal” will do. */
export interface MigrationPlanView {
  projectId: string;
  projectPath: string;
  /** This sheet was migrated to this portal already: use sync. */
  alreadyMigrated: boolean;
  /** An interrupted migration of this sheet will be resumed. */
  resuming: boolean;
  /** An undo of this sheet's migration did not remove everything: finish it in Projects before migrating again. */
  undonePartly: boolean;
  sheet: string;
  /** The mapping after the core's checks (stage codes filled in, order fixed). */
  mapping: Mapping;
  plan: Plan;
  portal: { label: string; display: string; kind: ProjectPortal['kind'] };
}

/** A saved migration as the projects list shows it (no secrets, no paths outside the app's folder). */
export interface ProjectView {
  id: string;
  title: string;
  status: ProjectStatus;
  /** The portal without its secret, or `sandbox`. */
  portalDisplay: string;
  portalKind: ProjectPortal['kind'];
  /** The saved portal it belongs to, when that portal is connected in the app. */
  portalId?: string;
  sourceFile: string;
  sheet: string;
  entityTypeId: number | null;
  categoryId: number | null;
  createdAt: string;
  updatedAt: string;
  lastSyncAt?: string;
  fileName: string;
  /** The project file, inside the app's projects folder. */
  projectPath: string;
  /** True when the project reads the user's own file where it lives (desktop app), so a sync can simply read it again. */
  rereadable: boolean;
  /** Set once an undo ran: `complete` (nothing of it is left in the portal) or `partial` (edited items kept, or interrupted). */
  undo?: 'complete' | 'partial';
  /** With `undo`: when, what could not be deleted, and what the migration created that stays in the portal. */
  undone?: ProjectUndone;
}

/** What to sync: a project, the new version of its sheet (an opened workbook), and the policies. */
export interface SyncRequest {
  projectId: string;
  /** The opened new version of the sheet; without it the project's own copy is read again. */
  workbookId?: string;
  removed: { kind: 'keep' } | { kind: 'delete' } | { kind: 'stage'; name: string };
  conflicts: ConflictPolicy;
  allowSchemaChanges: boolean;
  /** How many deletions the person confirmed (see `removalGuard`). */
  confirmRemovals?: number;
}

/** The sync's progress and result, as the UI receives them. */
export type { SyncChange, SyncProgress, SyncResult } from '../sync/sync';
export type { FieldChange, SyncValue } from '../sync/word-values';
