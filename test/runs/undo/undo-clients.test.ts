/**
 * Undo and the companies and contacts a migration created, over HTTP with
 * the sandbox portal: the project records exactly the clients it created
 * (not those it found, sync's new ones added), undo removes them only when
 * asked, never one it found, and keeps a created one that was edited in the
 * portal, is linked from a deal or is used by an item that stays; a lost
 * answer mid-delete is a failure line and a re-run finishes without
 * deleting anything else. Workflow templates go with a deleted smart
 * process when asked. An old project file without the record removes none.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitrixClient, type BitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import { sandboxAppSession } from '../../../shared/runs/automation/sandbox-app-session';
import type { CreatedClients } from '../../../shared/runs/migrate/created-clients';
import type { UndoResult } from '../../../shared/runs/undo/types';
import { planClients } from '../../../shared/runs/undo/plan-clients';
import { undoMigration } from '../../../shared/runs/undo/undo-migration';
import { undoneView } from '../../../shared/runs/undo/undo-record';
import { openEmbeddedSandbox } from '../../../sandbox/embedded-sandbox';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import type { ProjectFile } from '../../../shared/sheet/project/types';
import { cli } from '../migrate/cli-harness';
import { contractRows, writeContractsXlsx } from '../migrate/corpus';

let dir: string;
let sandbox: SandboxHandle;
let client: BitrixClient;
let env: Record<string, string>;

type Project = ProjectFile & { createdClients?: CreatedClients };

/** Contracts whose counterparty column cycles through `companies`. */
async function sheet(path: string, companies: readonly string[], rows: number): Promise<void> {
  await writeContractsXlsx(path, contractRows(rows).map((row, i) => [row[0], row[1], companies[i % companies.length]!, ...row.slice(3)]));
}

async function companyTitles(): Promise<string[]> {
  const { result } = await client.call<Array<{ TITLE: string }>>('crm.company.list', { select: ['ID', 'TITLE'], order: { ID: 'ASC' } });
  return result.map((company) => company.TITLE).sort();
}

async function companyId(title: string): Promise<number> {
  const { result } = await client.call<Array<{ ID: string }>>('crm.company.list', { filter: { TITLE: title }, select: ['ID'] });
  expect(result, title).toHaveLength(1);
  return Number(result[0]!.ID);
}

const readJson = async (path: string): Promise<Project> => JSON.parse(await readFile(path, 'utf8')) as Project;

async function migrate(name: string, companies: readonly string[], rows: number): Promise<{ path: string; project: Project }> {
  await sheet(join(dir, `${name}.xlsx`), companies, rows);
  const path = join(dir, `${name}.spm.json`);
  const run = await cli(['migrate', join(dir, `${name}.xlsx`), '--project', path, '--name', name, '--yes', '--json', '--no-automation'], env);
  expect(run.code, run.stderr).toBe(0);
  return { path, project: await readJson(path) };
}

/** Waits into the next second: the portal stamps change times in whole seconds. */
const nextSecond = (): Promise<void> => new Promise((done) => setTimeout(done, 1050 - (Date.now() % 1000)));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-undo-clients-'));
  sandbox = await startSandbox({ plan: 'unlimited' });
  client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
  env = { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(dir, 'data') };
  // Two companies the portal already has.
  for (const title of ['АО Вектор', 'ООО «Ромашка»']) await client.call('crm.company.add', { fields: { TITLE: title } });
});
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the clients a migration created', () => {
  it('are recorded (3 created, not the 2 found); sync adds the one it creates; undo removes them only when asked, never the found ones', async () => {
    const { path, project } = await migrate('first', ['АО Вектор', 'ООО «Ромашка»', 'ИП Кузнецов', 'ООО Север', 'ЗАО Юг'], 10);
    expect(project.createdClients).toMatchObject({ fromStart: true, contacts: [] });
    const recorded = project.createdClients!.companies;
    expect(recorded.map((entry) => entry.name).sort()).toEqual(['ЗАО Юг', 'ИП Кузнецов', 'ООО Север']);
    for (const entry of recorded) {
      expect(entry.id).toBe(await companyId(entry.name));
      expect(Number.isNaN(Date.parse(entry.at))).toBe(false);
    }

    // A week later the sheet names a new counterparty: sync creates it and adds it to the record.
    await sheet(join(dir, 'first.xlsx'), ['АО Вектор', 'ООО «Ромашка»', 'ИП Кузнецов', 'ООО Север', 'ЗАО Юг', 'ООО Новая'], 12);
    const sync = await cli(['sync', path, '--json'], env);
    expect(sync.code, sync.stderr).toBe(0);
    const afterSync = (await readJson(path)).createdClients!;
    expect(afterSync.companies.map((entry) => entry.name).sort()).toEqual(['ЗАО Юг', 'ИП Кузнецов', 'ООО Новая', 'ООО Север']);
    expect(afterSync.fromStart).toBe(true);
    expect(afterSync.companies.find((entry) => entry.name === 'ООО Новая')!.id).toBe(await companyId('ООО Новая'));

    // Without the option: offered, nothing removed.
    const dry = await cli(['undo', path, '--dry-run', '--json'], env);
    expect(dry.code, dry.stderr).toBe(0);
    const preview = dry.json as unknown as UndoResult;
    expect(preview.plan.clients).toMatchObject({ recorded: true, remove: false, kept: [], alreadyGone: 0 });
    expect(preview.plan.clients.removable.map((entry) => entry.name).sort()).toEqual(['ЗАО Юг', 'ИП Кузнецов', 'ООО Новая', 'ООО Север']);
    expect(preview.clients).toEqual({ deleted: 0, kept: 4, alreadyGone: 0, failed: 0 });
    expect(preview.plan.stays).toMatchObject({ clientColumns: ['Контрагент'], foundOnly: false, createdKept: 4 });
    expect(dry.stdout).toContain('Clients: 4 companies and 0 contacts this migration created');
    expect(dry.stdout).toContain('--remove-clients');

    const undo = await cli(['undo', path, '--json'], env);
    expect(undo.code, undo.stderr).toBe(0);
    expect(undo.json).toMatchObject({ complete: true, type: 'deleted', clients: { deleted: 0, kept: 4 } });
    expect(await companyTitles()).toEqual(['АО Вектор', 'ЗАО Юг', 'ИП Кузнецов', 'ООО «Ромашка»', 'ООО Новая', 'ООО Север']);
    // The project card reads what stays from the file alone: the 4 created companies, the smart process gone.
    expect(undoneView(await readJson(path))).toMatchObject({ finished: true, complete: true, notDeleted: 0, clientsLeft: 4, typeKept: false });

    // Undone already; asked now, it removes exactly the created ones.
    const dryRemove = await cli(['undo', path, '--dry-run', '--remove-clients', '--json'], env);
    expect(dryRemove.json).toMatchObject({ dryRun: true, complete: true, clients: { deleted: 4, kept: 0 } });
    expect(await companyTitles()).toHaveLength(6);
    const remove = await cli(['undo', path, '--remove-clients', '--json'], env);
    expect(remove.code, remove.stderr).toBe(0);
    expect(remove.json).toMatchObject({ complete: true, clients: { deleted: 4, kept: 0, alreadyGone: 0, failed: 0 } });
    expect(remove.stdout).toContain('4 removed');
    expect(await companyTitles()).toEqual(['АО Вектор', 'ООО «Ромашка»']);
    expect(undoneView(await readJson(path))).toMatchObject({ complete: true, clientsLeft: 0 });
  });

  it('keeps an edited, a deal-linked and an item-used one with the reason; a lost answer is a failure line; a re-run deletes nothing else', async () => {
    const names = ['АО Вектор', 'ООО Запад', 'ООО Восток', 'ИП Орлов', 'ООО Лес', 'ООО Поле', 'ООО Река'];
    const { path, project } = await migrate('second', names, 14);
    expect(project.createdClients!.companies.map((entry) => entry.name).sort()).toEqual(['ИП Орлов', 'ООО Восток', 'ООО Запад', 'ООО Лес', 'ООО Поле', 'ООО Река']);
    const entityTypeId = project.smartProcess.entityTypeId!;
    const [west, east, orlov] = [await companyId('ООО Запад'), await companyId('ООО Восток'), await companyId('ИП Орлов')];

    // In the portal: someone edits “ООО Запад”, links a deal to “ООО Восток”, and edits the item of row Д-0004 (company “ИП Орлов”).
    await nextSecond();
    await client.call('crm.company.update', { id: west, fields: { COMMENTS: 'наш постоянный клиент' } });
    const deal = Number((await client.call('crm.deal.add', { fields: { TITLE: 'Поставка', COMPANY_ID: east } })).result);
    const { result } = await client.call<{ items: Array<{ id: number }> }>('crm.item.list', { entityTypeId, filter: { xmlId: `${project.id}:Д-0004` }, select: ['id'] });
    const editedItem = result.items[0]!.id;
    await client.call('crm.item.update', { entityTypeId, id: editedItem, fields: { opportunity: 123456 } });

    const dry = await cli(['undo', path, '--dry-run', '--remove-clients', '--json'], env);
    const plan = (dry.json as unknown as UndoResult).plan;
    expect(plan.clients.removable.map((entry) => entry.name).sort()).toEqual(['ООО Лес', 'ООО Поле', 'ООО Река']);
    expect(plan.clients.kept).toEqual(
      expect.arrayContaining([
        { kind: 'company', id: west, name: 'ООО Запад', reason: 'edited' },
        { kind: 'company', id: east, name: 'ООО Восток', reason: 'linked', links: [{ kind: 'deal', id: deal }] },
        { kind: 'company', id: orlov, name: 'ИП Орлов', reason: 'used-by-item', links: [{ kind: 'item', id: editedItem }] },
      ]),
    );
    expect(plan.clients.kept).toHaveLength(3);
    expect(plan.stays).toMatchObject({ foundOnly: true, createdKept: 3 });
    expect(dry.stdout).toMatch(/kept company \d+ “ООО Запад”: edited in the portal/);
    expect(dry.stdout).toContain(`linked from deal ${deal}`);

    // The network fails while deleting: two sends refused with 500, the third committed but its answer lost.
    const run = await undoMigration(
      { projectPath: path, client, portal: project.portal, removeClients: true, confirmItems: 13, confirmClients: 3 },
      {
        signal: new AbortController().signal,
        onProgress: (progress) => {
          if (progress.phase === 'clients' && progress.done === 0) {
            sandbox.faults.failNext(500, 2);
            sandbox.faults.dropAfterCommitOf('crm.company.delete', 1);
          }
        },
      },
    );
    sandbox.faults.clear();
    expect(run).toMatchObject({ complete: false, items: { deleted: 13, kept: 1 }, clients: { deleted: 0, failed: 3 } });
    expect(run.failures.map((failure) => [failure.what, failure.name, failure.code, failure.method])).toEqual(
      expect.arrayContaining([
        ['company', 'ООО Лес', 'PORTAL_NETWORK', 'crm.company.delete'],
        ['company', 'ООО Поле', 'PORTAL_NETWORK', 'crm.company.delete'],
        ['company', 'ООО Река', 'PORTAL_NETWORK', 'crm.company.delete'],
      ]),
    );
    expect(run.failures[0]!.message).toContain('did not confirm the deletion');
    // The third send went through: the three are gone although no answer said so.
    expect(await companyTitles()).toEqual(['АО Вектор', 'ИП Орлов', 'ООО «Ромашка»', 'ООО Восток', 'ООО Запад']);

    const rerun = await cli(['undo', path, '--remove-clients', '--json'], env);
    expect(rerun.code).toBe(1);
    expect(rerun.json).toMatchObject({ items: { deleted: 0, kept: 1 }, clients: { deleted: 0, alreadyGone: 3, failed: 0, kept: 3 } });
    expect(await companyTitles()).toEqual(['АО Вектор', 'ИП Орлов', 'ООО «Ромашка»', 'ООО Восток', 'ООО Запад']);

    // The stronger choice: the edited item and the edited company go; the company a deal links never does.
    const forced = await cli(['undo', path, '--remove-clients', '--force', '--json'], env);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.json).toMatchObject({ complete: true, type: 'deleted', items: { deleted: 1 }, clients: { deleted: 2, kept: 1 } });
    expect((forced.json as unknown as UndoResult).plan.clients.kept).toEqual([{ kind: 'company', id: east, name: 'ООО Восток', reason: 'linked', links: [{ kind: 'deal', id: deal }] }]);
    expect(await companyTitles()).toEqual(['АО Вектор', 'ООО «Ромашка»', 'ООО Восток']);
  });

  it('keeps a created company that an item of another smart process links (another sheet found it there)', async () => {
    const { path } = await migrate('third', ['ООО Гора', 'ООО Долина'], 4);
    const mountain = await companyId('ООО Гора');
    const other = await client.call<{ type: { entityTypeId: number } }>('crm.type.add', { fields: { title: 'Поставки', isClientEnabled: 'Y' } });
    const otherTypeId = other.result.type.entityTypeId;
    const linked = await client.call<{ item: { id: number } }>('crm.item.add', { entityTypeId: otherTypeId, fields: { title: 'Поставка цемента', companyId: mountain } });
    const dry = await cli(['undo', path, '--dry-run', '--remove-clients', '--json'], env);
    const plan = (dry.json as unknown as UndoResult).plan;
    expect(plan.clients.removable.map((entry) => entry.name)).toEqual(['ООО Долина']);
    expect(plan.clients.kept).toEqual([{ kind: 'company', id: mountain, name: 'ООО Гора', reason: 'linked', links: [{ kind: 'item', id: linked.result.item.id }] }]);
  });

  it('keeps a created company while a created contact that works there stays', async () => {
    const at = new Date().toISOString();
    const company = Number((await client.call('crm.company.add', { fields: { TITLE: 'ООО Берег' } })).result);
    const contact = Number((await client.call('crm.contact.add', { fields: { NAME: 'Анна', LAST_NAME: 'Лодкина', COMPANY_ID: company } })).result);
    await nextSecond();
    await client.call('crm.contact.update', { id: contact, fields: { COMMENTS: 'наш бухгалтер' } });
    const project = { createdClients: { companies: [{ id: company, name: 'ООО Берег', at }], contacts: [{ id: contact, name: 'Анна Лодкина', at }], since: at, fromStart: true } };
    const plan = await planClients(client, project, [], { remove: true, force: false });
    expect(plan.removable).toEqual([]);
    expect(plan.kept).toEqual([
      { kind: 'contact', id: contact, name: 'Анна Лодкина', reason: 'edited' },
      { kind: 'company', id: company, name: 'ООО Берег', reason: 'linked', links: [{ kind: 'contact', id: contact }] },
    ]);
  });

  it('a sheet migrated again after an undo that left its clients can still remove them', async () => {
    const first = await migrate('fourth', ['ООО Утёс'], 3);
    const undo = await cli(['undo', first.path, '--json'], env);
    expect(undo.code, undo.stderr).toBe(0);
    expect(await companyTitles()).toContain('ООО Утёс');
    const again = await migrate('fourth', ['ООО Утёс'], 3);
    expect(again.project.createdClients!.companies.map((entry) => entry.name)).toEqual(['ООО Утёс']);
    const remove = await cli(['undo', again.path, '--remove-clients', '--json'], env);
    expect(remove.code, remove.stderr).toBe(0);
    expect(remove.json).toMatchObject({ complete: true, clients: { deleted: 1 } });
    expect(await companyTitles()).not.toContain('ООО Утёс');
  });

  it('an old project file without the record removes none and says why', async () => {
    const { path, project } = await migrate('old', ['ООО Старая', 'АО Вектор'], 4);
    expect(project.createdClients!.companies.map((entry) => entry.name)).toEqual(['ООО Старая']);
    const { createdClients: _dropped, ...old } = project;
    await writeFile(path, JSON.stringify(old, null, 2));

    const dry = await cli(['undo', path, '--dry-run', '--remove-clients', '--json'], env);
    expect(dry.code, dry.stderr).toBe(0);
    const result = dry.json as unknown as UndoResult;
    expect(result.plan.clients).toMatchObject({ recorded: false, removable: [], kept: [] });
    expect(result.clients.deleted).toBe(0);
    expect(result.plan.warnings.join(' ')).toContain('before the tool recorded which companies and contacts it created');
    expect(dry.stdout).toContain('does not record which ones the migration created');
    const undo = await cli(['undo', path, '--remove-clients', '--json'], env);
    expect(undo.json).toMatchObject({ complete: true, clients: { deleted: 0 } });
    expect(await companyTitles()).toContain('ООО Старая');
  });
});

describe('workflow templates the migration installed', () => {
  it('stay unless asked; removed through the application once the smart process is deleted', async () => {
    const data = join(dir, 'embedded');
    const localEnv = { SPM_DATA_DIR: data };
    await sheet(join(dir, 'wf.xlsx'), ['ООО Один', 'ООО Два'], 6);
    const run = await cli(['migrate', join(dir, 'wf.xlsx'), '--json'], localEnv);
    expect(run.code, run.stderr).toBe(0);
    const path = run.json!['project'] as string;
    const entityTypeId = run.json!['entityTypeId'] as number;
    const templates = async (): Promise<string[]> => {
      const embedded = await openEmbeddedSandbox(data, { plan: 'unlimited' });
      try {
        const app = sandboxAppSession(embedded.appEndpoint, embedded.appAccessToken);
        return (await app.call<Array<{ NAME: string }>>('bizproc.workflow.template.list', { SELECT: ['ID', 'NAME'], FILTER: { DOCUMENT_TYPE: `DYNAMIC_${entityTypeId}` } })).result.map((t) => t.NAME);
      } finally {
        await embedded.close();
      }
    };
    const installed = await templates();
    expect(installed).toHaveLength(1);

    const dry = await cli(['undo', path, '--dry-run', '--json'], localEnv);
    const preview = dry.json as unknown as UndoResult;
    expect(preview.plan.workflows).toEqual({ remove: false, removable: [expect.objectContaining({ name: installed[0] })], kept: [] });
    expect(preview.plan.stays?.workflows).toEqual(installed);
    expect(dry.stdout).toContain('--remove-workflows');

    const undo = await cli(['undo', path, '--remove-workflows', '--remove-clients', '--json'], localEnv);
    expect(undo.code, undo.stderr).toBe(0);
    expect(undo.json).toMatchObject({ complete: true, type: 'deleted', workflows: { deleted: 1, failed: 0 }, clients: { deleted: 2 } });
    expect((undo.json as unknown as UndoResult).plan.stays).toMatchObject({ workflows: [] });
    expect(await templates()).toEqual([]);
    // The project no longer lists them, so a later undo neither offers them nor says they stay.
    const again = await cli(['undo', path, '--dry-run', '--json'], localEnv);
    expect((again.json as unknown as UndoResult).plan.workflows).toEqual({ remove: false, removable: [], kept: [] });
    expect((JSON.parse(await readFile(path, 'utf8')) as { automation: { installed: unknown[] } }).automation.installed).toEqual([]);
  });
});
