/**
 * What an undone project is, read from its file alone: when, complete or
 * not, what could not be deleted, and what the migration created that stays
 * (created clients, workflow templates, the smart process), including files
 * written before the undo recorded what it left.
 */
import { describe, expect, it } from 'vitest';
import { undoneView } from '../../../shared/runs/undo/undo-record';

const clients = (companies: number, contacts: number) => ({
  createdClients: {
    companies: Array.from({ length: companies }, (_, i) => ({ id: i + 1, name: `Company ${i + 1}`, at: '2026-12-01T10:00:00.000Z' })),
    contacts: Array.from({ length: contacts }, (_, i) => ({ id: i + 100, name: `Contact ${i + 1}`, at: '2026-12-01T10:00:00.000Z' })),
    since: '2026-12-01T10:00:00.000Z',
    fromStart: true,
  },
});

describe('undoneView', () => {
  it('is undefined before any undo', () => {
    expect(undoneView({ status: 'done' })).toBeUndefined();
    expect(undoneView({ status: 'done', ...clients(2, 0) })).toBeUndefined();
  });

  it('a complete undo that left the created clients and a template: counted from the record of what it left', () => {
    const project = {
      ...clients(3, 1),
      automation: { installed: [{ key: 'stages', name: 'Starter: stage notices' }] },
      undo: { startedAt: '2026-12-05T19:00:00.000Z', finishedAt: '2026-12-05T19:01:00.000Z', complete: true, itemsDeleted: 39, itemsKept: 0, failed: 0, typeKept: false, clientsLeft: 4 },
    };
    expect(undoneView(project)).toEqual({ at: '2026-12-05T19:01:00.000Z', finished: true, complete: true, notDeleted: 0, clientsLeft: 4, typeKept: false, workflowsLeft: ['Starter: stage notices'] });
  });

  it('after the created clients were removed later, some kept with a reason: only those stay', () => {
    const project = { ...clients(3, 0), undo: { startedAt: 'a', finishedAt: '2026-12-05T19:01:00.000Z', complete: true, typeKept: false, clientsLeft: 1 } };
    expect(undoneView(project)).toMatchObject({ clientsLeft: 1, workflowsLeft: [] });
  });

  it('a partial undo counts the kept items and the refused deletions, and the smart process stays', () => {
    const project = { undo: { startedAt: 'a', finishedAt: '2026-12-05T19:01:00.000Z', complete: false, itemsDeleted: 10, itemsKept: 2, failed: 1, typeKept: true, clientsLeft: 0 } };
    expect(undoneView(project)).toMatchObject({ finished: true, complete: false, notDeleted: 3, typeKept: true, clientsLeft: 0 });
  });

  it('an undo that stopped before its end: not finished, dated when it started, nothing counted as not deleted', () => {
    const project = { ...clients(2, 0), undo: { startedAt: '2026-12-05T19:00:00.000Z' } };
    expect(undoneView(project)).toMatchObject({ at: '2026-12-05T19:00:00.000Z', finished: false, complete: false, notDeleted: 0, clientsLeft: 2, typeKept: true });
  });

  it('a file undone before the undo recorded what it left: every recorded client counts, the type follows completeness', () => {
    expect(undoneView({ ...clients(2, 1), undo: { startedAt: 'a', finishedAt: 'b', complete: true, itemsKept: 0 } })).toMatchObject({ clientsLeft: 3, typeKept: false, notDeleted: 0 });
    expect(undoneView({ undo: { startedAt: 'a', finishedAt: 'b', complete: false, itemsKept: 5 } })).toMatchObject({ clientsLeft: 0, typeKept: true, notDeleted: 5 });
  });
});
