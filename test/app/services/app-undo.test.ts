/**
 * The app's undo channels over the real router: migrate a generated sheet
 * into the app's sandbox portal, preview the undo, refuse a stale
 * confirmation, undo as a job, and read the sandbox back.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../shared/app/api/create-core';
import { createInProcessClient } from '../../../shared/app/api/in-process-client';
import type { ApiClient, JobFinished } from '../../../shared/app/api/contract';
import { openEmbeddedSandbox } from '../../../sandbox/embedded-sandbox';
import { tempDir } from '../../support/temp-dir';
import { requestRows, writeRequestsCsv } from '../../runs/migrate/corpus';

const dataDir = tempDir('spm-app-undo-');
let core: Core | undefined;
afterAll(async () => {
  await core?.close();
});

/** Every finished job, recorded from the start so a fast job's event is never missed. */
function jobEnds(api: ApiClient): (jobId: string) => Promise<JobFinished> {
  const seen = new Map<string, JobFinished>();
  api.on('job.finished', (event) => seen.set(event.jobId, event));
  return async (jobId) => {
    for (let i = 0; i < 600 && !seen.has(jobId); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    return seen.get(jobId)!;
  };
}

describe('undo.preview and undo.start', () => {
  it('previews, refuses a stale count, undoes as a job, and the project is listed as undone', async () => {
    core = createCore({ info: { name: 'Smart Process Migrator', version: 'test', mode: 'browser' }, dataDir, openSandbox: openEmbeddedSandbox });
    const api = createInProcessClient(core);
    const finished = jobEnds(api);
    const { portal } = await api.invoke('portal.useSandbox', {});
    await writeRequestsCsv(`${dataDir}/requests.csv`, requestRows(75));
    const { workbookId, defaultSheet } = await api.invoke('workbook.open', { fileName: 'requests.csv', bytes: new Uint8Array(await readFile(`${dataDir}/requests.csv`)) });
    const { mapping } = await api.invoke('mapping.suggest', { workbookId, sheet: defaultSheet, portalId: portal.id });
    const migration = await api.invoke('migration.start', { workbookId, sheet: defaultSheet, mapping, portalId: portal.id });
    const migrated = await finished(migration.jobId);
    expect(migrated).toMatchObject({ kind: 'migrate', outcome: 'completed' });
    const [project] = await api.invoke('project.list', {});
    expect(project!.undo).toBeUndefined();

    const preview = await api.invoke('undo.preview', { projectId: project!.id, force: false });
    expect(preview).toMatchObject({ dryRun: true, type: 'deleted', items: { deleted: 75, kept: 0 } });

    // A count confirmed on an older preview deletes nothing.
    const stale = await api.invoke('undo.start', { projectId: project!.id, force: false, confirmItems: 70 });
    const refused = await finished(stale.jobId);
    expect(refused).toMatchObject({ kind: 'undo', outcome: 'failed', error: { code: 'INVALID_INPUT' } });

    // Removing clients needs their count confirmed too.
    await expect(api.invoke('undo.start', { projectId: project!.id, force: false, removeClients: true, confirmItems: 75 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });

    const run = await api.invoke('undo.start', { projectId: project!.id, force: false, confirmItems: 75 });
    const done = await finished(run.jobId);
    expect(done).toMatchObject({ kind: 'undo', outcome: 'completed', result: { complete: true, type: 'deleted', items: { deleted: 75 } } });
    expect((await api.invoke('project.list', {}))[0]!.undo).toBe('complete');
    await expect(api.invoke('undo.start', { projectId: project!.id, force: false } as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });

    await core.close();
    core = undefined;
    const sandbox = await openEmbeddedSandbox(dataDir);
    try {
      const types = (await (await fetch(`${sandbox.webhook}crm.type.list`)).json()) as { result: { types: unknown[] } };
      expect(types.result.types).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});
