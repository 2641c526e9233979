/**
 * The app never tells a desktop user to type a command: whatever the core
 * sends to the renderer over a whole journey (answers, progress, errors)
 * words next steps without `spmigrate …` or `--flags`, and carries them as
 * data the app turns into buttons.
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

const csv = ['ID;Title;Status', '1;Laptop;New', '2;Monitor;In progress', '3;Chair;Done'].join('\r\n') + '\r\n';

describe('no command lines reach the app', () => {
  it('an already migrated sheet: the plan, the refused second run and every event carry a sync step as data, never as a command', async () => {
    const dir = tempDir();
    const file = join(dir, 'purchases.csv');
    await writeFile(file, csv);
    core = createCore({ info: { name: 'x', version: '1', mode: 'electron' }, dataDir: join(dir, 'data'), openSandbox: openEmbeddedSandbox });
    const seen: unknown[] = [];
    core.bus.onAny((name, payload) => seen.push({ name, payload }));
    const call = async <T,>(channel: string, input: unknown): Promise<T> => {
      const result = await core!.dispatch(channel, input, ctx);
      seen.push(result);
      if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
      return result.value as T;
    };
    const finished = (jobId: string): Promise<{ outcome: string; error?: { hint?: string; followUps?: unknown[] } }> =>
      new Promise((resolve) => {
        const off = core!.bus.onAny((name, payload) => {
          const done = payload as { jobId?: string; outcome: string };
          if (name !== 'job.finished' || done.jobId !== jobId) return;
          off();
          resolve(done);
        });
      });
    const summary = await call<Out<'workbook.open'>>('workbook.open', { fileName: 'purchases.csv', bytes: new Uint8Array(await readFile(file)), sourcePath: file });
    const { portal } = await call<Out<'portal.useSandbox'>>('portal.useSandbox', {});
    const suggestion = await call<Out<'mapping.suggest'>>('mapping.suggest', { workbookId: summary.workbookId, sheet: summary.defaultSheet, portalId: portal.id });
    const request = { workbookId: summary.workbookId, sheet: summary.defaultSheet, mapping: suggestion.mapping, portalId: portal.id };
    const first = await call<{ jobId: string }>('migration.start', request);
    expect((await finished(first.jobId)).outcome).toBe('completed');

    const plan = await call<Out<'migration.plan'>>('migration.plan', request);
    expect(plan.alreadyMigrated).toBe(true);
    const second = await call<{ jobId: string }>('migration.start', request);
    const refused = await finished(second.jobId);
    expect(refused.outcome).toBe('failed');
    expect(refused.error?.hint).toMatch(/sync this project/i);
    expect(refused.error?.followUps).toEqual([{ kind: 'sync', project: plan.projectPath }]);

    const text = JSON.stringify(seen);
    expect(text).toContain('already migrated');
    expect(text).not.toMatch(/spmigrate/);
    for (const match of text.matchAll(/[\s(“"']--[a-z][\w-]*/g)) expect.fail(`a flag reached the app: ${match[0]}`);
  });

});
