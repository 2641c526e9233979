/**
 * End to end over real HTTP with the English requests csv: conflicts with
 * each policy, removed rows with each policy, dry runs, and rows coming back.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitrixClient, type BitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import { cli } from '../migrate/cli-harness';
import { requestRows, writeRequestsCsv, type RequestRow } from '../migrate/corpus';

let dir: string;
let sandbox: SandboxHandle;
let client: BitrixClient;
let env: Record<string, string>;
let entityTypeId = 0;
let typeId = 0;
const csv = (): string => join(dir, 'requests.csv');
const project = (): string => join(dir, 'requests.spm.json');
let rows: RequestRow[];

type Item = Record<string, unknown>;

async function itemsByKey(): Promise<Map<string, Item>> {
  const out = new Map<string, Item>();
  for (let start: number | undefined = 0; start !== undefined; ) {
    const page: { result: { items: Item[] }; next?: number } = await client.call('crm.item.list', { entityTypeId, select: ['*'], useOriginalUfNames: 'Y', start });
    for (const item of page.result.items) out.set(String(item[`UF_CRM_${typeId}_REQUEST_ID`]), item);
    start = page.next;
  }
  return out;
}

async function sync(...args: string[]): Promise<Record<string, unknown>> {
  const run = await cli(['sync', project(), '--json', ...args], env);
  expect([0, 1], run.stderr).toContain(run.code);
  return run.json!;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-e2e-requests-'));
  sandbox = await startSandbox({ plan: 'unlimited' });
  client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
  env = { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(dir, 'data') };
  rows = requestRows(30);
  await writeRequestsCsv(csv(), rows);
  const run = await cli(['migrate', csv(), '--yes', '--json'], env);
  expect(run.code, run.stderr).toBe(0);
  entityTypeId = run.json!['entityTypeId'] as number;
  typeId = run.json!['typeId'] as number;
});
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('requests.csv sync policies', () => {
  it('migrated dates, money and e-mails as written', async () => {
    const items = await itemsByKey();
    expect(items.size).toBe(30);
    for (const row of rows) {
      const item = items.get(row[0])!;
      // Cards are named by what is requested; the request number keys them.
      expect(item['title']).toBe(row[1]);
      expect(item['opportunity']).toBe(Number(row[3]));
      expect(item['currencyId']).toBe('USD');
      expect(item[`UF_CRM_${typeId}_REQUESTER`]).toBe(row[4]);
      expect(String(item[`UF_CRM_${typeId}_NEEDED_BY`]).slice(0, 10)).toBe(row[5]);
    }
  });

  it('reports a portal edit as a conflict and skips the row by default, every time', async () => {
    const items = await itemsByKey();
    await client.call('crm.item.update', { entityTypeId, id: items.get('REQ-0002')!['id'], fields: { opportunity: 5 } });
    rows[1]![3] = '777.50';
    rows[2]![4] = 'emily.johnson@example.com';
    await writeRequestsCsv(csv(), rows);
    const first = await sync();
    expect(first['items']).toMatchObject({ updated: 1, conflicts: 1, created: 0, removed: 0 });
    expect((first['diff'] as Array<{ key: string; action: string; conflicts: string[] }>).find((d) => d.key === 'REQ-0002')).toMatchObject({ action: 'skip', conflicts: ['opportunity'] });
    const after = await itemsByKey();
    expect(after.get('REQ-0002')!['opportunity']).toBe(5);
    expect(after.get('REQ-0003')![`UF_CRM_${typeId}_REQUESTER`]).toBe('emily.johnson@example.com');
    const written = sandbox.stats().rowsWritten;
    const again = await sync();
    expect(again['items']).toMatchObject({ updated: 0, conflicts: 1 });
    expect(sandbox.stats().rowsWritten).toBe(written);
  });

  it('portal-wins keeps the portal value and stops reporting it', async () => {
    const run = await sync('--conflicts', 'portal-wins');
    expect(run['items']).toMatchObject({ conflicts: 1, updated: 0 });
    expect((await itemsByKey()).get('REQ-0002')!['opportunity']).toBe(5);
    const again = await sync();
    expect(again['items']).toMatchObject({ conflicts: 0, updated: 0, unchanged: 30 });
  });

  it('sheet-wins overwrites the portal edit', async () => {
    const items = await itemsByKey();
    await client.call('crm.item.update', { entityTypeId, id: items.get('REQ-0005')!['id'], fields: { title: 'edited in the portal' } });
    const dry = await sync('--dry-run', '--conflicts', 'sheet-wins');
    expect(dry['items']).toMatchObject({ conflicts: 1, updated: 1 });
    // The preview shows what the portal holds now and what the sheet would write over it.
    expect((dry['diff'] as Array<Record<string, unknown>>).find((change) => change['key'] === 'REQ-0005')!['values']).toEqual([{ field: 'title', before: { kind: 'text', text: 'edited in the portal' }, after: { kind: 'text', text: rows[4]![1] } }]);
    expect((await itemsByKey()).get('REQ-0005')!['title']).toBe('edited in the portal');
    const run = await sync('--conflicts', 'sheet-wins');
    expect(run['items']).toMatchObject({ conflicts: 1, updated: 1 });
    expect((await itemsByKey()).get('REQ-0005')!['title']).toBe(rows[4]![1]);
    expect((await sync())['items']).toMatchObject({ conflicts: 0, updated: 0 });
  });

  it('handles rows gone from the sheet: keep, stage:<name>, delete — each once', async () => {
    const kept = rows.splice(5, 1)[0]!; // REQ-0006
    await writeRequestsCsv(csv(), rows);
    expect((await sync())['items']).toMatchObject({ removed: 1, kept: 1 });
    expect((await itemsByKey()).has(kept[0])).toBe(true);
    expect((await sync())['items']).toMatchObject({ removed: 0 });

    rows.splice(5, 1); // REQ-0007, in "Approved"
    await writeRequestsCsv(csv(), rows);
    const moved = await sync('--removed', 'stage:Rejected');
    expect(moved['items']).toMatchObject({ removed: 1, kept: 0, failed: 0 });
    // The move reads as stage names, old → new.
    expect((moved['diff'] as Array<Record<string, unknown>>).find((change) => change['key'] === 'REQ-0007')!['values']).toEqual([{ field: 'stageId', before: { kind: 'text', text: 'Approved' }, after: { kind: 'text', text: 'Rejected' } }]);
    expect(String((await itemsByKey()).get('REQ-0007')!['stageId'])).toMatch(/:FAIL$/);

    const deleted = rows.splice(5, 1)[0]!; // REQ-0008
    await writeRequestsCsv(csv(), rows);
    expect((await sync('--removed', 'delete', '--dry-run'))['items']).toMatchObject({ removed: 1 });
    expect((await itemsByKey()).has('REQ-0008')).toBe(true);
    expect((await sync('--removed', 'delete'))['items']).toMatchObject({ removed: 1 });
    expect((await itemsByKey()).has('REQ-0008')).toBe(false);
    expect((await sync('--removed', 'delete'))['items']).toMatchObject({ removed: 0, created: 0, updated: 0 });

    // The deleted row comes back: it is created again, once.
    rows.push(deleted);
    await writeRequestsCsv(csv(), rows);
    expect((await sync())['items']).toMatchObject({ created: 1 });
    expect((await itemsByKey()).get('REQ-0008')!['title']).toBe(deleted[1]);
    expect((await sync())['items']).toMatchObject({ created: 0, updated: 0, conflicts: 0 });
    expect(sandbox.stats().xmlIdDuplicates).toEqual({});
  });

  it('reports new stage values without --allow-schema-changes and fails those rows', async () => {
    rows[0]![2] = 'On hold';
    rows.push(['REQ-0999', 'Laptop for team 1', 'New', '1.50', 'john.smith@example.com', '2025-05-05']);
    await writeRequestsCsv(csv(), rows);
    const run = await cli(['sync', project(), '--json'], env);
    expect(run.code).toBe(1);
    expect(run.json!['changes']).toMatchObject({ stagesAdded: 0, stages: ['On hold'], pending: true });
    // The row that cannot be sent is still in the sheet: it is a failure, never a removal.
    expect(run.json!['items']).toMatchObject({ created: 1, failed: 1, removed: 0 });
    expect((run.json!['failures'] as Array<{ row: number; column: string; message: string }>)[0]).toMatchObject({ row: 2, column: 'Status' });
    expect(run.stdout).toMatch(/--allow-schema-changes/);
  });

  it('reads a renamed copy of the sheet given with --file', async () => {
    const copy = join(dir, 'requests-week-2.csv');
    await writeRequestsCsv(copy, rows);
    const run = await cli(['sync', project(), '--file', copy, '--json', '--allow-schema-changes'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json!['changes']).toMatchObject({ stagesAdded: 1, stages: ['On hold'] });
    expect(run.json!['items']).toMatchObject({ updated: 1, failed: 0, removed: 0 });
  });

  it('leaves the field of a column that disappeared alone, and picks it up again when it is back', async () => {
    const headers = ['Request ID', 'Item', 'Status', 'Amount, USD', 'Needed by'];
    await writeRequestsCsv(csv(), rows.map((r) => [r[0], r[1], r[2], r[3], r[5]]), headers);
    const without = await sync('--allow-schema-changes', '--file', csv());
    expect(without['changes']).toMatchObject({ missingColumns: ['Requester'] });
    expect(without['items']).toMatchObject({ updated: 0, failed: 0, removed: 0 });
    expect((await itemsByKey()).get('REQ-0001')![`UF_CRM_${typeId}_REQUESTER`]).toBe('emily.johnson@example.com');
    await writeRequestsCsv(csv(), rows);
    const back = await sync('--allow-schema-changes', '--file', csv());
    expect(back['changes']).toMatchObject({ missingColumns: [] });
    expect(back['items']).toMatchObject({ updated: 0, created: 0, conflicts: 0 });
  });

  it('rejects bad policies as usage errors', async () => {
    expect((await cli(['sync', project(), '--removed', 'stage:Nope'], env)).code).toBe(2);
    expect((await cli(['sync', project(), '--conflicts', 'whatever'], env)).code).toBe(2);
    expect((await cli(['sync', join(dir, 'missing.spm.json')], env)).code).toBe(2);
  });
});
