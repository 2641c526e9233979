/**
 * Links: a deal column links each item to its parent deal
 * (`parentId2`, by id or exact title; the type gets the deal relation), a
 * contact column finds contacts by e-mail/phone through
 * `crm.duplicate.findbycomm` before creating any, and with creating clients
 * off nothing is created and every unlinked value is reported per row.
 * Everything is read back from the sandbox portal.
 */
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

const HEADERS = [...CONTRACT_HEADERS, 'Сделка', 'Контакт'];
let dir: string;
const opened: SandboxHandle[] = [];

interface Portal {
  sandbox: SandboxHandle;
  client: BitrixClient;
  env: Record<string, string>;
  deals: { supply: number; other: number };
  contacts: { byEmail: number; byPhone: number };
  vector: number;
}

/** A portal with deals (two share a title), two contacts (one by e-mail, one by phone) and the company “АО Вектор”. */
async function portal(): Promise<Portal> {
  const sandbox = await startSandbox({ plan: 'unlimited' });
  opened.push(sandbox);
  const client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
  const add = async (method: string, fields: Record<string, unknown>): Promise<number> => Number((await client.call(method, { fields })).result);
  const supply = await add('crm.deal.add', { TITLE: 'Поставка Ромашка' });
  const other = await add('crm.deal.add', { TITLE: 'Годовой контракт' });
  await add('crm.deal.add', { TITLE: 'Дубль' });
  await add('crm.deal.add', { TITLE: 'Дубль' });
  const byEmail = await add('crm.contact.add', { NAME: 'Иван', LAST_NAME: 'Орлов', EMAIL: [{ VALUE: 'Ivan.Orlov@example.ru', VALUE_TYPE: 'WORK' }] });
  const byPhone = await add('crm.contact.add', { NAME: 'Ольга', LAST_NAME: 'Зайцева', PHONE: [{ VALUE: '+7 (912) 000-11-22', VALUE_TYPE: 'MOBILE' }] });
  const vector = await add('crm.company.add', { TITLE: 'АО Вектор' });
  return { sandbox, client, env: { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(dir, 'data') }, deals: { supply, other }, contacts: { byEmail, byPhone }, vector };
}

/** Deal and contact cells per row (8 rows; row i is sheet row i + 4). */
function linkCells(p: Portal): Array<[string, string]> {
  return [
    [`D_${p.deals.supply}`, 'ivan.orlov@example.ru'],
    [String(p.deals.other), '+7 912 000 11 22'],
    ['Поставка Ромашка', 'Новый Клиент <new.client@example.ru>'],
    ['Дубль', '+7 999 555-44-33'],
    ['Нет такой сделки', 'Пётр Сидоров'],
    ['', 'ivan.orlov@example.ru; +7 (912) 000-11-22'],
    ['', ''],
    [`D_${p.deals.supply}`, 'new.client@example.ru'],
  ];
}

async function sheet(file: string, p: Portal): Promise<void> {
  const cells = linkCells(p);
  await writeContractsXlsx(file, contractRows(cells.length).map((row, i) => [...row, ...cells[i]!]), HEADERS);
}

type Item = { xmlId: string; parentId2: number | null; contactIds: number[]; companyId: number | null };

async function items(client: BitrixClient, entityTypeId: number): Promise<Item[]> {
  const { result } = await client.call<{ items: Item[] }>('crm.item.list', { entityTypeId, select: ['id', 'xmlId', 'parentId2', 'contactIds', 'companyId'], order: { id: 'ASC' } });
  return result.items.sort((a, b) => a.xmlId.localeCompare(b.xmlId));
}

async function contacts(client: BitrixClient): Promise<Array<{ ID: string; NAME: string; EMAIL?: Array<{ VALUE: string }>; PHONE?: Array<{ VALUE: string }> }>> {
  return (await client.call<Array<{ ID: string; NAME: string }>>('crm.contact.list', { select: ['ID', 'NAME', 'LAST_NAME', 'EMAIL', 'PHONE'], order: { ID: 'ASC' } })).result;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-e2e-links-'));
  await writeFile(join(dir, 'mapping.json'), JSON.stringify({ columns: { Сделка: 'parentId2', Контакт: 'contactIds' } }));
});
afterAll(async () => {
  for (const sandbox of opened) await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

describe('links to deals, companies and contacts', () => {
  it('links parent deals by id and title, finds contacts by e-mail and phone first, creates only what is missing', async () => {
    const p = await portal();
    const file = join(dir, 'create.xlsx');
    await sheet(file, p);
    const mapping = join(dir, 'mapping.json');
    const project = join(dir, 'create.spm.json');

    const plan = await cli(['plan', file, '--mapping', mapping, '--project', project, '--json'], p.env);
    expect(plan.code, plan.stderr).toBe(0);
    const ops = plan.json!['operations'] as Array<{ method: string; summary: string }>;
    expect(ops.some((op) => op.method === 'crm.type.update' && /link deals/.test(op.summary))).toBe(true);
    // Exactly the missing clients: two companies, and the three contacts no e-mail/phone/name finds.
    expect(ops.filter((op) => op.method === 'crm.company.add').map((op) => op.summary).sort()).toEqual(['company “ИП Кузнецов”', 'company “ООО «Ромашка»”']);
    // “Новый Клиент <new.client@example.ru>” and “new.client@example.ru” are one contact, created once.
    expect(ops.filter((op) => op.method === 'crm.contact.add').map((op) => op.summary).sort()).toEqual(['contact “+7 999 555-44-33”', 'contact “Новый Клиент <new.client@example.ru>”', 'contact “Пётр Сидоров”']);
    const findCalls = p.sandbox.stats().calls['crm.duplicate.findbycomm'] ?? 0;
    expect(findCalls).toBeGreaterThan(0);
    expect(p.sandbox.stats().calls['crm.contact.add'] ?? 0).toBe(2);

    const run = await cli(['migrate', file, '--mapping', mapping, '--project', project, '--yes', '--json'], p.env);
    expect(run.code, run.stderr).toBe(0);
    const result = run.json!;
    expect(result['items']).toMatchObject({ created: 8, failed: 0 });
    const warnings = result['warnings'] as string[];
    expect(warnings).toContainEqual(expect.stringMatching(/^Row 7, column “Сделка”: several deals are titled “Дубль”/));
    expect(warnings).toContainEqual(expect.stringMatching(/^Row 8, column “Сделка”: no deal “Нет такой сделки” in the portal/));

    const entityTypeId = result['entityTypeId'] as number;
    const type = (await p.client.call<{ type: { relations: { parent: Array<{ entityTypeId: number }> } } }>('crm.type.getByEntityTypeId', { entityTypeId })).result.type;
    expect(type.relations.parent.map((relation) => relation.entityTypeId)).toContain(2);

    const all = await contacts(p.client);
    // Nothing duplicated: the e-mail and phone contacts exist once; new ones carry their e-mail/phone.
    expect(all.filter((c) => (c.EMAIL ?? []).some((e) => e.VALUE.toLowerCase() === 'ivan.orlov@example.ru'))).toHaveLength(1);
    const newByMail = all.filter((c) => (c.EMAIL ?? []).some((e) => e.VALUE === 'new.client@example.ru'));
    expect(newByMail.map((c) => c.NAME)).toEqual(['Клиент']);
    const newByPhone = all.find((c) => (c.PHONE ?? []).some((e) => e.VALUE === '+7 999 555-44-33'))!;
    // Russian names are written surname first (splitContactName): “Пётр Сидоров” is NAME Сидоров.
    const petr = all.find((c) => c.NAME === 'Сидоров')!;
    const named = all.find((c) => c.NAME === 'Клиент')!;

    const byRow = await items(p.client, entityTypeId);
    expect(byRow.map((item) => item.parentId2 ?? null)).toEqual([p.deals.supply, p.deals.other, p.deals.supply, null, null, null, null, p.deals.supply]);
    expect(byRow.map((item) => item.contactIds)).toEqual([
      [p.contacts.byEmail],
      [p.contacts.byPhone],
      [Number(named.ID)],
      [Number(newByPhone.ID)],
      [Number(petr.ID)],
      [p.contacts.byEmail, p.contacts.byPhone],
      [],
      [Number(named.ID)],
    ]);
    expect(byRow[1]!.companyId).toBe(p.vector);

    // A second sync changes nothing and creates nothing more.
    const before = (await contacts(p.client)).length;
    const synced = await cli(['sync', project, '--json'], p.env);
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.json!['diff']).toEqual([]);
    expect(synced.json!['items']).toMatchObject({ created: 0, updated: 0, failed: 0 });
    expect((await contacts(p.client)).length).toBe(before);

    // The project records exactly the clients it created (none it found), so an undo can offer to remove those and only those.
    const record = (JSON.parse(await readFile(project, 'utf8')) as { createdClients: { companies: Array<{ id: number; name: string }>; contacts: Array<{ id: number; name: string }> } }).createdClients;
    expect(record.companies.map((entry) => entry.name).sort()).toEqual(['ИП Кузнецов', 'ООО «Ромашка»']);
    const createdContacts = [Number(named.ID), Number(newByPhone.ID), Number(petr.ID)].sort((a, b) => a - b);
    expect(record.contacts.map((entry) => entry.id).sort((a, b) => a - b)).toEqual(createdContacts);
    const undo = await cli(['undo', project, '--dry-run', '--remove-clients', '--json'], p.env);
    expect(undo.code, undo.stderr).toBe(0);
    const clients = (undo.json!['plan'] as { clients: { removable: Array<{ kind: string; id: number }>; kept: unknown[] } }).clients;
    expect(clients.removable.filter((entry) => entry.kind === 'contact').map((entry) => entry.id).sort((a, b) => a - b)).toEqual(createdContacts);
    expect(clients.removable.filter((entry) => entry.kind === 'company')).toHaveLength(2);
    expect(clients.kept).toEqual([]);
    expect(undo.json!['clients']).toMatchObject({ deleted: 5, kept: 0 });
  });

  it('with creating clients off: nothing is created, each unlinked value is reported on its row, the items still load', async () => {
    const p = await portal();
    const file = join(dir, 'nocreate.xlsx');
    await sheet(file, p);
    const project = join(dir, 'nocreate.spm.json');
    const mapping = join(dir, 'mapping.json');

    const plan = await cli(['plan', file, '--mapping', mapping, '--project', project, '--no-create-clients', '--json'], p.env);
    expect(plan.code, plan.stderr).toBe(0);
    const ops = plan.json!['operations'] as Array<{ method: string }>;
    expect(ops.filter((op) => op.method === 'crm.company.add' || op.method === 'crm.contact.add')).toEqual([]);

    const run = await cli(['migrate', file, '--mapping', mapping, '--project', project, '--no-create-clients', '--yes', '--json'], p.env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json!['items']).toMatchObject({ created: 8, failed: 0 });
    const warnings = run.json!['warnings'] as string[];
    expect(warnings).toContainEqual(expect.stringMatching(/^Rows 4, 7, 10, column “Контрагент”: no company “ООО «Ромашка»” in the portal; the item is created without it \(creating clients is off\)/));
    expect(warnings).toContainEqual(expect.stringMatching(/^Row 7, column “Контакт”: no contact “\+7 999 555-44-33” in the portal/));
    expect(warnings).toContainEqual(expect.stringMatching(/^Row 8, column “Контакт”: no contact “Пётр Сидоров”/));
    expect(p.sandbox.stats().calls['crm.contact.add'] ?? 0).toBe(2);
    expect(p.sandbox.stats().calls['crm.company.add'] ?? 0).toBe(1);
    expect((await contacts(p.client)).length).toBe(2);

    const byRow = await items(p.client, run.json!['entityTypeId'] as number);
    expect(byRow.map((item) => item.contactIds)).toEqual([[p.contacts.byEmail], [p.contacts.byPhone], [], [], [], [p.contacts.byEmail, p.contacts.byPhone], [], []]);
    expect(byRow.map((item) => item.companyId ?? null)).toEqual([null, p.vector, null, null, p.vector, null, null, p.vector]);
    // The choice is kept in the project, so a later sync does not create them either.
    const synced = await cli(['sync', project, '--json'], p.env);
    expect(synced.code, synced.stderr).toBe(0);
    expect(p.sandbox.stats().calls['crm.contact.add'] ?? 0).toBe(2);
  });
});
