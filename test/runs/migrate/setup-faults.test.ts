/**
 * Setup under lost answers, over real HTTP: the sandbox commits a setup write
 * and then drops the connection before answering, so the tool cannot tell
 * whether the write happened. One `migrate` must read the portal back, carry
 * on, and end with exactly what a run without faults leaves in the portal:
 * one smart process, each field, stage, funnel, client and note once, and
 * every row once.
 */
import ExcelJS from 'exceljs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitrixClient, type BitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import { cli } from './cli-harness';
import { CONTRACT_HEADERS, contractRows, writeContractsXlsx } from './corpus';

let dir: string;
const opened: SandboxHandle[] = [];

/** What a migration leaves in the portal, in a form two runs can be compared by. */
interface PortalState {
  types: number;
  fields: string[];
  funnels: string[];
  stages: string[];
  companies: string[];
  contacts: number;
  items: number;
  distinctXmlIds: number;
  notes: number;
  parentRelations: number[];
}

interface Scenario {
  name: string;
  /** Writes the sheet and the mapping into `folder`; returns the extra `migrate` arguments. */
  prepare(folder: string, client: BitrixClient): Promise<{ file: string; args: string[]; entityTypeId?: number }>;
  rows: number;
}

const LINK_HEADERS = [...CONTRACT_HEADERS, 'Сделка', 'Контакт', 'Комментарий'];

/** Contracts with a parent deal, contacts by e-mail/phone/name and a note per row: type, fields, stages, relation, clients, notes. */
const contracts: Scenario = {
  name: 'contracts with deals, contacts and notes',
  rows: 8,
  async prepare(folder, client) {
    const deal = Number((await client.call('crm.deal.add', { fields: { TITLE: 'Поставка Ромашка' } })).result);
    const cells: Array<[string, string, string]> = [
      [`D_${deal}`, 'ivan.orlov@example.ru', 'Позвонить в понедельник'],
      ['Поставка Ромашка', '+7 999 555-44-33', ''],
      ['', 'Пётр Сидоров', 'Скидка 5%'],
      ['', 'Новый Клиент <new.client@example.ru>', 'Ждём оригинал'],
      [`D_${deal}`, '', ''],
      ['', 'ivan.orlov@example.ru', 'Повторный договор'],
      ['', '', ''],
      ['Поставка Ромашка', 'Пётр Сидоров', 'Срочно'],
    ];
    const file = join(folder, 'contracts.xlsx');
    await writeContractsXlsx(file, contractRows(cells.length).map((row, i) => [...row, ...cells[i]!]), LINK_HEADERS);
    const mapping = join(folder, 'mapping.json');
    await writeFile(mapping, JSON.stringify({ columns: { Сделка: 'parentId2', Контакт: 'contactIds', Комментарий: 'timelineComment' } }));
    return { file, args: ['--mapping', mapping] };
  },
};

/** Orders split into funnels by product line: the default funnel renamed, two funnels added, stages per funnel. */
const funnels: Scenario = {
  name: 'orders in three funnels',
  rows: 9,
  async prepare(folder) {
    const plan: Array<[string, string]> = [
      ['Hardware', 'New'],
      ['Hardware', 'Shipped'],
      ['Hardware', 'Won'],
      ['Software', 'New'],
      ['Software', 'Trial'],
      ['Software', 'Lost'],
      ['Services', 'Scheduled'],
      ['Services', 'Won'],
      ['Services', 'New'],
    ];
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Orders');
    sheet.addRow(['Order', 'Subject', 'Product line', 'Stage', 'Amount']);
    plan.forEach(([line, stage], i) => sheet.addRow([`ORD-${i + 1}`, `Order ${i + 1}`, line, stage, 100 + i]));
    const file = join(folder, 'orders.xlsx');
    await workbook.xlsx.writeFile(file);
    return { file, args: ['--funnel', 'Product line'] };
  },
};

/** Rows into the administrator's own smart process, whose list field lacks two of the sheet's values: list items are added to it. */
const into: Scenario = {
  name: 'rows into an existing smart process',
  rows: 40,
  async prepare(folder, client) {
    const { result } = await client.call<{ type: { id: number; entityTypeId: number } }>('crm.type.add', { fields: { title: 'Договоры (отдел продаж)', isStagesEnabled: 'Y', isClientEnabled: 'Y', isLinkWithProductsEnabled: 'Y', isBeginCloseDatesEnabled: 'Y', isUseInUserfieldEnabled: 'Y' } }, { write: true });
    await client.call('userfieldconfig.add', { moduleId: 'crm', field: { entityId: `CRM_${result.type.id}`, fieldName: `UF_CRM_${result.type.id}_1700000001`, userTypeId: 'enumeration', editFormLabel: { ru: 'Метки', en: 'Tags' }, multiple: 'Y', enum: [{ value: 'Опт', sort: 10 }, { value: 'VIP', sort: 20 }] } }, { write: true });
    const file = join(folder, 'contracts.xlsx');
    await writeContractsXlsx(file, contractRows(40));
    return { file, args: ['--into', String(result.type.entityTypeId)], entityTypeId: result.type.entityTypeId };
  },
};

async function portalState(client: BitrixClient, code: string, entityTypeId?: number): Promise<PortalState> {
  const types = (await client.call<{ types: Array<{ id: number; entityTypeId: number; code: string }> }>('crm.type.list', {})).result.types.filter((type) => (entityTypeId === undefined ? type.code === code : type.entityTypeId === entityTypeId));
  expect(types.length, 'smart processes with the project code').toBeGreaterThan(0);
  const type = types[0]!;
  const fields: string[] = [];
  for (const field of (await client.call<{ fields: Array<{ id: string; fieldName: string; userTypeId: string }> }>('userfieldconfig.list', { moduleId: 'crm', filter: { entityId: `CRM_${type.id}` } })).result.fields) {
    if (field.userTypeId !== 'enumeration') fields.push(field.fieldName);
    else fields.push(`${field.fieldName}: ${(await client.call<{ field: { enum: Array<{ value: string }> } }>('userfieldconfig.get', { moduleId: 'crm', id: field.id })).result.field.enum.map((item) => item.value).join(', ')}`);
  }
  fields.sort();
  const categories = (await client.call<{ categories: Array<{ id: number; name: string }> }>('crm.category.list', { entityTypeId: type.entityTypeId })).result.categories;
  const stages: string[] = [];
  for (const category of categories) {
    const { result } = await client.call<Array<{ NAME: string }>>('crm.status.list', { filter: { ENTITY_ID: `DYNAMIC_${type.entityTypeId}_STAGE_${category.id}` }, order: { SORT: 'ASC' } });
    stages.push(...result.map((stage) => `${category.name}: ${stage.NAME}`));
  }
  const items = (await client.call<{ items: Array<{ id: number; xmlId: string }> }>('crm.item.list', { entityTypeId: type.entityTypeId, select: ['id', 'xmlId'], start: -1 })).result.items;
  let notes = 0;
  for (const item of items) {
    const { result } = await client.call<unknown[]>('crm.timeline.comment.list', { filter: { ENTITY_ID: item.id, ENTITY_TYPE: `DYNAMIC_${type.entityTypeId}` } });
    notes += result.length;
  }
  const companies = (await client.call<Array<{ TITLE: string }>>('crm.company.list', { select: ['TITLE'] })).result.map((company) => company.TITLE).sort();
  const contacts = (await client.call<unknown[]>('crm.contact.list', { select: ['ID'] })).result.length;
  const relations = (await client.call<{ type: { relations?: { parent?: Array<{ entityTypeId: number }> } } }>('crm.type.get', { id: type.id })).result.type.relations?.parent ?? [];
  return {
    types: types.length,
    fields,
    funnels: categories.map((category) => category.name).sort(),
    stages,
    companies,
    contacts,
    items: items.length,
    distinctXmlIds: new Set(items.map((item) => item.xmlId)).size,
    notes,
    parentRelations: relations.map((relation) => relation.entityTypeId).sort(),
  };
}

/** Runs `migrate` once on a fresh sandbox with the given answers dropped after commit; returns the run and what the portal holds. */
async function migrateWithDrops(scenario: Scenario, drops: Record<string, number>): Promise<{ code: number; stderr: string; stdout: string; state: PortalState; left: Record<string, number>; recorded: string[] }> {
  const sandbox = await startSandbox({ plan: 'unlimited' });
  opened.push(sandbox);
  const client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
  const folder = await mkdtemp(join(dir, 'run-'));
  const { file, args, entityTypeId } = await scenario.prepare(folder, client);
  for (const [method, count] of Object.entries(drops)) sandbox.faults.dropAfterCommitOf(method, count);
  const project = join(folder, 'project.spm.json');
  const env = { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(folder, 'data') };
  const run = await cli(['migrate', file, ...args, '--project', project, '--yes', '--json'], env);
  const left = { ...sandbox.faults.state().dropAfterCommitOf };
  const saved = await readFile(project, 'utf8').catch(() => undefined);
  if (saved === undefined) throw new Error(`migrate wrote no project (exit ${run.code}): ${run.stderr}${run.stdout.slice(-1500)}`);
  const parsed = JSON.parse(saved) as { id: string; createdClients?: { companies: Array<{ name: string }>; contacts: Array<{ name: string }> } };
  const code = String(parsed.id);
  // The clients the project records as its own: a client whose answer was lost and that was found again is one of them.
  const recorded = [...(parsed.createdClients?.companies ?? []).map((entry) => `company ${entry.name}`), ...(parsed.createdClients?.contacts ?? []).map((entry) => `contact ${entry.name}`)].sort();
  return { code: run.code, stderr: run.stderr, stdout: run.stdout, state: await portalState(client, code, entityTypeId), left, recorded };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-setup-faults-'));
});
afterAll(async () => {
  for (const sandbox of opened) await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

const SETUP_WRITES: Array<[Scenario, string[]]> = [
  [contracts, ['crm.type.add', 'crm.type.update', 'userfieldconfig.add', 'crm.status.update', 'crm.status.delete', 'crm.company.add', 'crm.contact.add', 'crm.timeline.comment.add']],
  [funnels, ['crm.category.add', 'crm.category.update', 'crm.status.add']],
  [into, ['userfieldconfig.update', 'userfieldconfig.add', 'crm.status.add']],
];

describe.each(SETUP_WRITES)('setup of $name under lost answers', (scenario, methods) => {
  let clean: PortalState;
  let cleanRecorded: string[];

  beforeAll(async () => {
    const run = await migrateWithDrops(scenario, {});
    expect(run.code, run.stderr + run.stdout.slice(-3000)).toBe(0);
    clean = run.state;
    cleanRecorded = run.recorded;
    // A scenario that creates clients records them, so the comparisons below can tell a lost one.
    if (methods.includes('crm.company.add')) expect(cleanRecorded.filter((entry) => entry.startsWith('company')).length).toBeGreaterThan(0);
    if (methods.includes('crm.contact.add')) expect(cleanRecorded.filter((entry) => entry.startsWith('contact')).length).toBeGreaterThan(0);
    expect(clean.types).toBe(1);
    expect(clean.items).toBe(scenario.rows);
  });

  it.each(methods)('one migrate finishes when the answer to %s is lost after the portal applied it', async (method) => {
    const run = await migrateWithDrops(scenario, { [method]: 1 });
    // The fault really fired: the drop was used up by a committed write of this method.
    expect(run.left[method] ?? 0, `${method} was never dropped: the scenario does not exercise it`).toBe(0);
    expect(run.code, `${run.stderr}\n${run.stdout.slice(-2000)}`).toBe(0);
    expect(run.state).toEqual(clean);
    expect(run.state.distinctXmlIds).toBe(scenario.rows);
    expect(run.recorded).toEqual(cleanRecorded);
  });

  it('one migrate finishes when every kind of setup answer is lost, twice each', async () => {
    const run = await migrateWithDrops(scenario, Object.fromEntries(methods.map((method) => [method, 2])));
    expect(run.code, `${run.stderr}\n${run.stdout.slice(-2000)}`).toBe(0);
    expect(run.state).toEqual(clean);
    expect(run.recorded).toEqual(cleanRecorded);
  });
});
