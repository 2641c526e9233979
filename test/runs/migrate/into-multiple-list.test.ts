/**
 * Rows `--into` an existing list field that holds several values per item,
 * from a sheet too small for the reader to see that its cells hold several
 * values: each cell is split on the way in, so the list gets the parts as
 * items (never "опт, срочно" as one item) and every row lands.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import { cli } from './cli-harness';
import { contractRows, writeContractsXlsx } from './corpus';

let dir: string;
let sandbox: SandboxHandle;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-into-multiple-'));
  sandbox = await startSandbox({ plan: 'unlimited' });
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

it('adds each part of a cell as its own item and loads every row of an 8-row sheet', async () => {
  const client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
  const { result } = await client.call<{ type: { id: number; entityTypeId: number } }>('crm.type.add', { fields: { title: 'Договоры (отдел продаж)', isStagesEnabled: 'Y', isClientEnabled: 'Y', isLinkWithProductsEnabled: 'Y', isBeginCloseDatesEnabled: 'Y', isUseInUserfieldEnabled: 'Y' } }, { write: true });
  const fieldName = `UF_CRM_${result.type.id}_1700000001`;
  await client.call('userfieldconfig.add', { moduleId: 'crm', field: { entityId: `CRM_${result.type.id}`, fieldName, userTypeId: 'enumeration', editFormLabel: { ru: 'Метки', en: 'Tags' }, multiple: 'Y', enum: [{ value: 'Опт', sort: 10 }, { value: 'VIP', sort: 20 }] } }, { write: true });
  // Eight rows cycle through "опт", "розница" and "опт, срочно": too few for the reader to call the column multi-valued.
  const file = join(dir, 'contracts.xlsx');
  await writeContractsXlsx(file, contractRows(8));
  const env = { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(dir, 'data') };

  const run = await cli(['migrate', file, '--into', String(result.type.entityTypeId), '--project', join(dir, 'project.spm.json'), '--yes', '--json'], env);
  expect(run.code, run.stderr + run.stdout.slice(-2000)).toBe(0);

  const fields = (await client.call<{ fields: Array<{ id: number; fieldName: string }> }>('userfieldconfig.list', { moduleId: 'crm', filter: { entityId: `CRM_${result.type.id}` } })).result.fields;
  const tags = fields.find((field) => field.fieldName === fieldName)!;
  const items = (await client.call<{ field: { enum: Array<{ id: number; value: string }> } }>('userfieldconfig.get', { moduleId: 'crm', id: tags.id })).result.field.enum;
  expect(items.map((item) => item.value)).toEqual(['Опт', 'VIP', 'розница', 'срочно']);

  const loaded = (await client.call<{ items: Array<Record<string, unknown>> }>('crm.item.list', { entityTypeId: result.type.entityTypeId, select: ['id', 'title', `ufCrm${result.type.id}_1700000001`] })).result.items;
  expect(loaded).toHaveLength(8);
  const id = (value: string): number => Number(items.find((item) => item.value === value)!.id);
  const tagsOf = loaded.map((item) => (item[`ufCrm${result.type.id}_1700000001`] as number[]).map(Number).sort((a, b) => a - b));
  // Rows 3 and 6 (0-based 2 and 5) said "опт, срочно": both items, the existing "Опт" among them.
  expect(tagsOf.filter((ids) => ids.length === 2)).toEqual([[id('Опт'), id('срочно')].sort((a, b) => a - b), [id('Опт'), id('срочно')].sort((a, b) => a - b)]);
}, 60_000);
