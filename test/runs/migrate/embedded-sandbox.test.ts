/**
 * Without --portal and SPM_PORTAL, plan, migrate and sync run against the
 * embedded sandbox portal kept under the user's data folder.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './cli-harness';
import { requestRows, writeRequestsCsv } from './corpus';

let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-e2e-embedded-'));
  env = { SPM_DATA_DIR: join(dir, 'data') };
  await writeRequestsCsv(join(dir, 'requests.csv'), requestRows(25));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the embedded sandbox portal', () => {
  it('needs nothing but a file: plan, migrate, sync, sync again', async () => {
    const plan = await cli(['plan', join(dir, 'requests.csv'), '--json'], env);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('sandbox://embedded');

    const migrated = await cli(['migrate', join(dir, 'requests.csv'), '--json'], env);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.json).toMatchObject({ portal: 'sandbox://embedded', items: { created: 25, failed: 0 } });
    const projectPath = join(dir, 'requests.spm.json');
    const project = JSON.parse(await readFile(projectPath, 'utf8')) as { portal: unknown };
    expect(project.portal).toEqual({ kind: 'sandbox', display: 'sandbox://embedded' });

    const rows = requestRows(26);
    rows[0]![2] = 'Approved';
    await writeRequestsCsv(join(dir, 'requests.csv'), rows);
    const synced = await cli(['sync', projectPath, '--json'], env);
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.json!['items']).toMatchObject({ created: 1, updated: 1, conflicts: 0 });
    const again = await cli(['sync', projectPath, '--json'], env);
    expect(again.json!['items']).toMatchObject({ created: 0, updated: 0, unchanged: 26 });

    // A project on the sandbox cannot be synced against another portal by accident.
    const other = await cli(['sync', projectPath, '--json'], { ...env, SPM_PORTAL: 'https://example.bitrix24.com/rest/1/abcdef/' });
    expect(other.code).toBe(2);
  });
});
