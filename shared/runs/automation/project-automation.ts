/**
 * The `automation` part of a project file: the user's recipe edits (read by
 * `automationPlanFromProject`) and a record of the last starter-automation
 * run, so the app and a later run can tell what is already on the portal.
 * The portal itself stays the authority: installing looks templates up by
 * name there, so a rerun never adds a second copy even without this record.
 */
import type { ProjectFile } from '../../sheet/project/types';
import type { InstalledTemplate, RecipeEdit } from './types';

/** What the last run left on the portal and on disk. */
export interface ProjectAutomation {
  recipes?: RecipeEdit[];
  /** `application`: every starter workflow is on the portal; `checklist`: the admin follows the checklist. */
  mode?: 'application' | 'checklist';
  /** Starter workflows on the portal (installed by a run or found there), by template key. */
  installed?: Array<{ key: string; name: string; templateId?: number }>;
  /** The folder of the checklist, `.bpt` files and installer app, relative to the project file. */
  folder?: string;
  ranAt?: string;
}

/** A project file that may carry the `automation` key. */
export type ProjectWithAutomation = ProjectFile & { automation?: ProjectAutomation };

/** The folder next to a project that holds its starter-automation files (the automation command's choice too). */
export function automationFolderName(projectId: string): string {
  return `${projectId}-automation`;
}

/** The project's `automation` key after a run: edits kept, the run's outcome recorded. */
export function recordAutomationRun(
  previous: ProjectAutomation | undefined,
  run: { mode: 'application' | 'checklist'; installed: readonly InstalledTemplate[]; folder: string; at: string },
): ProjectAutomation {
  const onPortal = run.installed.filter((t) => t.status !== 'failed').map((t) => (t.templateId === undefined ? { key: t.key, name: t.name } : { key: t.key, name: t.name, templateId: t.templateId }));
  // A checklist-only run learns nothing about the portal: keep what an earlier run installed.
  const installed = onPortal.length > 0 || previous?.installed === undefined ? onPortal : previous.installed;
  return { ...previous, mode: run.mode, installed, folder: run.folder, ranAt: run.at };
}
