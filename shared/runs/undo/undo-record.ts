import type { ProjectWithAutomation } from '../automation/project-automation';
import type { ProjectWithClients } from '../migrate/created-clients';
import type { ProjectUndone, ProjectWithUndo } from './types';

/** True once an undo of this project has started: its items may be partly deleted, so a sync must not recreate them. */
export function undoStarted(project: object): boolean {
  return typeof (project as ProjectWithUndo).undo?.startedAt === 'string';
}

/** True after an undo that finished and left nothing of the project in the portal: a new migration of the sheet starts fresh. */
export function undoComplete(project: object): boolean {
  const undo = (project as ProjectWithUndo).undo;
  return undo?.complete === true && typeof undo.finishedAt === 'string';
}

/**
 * What an undone project is now, read from its file alone (no portal call,
 * so the list of projects stays instant): when, complete or not, what could
 * not be deleted, and what the migration created that stays. A file written
 * before the undo counted what it left counts every recorded client.
 * Undefined when no undo has started.
 */
export function undoneView(project: object): ProjectUndone | undefined {
  const undo = (project as ProjectWithUndo).undo;
  if (!undoStarted(project) || undo === undefined) return undefined;
  const record = (project as ProjectWithClients).createdClients;
  const recorded = record === undefined ? 0 : record.companies.length + record.contacts.length;
  const finished = typeof undo.finishedAt === 'string';
  return {
    at: undo.finishedAt ?? undo.startedAt,
    finished,
    complete: undoComplete(project),
    notDeleted: finished ? (undo.itemsKept ?? 0) + (undo.failed ?? 0) : 0,
    clientsLeft: Math.min(undo.clientsLeft ?? recorded, recorded),
    // A file from before this was recorded: a complete undo deleted the type it created, a partial one kept it.
    typeKept: undo.typeKept ?? !undoComplete(project),
    workflowsLeft: ((project as ProjectWithAutomation).automation?.installed ?? []).map((template) => template.name),
  };
}
