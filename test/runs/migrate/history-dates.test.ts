/**
 * History dates: a column mapped to `createdTime` is imported by the first
 * migration in ascending order, and later syncs leave it alone.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitrixClient, type BitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import { cli } from './cli-harness';
import { contractRows, writeContractsXlsx } from './corpus';

let dir: string;
let sandbox: SandboxHandle;
let client: BitrixClient;
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-e2e-history-'));
  sandbox = await startSandbox({ plan: 'unlimited' });
  client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
  env = { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(dir, 'data') };
});
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('history dates', () => {
  it('imports createdTime in ascending order, and sync never sends it', async () => {
    const file = join(dir, 'contracts.xlsx');
    await writeContractsXlsx(file, contractRows(24));
    const mapping = join(dir, 'mapping.json');
    await writeFile(mapping, JSON.stringify({ columns: { 'Дата подписания': 'createdTime' } }));
    const plan = await cli(['plan', file, '--mapping', mapping, '--json'], env);
    expect(plan.code, plan.stderr).toBe(0);
    const imports = (plan.json!['operations'] as Array<{ method: string; summary: string }>).filter((op) => op.method === 'crm.item.batchImport');
    expect(imports[0]?.summary).toMatch(/history dates kept/);
    // Ascending signing dates: rows 4 (01.01), 16 (13.01), 5 (02.02) … not sheet order.
    expect(imports[0]?.summary).toMatch(/^20 item\(s\): row\(s\) 4, 16, 5, 17, 6 …/);

    const run = await cli(['migrate', file, '--mapping', mapping, '--yes', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const entityTypeId = run.json!['entityTypeId'] as number;
    expect((run.json!['flags'] as Record<string, string>)['isBeginCloseDatesEnabled']).toBe('N');
    const { result } = await client.call<{ items: Array<{ id: number; xmlId: string; createdTime: string }> }>('crm.item.list', { entityTypeId, select: ['id', 'xmlId', 'createdTime'], order: { id: 'ASC' } });
    const byKey = new Map(result.items.map((item) => [item.xmlId.split(':')[1], item]));
    for (const row of contractRows(24)) expect(byKey.get(row[0])!.createdTime.slice(0, 10)).toBe(row[4].toISOString().slice(0, 10));
    const times = result.items.map((item) => item.createdTime);
    expect([...times].sort()).toEqual(times);

    // A new row is added by sync (crm.item.add, no history); then nothing to do.
    await writeContractsXlsx(file, contractRows(25));
    const projectPath = join(dir, 'Договоры.spm.json');
    const synced = await cli(['sync', projectPath, '--json'], env);
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.json!['items']).toMatchObject({ created: 1, updated: 0, failed: 0 });
    const again = await cli(['sync', projectPath, '--json'], env);
    expect(again.json!['items']).toMatchObject({ created: 0, updated: 0, unchanged: 25, conflicts: 0 });
  });
});
