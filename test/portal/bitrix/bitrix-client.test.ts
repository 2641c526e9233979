import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import type { Clock } from '../../../shared/portal/bitrix/clock';
import { BitrixError } from '../../../shared/portal/bitrix/bitrix-error';
import { listById } from '../../../shared/portal/bitrix/list-by-id';
import { planLimits, RateLimiter } from '../../../shared/portal/bitrix/rate-limiter';
import { parseWebhookUrl } from '../../../shared/portal/bitrix/webhook-url';
import type { ClientEvent } from '../../../shared/portal/bitrix/types';
import { createManualClock } from '../../../sandbox/manual-clock';
import { startTestPortal, type SmartProcess, type TestPortal } from './test-portal';

let portal: TestPortal;
let spa: SmartProcess;
let secret: string;

beforeAll(async () => {
  portal = await startTestPortal();
  spa = await portal.createType();
  secret = parseWebhookUrl(portal.sandbox.webhook).secret;
});
afterAll(async () => {
  await portal.close();
});

/** Every way an error can leak text: message, stack, JSON, inspect. */
function allText(error: unknown): string {
  return [String(error), (error as Error).stack ?? '', JSON.stringify(error), inspect(error, { depth: 5, showHidden: true })].join('\n');
}

async function caught(promise: Promise<unknown>): Promise<BitrixError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(BitrixError);
    return error as BitrixError;
  }
  throw new Error('expected a rejection');
}

describe('webhook URLs', () => {
  it('accepts https and loopback http, refuses plain http elsewhere without quoting the secret', () => {
    expect(parseWebhookUrl('https://acme.bitrix24.com/rest/1/s3cr3tvalue/').display).toBe('https://acme.bitrix24.com/rest/1/***/');
    expect(parseWebhookUrl('http://127.0.0.1:9/rest/7/abc/crm.item.add.json').baseUrl).toBe('http://127.0.0.1:9/rest/7/abc/');
    for (const bad of ['http://acme.bitrix24.com/rest/1/s3cr3tvalue/', 'https://acme.bitrix24.com/s3cr3tvalue/', 'not a url s3cr3tvalue']) {
      let thrown: unknown;
      try {
        createBitrixClient({ webhookUrl: bad });
      } catch (error) {
        thrown = error;
      }
      expect((thrown as { code?: string }).code).toBe('PORTAL_INSECURE_URL');
      expect(allText(thrown)).not.toContain('s3cr3tvalue');
    }
  });
});

describe('call', () => {
  it('returns the payload and feeds the time block to the limiter', async () => {
    const { result, time } = await portal.client.call<{ ID: unknown; ADMIN: boolean }>('profile');
    expect(result.ADMIN).toBe(true);
    expect(typeof time?.duration).toBe('number');
    expect(portal.client.limiter.budgets().some((b) => b.method === 'profile')).toBe(true);
  });

  it('maps portal errors to stable codes with the method, and never shows the secret', async () => {
    const wrong = createBitrixClient({ webhookUrl: portal.sandbox.webhook.replace(secret, 'wrongsecret42'), limiter: portal.client.limiter });
    const auth = await caught(wrong.call('profile'));
    expect(auth.code).toBe('PORTAL_AUTH');
    expect(auth.httpStatus).toBe(401);
    expect(allText(auth)).not.toContain('wrongsecret42');

    const missing = await caught(portal.client.call('crm.nothing.here'));
    expect(missing.code).toBe('PORTAL_NOT_FOUND');
    expect(missing.where?.method).toBe('crm.nothing.here');

    const invalid = await caught(
      portal.client.call('crm.item.add', { entityTypeId: spa.entityTypeId, useOriginalUfNames: 'Y', fields: { title: 'x', [spa.amount]: 'twelve' } }),
    );
    expect(invalid.code).toBe('PORTAL_VALIDATION');
    expect(invalid.field).toBe('Amount');
    expect(invalid.where).toMatchObject({ method: 'crm.item.add', column: 'Amount' });
    for (const error of [missing, invalid]) expect(allText(error)).not.toContain(secret);
    expect(inspect(portal.client, { depth: 3 })).not.toContain(secret);
    expect(JSON.stringify(portal.client)).not.toContain(secret);
  });

  it('answers PORTAL_SCOPE when the webhook lacks a scope', async () => {
    const narrow = await startTestPortal({ scopes: ['user'] });
    try {
      const error = await caught(narrow.client.call('crm.type.list'));
      expect(error.code).toBe('PORTAL_SCOPE');
    } finally {
      await narrow.close();
    }
  });
});

describe('batch', () => {
  it('encodes awkward values inside command strings exactly as a JSON body carries them', async () => {
    const awkward = [
      'A & B = C',
      'brackets [0] [x][y] ]',
      'Юникод ✓ 日本語 😀',
      'line one\nline two\r\nthree\ttab',
      '100% + plus ? question # hash',
      "quotes ' \" and back\\slash",
      '$ dollar [result] $result',
      '',
    ];
    const fieldsOf = (title: string, index: number, via: string): Record<string, unknown> => ({
      title,
      xmlId: `enc:${via}:${index}`,
      [spa.note]: title,
      [spa.tags]: [title, 'x&y=z', 'é', `${index}`],
      [spa.amount]: index,
    });
    const commands = awkward.map((title, index) => ({
      key: `k${index}`,
      method: 'crm.item.add',
      params: { entityTypeId: spa.entityTypeId, useOriginalUfNames: 'Y', fields: fieldsOf(title, index, 'batch') },
    }));
    const outcomes = await portal.client.batch(commands);
    expect(outcomes.map((o) => o.key)).toEqual(commands.map((c) => c.key));
    const strip = (item: Record<string, unknown>): Record<string, unknown> => {
      const { id: _id, xmlId, createdTime: _c, updatedTime: _u, movedTime: _m, ...rest } = item;
      // An empty title becomes the portal's default "<process> #<id>".
      const title = String(rest['title']).replace(/ #\d+$/, ' #N');
      return { ...rest, title, xmlId: String(xmlId).replace(/^enc:\w+:/, '') };
    };
    for (const [index, outcome] of outcomes.entries()) {
      expect(outcome.status, JSON.stringify(outcome)).toBe('ok');
      const viaBatch = (outcome as { result: { item: Record<string, unknown> } }).result.item;
      // The same fields in a plain JSON body, which needs no query encoding.
      const viaJson = await portal.client.call<{ item: Record<string, unknown> }>('crm.item.add', {
        entityTypeId: spa.entityTypeId,
        useOriginalUfNames: 'Y',
        fields: fieldsOf(awkward[index] ?? '', index, 'json'),
      });
      expect(strip(viaBatch)).toEqual(strip(viaJson.result.item));
      if (index < awkward.length - 1) expect(viaBatch['title']).toBe(awkward[index]);
      expect((viaBatch[spa.tags] as string[]).slice(-3)).toEqual(['x&y=z', 'é', `${index}`]);
    }
    // A nested array filter inside a command: `@xmlId` with awkward keys.
    const [listed] = await portal.client.batch([
      { key: 'find', method: 'crm.item.list', params: { entityTypeId: spa.entityTypeId, filter: { '@xmlId': ['enc:batch:1', 'enc:batch:3', 'missing&x'] }, select: ['id', 'xmlId'] } },
    ]);
    expect(listed?.status).toBe('ok');
    const items = (listed as { result: { items: Array<{ xmlId: string }> } }).result.items;
    expect(items.map((i) => i.xmlId).sort()).toEqual(['enc:batch:1', 'enc:batch:3']);
  });

  it('refuses text the portal would rewrite inside batch ($result[...]); a plain call carries it', async () => {
    const before = portal.sandbox.stats().requests;
    const title = 'see $result[c0][item][id] here';
    const error = await caught(portal.client.batch([{ method: 'crm.item.add', params: { entityTypeId: spa.entityTypeId, fields: { title } } }]));
    expect(error.bitrixCode).toBe('BATCH_UNSAFE_VALUE');
    expect(portal.sandbox.stats().requests).toBe(before);
    const { result } = await portal.client.call<{ item: { title: string } }>('crm.item.add', { entityTypeId: spa.entityTypeId, fields: { title } });
    expect(result.item.title).toBe(title);
  });

  it('gives one outcome per command: results, errors, and not-run after a halt', async () => {
    const commands = [
      { key: 'a', method: 'crm.item.add', params: { entityTypeId: spa.entityTypeId, fields: { title: 'first' } } },
      { key: 'b', method: 'crm.item.add', params: { entityTypeId: spa.entityTypeId, useOriginalUfNames: 'Y', fields: { title: 'bad', [spa.amount]: 'NaN' } } },
      { key: 'c', method: 'crm.item.add', params: { entityTypeId: spa.entityTypeId, fields: { title: 'third' } } },
    ];
    const free = await portal.client.batch(commands);
    expect(free.map((o) => o.status)).toEqual(['ok', 'error', 'ok']);
    const failure = free[1] as { error: BitrixError };
    expect(failure.error.code).toBe('PORTAL_VALIDATION');
    expect(failure.error.field).toBe('Amount');

    const halted = await portal.client.batch(commands, { halt: true });
    expect(halted.map((o) => o.status)).toEqual(['ok', 'error', 'not-run']);
  });

  it('refuses more than 50 commands before sending anything', async () => {
    const before = portal.sandbox.stats().requests;
    const commands = Array.from({ length: 51 }, () => ({ method: 'profile' }));
    const error = await caught(portal.client.batch(commands));
    expect(error.bitrixCode).toBe('ERROR_BATCH_LENGTH_EXCEEDED');
    expect(portal.sandbox.stats().requests).toBe(before);
  });
});

describe('limits and faults', () => {
  it('waits and retries on 503 (injected), for reads and writes alike', async () => {
    const events: ClientEvent[] = [];
    const client = portal.newClient({ onEvent: (event) => events.push(event) });
    portal.sandbox.faults.failNext(503, 3);
    const { result } = await client.call<{ item: { id: number } }>('crm.item.add', { entityTypeId: spa.entityTypeId, fields: { title: 'after 503s' } });
    expect(result.item.id).toBeGreaterThan(0);
    expect(events.filter((e) => e.kind === 'retry' && e.reason === 'QUERY_LIMIT_EXCEEDED')).toHaveLength(3);
    expect(client.limiter.rateLimitedCount).toBe(3);
  });

  it('says it stopped retrying when a 503 burst outlasts the retries, and what to do', async () => {
    const client = portal.newClient({ maxAttempts: 3 });
    portal.sandbox.faults.failNext(503, 5);
    const failure = await client.call('crm.item.add', { entityTypeId: spa.entityTypeId, fields: { title: 'burst' } }).catch((error: unknown) => error);
    portal.sandbox.faults.clear();
    expect(failure).toBeInstanceOf(BitrixError);
    const error = failure as BitrixError;
    expect(error.code).toBe('PORTAL_RATE_LIMIT');
    expect(error.message).toMatch(/^crm\.item\.add: the portal refused the request 3 times in a row .*the tool stopped retrying\. The request was not run\.$/);
    expect(`${error.message} ${error.hint ?? ''}`).not.toMatch(/retries by itself|waits and retries/);
    expect(error.hint).toMatch(/run the same command again/);
  });

  it('recovers from the real leaky bucket when another tool filled it (one manual clock, no waiting)', async () => {
    // The sandbox's limiter and ours run on one clock that moves only when the
    // client sleeps, so the test is exact and takes no real time.
    const sandboxClock = createManualClock();
    const clock: Clock = {
      now: () => sandboxClock.now(),
      sleep: async (ms, signal) => {
        signal?.throwIfAborted();
        sandboxClock.advance(ms);
        await new Promise((resolve) => setImmediate(resolve));
      },
    };
    const fresh = await startTestPortal({ clock: sandboxClock, timeScale: 1 });
    try {
      const started = Date.now();
      // A client that believes in a huge bucket, as a second tool on the same IP would look.
      const blind = fresh.newClient({ clock, limiter: new RateLimiter({ ...planLimits('standard'), burst: 1000, maxInFlight: 100 }, clock) });
      const results = await Promise.all(Array.from({ length: 70 }, () => blind.call('server.time')));
      expect(results).toHaveLength(70);
      const rejected = fresh.sandbox.stats().rejections['QUERY_LIMIT_EXCEEDED'] ?? 0;
      expect(rejected).toBeGreaterThan(0);
      expect(blind.limiter.rateLimitedCount).toBe(rejected);

      // Our own pacing never trips the bucket.
      sandboxClock.advance(60_000);
      const paced = fresh.newClient({ clock, limiter: new RateLimiter(planLimits('standard'), clock) });
      await Promise.all(Array.from({ length: 70 }, () => paced.call('server.time')));
      expect(fresh.sandbox.stats().rejections['QUERY_LIMIT_EXCEEDED'] ?? 0).toBe(rejected);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await fresh.close();
    }
  });

  it('on 429 waits until operating_reset_at; a budget-aware client never gets one', async () => {
    // A 1-second budget and 100 ms per row: ten single adds use it up; the
    // (scaled) 10-minute window is 1 s of real time.
    const scale = 600;
    const tight = await startTestPortal({ timeScale: scale, budgetSeconds: 1, writeCostMs: 100 });
    try {
      const type = await tight.createType();
      const blind = tight.newClient({ limiter: new RateLimiter({ ...planLimits('standard', scale), budgetSeconds: Number.POSITIVE_INFINITY }) });
      const events: ClientEvent[] = [];
      const started = Date.now();
      for (let i = 0; i < 15; i += 1) {
        await blind.call('crm.item.add', { entityTypeId: type.entityTypeId, fields: { title: `blind ${i}` } }, { cost: 0.1 });
      }
      const stats = tight.sandbox.stats();
      expect(stats.rejections['OPERATION_TIME_LIMIT'] ?? 0).toBeGreaterThan(0);
      expect(stats.itemsByType[String(type.entityTypeId)]).toBe(15);
      expect(Date.now() - started).toBeGreaterThan(300);

      const budgeted = tight.newClient({
        limiter: new RateLimiter({ ...planLimits('standard', scale), budgetSeconds: 1 }),
        onEvent: (event) => events.push(event),
      });
      const before = tight.sandbox.stats().rejections['OPERATION_TIME_LIMIT'] ?? 0;
      for (let i = 0; i < 15; i += 1) {
        await budgeted.call('crm.item.update', { entityTypeId: type.entityTypeId, id: 1, fields: { title: `aware ${i}` } }, { cost: 0.12 });
      }
      expect(tight.sandbox.stats().rejections['OPERATION_TIME_LIMIT'] ?? 0).toBe(before);
      expect(events.some((e) => e.kind === 'retry')).toBe(false);
    } finally {
      await tight.close();
    }
  });

  it('never retries a write after a 502; retries a read', async () => {
    const before = portal.sandbox.stats();
    portal.sandbox.faults.failNext(502, 1);
    const error = await caught(portal.client.call('crm.item.add', { entityTypeId: spa.entityTypeId, fields: { title: 'lost' } }));
    expect(error.code).toBe('PORTAL_NETWORK');
    expect(error.ambiguous).toBe(true);
    expect(portal.sandbox.stats().requests - before.requests).toBe(1);

    portal.sandbox.faults.failNext(502, 2);
    const { result } = await portal.client.call<{ items: unknown[] }>('crm.item.list', { entityTypeId: spa.entityTypeId, select: ['id'] });
    expect(Array.isArray(result.items)).toBe(true);
  });

  it('reports a write whose answer was lost after commit as ambiguous, and the item exists', async () => {
    portal.sandbox.faults.dropAfterCommit(1);
    const error = await caught(portal.client.call('crm.item.add', { entityTypeId: spa.entityTypeId, fields: { title: 'committed', xmlId: 'drop:1' } }));
    expect(error.ambiguous).toBe(true);
    expect(allText(error)).not.toContain(secret);
    const { result } = await portal.client.call<{ items: Array<{ id: number }> }>('crm.item.list', { entityTypeId: spa.entityTypeId, filter: { xmlId: 'drop:1' }, select: ['id'] });
    expect(result.items).toHaveLength(1);
  });
});

describe('listById', () => {
  it('walks every item once in id order, a page a request or many pages a batch', async () => {
    const type = await portal.createType();
    const outcomes = [];
    for (let chunk = 0; chunk < 6; chunk += 1) {
      outcomes.push(
        ...(await portal.client.batch(
          Array.from({ length: 20 }, (_, i) => ({ method: 'crm.item.batchImport', params: { entityTypeId: type.entityTypeId, data: [{ title: `r${chunk}-${i}` }] } })).slice(0, 20),
        )),
      );
    }
    expect(outcomes.every((o) => o.status === 'ok')).toBe(true);
    const collect = async (pagesPerRequest: number): Promise<{ ids: number[]; requests: number }> => {
      const before = portal.sandbox.stats().requests;
      const ids: number[] = [];
      for await (const page of listById<{ id: number }>(portal.client, 'crm.item.list', { params: { entityTypeId: type.entityTypeId, select: ['id'] }, itemsKey: 'items', pagesPerRequest })) {
        ids.push(...page.map((row) => Number(row.id)));
      }
      return { ids, requests: portal.sandbox.stats().requests - before };
    };
    const single = await collect(1);
    expect(single.ids).toHaveLength(120);
    expect(new Set(single.ids).size).toBe(120);
    expect([...single.ids].sort((a, b) => a - b)).toEqual(single.ids);
    expect(single.requests).toBe(3);
    const chained = await collect(5);
    expect(chained.ids).toEqual(single.ids);
    expect(chained.requests).toBe(1);
  });
});
