import { B24Hook, B24OAuth } from '@bitrix24/b24jssdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../sandbox/types';
import { makeType } from './sandbox-client';

/**
 * Drives the sandbox with the vendor's own SDK.
 * `B24Hook` insists on https, so the SDK reaches the loopback
 * sandbox through `B24OAuth`, whose `clientEndpoint` is used as given.
 */
let sandbox: SandboxHandle;
let b24: B24OAuth;
let entityTypeId: number;

beforeAll(async () => {
  sandbox = await startSandbox({ plan: 'standard' });
  ({ entityTypeId } = await makeType(sandbox));
  const port = sandbox.port;
  b24 = new B24OAuth(
    {
      applicationToken: 'sandbox',
      userId: 1,
      memberId: 'sandbox',
      accessToken: sandbox.appAccessToken,
      refreshToken: 'unused',
      expires: Math.floor(Date.now() / 1000) + 3600,
      expiresIn: 3600,
      scope: 'crm,user,userfieldconfig,bizproc',
      domain: `127.0.0.1:${port}`,
      clientEndpoint: `${sandbox.origin}/rest/`,
      serverEndpoint: `${sandbox.origin}/oauth/rest/`,
      status: 'L',
    },
    { clientId: 'local.sandbox', clientSecret: 'unused' },
  );
});
afterAll(async () => {
  await sandbox.close();
});

describe('@bitrix24/b24jssdk against the sandbox', () => {
  it('B24Hook refuses a plain-http webhook, so it cannot target the sandbox directly', () => {
    expect(() => B24Hook.fromWebhookUrl(sandbox.webhook)).toThrow(/HTTPS/i);
  });

  it('profile through actions.v2.call', async () => {
    const response = await b24.actions.v2.call.make<{ ID: string; ADMIN: boolean }>({ method: 'profile' });
    expect(response.isSuccess).toBe(true);
    expect(response.getData()!.result).toMatchObject({ ID: '1', ADMIN: true });
  });

  it('a batch of crm.item.add with named commands', async () => {
    const calls = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`c${i}`, { method: 'crm.item.add', params: { entityTypeId, fields: { title: `SDK ${i}`, xmlId: `sdk:${i}` } } }]),
    );
    const result = await b24.actions.v2.batch.make<{ item: { id: number } }>({ calls, options: { isHaltOnError: true } });
    expect(result.isSuccess).toBe(true);
    const data = result.getData() as unknown as Record<string, { item: { id: number } }>;
    expect(Object.keys(data)).toHaveLength(10);
    expect(data['c0']!.item.id).toEqual(expect.any(Number));
  });

  it('a batch error is reported per command, not thrown', async () => {
    const result = await b24.actions.v2.batch.make({
      calls: { ok: { method: 'server.time' }, bad: { method: 'crm.item.get', params: { entityTypeId, id: 999999 } } },
      options: { isHaltOnError: false },
    });
    expect(result.isSuccess).toBe(false);
    expect(result.getErrorMessages().join(' ')).toContain('Item not found');
  });

  it('a paged list through callList (fast >id walk with start=-1)', async () => {
    const calls = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`p${i}`, { method: 'crm.item.add', params: { entityTypeId, fields: { title: `Page ${i}` } } }]));
    for (let round = 0; round < 2; round += 1) expect((await b24.actions.v2.batch.make({ calls })).isSuccess).toBe(true);
    const list = await b24.actions.v2.callList.make<{ id: number }>({
      method: 'crm.item.list',
      params: { entityTypeId, select: ['id', 'title'] },
      idKey: 'id',
      customKeyForResult: 'items',
    });
    expect(list.isSuccess).toBe(true);
    const ids = list.getData()!.map((item) => item.id);
    expect(ids).toHaveLength(110);
    expect(new Set(ids).size).toBe(110);
  });

  it('a method error surfaces with the portal code', async () => {
    const response = await b24.actions.v2.call.make({ method: 'crm.item.get', params: { entityTypeId, id: 999999 } }).catch((error: unknown) => error);
    const code = response instanceof Error ? (response as { code?: string }).code : (response as { getErrors(): Iterable<{ code?: string }> }).getErrors ? [...(response as { getErrors(): Iterable<{ code?: string }> }).getErrors()][0]?.code : undefined;
    expect(code).toBe('NOT_FOUND');
  });
});
