/**
 * Into an existing smart process, over real HTTP: a smart
 * process made through REST first (fields, renamed stages, workflows off),
 * then the contracts sheet planned and migrated into it. Columns go into
 * the fields with their labels, list values into the existing items, stage
 * values into the stages of the same name; only what is missing is created;
 * a column whose values do not fit is reported and stops the run; nothing
 * that existed is changed; the project records what existed; sync works.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitrixClient, type BitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import type { ProjectFile } from '../../../shared/sheet/project/types';
import { cli } from './cli-harness';
import { contractRows, writeContractsXlsx } from './corpus';

let dir: string;
let sandbox: SandboxHandle;
let client: BitrixClient;
let env: Record<string, string>;
let typeId = 0;
let entityTypeId = 0;
const file = (): string => join(dir, 'contracts.xlsx');
const projectPath = (): string => join(dir, 'into.spm.json');
const mappingPath = (): string => join(dir, 'mapping.json');

type Stage = { ID: string; STATUS_ID: string; NAME: string; SORT: string; SEMANTICS: string | null; COLOR: string };

async function stages(): Promise<Stage[]> {
  const { result } = await client.call<Stage[]>('crm.status.list', { filter: { ENTITY_ID: `DYNAMIC_${entityTypeId}_STAGE_${await categoryId()}` }, order: { SORT: 'ASC' } });
  return result;
}

async function categoryId(): Promise<number> {
  const { result } = await client.call<{ categories: Array<{ id: number; isDefault: string }> }>('crm.category.list', { entityTypeId });
  return Number(result.categories.find((c) => c.isDefault === 'Y')!.id);
}

async function fields(): Promise<Array<{ id: string; fieldName: string; userTypeId: string; multiple: string; editFormLabel: Record<string, string> | null }>> {
  const { result } = await client.call<{ fields: Array<{ id: string; fieldName: string; userTypeId: string; multiple: string; editFormLabel: Record<string, string> | null }> }>('userfieldconfig.list', {
    moduleId: 'crm',
    select: { 0: '*', language: 'ru' },
    filter: { entityId: `CRM_${typeId}` },
  });
  return result.fields;
}

async function enumValues(id: string): Promise<string[]> {
  const { result } = await client.call<{ field: { enum: Array<{ value: string }> } }>('userfieldconfig.get', { moduleId: 'crm', id });
  return result.field.enum.map((item) => item.value);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-into-'));
  sandbox = await startSandbox({ plan: 'unlimited' });
  client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
  env = { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(dir, 'data') };
  await writeContractsXlsx(file(), contractRows(40));
  // The administrator's own smart process, made in the portal before the tool came along.
  const { result } = await client.call<{ type: { id: number; entityTypeId: number } }>(
    'crm.type.add',
    {
      fields: {
        title: 'Договоры (отдел продаж)',
        isStagesEnabled: 'Y',
        isClientEnabled: 'Y',
        isLinkWithProductsEnabled: 'Y',
        isBeginCloseDatesEnabled: 'Y',
        isUseInUserfieldEnabled: 'Y',
        isBizProcEnabled: 'N',
        isAutomationEnabled: 'N',
      },
    },
    { write: true },
  );
  typeId = result.type.id;
  entityTypeId = result.type.entityTypeId;
  const add = (fieldName: string, userTypeId: string, label: Record<string, string>, extra: Record<string, unknown> = {}) =>
    client.call('userfieldconfig.add', { moduleId: 'crm', field: { entityId: `CRM_${typeId}`, fieldName: `UF_CRM_${typeId}_${fieldName}`, userTypeId, editFormLabel: label, ...extra } }, { write: true });
  await add('1700000001', 'enumeration', { ru: 'МЕТКИ ', en: 'Tags' }, { multiple: 'Y', enum: [{ value: 'Опт', sort: 10 }, { value: 'VIP', sort: 20 }] });
  await add('1700000002', 'integer', { ru: 'Срочный', en: 'Urgent' });
  await add('1700000003', 'datetime', { ru: 'Дата  подписания', en: 'Signed on' });
  await add('COMMENT', 'string', { ru: 'Комментарий', en: 'Comment' });
  const before = await stages();
  const byCode = (code: string) => before.find((s) => s.STATUS_ID.endsWith(`:${code}`))!;
  await client.call('crm.status.update', { id: Number(byCode('NEW').ID), fields: { NAME: 'новая' } }, { write: true });
  await client.call('crm.status.update', { id: Number(byCode('SUCCESS').ID), fields: { NAME: 'Успешно' } }, { write: true });
  // The date column as a custom date field, so it meets the existing date-and-time field.
  await writeFile(mappingPath(), JSON.stringify({ columns: { 'Дата подписания': { type: 'date' } } }));
});
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('migrate --into an existing smart process', () => {
  let stagesBefore: Stage[] = [];
  let fieldsBefore: Awaited<ReturnType<typeof fields>> = [];

  it('plans: label matches, a misfit reported with column, field, why and fix, nothing written', async () => {
    stagesBefore = await stages();
    fieldsBefore = await fields();
    const writes = sandbox.stats().rowsWritten;
    const run = await cli(['plan', file(), '--into', String(entityTypeId), '--mapping', mappingPath(), '--project', projectPath(), '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(sandbox.stats().rowsWritten).toBe(writes);
    const json = run.json as { summary: Record<string, unknown>; operations: Array<{ method: string; summary: string }>; warnings: string[]; into: { fields: Array<{ column: string; status: string; fieldName: string; newItems?: string[] }>; stages: Array<{ name: string; status: string; into?: string }>; problems: Array<{ column: string; field: string; message: string; hint: string }> } };
    expect(json.summary).toMatchObject({ smartProcess: 'into', title: 'Договоры (отдел продаж)', flagsToSet: [] });
    expect(json.operations.some((op) => op.method.startsWith('crm.type.'))).toBe(false);
    const byColumn = Object.fromEntries(json.into.fields.map((f) => [f.column, f]));
    expect(byColumn['Метки']).toMatchObject({ status: 'matched', fieldName: `UF_CRM_${typeId}_1700000001`, newItems: ['розница', 'срочно'] });
    expect(byColumn['Дата подписания']).toMatchObject({ status: 'matched', fieldName: `UF_CRM_${typeId}_1700000003` });
    expect(byColumn['Срочный']).toMatchObject({ status: 'conflict', fieldName: `UF_CRM_${typeId}_1700000002` });
    expect(byColumn['№']).toMatchObject({ status: 'new' });
    expect(json.into.problems).toHaveLength(1);
    expect(json.into.problems[0]).toMatchObject({ column: 'Срочный', field: `UF_CRM_${typeId}_1700000002` });
    expect(json.into.problems[0]!.message).toMatch(/yes\/no values and the field is a whole number field/);
    expect(json.into.problems[0]!.hint).toMatch(/Skip the column/);
    expect(Object.fromEntries(json.into.stages.map((s) => [s.name, s.status]))).toEqual({ Новая: 'matched', 'На согласовании': 'new', Подписан: 'matched', Отклонён: 'new' });
    expect(json.into.stages.find((s) => s.name === 'Подписан')?.into).toBe('Успешно');
    expect(json.warnings.join('\n')).toMatch(/workflows .* off; this tool does not change/);
    expect(run.stdout).toMatch(/Problems \(migrate refuses until each is fixed\)/);
  });

  it('refuses to migrate while a column does not fit, changing nothing', async () => {
    const writes = sandbox.stats().rowsWritten;
    const run = await cli(['migrate', file(), '--into', String(entityTypeId), '--mapping', mappingPath(), '--project', projectPath(), '--no-automation', '--yes', '--json'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot go into “Договоры \(отдел продаж\)”/);
    expect((run.json as { error: { where?: { column?: string } } }).error.where?.column).toBe('Срочный');
    expect(sandbox.stats().rowsWritten).toBe(writes);
  });

  it('reports a column whose built-in field is switched off in the type, with the setting to switch on', async () => {
    const { result } = await client.call<{ type: { entityTypeId: number } }>('crm.type.add', { fields: { title: 'Без клиентов', isStagesEnabled: 'Y' } }, { write: true });
    const run = await cli(['plan', file(), '--into', String(result.type.entityTypeId), '--project', join(dir, 'no-clients.spm.json'), '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const problems = (run.json as { into: { problems: Array<{ column: string; field: string; hint: string }> } }).into.problems;
    expect(problems.find((p) => p.column === 'Контрагент')).toMatchObject({ field: 'companyId', hint: expect.stringMatching(/Switch on “Client field”/) });
  });

  it('refuses an entityTypeId the portal does not have', async () => {
    const run = await cli(['plan', file(), '--into', '1998', '--project', join(dir, 'other.spm.json')], env);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/no smart process with entityTypeId 1998/);
  });

  it('migrates into it once the column is skipped: only the missing field and stages are created', async () => {
    await writeFile(mappingPath(), JSON.stringify({ columns: { 'Дата подписания': { type: 'date' }, Срочный: 'skip' } }));
    const run = await cli(['migrate', file(), '--into', String(entityTypeId), '--mapping', mappingPath(), '--project', projectPath(), '--yes', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const result = run.json as { entityTypeId: number; typeId: number; items: { created: number }; automation: { mode: string; warnings: string[] } };
    expect(result).toMatchObject({ entityTypeId, typeId, items: { created: 40 } });
    // The existing smart process keeps its own automation: no starter workflow is added unasked.
    expect(result.automation.mode).toBe('skipped');
    expect(result.automation.warnings[0]).toMatch(/spmigrate automation .* --install/);

    // Fields: the four that were there, unchanged, plus the one for “№”; no duplicate “Метки”.
    const after = await fields();
    expect(after).toHaveLength(fieldsBefore.length + 1);
    for (const field of fieldsBefore) expect(after.find((f) => f.id === field.id)).toMatchObject({ fieldName: field.fieldName, userTypeId: field.userTypeId, multiple: field.multiple, editFormLabel: field.editFormLabel });
    const added = after.find((f) => !fieldsBefore.some((b) => b.id === f.id))!;
    expect(added.editFormLabel?.['ru']).toBe('№');
    const tags = after.find((f) => f.fieldName.endsWith('_1700000001'))!;
    expect(await enumValues(tags.id)).toEqual(['Опт', 'VIP', 'розница', 'срочно']);

    // Stages: the existing ones untouched (name, sort, colour); two added in the right places.
    const now = await stages();
    for (const stage of stagesBefore) expect(now.find((s) => s.ID === stage.ID)).toMatchObject({ NAME: stage.NAME, SORT: stage.SORT, COLOR: stage.COLOR });
    const fresh = now.filter((s) => !stagesBefore.some((b) => b.ID === s.ID));
    expect(fresh.map((s) => [s.NAME, s.SEMANTICS || ''])).toEqual([
      ['На согласовании', ''],
      ['Отклонён', 'F'],
    ]);
    const order = now.map((s) => s.NAME);
    expect(order.indexOf('На согласовании')).toBeLessThan(order.indexOf('Успешно'));

    // The type's settings: untouched.
    const { result: type } = await client.call<{ type: Record<string, unknown> }>('crm.type.get', { id: typeId });
    expect(type.type).toMatchObject({ title: 'Договоры (отдел продаж)', isBizProcEnabled: 'N', isAutomationEnabled: 'N' });

    // Items: in the existing type, each in its stage, list values as the existing items, the date in the date-and-time field.
    const { result: listed } = await client.call<{ items: Array<Record<string, unknown>> }>('crm.item.list', { entityTypeId, select: ['*'], useOriginalUfNames: 'Y', start: -1 });
    expect(listed.items).toHaveLength(40);
    const rows = contractRows(40);
    const first = listed.items.find((item) => String(item['xmlId']).endsWith(`:${rows[0]![0]}`))!;
    expect(first['stageId']).toBe(`DT${entityTypeId}_${await categoryId()}:NEW`);
    const optId = (await client.call<{ field: { enum: Array<{ id: string; value: string }> } }>('userfieldconfig.get', { moduleId: 'crm', id: tags.id })).result.field.enum.find((e) => e.value === 'Опт')!.id;
    expect(first[`UF_CRM_${typeId}_1700000001`]).toEqual([Number(optId)]);
    expect(String(first[`UF_CRM_${typeId}_1700000003`])).toMatch(/^2025-01-01T/);
    const signed = listed.items.find((item) => String(item['xmlId']).endsWith(`:${rows[2]![0]}`))!;
    expect(signed['stageId']).toBe(`DT${entityTypeId}_${await categoryId()}:SUCCESS`);

    // The project says what existed, so nothing of it is ever taken for the project's own.
    const project = JSON.parse(await readFile(projectPath(), 'utf8')) as ProjectFile;
    expect(project.smartProcess).toMatchObject({ entityTypeId, typeId, createdByProject: false });
    expect(project.fields.find((f) => f.column === 'Метки')).toMatchObject({ existed: true });
    expect(project.fields.find((f) => f.column === '№')?.existed).toBeUndefined();
    expect(project.stages.find((s) => s.code === 'NEW')).toMatchObject({ existed: true });
    expect(project.stages.find((s) => s.name === 'На согласовании')?.existed).toBeUndefined();
  });

  it('syncs the project: a new stage value is added without resorting the existing stages', async () => {
    const rows = contractRows(40);
    rows[0]![5] = 'Пауза';
    rows[1]![8] = 'VIP';
    await writeContractsXlsx(file(), rows);
    const before = await stages();
    const run = await cli(['sync', projectPath(), '--allow-schema-changes', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const result = run.json as { items: { updated: number; created: number }; changes: { stagesAdded: number } };
    expect(result.items).toMatchObject({ updated: 2, created: 0 });
    expect(result.changes.stagesAdded).toBe(1);
    const now = await stages();
    for (const stage of before) expect(now.find((s) => s.ID === stage.ID)).toMatchObject({ NAME: stage.NAME, SORT: stage.SORT });
    const pause = now.find((s) => s.NAME === 'Пауза')!;
    expect(Number(pause.SORT)).toBeLessThan(Number(now.find((s) => s.NAME === 'Успешно')!.SORT));
    const again = await cli(['sync', projectPath(), '--json'], env);
    expect((again.json as { items: { updated: number } }).items.updated).toBe(0);
  });
});
