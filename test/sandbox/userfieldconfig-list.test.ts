/**
 * `userfieldconfig.list` as the docs describe it: every setting except list
 * items and language phrases; phrases only for the language named in
 * `select.language`, one language per answer. And `isSetOpenPermissions`
 * stored and read back as given, strictly Y/N.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../sandbox/types';
import { call, ok } from './sandbox-client';

let sandbox: SandboxHandle;
let typeId = 0;

beforeAll(async () => {
  sandbox = await startSandbox({ plan: 'unlimited' });
  typeId = (await ok<{ type: { id: number } }>(sandbox, 'crm.type.add', { fields: { title: 'Поля', isSetOpenPermissions: 'N' } })).type.id;
  await ok(sandbox, 'userfieldconfig.add', {
    moduleId: 'crm',
    field: { entityId: `CRM_${typeId}`, fieldName: `UF_CRM_${typeId}_KIND`, userTypeId: 'enumeration', editFormLabel: { ru: 'Вид', en: 'Kind' }, enum: [{ value: 'A' }] },
  });
});
afterAll(async () => {
  await sandbox?.close();
});

describe('userfieldconfig.list', () => {
  it('leaves out list items and language phrases by default', async () => {
    const { fields } = await ok<{ fields: Array<Record<string, unknown>> }>(sandbox, 'userfieldconfig.list', { moduleId: 'crm', filter: { entityId: `CRM_${typeId}` } });
    expect(fields).toHaveLength(1);
    expect(fields[0]).toMatchObject({ fieldName: `UF_CRM_${typeId}_KIND`, userTypeId: 'enumeration' });
    for (const key of ['enum', 'editFormLabel', 'listColumnLabel', 'languageId', 'helpMessage']) expect(fields[0]).not.toHaveProperty(key);
  });

  it('gives the phrases of the one language the select names; never the list items', async () => {
    const { fields } = await ok<{ fields: Array<Record<string, unknown>> }>(sandbox, 'userfieldconfig.list', { moduleId: 'crm', select: { 0: '*', language: 'en' }, filter: { entityId: `CRM_${typeId}` } });
    expect(fields[0]).toMatchObject({ languageId: { en: 'en' }, editFormLabel: { en: 'Kind' }, listColumnLabel: null });
    expect(fields[0]).not.toHaveProperty('enum');
    const got = await ok<{ field: Record<string, unknown> }>(sandbox, 'userfieldconfig.get', { moduleId: 'crm', id: Number((fields[0] as { id: string }).id) });
    expect(got.field['editFormLabel']).toMatchObject({ ru: 'Вид', en: 'Kind' });
    expect((got.field['enum'] as Array<{ value: string }>).map((e) => e.value)).toEqual(['A']);
  });
});

describe('isSetOpenPermissions', () => {
  it('is stored as sent (N), defaults to Y, and refuses anything but Y/N', async () => {
    expect((await ok<{ type: Record<string, unknown> }>(sandbox, 'crm.type.get', { id: typeId })).type['isSetOpenPermissions']).toBe('N');
    const open = await ok<{ type: Record<string, unknown> }>(sandbox, 'crm.type.add', { fields: { title: 'Open' } });
    expect(open.type['isSetOpenPermissions']).toBe('Y');
    const bad = await call(sandbox, 'crm.type.add', { fields: { title: 'Bad', isSetOpenPermissions: 'maybe' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'INVALID_ARG_VALUE' });
  });
});
