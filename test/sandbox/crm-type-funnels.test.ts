import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../sandbox/types';
import { call, makeType, ok } from './sandbox-client';

let sandbox: SandboxHandle;
let limited: SandboxHandle;
let notAdmin: SandboxHandle;

beforeAll(async () => {
  sandbox = await startSandbox({ plan: 'unlimited' });
  limited = await startSandbox({ plan: 'unlimited', maxTypes: 1 });
  notAdmin = await startSandbox({ plan: 'unlimited', ownerIsAdmin: false, userId: 3 });
});
afterAll(async () => {
  await Promise.all([sandbox.close(), limited.close(), notAdmin.close()]);
});

describe('crm.type.*', () => {
  it('add returns Y/N flags with documented defaults; id ≠ entityTypeId', async () => {
    const result = await ok<any>(sandbox, 'crm.type.add', { fields: { title: 'Рекламации', isAutomationEnabled: 'Y', isBizProcEnabled: 'Y', code: 'spm-1' } });
    const type = result.type;
    expect(type).toMatchObject({
      title: 'Рекламации',
      code: 'spm-1',
      isAutomationEnabled: 'Y',
      isBizProcEnabled: 'Y',
      isStagesEnabled: 'N',
      isCategoriesEnabled: 'N',
      isSetOpenPermissions: 'Y',
      isPaymentsEnabled: 'N',
      isCountersEnabled: 'N',
      relations: { parent: [], child: [] },
      customSections: [],
    });
    expect(type.entityTypeId).toBeGreaterThanOrEqual(1030);
    expect(type.entityTypeId % 2).toBe(0);
    expect(type.id).not.toBe(type.entityTypeId);
    expect(type.createdTime).toMatch(/\+03:00$/);
  });

  it('missing fields → 400 error 100; missing title → 400', async () => {
    const noFields = await call(sandbox, 'crm.type.add', {});
    expect(noFields.status).toBe(400);
    expect(noFields.body).toEqual({ error: 100, error_description: 'Could not find value for parameter {fields}' });
    const noTitle = await call(sandbox, 'crm.type.add', { fields: { isStagesEnabled: 'Y' } });
    expect(noTitle.status).toBe(400);
    expect(noTitle.body.error).toBe(0);
  });

  it('entityTypeId outside 128–192 / even ≥1030 → 400 INVALID_ARG_VALUE', async () => {
    for (const bad of [127, 193, 1031, 500]) {
      const answer = await call(sandbox, 'crm.type.add', { fields: { title: 'x', entityTypeId: bad } });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ error: 'INVALID_ARG_VALUE', error_description: 'entityTypeId is out of allowed range' });
    }
    const good = await ok<any>(sandbox, 'crm.type.add', { fields: { title: 'x', entityTypeId: 150 } });
    expect(good.type.entityTypeId).toBe(150);
  });

  it('a non-admin gets 400 ACCESS_DENIED (not 403)', async () => {
    const answer = await call(notAdmin, 'crm.type.add', { fields: { title: 'x' } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('ACCESS_DENIED');
  });

  it('plan limit on SPAs → CREATE_DYNAMIC_TYPE_RESTRICTED', async () => {
    await makeType(limited);
    const answer = await call(limited, 'crm.type.add', { fields: { title: 'second' } });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: 'CREATE_DYNAMIC_TYPE_RESTRICTED', error_description: 'Maximum number of SPAs exceeded' });
  });

  it('get by id, getByEntityTypeId, and "SPA not found" with error 0', async () => {
    const { id, entityTypeId } = await makeType(sandbox);
    expect((await ok<any>(sandbox, 'crm.type.get', { id })).type.entityTypeId).toBe(entityTypeId);
    expect((await ok<any>(sandbox, 'crm.type.getByEntityTypeId', { entityTypeId })).type.id).toBe(id);
    const wrongId = await call(sandbox, 'crm.type.get', { id: entityTypeId });
    expect(wrongId.status).toBe(400);
    expect(wrongId.body).toEqual({ error: 0, error_description: 'SPA not found' });
  });

  it('update switches automation on later and overwrites relations; bad relations are dropped silently', async () => {
    const { id } = await makeType(sandbox);
    const updated = await ok<any>(sandbox, 'crm.type.update', {
      id,
      fields: { isAutomationEnabled: 'Y', isBizProcEnabled: 'Y', relations: { parent: [{ entityTypeId: 2, isChildrenListEnabled: 'true' }, { entityTypeId: 999 }, { entityTypeId: 3, isChildrenListEnabled: 'Y' }] } },
    });
    expect(updated.type.isAutomationEnabled).toBe('Y');
    expect(updated.type.isBizProcEnabled).toBe('Y');
    expect(updated.type.relations.parent).toEqual([
      { entityTypeId: 2, isChildrenListEnabled: 'Y', isPredefined: 'N' },
      // "Y" is not accepted here; only the string "true" is.
      { entityTypeId: 3, isChildrenListEnabled: 'N', isPredefined: 'N' },
    ]);
  });

  it('list filters (exact title, code) and pages 50 at a time with total/next', async () => {
    for (let i = 0; i < 52; i += 1) await ok(sandbox, 'crm.type.add', { fields: { title: `Bulk ${i}`, code: i === 7 ? 'find-me' : '' } });
    const first = await call(sandbox, 'crm.type.list', { filter: { '%title': 'Bulk' } });
    expect((first.body.result as any).types).toHaveLength(50);
    expect(first.body.total).toBe(52);
    expect(first.body.next).toBe(50);
    const second = await call(sandbox, 'crm.type.list', { filter: { '%title': 'Bulk' }, start: 50 });
    expect((second.body.result as any).types).toHaveLength(2);
    expect(second.body.next).toBeUndefined();
    const byCode = await ok<any>(sandbox, 'crm.type.list', { filter: { code: 'find-me' } });
    expect(byCode.types.map((t: any) => t.title)).toEqual(['Bulk 7']);
  });

  it('delete: [] on success, BX_ERROR while items exist', async () => {
    const { id, entityTypeId } = await makeType(sandbox);
    await ok(sandbox, 'crm.item.add', { entityTypeId, fields: { title: 'blocker' } });
    const refused = await call(sandbox, 'crm.type.delete', { id });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ error: 'BX_ERROR', error_description: 'You cannot delete an entity type that has elements' });
    const items = await ok<any>(sandbox, 'crm.item.list', { entityTypeId });
    await ok(sandbox, 'crm.item.delete', { entityTypeId, id: items.items[0].id });
    const deleted = await call(sandbox, 'crm.type.delete', { id });
    expect(deleted.status).toBe(200);
    expect(deleted.body.result).toEqual([]);
    expect((await call(sandbox, 'crm.type.get', { id })).body.error_description).toBe('SPA not found');
  });

  it('fields describes title as required and entityTypeId as immutable', async () => {
    const { fields } = await ok<any>(sandbox, 'crm.type.fields');
    expect(fields.title.isRequired).toBe(true);
    expect(fields.entityTypeId).toMatchObject({ isRequired: true, isImmutable: true });
    expect(fields.isAutomationEnabled.title).toBe('Use Automation rules and triggers in the smart process');
  });
});

describe('crm.category.*', () => {
  it('a new type has exactly one default funnel with five default stages', async () => {
    const { entityTypeId } = await makeType(sandbox);
    const answer = await call(sandbox, 'crm.category.list', { entityTypeId });
    const categories = (answer.body.result as any).categories;
    expect(categories).toHaveLength(1);
    expect(categories[0]).toMatchObject({ isDefault: 'Y', entityTypeId });
    expect(answer.body.total).toBe(1);
    const stages = await ok<any[]>(sandbox, 'crm.status.list', { filter: { ENTITY_ID: `DYNAMIC_${entityTypeId}_STAGE_${categories[0].id}` } });
    expect(stages.map((s) => [s.STATUS_ID, s.NAME, s.SORT, s.SEMANTICS, s.SYSTEM])).toEqual([
      [`DT${entityTypeId}_${categories[0].id}:NEW`, 'Start', '10', null, 'Y'],
      [`DT${entityTypeId}_${categories[0].id}:PREPARATION`, 'Preparation', '20', null, 'N'],
      [`DT${entityTypeId}_${categories[0].id}:CLIENT`, 'Approval', '30', null, 'N'],
      [`DT${entityTypeId}_${categories[0].id}:SUCCESS`, 'Success', '40', 'S', 'Y'],
      [`DT${entityTypeId}_${categories[0].id}:FAIL`, 'Failure', '50', 'F', 'Y'],
    ]);
    expect(stages[3].EXTRA).toEqual({ SEMANTICS: 'success', COLOR: expect.stringMatching(/^#[0-9A-F]{6}$/) });
  });

  it('passing the type id instead of entityTypeId → NOT_FOUND', async () => {
    const { id } = await makeType(sandbox);
    const answer = await call(sandbox, 'crm.category.list', { entityTypeId: id });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('NOT_FOUND');
  });

  it('add: name rules, sort clamp, no duplicate check, default moves; delete refusals', async () => {
    const { entityTypeId } = await makeType(sandbox);
    const blank = await call(sandbox, 'crm.category.add', { entityTypeId, fields: { name: '   ' } });
    expect(blank.status).toBe(400);
    expect(blank.body).toEqual({ error: 0, error_description: "Field 'NAME' is required" });
    const a = (await ok<any>(sandbox, 'crm.category.add', { entityTypeId, fields: { name: 'Опт', sort: -5 } })).category;
    expect(a.sort).toBe(0);
    const b = (await ok<any>(sandbox, 'crm.category.add', { entityTypeId, fields: { name: 'Опт', isDefault: 'Y' } })).category;
    expect(b.isDefault).toBe('Y');
    const all = (await ok<any>(sandbox, 'crm.category.list', { entityTypeId })).categories;
    expect(all.filter((c: any) => c.isDefault === 'Y').map((c: any) => c.id)).toEqual([b.id]);
    const newStages = await ok<any[]>(sandbox, 'crm.status.entity.items', { entityId: `DYNAMIC_${entityTypeId}_STAGE_${a.id}` });
    expect(newStages.map((s) => s.STATUS_ID)).toEqual(['NEW', 'PREPARATION', 'CLIENT', 'SUCCESS', 'FAIL'].map((c) => `DT${entityTypeId}_${a.id}:${c}`));

    const deleteDefault = await call(sandbox, 'crm.category.delete', { entityTypeId, id: b.id });
    expect(deleteDefault.body).toEqual({ error: 'BX_ERROR', error_description: 'This funnel is the default funnel' });
    await ok(sandbox, 'crm.item.add', { entityTypeId, fields: { categoryId: a.id } });
    const withItems = await call(sandbox, 'crm.category.delete', { entityTypeId, id: a.id });
    expect(withItems.body).toEqual({ error: 'BX_ERROR', error_description: 'Elements related to the funnel found' });
  });

  it('funnels need isCategoriesEnabled → ENTITY_TYPE_NOT_SUPPORTED', async () => {
    const { entityTypeId } = await makeType(sandbox, { isCategoriesEnabled: 'N' });
    const answer = await call(sandbox, 'crm.category.add', { entityTypeId, fields: { name: 'x' } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('ENTITY_TYPE_NOT_SUPPORTED');
  });
});

describe('crm.status.*', () => {
  async function funnel(): Promise<{ entityTypeId: number; categoryId: number; entityId: string }> {
    const { entityTypeId } = await makeType(sandbox);
    const categoryId = (await ok<any>(sandbox, 'crm.category.list', { entityTypeId })).categories[0].id as number;
    return { entityTypeId, categoryId, entityId: `DYNAMIC_${entityTypeId}_STAGE_${categoryId}` };
  }

  it('add prefixes a bare code, returns the numeric ID, new stages are not system', async () => {
    const { entityTypeId, categoryId, entityId } = await funnel();
    const answer = await call(sandbox, 'crm.status.add', { fields: { ENTITY_ID: entityId, STATUS_ID: 'REVIEW', NAME: 'На проверке', SORT: 25, COLOR: '#ffaa00' } });
    expect(answer.status).toBe(200);
    expect(answer.body.result).toEqual(expect.any(Number));
    const row = (await ok<any[]>(sandbox, 'crm.status.list', { filter: { ENTITY_ID: entityId, STATUS_ID: `DT${entityTypeId}_${categoryId}:REVIEW` } }))[0];
    expect(row).toMatchObject({ ID: String(answer.body.result), NAME: 'На проверке', SORT: '25', SYSTEM: 'N', COLOR: '#FFAA00', SEMANTICS: null });
  });

  it('refusals: duplicate id, unknown dictionary, missing name, second success stage', async () => {
    const { entityId } = await funnel();
    const duplicate = await call(sandbox, 'crm.status.add', { fields: { ENTITY_ID: entityId, STATUS_ID: 'NEW', NAME: 'x' } });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body).toEqual({ error: 'ERROR_CORE', error_description: 'The specified status ID already exists.' });
    const badEntity = await call(sandbox, 'crm.status.add', { fields: { ENTITY_ID: 'DYNAMIC_9_STAGE_9', STATUS_ID: 'X', NAME: 'x' } });
    expect(badEntity.body.error_description).toBe('Specified entity type is not supported.');
    const noName = await call(sandbox, 'crm.status.add', { fields: { ENTITY_ID: entityId, STATUS_ID: 'X' } });
    expect(noName.body.error_description).toBe('The field Title is required.');
    const secondSuccess = await call(sandbox, 'crm.status.add', { fields: { ENTITY_ID: entityId, STATUS_ID: 'WON2', NAME: 'x', SEMANTICS: 'S' } });
    expect(secondSuccess.status).toBe(400);
  });

  it('update renames/reorders/recolours but never changes SEMANTICS; delete rules', async () => {
    const { entityTypeId, categoryId, entityId } = await funnel();
    const stages = await ok<any[]>(sandbox, 'crm.status.list', { filter: { ENTITY_ID: entityId } });
    const fail = stages.find((s) => s.SEMANTICS === 'F');
    const prep = stages.find((s) => s.STATUS_ID.endsWith(':PREPARATION'));
    expect(await ok(sandbox, 'crm.status.update', { id: Number(fail.ID), fields: { NAME: 'Отказ', SORT: 90, SEMANTICS: null, COLOR: '#000000' } })).toBe(true);
    const after = (await ok<any[]>(sandbox, 'crm.status.list', { filter: { ID: fail.ID } }))[0];
    expect(after).toMatchObject({ NAME: 'Отказ', SORT: '90', SEMANTICS: 'F', COLOR: '#000000' });

    const system = await call(sandbox, 'crm.status.delete', { id: Number(fail.ID) });
    expect(system.body.error_description).toBe('CRM System Status can be deleted only if parameter FORCED is specified and equal to "Y".');
    // The only failure stage is also the last of its group: refused even when forced.
    const lastFail = await call(sandbox, 'crm.status.delete', { id: Number(fail.ID), params: { FORCED: 'Y' } });
    expect(lastFail.status).toBe(400);

    await ok(sandbox, 'crm.item.add', { entityTypeId, fields: { categoryId, stageId: prep.STATUS_ID } });
    const busy = await call(sandbox, 'crm.status.delete', { id: Number(prep.ID) });
    expect(busy.body.error_description).toBe('There are active items in this status.');
    const client = stages.find((s) => s.STATUS_ID.endsWith(':CLIENT'));
    expect(await ok(sandbox, 'crm.status.delete', { id: Number(client.ID) })).toBe(true);
    const missing = await call(sandbox, 'crm.status.delete', { id: Number(client.ID) });
    expect(missing.body.error_description).toBe('Status is not found.');
  });

  it('entity.types lists each funnel dictionary with PREFIX and category info', async () => {
    const { entityTypeId, categoryId, entityId } = await funnel();
    const types = await ok<any[]>(sandbox, 'crm.status.entity.types');
    expect(types.find((t) => t.ID === entityId)).toMatchObject({ PREFIX: `DT${entityTypeId}_${categoryId}`, CATEGORY_ID: categoryId, IS_DEFAULT_CATEGORY: true });
  });
});
