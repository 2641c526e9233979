import { afterAll, describe, expect, it } from 'vitest';
import { createBitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { bitrixErrorFromAnswer } from '../../../shared/portal/bitrix/bitrix-error';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle, SandboxOptions } from '../../../sandbox/types';

describe('classifying portal errors', () => {
  it('reads access refusals from methods that put the reason in the text', () => {
    // userfieldconfig.*: empty `error`, the reason in the description.
    expect(bitrixErrorFromAnswer({ error: '', error_description: 'Access denied' }, 400, 'userfieldconfig.add').code).toBe('PORTAL_ACCESS');
    expect(bitrixErrorFromAnswer({ error: 0, error_description: 'You cannot create custom fields' }, 400, 'userfieldconfig.add').code).toBe('PORTAL_ACCESS');
    // crm.status.*: ERROR_CORE with the text.
    expect(bitrixErrorFromAnswer({ error: 'ERROR_CORE', error_description: 'Access denied.' }, 400, 'crm.status.add').code).toBe('PORTAL_ACCESS');
    // Some answers carry the text in `error` itself.
    expect(bitrixErrorFromAnswer({ error: 'Access denied', error_description: '' }, 400, 'crm.status.add').code).toBe('PORTAL_ACCESS');
    // Other ERROR_CORE texts stay what they are.
    expect(bitrixErrorFromAnswer({ error: 'ERROR_CORE', error_description: 'The specified status ID already exists.' }, 400, 'crm.status.add').code).toBe('PORTAL_VALIDATION');
    expect(bitrixErrorFromAnswer({ error: '', error_description: 'Field UF_CRM_3_X already exists' }, 400, 'userfieldconfig.add').code).toBe('PORTAL_VALIDATION');
    // 403 INVALID_CREDENTIALS: the user lacks rights; 401: the webhook is wrong.
    expect(bitrixErrorFromAnswer({ error: 'INVALID_CREDENTIALS', error_description: 'Invalid request credentials' }, 403, 'crm.type.add').code).toBe('PORTAL_ACCESS');
    expect(bitrixErrorFromAnswer({ error: 'INVALID_CREDENTIALS', error_description: 'Invalid request credentials' }, 401, 'profile').code).toBe('PORTAL_AUTH');
  });

  it('tells the plan refusal and the overload block from access and rate limits, and retries neither', () => {
    const plan = bitrixErrorFromAnswer({ error: 'ACCESS_DENIED', error_description: 'REST API is available only on commercial plans' }, 403, 'profile');
    expect(plan).toMatchObject({ code: 'PORTAL_PLAN', retriable: false });
    expect(plan.hint).toMatch(/commercial plans/);
    expect(bitrixErrorFromAnswer({ error: 'ACCESS_DENIED', error_description: 'Access denied!' }, 403, 'bizproc.workflow.template.list').code).toBe('PORTAL_ACCESS');
    const blocked = bitrixErrorFromAnswer({ error: 'OVERLOAD_LIMIT', error_description: 'REST API is blocked due to overload' }, 503, 'crm.item.list');
    expect(blocked).toMatchObject({ code: 'PORTAL_BLOCKED', retriable: false });
    expect(blocked.hint).toMatch(/support/);
    expect(bitrixErrorFromAnswer({ error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' }, 503, 'crm.item.list')).toMatchObject({ code: 'PORTAL_RATE_LIMIT', retriable: true });
  });
});

const running: SandboxHandle[] = [];
async function sandbox(options: SandboxOptions): Promise<SandboxHandle> {
  const handle = await startSandbox({ plan: 'unlimited', ...options });
  running.push(handle);
  return handle;
}
afterAll(async () => {
  await Promise.all(running.map((handle) => handle.close()));
});

describe('the client on a blocked or free portal', () => {
  it('reports OVERLOAD_LIMIT at once, for reads and writes, without retrying or calling a write ambiguous', async () => {
    const portal = await sandbox({ restAccess: 'blocked' });
    const client = createBitrixClient({ webhookUrl: portal.webhook, limits: planLimits('unlimited') });
    await expect(client.call('crm.item.list', { entityTypeId: 1032 })).rejects.toMatchObject({ code: 'PORTAL_BLOCKED', httpStatus: 503, ambiguous: false });
    await expect(client.call('crm.item.add', { entityTypeId: 1032, fields: { title: 'x' } })).rejects.toMatchObject({ code: 'PORTAL_BLOCKED', ambiguous: false });
    expect(portal.stats().requests).toBe(2);
  });

  it('reports the plan refusal as a plan problem', async () => {
    const portal = await sandbox({ restAccess: 'free' });
    const client = createBitrixClient({ webhookUrl: portal.webhook, limits: planLimits('unlimited') });
    await expect(client.call('profile')).rejects.toMatchObject({ code: 'PORTAL_PLAN', httpStatus: 403 });
    expect(portal.stats().requests).toBe(1);
  });
});
