/**
 * Sandbox behaviour for changing and removing clients and workflow
 * templates, as the REST docs give it: `crm.company|contact.update` stamps
 * `DATE_MODIFY` and `MODIFY_BY_ID`; `.delete` answers `true`, unlinks the
 * record from deals and smart-process items, and a second delete is "not
 * found" in the docs' words; `bizproc.workflow.template.delete` needs the
 * application context and answers `null`, then `ERROR_TEMPLATE_NOT_FOUND`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../sandbox/types';
import { docsSampleBpt } from '../runs/automation/docs-sample';
import { call, makeType, ok } from './sandbox-client';

let sandbox: SandboxHandle;

beforeAll(async () => {
  sandbox = await startSandbox({ plan: 'unlimited', appAccessToken: 'apptoken2' });
});
afterAll(async () => {
  await sandbox?.close();
});

describe('crm.company / crm.contact update and delete', () => {
  it('a new company has DATE_MODIFY equal to DATE_CREATE and its creator as MODIFY_BY_ID; update stamps a later DATE_MODIFY', async () => {
    const id = await ok<number>(sandbox, 'crm.company.add', { fields: { TITLE: 'ООО Ромашка' } });
    const select = ['ID', 'TITLE', 'DATE_CREATE', 'DATE_MODIFY', 'CREATED_BY_ID', 'MODIFY_BY_ID'];
    const [created] = await ok<Array<Record<string, string>>>(sandbox, 'crm.company.list', { filter: { ID: id }, select });
    expect(created).toMatchObject({ ID: String(id), CREATED_BY_ID: '1', MODIFY_BY_ID: '1' });
    expect(created!['DATE_MODIFY']).toBe(created!['DATE_CREATE']);

    await new Promise((done) => setTimeout(done, 1050 - (Date.now() % 1000)));
    expect(await ok(sandbox, 'crm.company.update', { id, fields: { TITLE: 'ООО «Ромашка»' } })).toBe(true);
    const [updated] = await ok<Array<Record<string, string>>>(sandbox, 'crm.company.list', { filter: { ID: id }, select });
    expect(updated!['TITLE']).toBe('ООО «Ромашка»');
    expect(Date.parse(updated!['DATE_MODIFY']!)).toBeGreaterThan(Date.parse(updated!['DATE_CREATE']!));
    // Filterable, like the portal's own change time.
    expect(await ok(sandbox, 'crm.company.list', { filter: { '>DATE_MODIFY': created!['DATE_CREATE'] }, select: ['ID'] })).toEqual([{ ID: String(id), DATE_CREATE: created!['DATE_CREATE'] }]);
  });

  it('update and delete refuse a bad or unknown id in the docs’ words', async () => {
    expect(await call(sandbox, 'crm.company.update', { fields: { TITLE: 'x' } })).toEqual({ status: 400, body: { error: '', error_description: 'ID is not defined or invalid.' } });
    expect(await call(sandbox, 'crm.company.delete', { id: 99999 })).toEqual({ status: 400, body: { error: '', error_description: 'Company is not found.' } });
    expect(await call(sandbox, 'crm.contact.delete', { id: 99999 })).toEqual({ status: 400, body: { error: 'ERROR_CORE', error_description: 'Element not found.' } });
    expect((await call(sandbox, 'crm.contact.delete', { id: 'abc' })).body).toEqual({ error: '', error_description: 'ID is not defined or invalid.' });
  });

  it('delete answers true, unlinks deals and items, and a second delete is not found', async () => {
    const company = await ok<number>(sandbox, 'crm.company.add', { fields: { TITLE: 'АО Вектор' } });
    const contact = await ok<number>(sandbox, 'crm.contact.add', { fields: { NAME: 'Иван', LAST_NAME: 'Орлов', COMPANY_ID: company } });
    const deal = await ok<number>(sandbox, 'crm.deal.add', { fields: { TITLE: 'Поставка', COMPANY_ID: company, CONTACT_ID: contact } });
    const type = await makeType(sandbox, { isClientEnabled: 'Y' });
    const { item } = await ok<{ item: { id: number } }>(sandbox, 'crm.item.add', { entityTypeId: type.entityTypeId, fields: { title: 'Заявка', companyId: company, contactIds: [contact] } });

    expect(await ok(sandbox, 'crm.contact.delete', { id: contact })).toBe(true);
    expect(await ok(sandbox, 'crm.company.delete', { ID: company })).toBe(true);
    expect(await ok(sandbox, 'crm.company.list', { filter: { ID: company }, select: ['ID'] })).toEqual([]);
    const [linkedDeal] = await ok<Array<Record<string, unknown>>>(sandbox, 'crm.deal.list', { filter: { ID: deal }, select: ['ID', 'COMPANY_ID', 'CONTACT_ID'] });
    expect(linkedDeal).toMatchObject({ COMPANY_ID: null, CONTACT_ID: null });
    const { item: after } = await ok<{ item: Record<string, unknown> }>(sandbox, 'crm.item.get', { entityTypeId: type.entityTypeId, id: item.id });
    expect(after).toMatchObject({ companyId: null, contactIds: [] });
    expect((await call(sandbox, 'crm.company.delete', { id: company })).body.error_description).toBe('Company is not found.');
  });
});

describe('bizproc.workflow.template.delete', () => {
  it('refuses a webhook; in application context answers null, then ERROR_TEMPLATE_NOT_FOUND', async () => {
    const added = await call(sandbox.appEndpoint, 'bizproc.workflow.template.add', {
      auth: 'apptoken2',
      DOCUMENT_TYPE: ['crm', 'Bitrix\\Crm\\Integration\\BizProc\\Document\\Dynamic', 'DYNAMIC_1030'],
      NAME: 'Starter',
      AUTO_EXECUTE: '3',
      TEMPLATE_DATA: ['starter.bpt', Buffer.from(docsSampleBpt()).toString('base64')],
    });
    const id = added.body.result as number;
    expect(id).toEqual(expect.any(Number));

    expect(await call(sandbox, 'bizproc.workflow.template.delete', { ID: id })).toEqual({ status: 403, body: { error: 'ACCESS_DENIED', error_description: 'Access denied! Application context required' } });
    const deleted = await call(sandbox.appEndpoint, 'bizproc.workflow.template.delete', { auth: 'apptoken2', ID: id });
    expect(deleted.status).toBe(200);
    expect(deleted.body.result).toBeNull();
    expect(await ok(sandbox, 'bizproc.workflow.template.list', { FILTER: { ID: id } })).toEqual([]);
    expect(await call(sandbox.appEndpoint, 'bizproc.workflow.template.delete', { auth: 'apptoken2', ID: id })).toEqual({ status: 400, body: { error: 'ERROR_TEMPLATE_NOT_FOUND', error_description: 'Workflow template not found.' } });
  });
});
