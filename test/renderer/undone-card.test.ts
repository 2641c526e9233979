/**
 * The project card after an undo: what it offers follows from the project
 * alone. Never sync or the copy with ids; migrate again only when nothing
 * of the old migration is left; finish the undo when it did not get
 * everything; remove the created clients only after a complete undo that
 * left some; the kanban only while the smart process stays.
 */
import { describe, expect, it } from 'vitest';
import { undoneCard } from '../../renderer/src/features/projects/undone-card';
import type { ProjectView } from '../../shared/runs/results/types';
import type { ProjectUndone } from '../../shared/runs/undo/types';

function project(undone?: Partial<ProjectUndone>): ProjectView {
  const view: ProjectView = {
    id: 'p1',
    title: 'Закупки 2026',
    status: 'done',
    portalDisplay: 'sandbox',
    portalKind: 'sandbox',
    sourceFile: 'Журнал.xlsx',
    sheet: 'Закупки',
    entityTypeId: 1040,
    categoryId: 7,
    createdAt: '2026-12-05T18:00:00.000Z',
    updatedAt: '2026-12-05T19:00:00.000Z',
    fileName: 'p1.spm.json',
    projectPath: '/data/projects/p1.spm.json',
    rereadable: false,
  };
  if (undone) {
    view.undo = undone.complete ? 'complete' : 'partial';
    view.undone = { at: '2026-12-05T19:01:00.000Z', finished: true, complete: true, notDeleted: 0, clientsLeft: 0, typeKept: false, workflowsLeft: [], ...undone };
  }
  return view;
}

describe('undoneCard', () => {
  it('is undefined for a project no undo touched', () => {
    expect(undoneCard(project())).toBeUndefined();
  });

  it('complete, created clients left: migrate again and remove the clients; no kanban of the deleted smart process', () => {
    expect(undoneCard(project({ complete: true, clientsLeft: 3, workflowsLeft: ['Starter'] }))).toEqual({
      outcome: 'complete',
      at: '2026-12-05T19:01:00.000Z',
      notDeleted: 0,
      stays: { clients: 3, workflows: ['Starter'], smartProcess: false },
      migrateAgain: true,
      finishUndo: false,
      removeClients: true,
      kanban: false,
    });
  });

  it('complete with nothing left: only migrate again', () => {
    expect(undoneCard(project({ complete: true }))).toMatchObject({ migrateAgain: true, finishUndo: false, removeClients: false, kanban: false, stays: { clients: 0, workflows: [], smartProcess: false } });
  });

  it('complete into a smart process that stays: the kanban stays', () => {
    expect(undoneCard(project({ complete: true, typeKept: true }))).toMatchObject({ kanban: true, stays: { smartProcess: true } });
  });

  it('partial: the count not deleted and finishing the undo, which offers the clients itself; not migrate again', () => {
    expect(undoneCard(project({ complete: false, notDeleted: 2, clientsLeft: 4, typeKept: true }))).toMatchObject({ outcome: 'partial', notDeleted: 2, finishUndo: true, migrateAgain: false, removeClients: false, kanban: true });
  });

  it('stopped before its end: finish the undo; the smart process is still there', () => {
    expect(undoneCard(project({ complete: false, finished: false, typeKept: false }))).toMatchObject({ outcome: 'stopped', notDeleted: 0, finishUndo: true, kanban: true, stays: { smartProcess: true } });
  });
});
