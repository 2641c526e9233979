/**
 * Sandbox behaviour for history, links and notes: CRM settings rights apart from
 * portal admin, history import refused to a non-admin, deals as parents
 * (`crm.deal.add|list`, `parentId2` must name a deal), duplicate search by
 * e-mail/phone, and timeline comments on smart-process items.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../sandbox/types';
import { call, makeType, ok } from './sandbox-client';

let admin: SandboxHandle;
let crmAdmin: SandboxHandle;

beforeAll(async () => {
  admin = await startSandbox({ plan: 'unlimited' });
  crmAdmin = await startSandbox({ plan: 'unlimited', ownerIsAdmin: false, ownerIsCrmAdmin: true });
});
afterAll(async () => {
  await admin?.close();
  await crmAdmin?.close();
});

describe('a CRM settings admin who is not a portal admin', () => {
  it('profile says ADMIN false, yet smart processes can be set up; history fields in an import are refused', async () => {
    expect((await ok<{ ADMIN: boolean }>(crmAdmin, 'profile')).ADMIN).toBe(false);
    const type = await makeType(crmAdmin);
    const plain = await call(crmAdmin, 'crm.item.batchImport', { entityTypeId: type.entityTypeId, data: [{ title: 'A' }] });
    expect((plain.body.result as { items: Array<{ item?: { id: number } }> }).items[0]!.item!.id).toBeGreaterThan(0);
    for (const field of [{ createdTime: '2024-01-01T10:00:00' }, { createdBy: 3 }, { createdTime: '2024-01-01T10:00:00', movedTime: '2024-01-02T10:00:00', updatedTime: '2024-01-02T10:00:00' }]) {
      const answer = await call(crmAdmin, 'crm.item.batchImport', { entityTypeId: type.entityTypeId, data: [{ title: 'B', ...field }] });
      const entry = (answer.body.result as { items: Array<{ error?: string; error_description?: string }> }).items[0]!;
      expect(entry.error, JSON.stringify(field)).toBe('CRM_FIELD_ERROR_VALUE_NOT_VALID');
    }
  });

  it('a portal admin imports createdBy and movedTime; movedTime past updatedTime is refused', async () => {
    const type = await makeType(admin);
    const good = await call(admin, 'crm.item.batchImport', { entityTypeId: type.entityTypeId, data: [{ title: 'A', createdTime: '2024-01-01T10:00:00', createdBy: 3, movedTime: '2024-01-05T10:00:00', updatedTime: '2024-01-05T10:00:00' }] });
    const id = (good.body.result as { items: Array<{ item: { id: number } }> }).items[0]!.item.id;
    const item = (await ok<{ item: Record<string, unknown> }>(admin, 'crm.item.get', { entityTypeId: type.entityTypeId, id })).item;
    expect(item).toMatchObject({ createdBy: 3, createdTime: '2024-01-01T10:00:00+03:00', movedTime: '2024-01-05T10:00:00+03:00' });
    const bad = await call(admin, 'crm.item.batchImport', { entityTypeId: type.entityTypeId, data: [{ title: 'B', createdTime: '2024-02-01T10:00:00', movedTime: '2024-02-05T10:00:00' }] });
    expect((bad.body.result as { items: Array<{ error?: string }> }).items[0]!.error).toBe('CRM_FIELD_ERROR_VALUE_NOT_VALID');
  });
});

describe('deals as parents', () => {
  it('crm.deal.add|list by id and exact title; parentId2 exists only with the relation and must name a deal', async () => {
    const deal = await ok<number>(admin, 'crm.deal.add', { fields: { TITLE: 'Поставка' } });
    const untitled = await ok<number>(admin, 'crm.deal.add', { fields: {} });
    expect(await ok(admin, 'crm.deal.list', { filter: { '=TITLE': 'Поставка' }, select: ['ID', 'TITLE'] })).toEqual([expect.objectContaining({ ID: String(deal), TITLE: 'Поставка' })]);
    expect((await ok<Array<{ TITLE: string }>>(admin, 'crm.deal.list', { filter: { '@ID': [untitled] }, select: ['TITLE'] }))[0]!.TITLE).toBe(`Deal #${untitled}`);

    const type = await makeType(admin);
    // Without the relation the field does not exist and is ignored.
    const loose = await ok<{ item: Record<string, unknown> }>(admin, 'crm.item.add', { entityTypeId: type.entityTypeId, fields: { title: 'x', parentId2: deal } });
    expect(loose.item['parentId2']).toBeUndefined();
    await ok(admin, 'crm.type.update', { id: type.id, fields: { relations: { parent: [{ entityTypeId: 2, isChildrenListEnabled: 'true' }], child: [] } } });
    const linked = await ok<{ item: Record<string, unknown> }>(admin, 'crm.item.add', { entityTypeId: type.entityTypeId, fields: { title: 'y', parentId2: deal } });
    expect(linked.item['parentId2']).toBe(deal);
    const missing = await call(admin, 'crm.item.add', { entityTypeId: type.entityTypeId, fields: { title: 'z', parentId2: 999_999 } });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('CRM_FIELD_ERROR_VALUE_NOT_VALID');
  });
});

describe('duplicate search and timeline comments', () => {
  it('findbycomm finds contacts by e-mail (any case) and phone (formatting ignored); [] when nothing; at most 20 values', async () => {
    const contact = await ok<number>(admin, 'crm.contact.add', { fields: { NAME: 'Ольга', EMAIL: [{ VALUE: 'Olga@Example.ru', VALUE_TYPE: 'WORK' }], PHONE: [{ VALUE: '+7 (912) 000-11-22', VALUE_TYPE: 'WORK' }] } });
    expect(await ok(admin, 'crm.duplicate.findbycomm', { type: 'EMAIL', values: ['olga@example.ru'], entity_type: 'CONTACT' })).toEqual({ CONTACT: [contact] });
    expect(await ok(admin, 'crm.duplicate.findbycomm', { type: 'PHONE', values: ['+7 912 000 11 22'], entity_type: 'CONTACT' })).toEqual({ CONTACT: [contact] });
    expect(await ok(admin, 'crm.duplicate.findbycomm', { type: 'EMAIL', values: ['nobody@example.ru'], entity_type: 'CONTACT' })).toEqual([]);
    const many = await call(admin, 'crm.duplicate.findbycomm', { type: 'EMAIL', values: Array.from({ length: 21 }, (_, i) => `p${i}@example.ru`) });
    expect(many.status).toBe(400);
  });

  it('a comment goes on a smart-process item (ENTITY_TYPE DYNAMIC_<etid>); an empty one or a missing item is refused', async () => {
    const type = await makeType(admin);
    const item = (await ok<{ item: { id: number } }>(admin, 'crm.item.add', { entityTypeId: type.entityTypeId, fields: { title: 'n' } })).item;
    const id = await ok<number>(admin, 'crm.timeline.comment.add', { fields: { ENTITY_ID: item.id, ENTITY_TYPE: `DYNAMIC_${type.entityTypeId}`, COMMENT: 'Строка 1\nСтрока 2' } });
    const listed = await ok<Array<{ ID: string; COMMENT: string }>>(admin, 'crm.timeline.comment.list', { filter: { ENTITY_ID: item.id, ENTITY_TYPE: `DYNAMIC_${type.entityTypeId}` } });
    expect(listed).toEqual([expect.objectContaining({ ID: String(id), COMMENT: 'Строка 1\nСтрока 2' })]);
    expect((await call(admin, 'crm.timeline.comment.add', { fields: { ENTITY_ID: item.id, ENTITY_TYPE: `DYNAMIC_${type.entityTypeId}`, COMMENT: '  ' } })).status).toBe(400);
    expect((await call(admin, 'crm.timeline.comment.add', { fields: { ENTITY_ID: 987_654, ENTITY_TYPE: `DYNAMIC_${type.entityTypeId}`, COMMENT: 'x' } })).status).toBe(400);
  });
});
