/**
 * Where the app reads a project's sheet from: in the desktop app the user's
 * own file (so "Sync" re-reads it where it lives), in browser mode a private
 * copy; a path whose file does not hold the opened bytes is never trusted.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../shared/app/api/create-core';
import type { Out } from '../../../shared/app/api/contract';
import { tempDir } from '../../support/temp-dir';
import { openEmbeddedSandbox } from '../../../sandbox/embedded-sandbox';

const ctx = { origin: 'in-process' as const };
let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

const csv = (rows: Array<[string, string, string]>): string => ['ID;Title;Status', ...rows.map((row) => row.join(';'))].join('\r\n') + '\r\n';
const ROWS: Array<[string, string, string]> = [
  ['1', 'Laptop', 'New'],
  ['2', 'Monitor', 'In progress'],
  ['3', 'Chair', 'Done'],
  ['4', 'Desk', 'Cancelled'],
];

async function call<T>(channel: string, input: unknown): Promise<T> {
  const result = await core!.dispatch(channel, input, ctx);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

function waitForJob(jobId: string): Promise<{ outcome: string }> {
  return new Promise((resolve) => {
    const off = core!.bus.onAny((name, payload) => {
      const finished = payload as { jobId?: string; outcome: string };
      if (name !== 'job.finished' || finished.jobId !== jobId) return;
      off();
      resolve(finished);
    });
  });
}

describe('the file a project reads', () => {
  it('desktop app: migrates from the dropped file where it lives, and Sync re-reads that file after it is edited', async () => {
    const dir = tempDir();
    const file = join(dir, 'purchases.csv');
    await writeFile(file, csv(ROWS));
    core = createCore({ info: { name: 'x', version: '1', mode: 'electron' }, dataDir: join(dir, 'data'), openSandbox: openEmbeddedSandbox });
    const summary = await call<Out<'workbook.open'>>('workbook.open', { fileName: 'purchases.csv', bytes: new Uint8Array(await readFile(file)), sourcePath: file });
    const { portal } = await call<Out<'portal.useSandbox'>>('portal.useSandbox', {});
    const suggestion = await call<Out<'mapping.suggest'>>('mapping.suggest', { workbookId: summary.workbookId, sheet: summary.defaultSheet, portalId: portal.id });
    const request = { workbookId: summary.workbookId, sheet: summary.defaultSheet, mapping: suggestion.mapping, portalId: portal.id };
    const { jobId } = await call<{ jobId: string }>('migration.start', request);
    expect((await waitForJob(jobId)).outcome).toBe('completed');
    const [project] = await call<Out<'project.list'>>('project.list', {});
    expect(project!.rereadable).toBe(true);
    // Renaming the smart process later does not make it a new migration (which would duplicate every row).
    const renamed = await call<Out<'migration.plan'>>('migration.plan', { ...request, mapping: { ...request.mapping, title: 'Purchases 2026' } });
    expect(renamed.alreadyMigrated).toBe(true);

    await writeFile(file, csv([...ROWS.slice(0, 3), ['4', 'Standing desk', 'Cancelled'], ['5', 'Lamp', 'New']]));
    const diff = await call<Out<'sync.preview'>>('sync.preview', { projectId: project!.id, removed: { kind: 'keep' }, conflicts: 'skip', allowSchemaChanges: false });
    expect(diff.items).toMatchObject({ created: 1, updated: 1 });
  });

  it('desktop app: after a complete undo, the same file plans as a new migration again (not “already migrated”)', async () => {
    const dir = tempDir();
    const file = join(dir, 'purchases.csv');
    await writeFile(file, csv(ROWS));
    core = createCore({ info: { name: 'x', version: '1', mode: 'electron' }, dataDir: join(dir, 'data'), openSandbox: openEmbeddedSandbox });
    const summary = await call<Out<'workbook.open'>>('workbook.open', { fileName: 'purchases.csv', bytes: new Uint8Array(await readFile(file)), sourcePath: file });
    const { portal } = await call<Out<'portal.useSandbox'>>('portal.useSandbox', {});
    const suggestion = await call<Out<'mapping.suggest'>>('mapping.suggest', { workbookId: summary.workbookId, sheet: summary.defaultSheet, portalId: portal.id });
    const request = { workbookId: summary.workbookId, sheet: summary.defaultSheet, mapping: suggestion.mapping, portalId: portal.id };
    const { jobId } = await call<{ jobId: string }>('migration.start', request);
    expect((await waitForJob(jobId)).outcome).toBe('completed');
    expect((await call<Out<'migration.plan'>>('migration.plan', request)).alreadyMigrated).toBe(true);
    const [project] = await call<Out<'project.list'>>('project.list', {});
    const preview = await call<Out<'undo.preview'>>('undo.preview', { projectId: project!.id, force: false });
    const undo = await call<{ jobId: string }>('undo.start', { projectId: project!.id, force: false, confirmItems: preview.items.deleted });
    expect((await waitForJob(undo.jobId)).outcome).toBe('completed');
    const again = await call<Out<'migration.plan'>>('migration.plan', request);
    expect(again.alreadyMigrated).toBe(false);
    expect(again.plan.summary.itemsToCreate).toBe(ROWS.length);
  });

  it('a path whose file does not hold the opened bytes is not trusted: the app keeps its own copy', async () => {
    const dir = tempDir();
    const file = join(dir, 'purchases.csv');
    await writeFile(file, csv(ROWS));
    core = createCore({ info: { name: 'x', version: '1', mode: 'electron' }, dataDir: join(dir, 'data'), openSandbox: openEmbeddedSandbox });
    const other = new TextEncoder().encode(csv(ROWS.slice(0, 2)));
    const summary = await call<Out<'workbook.open'>>('workbook.open', { fileName: 'purchases.csv', bytes: other, sourcePath: file });
    const { portal } = await call<Out<'portal.useSandbox'>>('portal.useSandbox', {});
    const plan = await call<Out<'migration.plan'>>('migration.plan', {
      workbookId: summary.workbookId,
      sheet: summary.defaultSheet,
      mapping: (await call<Out<'mapping.suggest'>>('mapping.suggest', { workbookId: summary.workbookId, sheet: summary.defaultSheet })).mapping,
      portalId: portal.id,
    });
    expect(plan.plan.summary.itemsToCreate).toBe(2);
  });

  it('browser mode never takes a path from the page', async () => {
    const dir = tempDir();
    const file = join(dir, 'purchases.csv');
    await writeFile(file, csv(ROWS));
    core = createCore({ info: { name: 'x', version: '1', mode: 'browser' }, dataDir: join(dir, 'data'), openSandbox: openEmbeddedSandbox });
    const result = await core.dispatch('workbook.open', { fileName: 'purchases.csv', bytes: new Uint8Array(await readFile(file)), sourcePath: file }, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: 'File paths are taken from the desktop app only.' } });
  });
});
