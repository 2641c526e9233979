import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../sandbox/types';
import { call, makeType, ok } from './sandbox-client';

let sandbox: SandboxHandle;
let etid: number;
let typeId: number;
let categoryId: number;
let enumIds: { high: number; normal: number };

async function addField(fieldSuffix: string, userTypeId: string, extra: Record<string, unknown> = {}): Promise<any> {
  return (await ok<any>(sandbox, 'userfieldconfig.add', {
    moduleId: 'crm',
    field: { entityId: `CRM_${typeId}`, fieldName: `UF_CRM_${typeId}_${fieldSuffix}`, userTypeId, editFormLabel: { en: fieldSuffix }, ...extra },
  })).field;
}

beforeAll(async () => {
  sandbox = await startSandbox({ plan: 'unlimited' });
  const type = await makeType(sandbox, { isBeginCloseDatesEnabled: 'Y', isClientEnabled: 'Y', isLinkWithProductsEnabled: 'Y', isObserversEnabled: 'Y' });
  etid = type.entityTypeId;
  typeId = type.id;
  categoryId = (await ok<any>(sandbox, 'crm.category.list', { entityTypeId: etid })).categories[0].id;
  await addField('NOTE', 'string');
  await addField('QTY', 'integer');
  await addField('PRICE', 'double');
  await addField('URGENT', 'boolean');
  await addField('DUE', 'date');
  await addField('SEEN_AT', 'datetime');
  await addField('BUDGET', 'money');
  await addField('LINK', 'url');
  await addField('OWNER', 'employee');
  await addField('TAGS', 'string', { multiple: 'Y' });
  await addField('CLIENT', 'crm', { settings: { CONTACT: 'Y', COMPANY: 'Y' } });
  await addField('DOC', 'file');
  const priority = await addField('PRIORITY', 'enumeration', { enum: [{ value: 'High', sort: 10 }, { value: 'Normal', sort: 20, def: 'Y' }] });
  enumIds = { high: Number(priority.enum[0].id), normal: Number(priority.enum[1].id) };
  await addField('1747309727', 'string');
  await addField('DIGIT10', 'string');
});
afterAll(async () => {
  await sandbox.close();
});

describe('crm.item.add / get', () => {
  it('add returns the item with camelCase UF names, defaults, and null for switched-off fields', async () => {
    const answer = await call(sandbox, 'crm.item.add', {
      entityTypeId: etid,
      fields: {
        title: 'Ноутбуки для отдела',
        xmlId: 'proj:1',
        [`ufCrm${typeId}Note`]: 'срочно',
        [`ufCrm${typeId}Qty`]: '12',
        [`ufCrm${typeId}Price`]: 999.5,
        [`ufCrm${typeId}Urgent`]: 'Y',
        [`ufCrm${typeId}Due`]: '2025-01-31',
        [`ufCrm${typeId}SeenAt`]: '2025-01-31T10:00:00+00:00',
        [`ufCrm${typeId}Budget`]: '300|EUR',
        [`ufCrm${typeId}Link`]: 'example.com',
        [`ufCrm${typeId}Owner`]: 4,
        [`ufCrm${typeId}Tags`]: ['a', 'b'],
        [`ufCrm${typeId}_1747309727`]: 'digits',
        [`ufCrm_${typeId}_DIGIT10`]: 'mixed',
        [`ufCrm${typeId}Doc`]: ['invoice.pdf', Buffer.from('%PDF-1.4').toString('base64')],
        opportunity: 1500.5,
        currencyId: 'EUR',
        mycompanyId: 5,
        unknownField: 'silently ignored',
      },
    });
    expect(answer.status).toBe(200);
    const item = (answer.body.result as any).item;
    expect(item).toMatchObject({
      id: expect.any(Number),
      title: 'Ноутбуки для отдела',
      xmlId: 'proj:1',
      entityTypeId: etid,
      categoryId,
      stageId: `DT${etid}_${categoryId}:NEW`,
      opened: 'Y',
      assignedById: 1,
      opportunity: 1500.5,
      currencyId: 'EUR',
      mycompanyId: null,
      [`ufCrm${typeId}Note`]: 'срочно',
      [`ufCrm${typeId}Qty`]: 12,
      [`ufCrm${typeId}Price`]: 999.5,
      [`ufCrm${typeId}Urgent`]: 'Y',
      // A date-only custom field reads back as 00:00 UTC in portal time.
      [`ufCrm${typeId}Due`]: '2025-01-31T03:00:00+03:00',
      [`ufCrm${typeId}SeenAt`]: '2025-01-31T13:00:00+03:00',
      [`ufCrm${typeId}Budget`]: '300|EUR',
      [`ufCrm${typeId}Owner`]: 4,
      [`ufCrm${typeId}Tags`]: ['a', 'b'],
      [`ufCrm${typeId}Priority`]: enumIds.normal,
      [`ufCrm${typeId}_1747309727`]: 'digits',
      [`ufCrm_${typeId}_DIGIT10`]: 'mixed',
      [`ufCrm${typeId}Doc`]: { id: expect.any(Number), url: expect.any(String), urlMachine: expect.any(String) },
    });
    expect(item.unknownField).toBeUndefined();
    expect(item.begindate).toMatch(/T00:00:00\+03:00$/);
  });

  it('useOriginalUfNames=Y answers with UF_CRM_ names and accepts them', async () => {
    const answer = await ok<any>(sandbox, 'crm.item.add', { entityTypeId: etid, useOriginalUfNames: 'Y', fields: { [`UF_CRM_${typeId}_NOTE`]: 'orig' } });
    expect(answer.item[`UF_CRM_${typeId}_NOTE`]).toBe('orig');
    expect(answer.item[`ufCrm${typeId}Note`]).toBeUndefined();
    expect(answer.item.title).toBe(`Заявки на закупку #${answer.item.id}`);
  });

  it.each([
    ['Qty', 'twelve'],
    ['Price', 'n/a'],
    ['Urgent', 'maybe'],
    ['Due', '31/01/2025'],
    ['SeenAt', 'yesterday'],
    ['Budget', '300 EUR'],
    ['Owner', 999],
    ['Priority', 123456],
    ['Client', 'X_1'],
  ])('invalid %s value %j → 400 CRM_FIELD_ERROR_VALUE_NOT_VALID', async (suffix, value) => {
    const answer = await call(sandbox, 'crm.item.add', { entityTypeId: etid, fields: { [`ufCrm${typeId}${suffix}`]: value } });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: 'CRM_FIELD_ERROR_VALUE_NOT_VALID', error_description: `Invalid value for field "${suffix.replace('SeenAt', 'SEEN_AT').toUpperCase()}"` });
  });

  it('a scalar for a multiple field → 400 error 100 "Expected iterable value…"', async () => {
    const answer = await call(sandbox, 'crm.item.add', { entityTypeId: etid, fields: { [`ufCrm${typeId}Tags`]: 'single' } });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: 100, error_description: 'Expected iterable value for multiple field, but got string instead' });
  });

  it('bad entityTypeId → NOT_FOUND; missing params → 100', async () => {
    const missing = await call(sandbox, 'crm.item.add', { entityTypeId: 9998, fields: {} });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ error: 'NOT_FOUND', error_description: 'Smart process not found' });
    const noFields = await call(sandbox, 'crm.item.add', { entityTypeId: etid });
    expect(noFields.body).toEqual({ error: 100, error_description: 'Could not find value for parameter {fields}' });
    const noType = await call(sandbox, 'crm.item.add', { fields: {} });
    expect(noType.body).toEqual({ error: 100, error_description: 'Could not find value for parameter {entityTypeId}' });
  });

  it('stage must belong to the funnel; categoryId + stageId create in a given stage', async () => {
    const second = (await ok<any>(sandbox, 'crm.category.add', { entityTypeId: etid, fields: { name: 'Второй' } })).category;
    const wrong = await call(sandbox, 'crm.item.add', { entityTypeId: etid, fields: { stageId: `DT${etid}_${second.id}:CLIENT` } });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ error: 'CRM_FIELD_ERROR_VALUE_NOT_VALID', error_description: 'Invalid value for field "Stage"' });
    const right = await ok<any>(sandbox, 'crm.item.add', { entityTypeId: etid, fields: { categoryId: second.id, stageId: `DT${etid}_${second.id}:CLIENT` } });
    expect(right.item).toMatchObject({ categoryId: second.id, stageId: `DT${etid}_${second.id}:CLIENT` });
  });

  it('isStagesEnabled=N: stageId is ignored and the first stage is used', async () => {
    const plain = await makeType(sandbox, { isStagesEnabled: 'N' });
    const item = (await ok<any>(sandbox, 'crm.item.add', { entityTypeId: plain.entityTypeId, fields: { stageId: 'whatever' } })).item;
    expect(item.stageId).toBeNull();
  });

  it('a mandatory custom field is required on add → CRM_FIELD_ERROR_REQUIRED', async () => {
    const strict = await makeType(sandbox);
    await ok(sandbox, 'userfieldconfig.add', { moduleId: 'crm', field: { entityId: `CRM_${strict.id}`, fieldName: `UF_CRM_${strict.id}_INN`, userTypeId: 'string', mandatory: 'Y', editFormLabel: 'ИНН' } });
    const answer = await call(sandbox, 'crm.item.add', { entityTypeId: strict.entityTypeId, fields: { title: 'no inn' } });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: 'CRM_FIELD_ERROR_REQUIRED', error_description: 'The field "ИНН" is required.' });
    const fine = await call(sandbox, 'crm.item.add', { entityTypeId: strict.entityTypeId, fields: { [`ufCrm${strict.id}Inn`]: '7700000000' } });
    expect(fine.status).toBe(200);
  });

  it('read-only history fields are ignored by add', async () => {
    const item = (await ok<any>(sandbox, 'crm.item.add', { entityTypeId: etid, fields: { createdTime: '2020-01-01T00:00:00+03:00', createdBy: 4, id: 777 } })).item;
    expect(item.createdBy).toBe(1);
    expect(item.id).not.toBe(777);
    expect(item.createdTime).not.toBe('2020-01-01T00:00:00+03:00');
  });
});

describe('crm.item.update / delete', () => {
  it('a stage move sets previousStageId/movedTime; a file {id} keeps the file; "" clears', async () => {
    const created = (await ok<any>(sandbox, 'crm.item.add', { entityTypeId: etid, fields: { [`ufCrm${typeId}Doc`]: ['a.txt', 'YQ=='], [`ufCrm${typeId}Note`]: 'x' } })).item;
    const fileId = created[`ufCrm${typeId}Doc`].id;
    const moved = (await ok<any>(sandbox, 'crm.item.update', {
      entityTypeId: etid,
      id: created.id,
      fields: { stageId: `DT${etid}_${categoryId}:CLIENT`, [`ufCrm${typeId}Doc`]: { id: fileId }, [`ufCrm${typeId}Note`]: '' },
    })).item;
    expect(moved.stageId).toBe(`DT${etid}_${categoryId}:CLIENT`);
    expect(moved.previousStageId).toBe(`DT${etid}_${categoryId}:NEW`);
    expect(moved[`ufCrm${typeId}Doc`].id).toBe(fileId);
    expect(moved[`ufCrm${typeId}Note`]).toBeNull();
  });

  it('update/get/delete of a missing item → NOT_FOUND "Item not found"; delete returns []', async () => {
    const created = (await ok<any>(sandbox, 'crm.item.add', { entityTypeId: etid, fields: {} })).item;
    const deleted = await call(sandbox, 'crm.item.delete', { entityTypeId: etid, id: created.id });
    expect(deleted.body.result).toEqual([]);
    for (const method of ['crm.item.get', 'crm.item.delete']) {
      const answer = await call(sandbox, method, { entityTypeId: etid, id: created.id });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ error: 'NOT_FOUND', error_description: 'Item not found' });
    }
    const update = await call(sandbox, 'crm.item.update', { entityTypeId: etid, id: created.id, fields: { title: 'x' } });
    expect(update.body.error).toBe('NOT_FOUND');
  });
});

describe('crm.item.list', () => {
  let listType: { id: number; entityTypeId: number };
  beforeAll(async () => {
    listType = await makeType(sandbox);
    await ok(sandbox, 'userfieldconfig.add', { moduleId: 'crm', field: { entityId: `CRM_${listType.id}`, fieldName: `UF_CRM_${listType.id}_FLAG`, userTypeId: 'boolean' } });
    const cmd: Record<string, string> = {};
    for (let i = 1; i <= 120; i += 1) {
      cmd[`c${i}`] = `crm.item.add?entityTypeId=${listType.entityTypeId}&fields[title]=${encodeURIComponent(i % 2 === 0 ? `Чётный ${i}` : `Odd ${i}`)}&fields[xmlId]=row:${i}&fields[ufCrm${listType.id}Flag]=${i % 3 === 0 ? 'Y' : 'N'}`;
      if (Object.keys(cmd).length === 50 || i === 120) {
        const answer = await call(sandbox, 'batch', { halt: 1, cmd });
        expect((answer.body.result as any).result_error).toEqual([]);
        for (const key of Object.keys(cmd)) delete cmd[key];
      }
    }
  });

  it('pages are exactly 50 with total and next; the last page has no next', async () => {
    const pages: number[] = [];
    let start: number | undefined = 0;
    while (start !== undefined) {
      const answer = await call(sandbox, 'crm.item.list', { entityTypeId: listType.entityTypeId, start, select: ['id'] });
      expect(answer.body.total).toBe(120);
      pages.push((answer.body.result as any).items.length);
      start = answer.body.next as number | undefined;
    }
    expect(pages).toEqual([50, 50, 20]);
  });

  it('start=-1 with >id walks with total 0 and no next', async () => {
    let lastId = 0;
    let seen = 0;
    for (;;) {
      const answer = await call(sandbox, 'crm.item.list', { entityTypeId: listType.entityTypeId, start: -1, order: { id: 'ASC' }, filter: { '>id': lastId }, select: ['id', 'xmlId'] });
      // huge-data.md: without the count the portal answers total 0 and no next.
      expect(answer.body.total).toBe(0);
      expect(answer.body.next).toBeUndefined();
      const items = (answer.body.result as any).items as Array<{ id: number }>;
      seen += items.length;
      if (items.length < 50) break;
      lastId = items[items.length - 1]!.id;
    }
    expect(seen).toBe(120);
  });

  it('@xmlId looks up up to 50 keys; select limits the keys', async () => {
    const items = (await ok<any>(sandbox, 'crm.item.list', { entityTypeId: listType.entityTypeId, filter: { '@xmlId': ['row:3', 'row:77', 'nope'] }, select: ['id', 'xmlId'] })).items;
    expect(items).toEqual([
      { id: expect.any(Number), xmlId: 'row:3' },
      { id: expect.any(Number), xmlId: 'row:77' },
    ]);
  });

  it('operators: %, !%, >=/<, !@, !=, OR groups, order DESC', async () => {
    const count = async (filter: unknown) => (await call(sandbox, 'crm.item.list', { entityTypeId: listType.entityTypeId, filter, select: ['id'] })).body.total;
    expect(await count({ '%title': 'Чётный' })).toBe(60);
    expect(await count({ '!%title': 'Чётный' })).toBe(60);
    // Odd 1, 11–19 (5 odd), 101–119 (10 odd).
    expect(await count({ '=%title': 'Odd 1%' })).toBe(1 + 5 + 10);
    expect(await count({ '>=id': 100 })).toBe(21);
    expect(await count({ '<id': 11 })).toBe(10);
    expect(await count({ '!@xmlId': ['row:1', 'row:2'] })).toBe(118);
    expect(await count({ '!=xmlId': 'row:1' })).toBe(119);
    expect(await count({ 0: { logic: 'OR', 0: { xmlId: 'row:1' }, 1: { xmlId: 'row:2' } } })).toBe(2);
    const desc = (await ok<any>(sandbox, 'crm.item.list', { entityTypeId: listType.entityTypeId, order: { id: 'DESC' }, select: ['id'] })).items;
    expect(desc[0].id).toBeGreaterThan(desc[1].id);
  });

  it('custom booleans filter with 1/0; "Y" behaves like 0', async () => {
    const field = `ufCrm${listType.id}Flag`;
    const count = async (value: unknown) => (await call(sandbox, 'crm.item.list', { entityTypeId: listType.entityTypeId, filter: { [field]: value }, select: ['id'] })).body.total;
    expect(await count(1)).toBe(40);
    expect(await count('0')).toBe(80);
    expect(await count('Y')).toBe(80);
  });

  it('unknown filter / order fields → 400 INVALID_ARG_VALUE', async () => {
    const badFilter = await call(sandbox, 'crm.item.list', { entityTypeId: listType.entityTypeId, filter: { nope: 1 } });
    expect(badFilter.status).toBe(400);
    expect(badFilter.body).toEqual({ error: 'INVALID_ARG_VALUE', error_description: "Invalid filter: field 'nope' is not allowed in filter" });
    const badOrder = await call(sandbox, 'crm.item.list', { entityTypeId: listType.entityTypeId, order: { nope: 'ASC' } });
    expect(badOrder.status).toBe(400);
    expect(badOrder.body.error).toBe('INVALID_ARG_VALUE');
  });
});

describe('crm.item.fields', () => {
  it('custom fields carry isDynamic, upperName and enumeration items', async () => {
    const { fields } = await ok<any>(sandbox, 'crm.item.fields', { entityTypeId: etid });
    expect(fields.id).toMatchObject({ type: 'integer', isReadOnly: true });
    expect(fields.opened).toMatchObject({ isRequired: true });
    expect(fields[`ufCrm${typeId}Priority`]).toMatchObject({
      type: 'enumeration',
      isDynamic: true,
      upperName: `UF_CRM_${typeId}_PRIORITY`,
      items: [
        { ID: String(enumIds.high), VALUE: 'High' },
        { ID: String(enumIds.normal), VALUE: 'Normal' },
      ],
    });
    expect(fields[`ufCrm${typeId}Tags`]).toMatchObject({ isMultiple: true });
    const original = await ok<any>(sandbox, 'crm.item.fields', { entityTypeId: etid, useOriginalUfNames: 'Y' });
    expect(original.fields[`UF_CRM_${typeId}_PRIORITY`]).toBeDefined();
  });
});

describe('crm.item.import / batchImport', () => {
  it('batchImport answers one entry per row, in order; failed rows carry their error', async () => {
    const importType = await makeType(sandbox);
    await ok(sandbox, 'userfieldconfig.add', { moduleId: 'crm', field: { entityId: `CRM_${importType.id}`, fieldName: `UF_CRM_${importType.id}_CODE`, userTypeId: 'string', mandatory: 'Y', editFormLabel: 'Code' } });
    const answer = await call(sandbox, 'crm.item.batchImport', {
      entityTypeId: importType.entityTypeId,
      data: [
        { title: 'first', [`ufCrm${importType.id}Code`]: 'A', createdTime: '2024-01-01T10:00:00+03:00', xmlId: 'h:1' },
        { title: 'missing code', xmlId: 'h:2' },
        { title: 'third', [`ufCrm${importType.id}Code`]: 'C', createdTime: '2024-02-01T10:00:00+03:00', updatedTime: '2024-03-01T10:00:00+03:00', createdBy: 4 },
      ],
    });
    expect(answer.status).toBe(200);
    const items = (answer.body.result as any).items;
    expect(items).toEqual([
      { item: { id: expect.any(Number) } },
      { error: 'CRM_FIELD_ERROR_REQUIRED', error_description: 'The field "Code" is required.' },
      { item: { id: expect.any(Number) } },
    ]);
    const third = (await ok<any>(sandbox, 'crm.item.get', { entityTypeId: importType.entityTypeId, id: items[2].item.id })).item;
    expect(third).toMatchObject({ createdTime: '2024-02-01T10:00:00+03:00', updatedTime: '2024-03-01T10:00:00+03:00', createdBy: 4 });
  });

  it('more than 20 rows → 400 MAX_IMPORT_BATCH_SIZE_EXCEEDED', async () => {
    const answer = await call(sandbox, 'crm.item.batchImport', { entityTypeId: etid, data: Array.from({ length: 21 }, (_, i) => ({ title: `r${i}` })) });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: 'MAX_IMPORT_BATCH_SIZE_EXCEEDED', error_description: 'You cannot import more than 20 items' });
  });

  it('date rules: no future dates, ascending createdTime, createdTime ≤ movedTime ≤ updatedTime', async () => {
    const t = await makeType(sandbox);
    const imp = (fields: Record<string, unknown>) => call(sandbox, 'crm.item.import', { entityTypeId: t.entityTypeId, fields });
    expect((await imp({ createdTime: '2099-01-01T00:00:00+03:00' })).body.error).toBe('CRM_FIELD_ERROR_VALUE_NOT_VALID');
    expect((await imp({ createdTime: '2024-05-01T00:00:00+03:00', updatedTime: '2024-04-01T00:00:00+03:00' })).body.error).toBe('CRM_FIELD_ERROR_VALUE_NOT_VALID');
    const good = await imp({ createdTime: '2024-05-01T00:00:00+03:00' });
    expect(good.status).toBe(200);
    expect(good.body.result).toEqual({ item: { id: expect.any(Number) } });
    const older = await imp({ createdTime: '2024-04-01T00:00:00+03:00' });
    expect(older.status).toBe(400);
    expect(older.body).toEqual({ error: 'CRM_FIELD_ERROR_VALUE_NOT_VALID', error_description: 'The value of "Date created" cannot be less than that of any other items' });
  });

  it('a non-admin setting history fields → CRM_FIELD_ERROR_VALUE_NOT_VALID', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-nonadmin-'));
    try {
      // Types need an admin: create one, then reopen the same portal as a non-admin webhook owner.
      const admin = await startSandbox({ plan: 'unlimited', dataDir: dir });
      const t = await makeType(admin);
      await admin.close();
      const other = await startSandbox({ plan: 'unlimited', dataDir: dir, ownerIsAdmin: false, userId: 2 });
      try {
        const refused = await call(other, 'crm.item.import', { entityTypeId: t.entityTypeId, fields: { createdTime: '2024-01-01T00:00:00+03:00' } });
        expect(refused.status).toBe(400);
        expect(refused.body).toEqual({ error: 'CRM_FIELD_ERROR_VALUE_NOT_VALID', error_description: 'Invalid value for field "Date created"' });
        const plain = await call(other, 'crm.item.import', { entityTypeId: t.entityTypeId, fields: { title: 'no history' } });
        expect(plain.status).toBe(200);
      } finally {
        await other.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('clients and duplicates', () => {
  it('contacts/companies link to items; findbycomm matches e-mail and phone without extension, [] on no hit', async () => {
    const companyId = await ok<number>(sandbox, 'crm.company.add', { fields: { TITLE: 'ООО Ромашка', EMAIL: [{ VALUE: 'info@romashka.ru', VALUE_TYPE: 'WORK' }] } });
    const contactId = await ok<number>(sandbox, 'crm.contact.add', { fields: { NAME: 'Пётр', LAST_NAME: 'Сидоров', PHONE: [{ VALUE: '+7 (495) 123-45-67', VALUE_TYPE: 'WORK' }], COMPANY_ID: companyId } });
    const linked = (await ok<any>(sandbox, 'crm.item.add', { entityTypeId: etid, fields: { companyId, contactId } })).item;
    expect(linked).toMatchObject({ companyId, contactId });
    const badLink = await call(sandbox, 'crm.item.add', { entityTypeId: etid, fields: { companyId: 99999 } });
    expect(badLink.body.error).toBe('CRM_FIELD_ERROR_VALUE_NOT_VALID');

    expect(await ok(sandbox, 'crm.duplicate.findbycomm', { type: 'EMAIL', values: ['INFO@romashka.ru'] })).toEqual({ COMPANY: [companyId] });
    expect(await ok(sandbox, 'crm.duplicate.findbycomm', { type: 'PHONE', values: ['74951234567 доб. 12'], entity_type: 'CONTACT' })).toEqual({ CONTACT: [contactId] });
    const none = await call(sandbox, 'crm.duplicate.findbycomm', { type: 'EMAIL', values: ['nobody@example.com'] });
    expect(none.body.result).toEqual([]);
    const tooMany = await call(sandbox, 'crm.duplicate.findbycomm', { type: 'EMAIL', values: Array.from({ length: 21 }, (_, i) => `${i}@x.ru`) });
    expect(tooMany.status).toBe(400);

    const list = await call(sandbox, 'crm.contact.list', { filter: { PHONE: '+7 (495) 123-45-67' }, select: ['ID', 'NAME', 'PHONE'] });
    expect(list.body.result).toEqual([{ ID: String(contactId), NAME: 'Пётр', DATE_CREATE: expect.any(String), PHONE: [expect.objectContaining({ VALUE: '+7 (495) 123-45-67', VALUE_TYPE: 'WORK' })] }]);
    const star = await ok<any[]>(sandbox, 'crm.contact.list', { select: ['*'] });
    expect(star[0].PHONE).toBeUndefined();
  });
});

describe('timeline comments', () => {
  it('crm.timeline.comment.add attaches a note to an SPA item; unknown items are refused', async () => {
    const item = (await ok<any>(sandbox, 'crm.item.add', { entityTypeId: etid, fields: { title: 'with note' } })).item;
    const id = await ok<number>(sandbox, 'crm.timeline.comment.add', { fields: { ENTITY_ID: item.id, ENTITY_TYPE: `DYNAMIC_${etid}`, COMMENT: 'Позвонить в пятницу' } });
    expect(id).toEqual(expect.any(Number));
    const list = await ok<any[]>(sandbox, 'crm.timeline.comment.list', { filter: { ENTITY_ID: item.id, ENTITY_TYPE: `dynamic_${etid}` } });
    expect(list).toEqual([expect.objectContaining({ ID: String(id), COMMENT: 'Позвонить в пятницу' })]);
    const missing = await call(sandbox, 'crm.timeline.comment.add', { fields: { ENTITY_ID: 999999, ENTITY_TYPE: `DYNAMIC_${etid}`, COMMENT: 'x' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('ERROR_CORE');
  });
});
