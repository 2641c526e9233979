/**
 * End to end over real HTTP: the Russian contracts workbook is planned,
 * migrated, read back from the sandbox portal, edited, synced, and synced
 * again (a no-op).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitrixClient, type BitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import { cli } from './cli-harness';
import { CONTRACT_HEADERS, contractRows, writeContractsXlsx, type ContractRow } from './corpus';

let dir: string;
let sandbox: SandboxHandle;
let client: BitrixClient;
let env: Record<string, string>;
let secret: string;
const file = (): string => join(dir, 'contracts.xlsx');
const projectPath = (): string => join(dir, 'Договоры.spm.json');

type Item = Record<string, unknown>;

async function items(entityTypeId: number): Promise<Item[]> {
  const out: Item[] = [];
  for (let start: number | undefined = 0; start !== undefined; ) {
    const page: { result: { items: Item[] }; next?: number } = await client.call('crm.item.list', { entityTypeId, select: ['*'], useOriginalUfNames: 'Y', order: { id: 'ASC' }, start });
    out.push(...page.result.items);
    start = page.next;
  }
  return out;
}

async function allText(folder: string): Promise<string> {
  let text = '';
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) text += await readFile(join(entry.parentPath, entry.name), 'utf8').catch(() => '');
  }
  return text;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-e2e-contracts-'));
  sandbox = await startSandbox({ plan: 'unlimited' });
  secret = new URL(sandbox.webhook).pathname.split('/')[3]!;
  client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
  env = { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(dir, 'data') };
  await writeContractsXlsx(file(), contractRows(40));
});
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('contracts.xlsx: plan, migrate, sync, sync again', () => {
  let entityTypeId = 0;
  let typeId = 0;
  let planned: Record<string, unknown>;

  it('plans without writing anything', async () => {
    const before = sandbox.stats().rowsWritten;
    const run = await cli(['plan', file(), '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    planned = run.json!;
    const ops = planned['operations'] as Array<{ step: string; method: string; summary: string }>;
    expect(ops[0]).toMatchObject({ step: 'type', method: 'crm.type.add' });
    expect(ops.filter((op) => op.method === 'crm.item.batchImport')).toHaveLength(2);
    expect(planned['summary']).toMatchObject({ smartProcess: 'create', itemsToCreate: 40, fieldsToCreate: 3, clientsToCreate: 3, usersMatched: 3, usersUnmatched: 1 });
    expect(run.stdout).toContain('crm.type.add');
    expect(sandbox.stats().rowsWritten).toBe(before);
    expect(sandbox.stats().calls['crm.type.add'] ?? 0).toBe(0);
  });

  it('refuses to touch a real portal without --yes, showing the plan', async () => {
    const run = await cli(['migrate', file()], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--yes/);
    expect(sandbox.stats().calls['crm.type.add'] ?? 0).toBe(0);
  });

  it('migrates, and the plan was exact', async () => {
    const run = await cli(['migrate', file(), '--yes', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const result = run.json!;
    expect(Object.keys(result).sort()).toEqual(['automation', 'categoryId', 'durationMs', 'entityTypeId', 'failures', 'fields', 'flags', 'items', 'load', 'portal', 'project', 'stages', 'title', 'typeId', 'writeBack'].sort());
    expect(result['items']).toEqual({ created: 40, updated: 0, unchanged: 0, failed: 0 });
    expect(result['portal']).toMatch(/\/rest\/1\/\*\*\*\/$/);
    expect(result['project']).toBe(projectPath());
    entityTypeId = result['entityTypeId'] as number;
    typeId = result['typeId'] as number;
    const calls = sandbox.stats().calls;
    const ops = planned['operations'] as Array<{ method: string }>;
    for (const method of ['crm.type.add', 'userfieldconfig.add', 'crm.status.add', 'crm.status.update', 'crm.status.delete', 'crm.company.add']) {
      expect(calls[method] ?? 0, method).toBe(ops.filter((op) => op.method === method).length);
    }
  });

  it('created the type with workflows and automation on', async () => {
    const { result } = await client.call<{ type: Record<string, unknown> }>('crm.type.get', { id: typeId });
    expect(result.type).toMatchObject({
      title: 'Договоры',
      isBizProcEnabled: 'Y',
      isAutomationEnabled: 'Y',
      isStagesEnabled: 'Y',
      isClientEnabled: 'Y',
      isBeginCloseDatesEnabled: 'Y',
      isLinkWithProductsEnabled: 'Y',
      isUseInUserfieldEnabled: 'Y',
    });
    expect(String(result.type['code'])).toMatch(/^spm-[0-9a-f]{10}$/);
  });

  it('created every field with its type, multiplicity, label and items', async () => {
    // The list carries labels only for a named language, and list items only through userfieldconfig.get.
    const { result } = await client.call<{ fields: Array<Record<string, unknown>> }>('userfieldconfig.list', { moduleId: 'crm', select: { 0: '*', language: 'ru' }, filter: { entityId: `CRM_${typeId}` } });
    const fields = Object.fromEntries(result.fields.map((f) => [f['fieldName'], f]));
    expect(fields[`UF_CRM_${typeId}_METKI`]!['enum']).toBeUndefined();
    const { result: tagsField } = await client.call<{ field: Record<string, unknown> }>('userfieldconfig.get', { moduleId: 'crm', id: fields[`UF_CRM_${typeId}_METKI`]!['id'] });
    expect(Object.keys(fields).sort()).toEqual([`UF_CRM_${typeId}_METKI`, `UF_CRM_${typeId}_NO`, `UF_CRM_${typeId}_SROCHNYY`].sort());
    expect(fields[`UF_CRM_${typeId}_NO`]).toMatchObject({ userTypeId: 'string', multiple: 'N' });
    expect(fields[`UF_CRM_${typeId}_SROCHNYY`]).toMatchObject({ userTypeId: 'boolean', multiple: 'N' });
    expect(fields[`UF_CRM_${typeId}_METKI`]).toMatchObject({ userTypeId: 'enumeration', multiple: 'Y' });
    expect((fields[`UF_CRM_${typeId}_METKI`]!['editFormLabel'] as Record<string, string>)['ru']).toBe('Метки');
    expect((tagsField.field['enum'] as Array<{ value: string }>).map((e) => e.value)).toEqual(['опт', 'розница', 'срочно']);
  });

  it('laid the stages out in order with one success stage', async () => {
    const { result } = await client.call<Array<Record<string, unknown>>>('crm.status.list', { filter: { ENTITY_ID: `DYNAMIC_${entityTypeId}_STAGE_1` }, order: { SORT: 'ASC' } });
    const stages = [...result].sort((a, b) => Number(a['SORT']) - Number(b['SORT']));
    expect(stages.map((s) => [String(s['STATUS_ID']).split(':')[1], s['NAME'], s['SEMANTICS'] || ''])).toEqual([
      ['NEW', 'Новая', ''],
      ['PREPARATION', 'На согласовании', ''],
      ['SUCCESS', 'Подписан', 'S'],
      ['FAIL', 'Отклонён', 'F'],
    ]);
  });

  it('loaded every row with each mapped value', async () => {
    const rows = contractRows(40);
    const list = await items(entityTypeId);
    expect(list).toHaveLength(40);
    const { result: companies } = await client.call<Array<{ ID: string; TITLE: string }>>('crm.company.list', { select: ['ID', 'TITLE'] });
    const companyTitle = new Map(companies.map((c) => [Number(c.ID), c.TITLE]));
    const { result: fieldList } = await client.call<{ fields: Array<{ id: string; fieldName: string }> }>('userfieldconfig.list', { moduleId: 'crm', filter: { entityId: `CRM_${typeId}` } });
    const { result: tagsField } = await client.call<{ field: { enum: Array<{ id: string; value: string }> } }>('userfieldconfig.get', { moduleId: 'crm', id: fieldList.fields.find((f) => f.fieldName.endsWith('_METKI'))!.id });
    const tags = new Map(tagsField.field.enum.map((e) => [Number(e.id), e.value]));
    const users: Record<string, number> = { 'Иванова Мария': 3, 'Smith John': 4, 'Петров И.А.': 2, 'Сидоров Павел': 1 };
    const stageCode: Record<string, string> = { Новая: 'NEW', 'На согласовании': 'PREPARATION', Подписан: 'SUCCESS', Отклонён: 'FAIL' };
    for (const row of rows) {
      const item = list.find((i) => i['xmlId'] === `${projectId()}:${row[0]}`);
      expect(item, row[0]).toBeDefined();
      expect(item!['title']).toBe(row[1]);
      expect(companyTitle.get(Number(item!['companyId']))).toBe(row[2]);
      expect(item!['opportunity']).toBe(row[3]);
      expect(item!['currencyId']).toBe('RUB');
      // A date-only cell stays the same calendar day (no time-zone shift).
      expect(String(item!['begindate']).slice(0, 10)).toBe(row[4].toISOString().slice(0, 10));
      expect(item!['stageId']).toBe(`DT${entityTypeId}_1:${stageCode[row[5]]}`);
      expect(item!['assignedById']).toBe(users[row[6]]);
      expect(item![`UF_CRM_${typeId}_NO`]).toBe(row[0]);
      expect(item![`UF_CRM_${typeId}_SROCHNYY`]).toBe(row[7] === 'да' ? 'Y' : 'N');
      expect((item![`UF_CRM_${typeId}_METKI`] as number[]).map((id) => tags.get(id))).toEqual(row[8].split(', '));
    }
  });

  it('wrote a project file without the secret, and refuses a second migrate', async () => {
    const project = JSON.parse(await readFile(projectPath(), 'utf8')) as Record<string, unknown>;
    expect(project['status']).toBe('done');
    expect(project['portal']).toEqual({ kind: 'webhook', display: expect.stringMatching(/\/rest\/1\/\*\*\*\/$/) });
    expect(project['smartProcess']).toMatchObject({ entityTypeId, typeId });
    expect(await allText(dir)).not.toContain(secret);
    const run = await cli(['migrate', file(), '--yes', '--json'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/already migrated/);
    expect(run.stderr).toContain(`spmigrate sync ${projectPath()}`);
    expect(sandbox.stats().calls['crm.type.add']).toBe(1);
    expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it('syncs an edited sheet: changed cells, stage moves, new and deleted rows, a new column and stage', async () => {
    const rows: Array<ContractRow | [...ContractRow, string]> = contractRows(40).map((row) => [...row, `заметка ${row[0]}`]);
    (rows[0] as unknown[])[1] = 'Договор поставки №1 (изменён)';
    (rows[1] as unknown[])[5] = 'Подписан';
    (rows[2] as unknown[])[5] = 'На доработке';
    (rows[3] as unknown[])[3] = 99.99;
    rows.splice(4, 1); // Д-0005 is gone
    rows.push([...contractRows(42)[40]!, 'новая'], [...contractRows(42)[41]!, 'новая']);
    await writeContractsXlsx(file(), rows as Array<Array<string | number | Date>>, [...CONTRACT_HEADERS, 'Примечание']);

    const dry = await cli(['sync', projectPath(), '--dry-run', '--allow-schema-changes', '--json'], env);
    expect(dry.code, dry.stderr).toBe(0);
    const writtenBefore = sandbox.stats().rowsWritten;
    expect(dry.json!['dryRun']).toBe(true);
    expect(dry.json!['items']).toMatchObject({ created: 2, removed: 1, conflicts: 0 });
    expect(sandbox.stats().rowsWritten).toBe(writtenBefore);

    const withoutFlag = await cli(['sync', projectPath(), '--dry-run', '--json'], env);
    expect(withoutFlag.stdout).toMatch(/--allow-schema-changes/);

    const run = await cli(['sync', projectPath(), '--allow-schema-changes', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const out = run.json!;
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['items', 'changes', 'failures', 'durationMs']));
    // The 39 rows still in the sheet all get the new column; 2 new rows; 1 removed (kept by default).
    expect(out['items']).toEqual({ created: 2, updated: 39, unchanged: 0, removed: 1, kept: 1, conflicts: 0, failed: 0 });
    expect(out['changes']).toMatchObject({ fieldsAdded: 1, stagesAdded: 1, fields: ['Примечание'], stages: ['На доработке'] });

    const { result: stageList } = await client.call<Array<Record<string, unknown>>>('crm.status.list', { filter: { ENTITY_ID: `DYNAMIC_${entityTypeId}_STAGE_1` } });
    const stages = [...stageList].sort((a, b) => Number(a['SORT']) - Number(b['SORT']));
    expect(stages.map((s) => s['NAME'])).toEqual(['Новая', 'На согласовании', 'На доработке', 'Подписан', 'Отклонён']);
    const list = await items(entityTypeId);
    expect(list).toHaveLength(42);
    const byNo = new Map(list.map((i) => [i[`UF_CRM_${typeId}_NO`], i]));
    expect(byNo.get('Д-0001')!['title']).toBe('Договор поставки №1 (изменён)');
    expect(byNo.get('Д-0002')!['stageId']).toBe(`DT${entityTypeId}_1:SUCCESS`);
    expect(String(byNo.get('Д-0003')!['stageId'])).toBe(String(stages[2]!['STATUS_ID']));
    expect(byNo.get('Д-0004')!['opportunity']).toBe(99.99);
    expect(byNo.get('Д-0005')).toBeDefined();
    expect(byNo.get('Д-0041')!['title']).toBe('Договор поставки №41');
    expect(byNo.get('Д-0042')![`UF_CRM_${typeId}_PRIMECHANIE`]).toBe('новая');
    expect(byNo.get('Д-0010')![`UF_CRM_${typeId}_PRIMECHANIE`]).toBe('заметка Д-0010');
  });

  it('a second sync changes nothing', async () => {
    const before = sandbox.stats();
    const run = await cli(['sync', projectPath(), '--allow-schema-changes', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json!['items']).toEqual({ created: 0, updated: 0, unchanged: 41, removed: 0, kept: 0, conflicts: 0, failed: 0 });
    expect(run.json!['changes']).toMatchObject({ fieldsAdded: 0, stagesAdded: 0 });
    const after = sandbox.stats();
    expect(after.rowsWritten).toBe(before.rowsWritten);
    for (const method of ['crm.item.update', 'crm.item.add', 'userfieldconfig.add', 'crm.status.add', 'crm.status.update']) expect(after.calls[method] ?? 0, method).toBe(before.calls[method] ?? 0);
    expect(await allText(dir)).not.toContain(secret);
  });
});

function projectId(): string {
  return (JSON.parse(readFileSync(projectPath(), 'utf8')) as { id: string }).id;
}
