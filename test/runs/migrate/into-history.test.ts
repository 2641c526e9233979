/**
 * History into an existing smart process that already has items: the portal
 * imports creation dates only in ascending order, so rows created before its
 * newest item load without their history (with a warning each) instead of
 * failing; later rows keep theirs.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBitrixClient, type BitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import { cli } from './cli-harness';

let dir: string;
let sandbox: SandboxHandle;
let client: BitrixClient;
let env: Record<string, string>;
let entityTypeId = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-into-history-'));
  sandbox = await startSandbox({ plan: 'unlimited' });
  client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
  env = { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(dir, 'data') };
  const { result } = await client.call<{ type: { entityTypeId: number } }>('crm.type.add', { fields: { title: 'Orders', isStagesEnabled: 'Y' } }, { write: true });
  entityTypeId = result.type.entityTypeId;
  // An item the team made by hand last week.
  await client.call('crm.item.batchImport', { entityTypeId, data: [{ title: 'Made by hand', createdTime: new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 19) }] }, { write: true });
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Orders');
  sheet.addRow(['Order', 'Subject', 'Created']);
  const day = (daysAgo: number): string => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  sheet.addRow(['ORD-1', 'Old order', day(400)]);
  sheet.addRow(['ORD-2', 'Older order', day(300)]);
  sheet.addRow(['ORD-3', 'Recent order', day(2)]);
  await workbook.xlsx.writeFile(join(dir, 'orders.xlsx'));
  await writeFile(join(dir, 'mapping.json'), JSON.stringify({ columns: { Subject: 'title', Created: 'createdTime' } }));
});
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

it('rows older than the newest existing item load without history and say so; a later row keeps its date', async () => {
  const args = ['migrate', join(dir, 'orders.xlsx'), '--into', String(entityTypeId), '--mapping', join(dir, 'mapping.json'), '--project', join(dir, 'orders.spm.json'), '--no-automation', '--yes', '--json'];
  const run = await cli(args, env);
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  expect(run.json!['items']).toMatchObject({ created: 3, failed: 0 });
  const warnings = (run.json!['warnings'] as string[]).join('\n');
  expect(warnings).toMatch(/Rows? 2.*3|already has items created later/);
  const { result } = await client.call<{ items: Array<{ title: string; createdTime: string }> }>('crm.item.list', { entityTypeId, select: ['title', 'createdTime'] });
  const byTitle = new Map(result.items.map((item) => [item.title, item.createdTime]));
  const recent = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  expect(byTitle.get('Recent order')!.slice(0, 10)).toBe(recent);
  // Without history an item is created now. The portal writes that instant in its own time zone
  // (+03:00), whose date differs from the UTC date for three hours a day, so the instant is compared.
  for (const title of ['Old order', 'Older order']) expect(Math.abs(Date.parse(byTitle.get(title)!) - Date.now()), title).toBeLessThan(15 * 60_000);
});
