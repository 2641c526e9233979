/**
 * Files the tool wrote itself are fed back to `sync` as they are: the
 * write-back copy's id and link columns never become new fields, and a
 * relative `--file` is found where the command runs, like every other path.
 */
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import { cli } from '../migrate/cli-harness';
import { requestRows, writeRequestsCsv } from '../migrate/corpus';

let dir: string;
let sandbox: SandboxHandle;
let env: Record<string, string>;
const project = (): string => join(dir, 'requests.spm.json');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-tool-columns-'));
  sandbox = await startSandbox({ plan: 'unlimited' });
  env = { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(dir, 'data') };
  await writeRequestsCsv(join(dir, 'requests.csv'), requestRows(10));
  const run = await cli(['migrate', join(dir, 'requests.csv'), '--project', project(), '--yes', '--json', '--no-automation'], env);
  expect(run.code, run.stderr).toBe(0);
});
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('files the tool wrote, fed back to sync', () => {
  it('the write-back copy syncs as the sheet: its id and link columns are not new fields', async () => {
    const copy = (await readdir(dir)).find((name) => name.includes('(Bitrix24)'));
    expect(copy).toBe('requests (Bitrix24).csv');
    const run = await cli(['sync', project(), '--file', join(dir, copy!), '--allow-schema-changes', '--dry-run', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json!['changes']).toMatchObject({ fields: [], fieldsAdded: 0, pending: false });
    expect(run.json!['items']).toMatchObject({ created: 0, updated: 0, unchanged: 10 });
  });

  it('a relative --file is read from the current folder, not the project’s', async () => {
    const here = join(dir, 'elsewhere');
    await mkdir(here);
    await writeRequestsCsv(join(here, 'requests.csv'), requestRows(3));
    const previous = process.cwd();
    process.chdir(here);
    try {
      const run = await cli(['sync', project(), '--file', 'requests.csv', '--dry-run', '--json'], env);
      expect(run.code, run.stderr).toBe(0);
      // The three-row file of this folder: seven items are gone from it (the project folder's file has all ten).
      expect(run.json!['items']).toMatchObject({ unchanged: 3, removed: 7 });
    } finally {
      process.chdir(previous);
    }
  });
});
