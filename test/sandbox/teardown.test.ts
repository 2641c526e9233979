/**
 * The delete methods an undo uses, in the order the portal accepts them:
 * each refuses what the real portal
 * refuses, with its error, and deleting a type takes its funnels, stages
 * and custom fields with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../sandbox/types';
import { call, makeType, ok } from './sandbox-client';

let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startSandbox({ plan: 'unlimited' });
});
afterAll(async () => {
  await sandbox?.close();
});

describe('tearing a smart process down', () => {
  it('items, then fields, then stages, then the type; each refusal as the portal words it', async () => {
    const { id, entityTypeId } = await makeType(sandbox);
    const field = await ok<any>(sandbox, 'userfieldconfig.add', { moduleId: 'crm', field: { entityId: `CRM_${id}`, fieldName: `UF_CRM_${id}_NOTE`, userTypeId: 'string', editFormLabel: { en: 'Note' } } });
    const [category] = (await ok<any>(sandbox, 'crm.category.list', { entityTypeId })).categories;
    const entityId = `DYNAMIC_${entityTypeId}_STAGE_${category.id}`;
    const stages = await ok<any[]>(sandbox, 'crm.status.list', { filter: { ENTITY_ID: entityId } });
    const preparation = stages.find((stage) => stage.STATUS_ID.endsWith(':PREPARATION'));
    const start = stages.find((stage) => stage.STATUS_ID.endsWith(':NEW'));
    const { item } = await ok<any>(sandbox, 'crm.item.add', { entityTypeId, fields: { title: 'one', stageId: preparation.STATUS_ID } });

    // The type and the item's stage are refused while the item exists.
    expect((await call(sandbox, 'crm.type.delete', { id })).body).toEqual({ error: 'BX_ERROR', error_description: 'You cannot delete an entity type that has elements' });
    expect((await call(sandbox, 'crm.status.delete', { id: Number(preparation.ID) })).body.error_description).toBe('There are active items in this status.');

    // Items: [] once, NOT_FOUND "Item not found" after (what undo counts as "already gone").
    expect(await ok(sandbox, 'crm.item.delete', { entityTypeId, id: item.id })).toEqual([]);
    expect((await call(sandbox, 'crm.item.delete', { entityTypeId, id: item.id })).body).toEqual({ error: 'NOT_FOUND', error_description: 'Item not found' });

    // Fields: null once; a second delete gets the same words as a missing right.
    expect(await ok(sandbox, 'userfieldconfig.delete', { moduleId: 'crm', id: Number(field.field.id) })).toBeNull();
    const again = await call(sandbox, 'userfieldconfig.delete', { moduleId: 'crm', id: Number(field.field.id) });
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: '', error_description: 'You cannot delete the user field' });

    // Stages: an empty ordinary stage goes; a system stage needs FORCED.
    expect(await ok(sandbox, 'crm.status.delete', { id: Number(preparation.ID) })).toBe(true);
    expect((await call(sandbox, 'crm.status.delete', { id: Number(start.ID) })).body.error_description).toBe('CRM System Status can be deleted only if parameter FORCED is specified and equal to "Y".');

    // The type, empty now, goes and takes its remaining (system) stages with it.
    expect(await ok(sandbox, 'crm.type.delete', { id })).toEqual([]);
    expect(await ok<any[]>(sandbox, 'crm.status.list', { filter: { ENTITY_ID: entityId } })).toEqual([]);
    expect((await ok<any>(sandbox, 'userfieldconfig.list', { moduleId: 'crm', filter: { entityId: `CRM_${id}` } })).fields).toEqual([]);
    const gone = await call(sandbox, 'crm.type.delete', { id });
    expect(gone.status).toBe(400);
    expect(gone.body.error).toBe(0);
  });
});
