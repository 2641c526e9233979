import { docsSampleBpt } from '../runs/automation/docs-sample';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../sandbox/types';
import { call, ok, raw } from './sandbox-client';

let sandbox: SandboxHandle;
let readOnly: SandboxHandle;

beforeAll(async () => {
  sandbox = await startSandbox({ plan: 'unlimited', secret: 'topsecret1', appAccessToken: 'apptoken1' });
  readOnly = await startSandbox({ plan: 'unlimited', scopes: ['user_brief'], ownerIsAdmin: false, userId: 2 });
});
afterAll(async () => {
  await sandbox.close();
  await readOnly.close();
});

function expectTimeBlock(time: unknown): void {
  // Every success carries start/finish/duration/processing/date_* and the operating fields.
  expect(time).toMatchObject({
    start: expect.any(Number),
    finish: expect.any(Number),
    duration: expect.any(Number),
    processing: expect.any(Number),
    date_start: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/),
    date_finish: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/),
    operating_reset_at: expect.any(Number),
    operating: expect.any(Number),
  });
}

describe('transport', () => {
  it('webhook URL is loopback with user and secret', () => {
    expect(sandbox.webhook).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/rest\/1\/topsecret1\/$/);
  });

  it('a JSON POST succeeds with the result/time envelope', async () => {
    const answer = await call(sandbox, 'profile');
    expect(answer.status).toBe(200);
    expect(answer.body.result).toEqual({ ID: '1', ADMIN: true, NAME: 'Анна', LAST_NAME: 'Смирнова', PERSONAL_GENDER: 'F', TIME_ZONE: '' });
    expectTimeBlock(answer.body.time);
  });

  it('`.json` suffix, GET query string and form bodies with PHP brackets all reach the method', async () => {
    const viaJsonSuffix = await raw(`${sandbox.webhook}scope.json`);
    expect(viaJsonSuffix.status).toBe(200);
    expect(viaJsonSuffix.body.result).toEqual(['crm', 'user', 'userfieldconfig', 'bizproc']);

    const type = await ok(sandbox, 'crm.type.add', { fields: { title: 'Form body', isStagesEnabled: 'Y' } });
    const etid = type.type.entityTypeId as number;
    const form = new URLSearchParams();
    form.set('entityTypeId', String(etid));
    form.set('fields[title]', 'A & B');
    form.set('fields[xmlId]', 'form:1');
    const viaForm = await raw(`${sandbox.webhook}crm.item.add`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(viaForm.status).toBe(200);
    expect((viaForm.body.result as any).item).toMatchObject({ title: 'A & B', xmlId: 'form:1' });

    const viaQuery = await raw(`${sandbox.webhook}crm.item.list?entityTypeId=${etid}&filter[xmlId]=form%3A1&select[]=id&select[]=title`);
    expect(viaQuery.status).toBe(200);
    expect((viaQuery.body.result as any).items).toEqual([{ id: 1, title: 'A & B' }]);
  });

  it('server.time answers an ISO datetime with offset', async () => {
    expect(await ok(sandbox, 'server.time')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/);
  });
});

describe('auth and scope errors', () => {
  it('wrong secret → 401 INVALID_CREDENTIALS', async () => {
    const answer = await call(sandbox.webhook.replace('topsecret1', 'wrong'), 'profile');
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: 'INVALID_CREDENTIALS', error_description: 'Invalid request credentials' });
  });

  it('wrong user id for the secret → 401 INVALID_CREDENTIALS', async () => {
    const answer = await call(sandbox.webhook.replace('/rest/1/', '/rest/2/'), 'profile');
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('INVALID_CREDENTIALS');
  });

  it('no auth at all → 401 NO_AUTH_FOUND', async () => {
    const answer = await call(`${sandbox.origin}/rest/`, 'profile');
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' });
  });

  it('unknown method → 404 ERROR_METHOD_NOT_FOUND', async () => {
    const answer = await call(sandbox, 'crm.item.frobnicate');
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' });
  });

  it('missing scope → 401 insufficient_scope', async () => {
    const answer = await call(readOnly, 'crm.type.list');
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({
      error: 'insufficient_scope',
      error_description: 'The request requires higher privileges than provided by the webhook token',
    });
  });

  it('inside a batch a scope refusal is a command error with an empty description', async () => {
    const answer = await call(readOnly, 'batch', { cmd: { t: 'crm.type.list', p: 'profile' } });
    expect(answer.status).toBe(200);
    expect((answer.body.result as any).result_error).toEqual({ t: { error: 'insufficient_scope', error_description: '' } });
    expect((answer.body.result as any).result.p).toMatchObject({ ID: '2' });
  });

  it('profile needs no scope and reports a non-admin owner', async () => {
    expect(await ok(readOnly, 'profile')).toMatchObject({ ID: '2', ADMIN: false, NAME: 'Иван' });
  });

  it('user_brief hides e-mail; user scope shows it', async () => {
    const brief = await ok<any>(readOnly, 'user.current');
    expect(brief.EMAIL).toBeUndefined();
    const full = await ok<any>(sandbox, 'user.current');
    expect(full.EMAIL).toBe('anna.smirnova@example.ru');
  });

  it('scope {full:true} lists every scope; method.get reports existence and availability', async () => {
    expect(await ok(sandbox, 'scope', { full: true })).toContain('placement');
    expect(await ok(sandbox, 'method.get', { name: 'crm.item.batchImport' })).toEqual({ isExisting: true, isAvailable: true });
    expect(await ok(readOnly, 'method.get', { name: 'crm.item.batchImport' })).toEqual({ isExisting: true, isAvailable: false });
    // A module controller's action is not checked (b24restdocs method-get.md: `crm.item.lst` gives true).
    expect(await ok(sandbox, 'method.get', { name: 'crm.item.nope' })).toEqual({ isExisting: true, isAvailable: true });
    expect(await ok(sandbox, 'method.get', { name: 'crm.nope.list' })).toEqual({ isExisting: false, isAvailable: false });
  });

  it('method.get finds other methods only by their lower-case name, under the lower-case key', async () => {
    expect(await ok(sandbox, 'method.get', { name: 'user.get' })).toEqual({ isExisting: true, isAvailable: true });
    expect(await ok(sandbox, 'method.get', { name: 'User.Get' })).toEqual({ isExisting: false, isAvailable: false });
    expect(await ok(sandbox, 'method.get', { name: 'crm.status.List' })).toEqual({ isExisting: false, isAvailable: false });
    expect(await ok(sandbox, 'method.get', { NAME: 'user.get' })).toEqual({ isExisting: false, isAvailable: false });
    expect(await ok(sandbox, 'method.get', {})).toEqual({ isExisting: false, isAvailable: false });
  });
});

describe('users', () => {
  it('user.get filters by e-mail exactly and pages with total', async () => {
    const answer = await call(sandbox, 'user.get', { FILTER: { '=EMAIL': 'john.smith@example.com' } });
    expect(answer.status).toBe(200);
    expect(answer.body.result).toEqual([expect.objectContaining({ ID: '4', NAME: 'John', LAST_NAME: 'Smith' })]);
    expect(answer.body.total).toBe(1);
  });

  it('user.get by Russian name and ACTIVE filter excludes dismissed staff', async () => {
    const petrov = await ok<any[]>(sandbox, 'user.get', { FILTER: { LAST_NAME: 'Петров' } });
    expect(petrov.map((u) => u.ID)).toEqual(['2']);
    const all = await call(sandbox, 'user.get', {});
    expect(all.body.total).toBe(8);
    const active = await call(sandbox, 'user.get', { FILTER: { ACTIVE: true } });
    expect(active.body.total).toBe(7);
  });

  it('user.search FIND matches name prefixes', async () => {
    const found = await ok<any[]>(sandbox, 'user.search', { FILTER: { FIND: 'Ольг' } });
    expect(found.map((u) => u.ID)).toEqual(['7']);
  });
});

describe('application-only methods from a webhook', () => {
  for (const method of ['bizproc.robot.add', 'bizproc.workflow.template.add', 'crm.automation.trigger.add', 'app.info']) {
    it(`${method} → 403 ACCESS_DENIED "Application context required"`, async () => {
      const answer = await call(sandbox, method, { CODE: 'x', NAME: 'x', HANDLER: 'https://example.com/h' });
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual({ error: 'ACCESS_DENIED', error_description: 'Access denied! Application context required' });
    });
  }

  it('the same methods work with an application token (OAuth auth parameter)', async () => {
    const robot = await call(`${sandbox.appEndpoint}`, 'bizproc.robot.add', {
      auth: 'apptoken1',
      CODE: 'notify_owner',
      HANDLER: 'https://example.com/robot',
      NAME: { ru: 'Уведомить', en: 'Notify' },
    });
    expect(robot.status).toBe(200);
    expect(robot.body.result).toBe(true);
    const again = await call(`${sandbox.appEndpoint}`, 'bizproc.robot.add', { auth: 'apptoken1', CODE: 'notify_owner', HANDLER: 'https://example.com/robot', NAME: 'x' });
    expect(again.body.error).toBe('ERROR_ACTIVITY_ALREADY_INSTALLED');
    const badToken = await call(`${sandbox.appEndpoint}`, 'profile', { auth: 'nope' });
    expect(badToken.status).toBe(401);
    expect(badToken.body.error).toBe('invalid_token');
  });

  it('template.add checks AUTO_EXECUTE as a string 0–3 and the .bpt payload; template.list hides automation', async () => {
    // The official docs' sample template: a real .bpt the portal accepts.
    const bpt = Buffer.from(docsSampleBpt()).toString('base64');
    const base = { auth: 'apptoken1', DOCUMENT_TYPE: ['crm', 'Bitrix\\Crm\\Integration\\BizProc\\Document\\Dynamic', 'DYNAMIC_1030'], NAME: 'Starter', TEMPLATE_DATA: ['starter.bpt', bpt] };
    const asInteger = await call(sandbox.appEndpoint, 'bizproc.workflow.template.add', { ...base, AUTO_EXECUTE: 1 });
    expect(asInteger.status).toBe(400);
    expect(asInteger.body).toEqual({ error: 'ERROR_TEMPLATE_VALIDATION_FAILURE', error_description: 'Incorrect field AUTO_EXECUTE!' });
    const eight = await call(sandbox.appEndpoint, 'bizproc.workflow.template.add', { ...base, AUTO_EXECUTE: '8' });
    expect(eight.body.error_description).toBe('Incorrect field AUTO_EXECUTE!');
    const badData = await call(sandbox.appEndpoint, 'bizproc.workflow.template.add', { ...base, AUTO_EXECUTE: '1', TEMPLATE_DATA: ['x.bpt', 'bm90IHppcA=='] });
    // Bytes that are no .bpt get past the REST layer and are refused by the template importer.
    expect(badData.body).toEqual({ error: 'ERROR_ARGUMENT', error_description: 'Incorrect workflow template', argument: '' });
    const noData = await call(sandbox.appEndpoint, 'bizproc.workflow.template.add', { ...base, AUTO_EXECUTE: '1', TEMPLATE_DATA: ['x.bpt', ''] });
    expect(noData.body.error_description).toBe('Incorrect field TEMPLATE_DATA!');
    const good = await call(sandbox.appEndpoint, 'bizproc.workflow.template.add', { ...base, AUTO_EXECUTE: '3' });
    expect(good.status).toBe(200);
    expect(good.body.result).toEqual(expect.any(Number));
    // The template list works from a webhook.
    const list = await ok<any[]>(sandbox, 'bizproc.workflow.template.list', { SELECT: ['ID', 'NAME', 'AUTO_EXECUTE'], FILTER: { NAME: 'Starter' } });
    expect(list).toEqual([{ ID: good.body.result, NAME: 'Starter', AUTO_EXECUTE: 3 }]);
  });
});
