import type { ProjectWithUndo } from './types';

/** True once an undo of this project has started: its items may be partly deleted, so a sync must not recreate them. */
export function undoStarted(project: object): boolean {
  return typeof (project as ProjectWithUndo).undo?.startedAt === 'string';
}

/** True after an undo that finished and left nothing of the project in the portal: a new migration of the sheet starts fresh. */
export function undoComplete(project: object): boolean {
  const undo = (project as ProjectWithUndo).undo;
  return undo?.complete === true && typeof undo.finishedAt === 'string';
}
