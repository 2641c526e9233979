import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../sandbox/types';
import { ufCamelName } from '../../sandbox/uf-camel-name';
import { call, makeType, ok } from './sandbox-client';

let sandbox: SandboxHandle;
let noCrm: SandboxHandle;

beforeAll(async () => {
  sandbox = await startSandbox({ plan: 'unlimited' });
  noCrm = await startSandbox({ plan: 'unlimited', scopes: ['userfieldconfig', 'user'] });
});
afterAll(async () => {
  await Promise.all([sandbox.close(), noCrm.close()]);
});

describe('camelCase names', () => {
  it.each([
    ['UF_CRM_3_DIGIT', 'ufCrm3Digit'],
    ['UF_CRM_3_1747309727', 'ufCrm3_1747309727'],
    ['UF_CRM_3_DIGIT10', 'ufCrm_3_DIGIT10'],
    ['UF_CRM_3_DIGIT_10', 'ufCrm_3_DIGIT_10'],
    ['UF_CRM_1747309879', 'ufCrm_1747309879'],
    ['UF_CRM_7_CUSTOMER_REF', 'ufCrm7CustomerRef'],
  ])('%s → %s', (upper, camel) => {
    expect(ufCamelName(upper)).toBe(camel);
  });
});

describe('userfieldconfig.*', () => {
  it('without the crm scope → "The current method required more scopes. (crm)"', async () => {
    const answer = await call(noCrm, 'userfieldconfig.list', { moduleId: 'crm' });
    expect(answer.status).toBe(401);
    expect(answer.body.error_description).toBe('The current method required more scopes. (crm)');
  });

  it('add an enumeration: strings for numbers, enum items, null labels for unprocessed keys', async () => {
    const { id } = await makeType(sandbox);
    const answer = await call(sandbox, 'userfieldconfig.add', {
      moduleId: 'crm',
      field: {
        entityId: `CRM_${id}`,
        fieldName: `UF_CRM_${id}_PRIORITY`,
        userTypeId: 'enumeration',
        multiple: 'N',
        mandatory: 'Y',
        editFormLabel: { ru: 'Приоритет', en: 'Priority' },
        listColumnLabel: { en: 'ignored' },
        enum: [
          { value: 'Высокий', def: 'N', sort: 10 },
          { value: 'Обычный', def: 'Y', sort: 20 },
        ],
      },
    });
    expect(answer.status).toBe(200);
    const field = (answer.body.result as any).field;
    expect(field).toMatchObject({
      id: expect.stringMatching(/^\d+$/),
      entityId: `CRM_${id}`,
      fieldName: `UF_CRM_${id}_PRIORITY`,
      userTypeId: 'enumeration',
      xmlId: null,
      sort: '100',
      multiple: 'N',
      mandatory: 'Y',
      editFormLabel: { ru: 'Приоритет', en: 'Priority' },
      listColumnLabel: { en: null, ru: null },
      settings: { DISPLAY: 'LIST', LIST_HEIGHT: 1, CAPTION_NO_VALUE: '', SHOW_NO_VALUE: 'Y' },
    });
    expect(field.enum).toEqual([
      { id: expect.stringMatching(/^\d+$/), userFieldId: field.id, value: 'Высокий', def: 'N', sort: '10', xmlId: expect.any(String) },
      { id: expect.stringMatching(/^\d+$/), userFieldId: field.id, value: 'Обычный', def: 'Y', sort: '20', xmlId: expect.any(String) },
    ]);
  });

  it('CRM_<entityTypeId> instead of CRM_<id> → "You cannot create custom fields" with an empty code', async () => {
    const { entityTypeId } = await makeType(sandbox);
    const answer = await call(sandbox, 'userfieldconfig.add', { moduleId: 'crm', field: { entityId: `CRM_${entityTypeId}`, fieldName: `UF_CRM_${entityTypeId}_X`, userTypeId: 'string' } });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: '', error_description: 'You cannot create custom fields' });
  });

  it('name rules: prefix, 50 characters, A-Z0-9_, missing keys, duplicates', async () => {
    const { id } = await makeType(sandbox);
    const add = (field: Record<string, unknown>) => call(sandbox, 'userfieldconfig.add', { moduleId: 'crm', field: { entityId: `CRM_${id}`, userTypeId: 'string', ...field } });
    expect((await add({ fieldName: 'UF_CRM_999_X' })).body.error_description).toBe('You cannot create custom fields');
    expect((await add({ fieldName: undefined })).body.error_description).toBe("The 'FIELD_NAME' field is not found.");
    expect((await add({ fieldName: `UF_CRM_${id}_X`, userTypeId: undefined })).body.error_description).toBe("The 'USER_TYPE_ID' field is not found.");
    const prefix = `UF_CRM_${id}_`;
    const exactly50 = prefix + 'A'.repeat(50 - prefix.length);
    expect((await add({ fieldName: exactly50 })).status).toBe(200);
    const tooLong = await add({ fieldName: `${exactly50}B` });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error).toBe('');
    expect((await add({ fieldName: `${prefix}lower` })).status).toBe(400);
    expect((await add({ fieldName: exactly50 })).body.error_description).toBe(`Field ${exactly50} already exists`);
  });

  it('update: mandatory and labels change; multiple stays; enum needs userTypeId; list by entityId; delete', async () => {
    const { id } = await makeType(sandbox);
    const created = (await ok<any>(sandbox, 'userfieldconfig.add', {
      moduleId: 'crm',
      field: { entityId: `CRM_${id}`, fieldName: `UF_CRM_${id}_KIND`, userTypeId: 'enumeration', multiple: 'Y', enum: [{ value: 'A' }, { value: 'B' }] },
    })).field;
    const updated = (await ok<any>(sandbox, 'userfieldconfig.update', {
      moduleId: 'crm',
      id: Number(created.id),
      field: { mandatory: 'Y', multiple: 'N', editFormLabel: 'Вид', enum: [{ value: 'ignored' }] },
    })).field;
    expect(updated).toMatchObject({ mandatory: 'Y', multiple: 'Y', editFormLabel: { en: 'Вид', ru: 'Вид' } });
    expect(updated.enum.map((e: any) => e.value)).toEqual(['A', 'B']);
    const withEnum = (await ok<any>(sandbox, 'userfieldconfig.update', {
      moduleId: 'crm',
      id: Number(created.id),
      field: { userTypeId: 'enumeration', enum: [{ id: Number(created.enum[0].id), del: 'Y' }, { id: Number(created.enum[1].id), value: 'B2' }, { value: 'C' }] },
    })).field;
    expect(withEnum.enum.map((e: any) => e.value)).toEqual(['B2', 'C']);

    const listed = await call(sandbox, 'userfieldconfig.list', { moduleId: 'crm', filter: { entityId: `CRM_${id}` } });
    expect((listed.body.result as any).fields.map((f: any) => f.fieldName)).toEqual([`UF_CRM_${id}_KIND`]);
    expect(listed.body.total).toBe(1);
    const got = await ok<any>(sandbox, 'userfieldconfig.get', { moduleId: 'crm', id: Number(created.id) });
    expect(got.field.fieldName).toBe(`UF_CRM_${id}_KIND`);

    const deleted = await call(sandbox, 'userfieldconfig.delete', { moduleId: 'crm', id: Number(created.id) });
    expect(deleted.status).toBe(200);
    expect(deleted.body.result).toBeNull();
    const gone = await call(sandbox, 'userfieldconfig.update', { moduleId: 'crm', id: Number(created.id), field: { sort: 5 } });
    expect(gone.body).toEqual({ error: '', error_description: 'You cannot change the settings of the user field' });
  });

  it('getTypes lists every userTypeId the tool uses', async () => {
    const { types } = await ok<any>(sandbox, 'userfieldconfig.getTypes', { moduleId: 'crm' });
    for (const t of ['string', 'integer', 'double', 'boolean', 'date', 'datetime', 'money', 'url', 'enumeration', 'employee', 'crm', 'file']) {
      expect(types[t]).toEqual({ userTypeId: t, description: expect.any(String) });
    }
  });
});
