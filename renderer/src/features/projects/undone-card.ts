import type { ProjectView } from '../../../../shared/runs/results/types';

/** What an undone project's card says and offers, derived from the project alone. */
export interface UndoneCard {
  /** `complete`: nothing of the smart process is left; `partial`: the undo finished but some things could not be deleted; `stopped`: it never finished. */
  outcome: 'complete' | 'partial' | 'stopped';
  /** When the undo finished (or started, when it stopped). */
  at: string;
  /** Items kept and deletions the portal refused, for `partial`. */
  notDeleted: number;
  /** What the migration created that stays in the portal. */
  stays: { clients: number; workflows: string[]; smartProcess: boolean };
  /** Open the sheet afresh: only once nothing of the old migration is left that it could collide with. */
  migrateAgain: boolean;
  /** Run the undo again: it retries what it could not delete, or continues where it stopped. */
  finishUndo: boolean;
  /** Remove the companies and contacts the migration created that the undo left. */
  removeClients: boolean;
  /** The kanban link: only while the smart process is still in the portal. */
  kanban: boolean;
}

/**
 * The card of an undone project: never sync or the sheet's Bitrix24 ids
 * (those items are deleted), and the kanban only while the smart process
 * stays. Undefined for a project no undo has touched.
 */
export function undoneCard(project: ProjectView): UndoneCard | undefined {
  const undone = project.undone;
  if (undone === undefined) return undefined;
  const outcome = !undone.finished ? 'stopped' : undone.complete ? 'complete' : 'partial';
  // An undo that stopped before its end has not deleted the smart process yet: it deletes it last.
  const smartProcess = undone.typeKept || !undone.finished;
  return {
    outcome,
    at: undone.at,
    notDeleted: outcome === 'partial' ? undone.notDeleted : 0,
    stays: { clients: undone.clientsLeft, workflows: undone.workflowsLeft, smartProcess },
    migrateAgain: outcome === 'complete',
    finishUndo: outcome !== 'complete',
    // An unfinished undo offers the created clients itself when run again.
    removeClients: outcome === 'complete' && undone.clientsLeft > 0,
    kanban: smartProcess && project.entityTypeId !== null,
  };
}
