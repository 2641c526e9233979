/**
 * Funnels the way a funnel column uses them: stage ids are per funnel
 * (`DT<etid>_<categoryId>:<CODE>` in `DYNAMIC_<etid>_STAGE_<categoryId>`);
 * an item moves to another funnel only with its categoryId and a stage of
 * that funnel; funnels need isCategoriesEnabled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../sandbox/types';
import { call, ok } from './sandbox-client';

let sandbox: SandboxHandle;
let entityTypeId = 0;
let second = 0;
let first = 0;

beforeAll(async () => {
  sandbox = await startSandbox({ plan: 'unlimited' });
  entityTypeId = (await ok<{ type: { entityTypeId: number } }>(sandbox, 'crm.type.add', { fields: { title: 'Funnels', isStagesEnabled: 'Y', isCategoriesEnabled: 'Y' } })).type.entityTypeId;
  first = Number((await ok<{ categories: Array<{ id: number; isDefault: string }> }>(sandbox, 'crm.category.list', { entityTypeId })).categories[0]!.id);
  second = Number((await ok<{ category: { id: number } }>(sandbox, 'crm.category.add', { entityTypeId, fields: { name: 'Second' } })).category.id);
});
afterAll(async () => {
  await sandbox?.close();
});

describe('funnels and per-funnel stage ids', () => {
  it('fills a new funnel with its own default stages', async () => {
    const stages = await ok<Array<{ STATUS_ID: string }>>(sandbox, 'crm.status.list', { filter: { ENTITY_ID: `DYNAMIC_${entityTypeId}_STAGE_${second}` } });
    expect(stages.map((s) => s.STATUS_ID)).toEqual(['NEW', 'PREPARATION', 'CLIENT', 'SUCCESS', 'FAIL'].map((code) => `DT${entityTypeId}_${second}:${code}`));
  });

  it('refuses a stage id of another funnel in crm.status.add', async () => {
    const answer = await call(sandbox, 'crm.status.add', { fields: { ENTITY_ID: `DYNAMIC_${entityTypeId}_STAGE_${second}`, STATUS_ID: `DT${entityTypeId}_${first}:X`, NAME: 'X' } });
    expect(answer.status).toBe(400);
  });

  it('moves an item only with the categoryId and a stage of that funnel', async () => {
    const { item } = await ok<{ item: { id: number; categoryId: number; stageId: string } }>(sandbox, 'crm.item.add', { entityTypeId, fields: { title: 'A' } });
    expect(item.categoryId).toBe(first);
    const wrong = await call(sandbox, 'crm.item.update', { entityTypeId, id: item.id, fields: { stageId: `DT${entityTypeId}_${second}:NEW` } });
    expect(wrong.status).toBe(400);
    const moved = await ok<{ item: { categoryId: number; stageId: string } }>(sandbox, 'crm.item.update', { entityTypeId, id: item.id, fields: { categoryId: second, stageId: `DT${entityTypeId}_${second}:CLIENT` } });
    expect(moved.item).toMatchObject({ categoryId: second, stageId: `DT${entityTypeId}_${second}:CLIENT` });
  });

  it('refuses funnels on a type without isCategoriesEnabled', async () => {
    const plain = (await ok<{ type: { entityTypeId: number } }>(sandbox, 'crm.type.add', { fields: { title: 'Plain' } })).type.entityTypeId;
    const answer = await call(sandbox, 'crm.category.add', { entityTypeId: plain, fields: { name: 'X' } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('ENTITY_TYPE_NOT_SUPPORTED');
  });
});
