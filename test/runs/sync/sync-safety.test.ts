/**
 * Sync must never empty a smart process by accident: a shortened file or the
 * exported failures file cannot delete items without a confirmed count, and
 * a plain sync after `--file` reads the version synced last, never an older one.
 */
import ExcelJS from 'exceljs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import { REASON_HEADER } from '../../../shared/runs/results/export-failures';
import { removalGuard } from '../../../shared/runs/sync/sync';
import { cli } from '../migrate/cli-harness';
import { REQUEST_HEADERS, requestRows, writeRequestsCsv, type RequestRow } from '../migrate/corpus';

let dir: string;
let sandbox: SandboxHandle;
let env: Record<string, string>;
let rows: RequestRow[];
const project = (): string => join(dir, 'requests.spm.json');

async function itemCount(): Promise<number> {
  const types = (await (await fetch(`${sandbox.webhook}crm.type.list`)).json()) as { result: { types: { entityTypeId: number }[] } };
  const list = (await (await fetch(`${sandbox.webhook}crm.item.list`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ entityTypeId: types.result.types[0]!.entityTypeId, select: ['id'] }) })).json()) as { total: number };
  return list.total;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-sync-safety-'));
  sandbox = await startSandbox({ plan: 'unlimited' });
  env = { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(dir, 'data') };
  rows = requestRows(60);
  await writeRequestsCsv(join(dir, 'requests.csv'), rows);
  const run = await cli(['migrate', join(dir, 'requests.csv'), '--yes', '--json', '--no-automation'], env);
  expect(run.code, run.stderr).toBe(0);
});
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('sync safety', () => {
  it('the guard allows 10% of the items, at least 20', () => {
    expect(removalGuard(60)).toBe(20);
    expect(removalGuard(1000)).toBe(100);
  });

  it('a shortened file cannot delete most items without a confirmed count', async () => {
    await writeRequestsCsv(join(dir, 'short.csv'), rows.slice(0, 5));
    const refused = await cli(['sync', project(), '--file', join(dir, 'short.csv'), '--removed', 'delete', '--json'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr + refused.stdout).toContain('would delete 55 of 60 items');
    expect(refused.stderr + refused.stdout).toContain('--confirm-removals 55');
    expect(await itemCount()).toBe(60);
    // The dry run still shows what would happen.
    const dry = await cli(['sync', project(), '--file', join(dir, 'short.csv'), '--removed', 'delete', '--dry-run', '--json'], env);
    expect((dry.json!['items'] as { removed: number }).removed).toBe(55);
  });

  it('the exported failures file never implies removals, and its reason column is no new field', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('requests');
    sheet.addRow([...REQUEST_HEADERS, REASON_HEADER]);
    sheet.addRow([...rows[3]!, 'Row 5: the portal refused it.']);
    await workbook.xlsx.writeFile(join(dir, 'requests - rows to fix.xlsx'));
    const run = await cli(['sync', project(), '--file', join(dir, 'requests - rows to fix.xlsx'), '--removed', 'delete', '--allow-schema-changes', '--json'], env);
    expect([0, 1], run.stderr).toContain(run.code);
    expect(run.json!['items']).toMatchObject({ removed: 0 });
    expect((run.json!['changes'] as { fields: string[] }).fields).toEqual([]);
    expect(await itemCount()).toBe(60);
    // The failures file does not become the project's source either.
    expect(JSON.parse(await readFile(project(), 'utf8')).source.file).toBe('requests.csv');
  });

  it('migrate on a real portal without --yes changes nothing, and --json still ends with the plan as JSON', async () => {
    await writeRequestsCsv(join(dir, 'unconfirmed.csv'), rows.slice(0, 3));
    const run = await cli(['migrate', join(dir, 'unconfirmed.csv'), '--json'], env);
    expect(run.code).toBe(2);
    expect(run.json).toMatchObject({ applied: false, summary: { smartProcess: 'create', itemsToCreate: 3 } });
    expect((run.json!['operations'] as { method: string }[]).map((operation) => operation.method)).toContain('crm.type.add');
    const types = (await (await fetch(`${sandbox.webhook}crm.type.list`)).json()) as { result: { types: unknown[] } };
    expect(types.result.types).toHaveLength(1);
  });

  it('two workbooks with the same sheet name never share a project', async () => {
    for (const [name, first] of [['a.xlsx', 'Alpha'], ['b.xlsx', 'Beta']] as const) {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Sheet1');
      sheet.addRow(['ID', 'Name', 'Status']);
      for (let i = 1; i <= 5; i++) sheet.addRow([`${first[0]}-${i}`, `${first} ${i}`, i % 2 ? 'Open' : 'Done']);
      await workbook.xlsx.writeFile(join(dir, name));
    }
    const a = await cli(['migrate', join(dir, 'a.xlsx'), '--yes', '--json', '--no-automation'], env);
    expect(a.code, a.stderr).toBe(0);
    const b = await cli(['migrate', join(dir, 'b.xlsx'), '--yes', '--json', '--no-automation'], env);
    expect(b.code).toBe(2);
    expect(b.stderr + b.stdout).toContain('belongs to a.xlsx, not to b.xlsx');
    expect(b.stderr + b.stdout).toContain('--project');
  });

  it('a plain sync after --file reads the version synced last, so nothing rolls back', async () => {
    const next = rows.map((row, index) => (index === 0 ? ([row[0], row[1], row[2], '1234.50', row[4], row[5]] as RequestRow) : row));
    await writeRequestsCsv(join(dir, 'requests-v2.csv'), next);
    const applied = await cli(['sync', project(), '--file', join(dir, 'requests-v2.csv'), '--json'], env);
    expect(applied.json!['items']).toMatchObject({ updated: 1, failed: 0 });
    expect(JSON.parse(await readFile(project(), 'utf8')).source.file).toBe('requests-v2.csv');
    const plain = await cli(['sync', project(), '--json'], env);
    expect(plain.json!['items']).toMatchObject({ created: 0, updated: 0, removed: 0 });
  });
});
