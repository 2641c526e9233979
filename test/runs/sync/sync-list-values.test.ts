/**
 * A sheet that gains a value in a list column: the sync names the new values
 * and how many rows wait for them, those rows are not sent until the values
 * are added, and choosing to add them lets every row through.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-sync-list-values-'));
  sandbox = await startSandbox({ plan: 'unlimited' });
  env = { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(dir, 'data') };
});

afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

describe('new values of a list column in a sync', () => {
  it('lists them with the rows they hold back, and adding them sends those rows', async () => {
    const csv = join(dir, 'requests.csv');
    const project = join(dir, 'requests.spm.json');
    const rows = requestRows(45);
    await writeRequestsCsv(csv, rows);
    // Item names the cards by itself; here it is made a list field, the kind of column this sync is about.
    const mapping = join(dir, 'mapping.json');
    await writeFile(mapping, JSON.stringify({ columns: { Item: { type: 'enumeration', items: [...new Set(rows.map((row) => row[1]))] } } }));
    const migrate = await cli(['migrate', csv, '--project', project, '--name', 'Requests', '--mapping', mapping, '--yes', '--json', '--no-automation'], env);
    expect(migrate.code, migrate.stderr).toBe(0);
    const itemField = (JSON.parse(await readFile(project, 'utf8')) as { mapping: { columns: Array<{ header: string; target: { kind: string; userTypeId?: string } }> } }).mapping.columns.find((column) => column.header === 'Item')!.target;
    expect(itemField).toMatchObject({ kind: 'custom', userTypeId: 'enumeration' });

    // Three rows now ask for an item the list field does not have.
    for (const index of [2, 10, 30]) rows[index]![1] = 'Monitor stand';
    await writeRequestsCsv(csv, rows);

    const held = await cli(['sync', project, '--dry-run', '--json'], env);
    // Exit 1: the run finished with rows it could not send.
    expect(held.code, held.stderr).toBe(1);
    const heldChanges = held.json!['changes'] as Record<string, unknown>;
    expect(heldChanges['lists']).toEqual([{ column: 'Item', items: ['Monitor stand'], rows: 3 }]);
    expect(heldChanges['pending']).toBe(true);
    expect(held.json!['items']).toMatchObject({ updated: 0, unchanged: 42, failed: 3 });

    const text = await cli(['sync', project, '--dry-run'], env);
    expect(text.stdout).toContain('new value(s) of “Item” “Monitor stand” (3 row(s))');

    const added = await cli(['sync', project, '--allow-schema-changes', '--json'], env);
    expect(added.code, added.stderr).toBe(0);
    expect(added.json!['changes']).toMatchObject({ lists: [{ column: 'Item', items: ['Monitor stand'], rows: 3 }], listItemsAdded: 1, pending: false });
    expect(added.json!['items']).toMatchObject({ updated: 3, failed: 0 });

    const again = await cli(['sync', project, '--dry-run', '--json'], env);
    expect(again.json!['changes']).toMatchObject({ lists: [], pending: false });
    expect(again.json!['items']).toMatchObject({ updated: 0, unchanged: 45, failed: 0 });
  });
});
