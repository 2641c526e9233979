import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../sandbox/manual-clock';
import { startSandbox } from '../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../sandbox/types';
import { call, makeType } from './sandbox-client';

const open: SandboxHandle[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function start(options: Parameters<typeof startSandbox>[0]): Promise<SandboxHandle> {
  const handle = await startSandbox(options);
  open.push(handle);
  return handle;
}

const LIMIT_BODY = { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' };
const BUDGET_BODY = { error: 'OPERATION_TIME_LIMIT', error_description: 'Method is blocked due to operation time limit' };

describe('leaky bucket', () => {
  it('standard: burst 50 passes, the 51st request gets 503, one slot returns every 500 ms', async () => {
    const clock = createManualClock();
    const sandbox = await start({ clock });
    for (let i = 0; i < 50; i += 1) expect((await call(sandbox, 'server.time')).status).toBe(200);
    const refused = await call(sandbox, 'server.time');
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual(LIMIT_BODY);
    clock.advance(499);
    expect((await call(sandbox, 'server.time')).status).toBe(503);
    clock.advance(1);
    expect((await call(sandbox, 'server.time')).status).toBe(200);
    expect((await call(sandbox, 'server.time')).status).toBe(503);
    clock.advance(5_000);
    for (let i = 0; i < 10; i += 1) expect((await call(sandbox, 'server.time')).status).toBe(200);
    expect((await call(sandbox, 'server.time')).status).toBe(503);
    expect(sandbox.stats().rejections['QUERY_LIMIT_EXCEEDED']).toBe(4);
  });

  it('a batch of 50 commands is one request against the bucket', async () => {
    const clock = createManualClock();
    const sandbox = await start({ clock });
    const cmd = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`c${i}`, 'server.time']));
    for (let i = 0; i < 50; i += 1) expect((await call(sandbox, 'batch', { cmd })).status).toBe(200);
    expect((await call(sandbox, 'batch', { cmd })).status).toBe(503);
    expect(sandbox.stats().calls['server.time']).toBe(2500);
  });

  it('enterprise: burst 250, drains 5 per second', async () => {
    const clock = createManualClock();
    const sandbox = await start({ clock, plan: 'enterprise' });
    for (let i = 0; i < 250; i += 1) expect((await call(sandbox, 'server.time')).status).toBe(200);
    expect((await call(sandbox, 'server.time')).status).toBe(503);
    clock.advance(200);
    expect((await call(sandbox, 'server.time')).status).toBe(200);
    expect((await call(sandbox, 'server.time')).status).toBe(503);
  });
});

describe('per-method time budget', () => {
  it('writes are charged writeCostMs each; over budget → 429 for that method only, until operating_reset_at', async () => {
    const clock = createManualClock();
    const sandbox = await start({ clock, plan: 'unlimited', budgetSeconds: 1, writeCostMs: 100 });
    const { entityTypeId } = await makeType(sandbox);
    const firstWall = Date.now();
    let last;
    for (let i = 0; i < 11; i += 1) {
      last = await call(sandbox, 'crm.item.add', { entityTypeId, fields: { title: `r${i}` } });
      expect(last.status).toBe(200);
    }
    // 11 rows × 100 ms: the budget of 1 s is now exceeded (the check runs before each call).
    expect(last!.body.time).toMatchObject({ operating: 1.1 });
    const resetAt = last!.body.time!['operating_reset_at'] as number;
    expect(resetAt).toBeGreaterThanOrEqual(Math.floor(firstWall / 1000) + 600);
    expect(resetAt).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 601);

    const blocked = await call(sandbox, 'crm.item.add', { entityTypeId, fields: { title: 'blocked' } });
    expect(blocked.status).toBe(429);
    expect(blocked.body).toEqual(BUDGET_BODY);
    // Other methods keep working.
    expect((await call(sandbox, 'crm.item.list', { entityTypeId })).status).toBe(200);
    // Inside a batch the refusal is that command's error; the batch itself is 200.
    const batch = await call(sandbox, 'batch', { cmd: { a: `crm.item.add?entityTypeId=${entityTypeId}`, b: 'server.time' } });
    expect(batch.status).toBe(200);
    expect((batch.body.result as any).result_error).toEqual({ a: BUDGET_BODY });

    clock.advance(599_000);
    expect((await call(sandbox, 'crm.item.add', { entityTypeId, fields: {} })).status).toBe(429);
    clock.advance(1_000);
    const after = await call(sandbox, 'crm.item.add', { entityTypeId, fields: { title: 'after reset' } });
    expect(after.status).toBe(200);
    expect(after.body.time).toMatchObject({ operating: 0.1 });
    expect(sandbox.stats().rejections['OPERATION_TIME_LIMIT']).toBe(3);
  });

  it('ten one-minute buckets: usage leaves the window bucket by bucket', async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 1, 12, 0, 0));
    const sandbox = await start({ clock, plan: 'unlimited', budgetSeconds: 0.25, writeCostMs: 100 });
    const { entityTypeId } = await makeType(sandbox);
    for (let i = 0; i < 2; i += 1) expect((await call(sandbox, 'crm.item.add', { entityTypeId, fields: {} })).status).toBe(200);
    clock.advance(5 * 60_000);
    expect((await call(sandbox, 'crm.item.add', { entityTypeId, fields: {} })).status).toBe(200);
    expect((await call(sandbox, 'crm.item.add', { entityTypeId, fields: {} })).status).toBe(429);
    // The first minute's bucket drops out 10 minutes after its first call; the later one stays.
    clock.advance(5 * 60_000);
    const answer = await call(sandbox, 'crm.item.add', { entityTypeId, fields: {} });
    expect(answer.status).toBe(200);
    expect(answer.body.time).toMatchObject({ operating: 0.2 });
  });

  it('--time-scale speeds the window, but operating_reset_at stays wall-clock', async () => {
    const clock = createManualClock();
    const sandbox = await start({ clock, timeScale: 60, plan: 'unlimited', budgetSeconds: 1, writeCostMs: 100 });
    const { entityTypeId } = await makeType(sandbox);
    const answer = await call(sandbox, 'crm.item.add', { entityTypeId, fields: {} });
    const time = answer.body.time as Record<string, number>;
    // 600 limiter seconds at 60× are 10 wall seconds.
    expect(time['operating_reset_at']! - time['finish']!).toBeGreaterThan(8.5);
    expect(time['operating_reset_at']! - time['finish']!).toBeLessThan(11);
  });

  it('with the real scaled clock a blocked method reopens after window ÷ scale wall time', async () => {
    const sandbox = await start({ timeScale: 1200, plan: 'unlimited', budgetSeconds: 0.15, writeCostMs: 100 });
    const { entityTypeId } = await makeType(sandbox);
    expect((await call(sandbox, 'crm.item.add', { entityTypeId, fields: {} })).status).toBe(200);
    expect((await call(sandbox, 'crm.item.add', { entityTypeId, fields: {} })).status).toBe(200);
    const blocked = await call(sandbox, 'crm.item.add', { entityTypeId, fields: {} });
    expect(blocked.status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await call(sandbox, 'crm.item.add', { entityTypeId, fields: {} })).status).toBe(200);
  });
});

describe('request cap', () => {
  it('a batch whose charged time passes the cap is cut off (504); what ran stays committed', async () => {
    const clock = createManualClock();
    const sandbox = await start({ clock, plan: 'unlimited', requestCapSeconds: 1, writeCostMs: 100, budgetSeconds: 480 });
    const { entityTypeId } = await makeType(sandbox);
    const cmd = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`c${i}`, `crm.item.add?entityTypeId=${entityTypeId}&fields[xmlId]=cap:${i}`]));
    const response = await fetch(`${sandbox.webhook}batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cmd }) });
    expect(response.status).toBe(504);
    const listed = await call(sandbox, 'crm.item.list', { entityTypeId, select: ['xmlId'] });
    expect(listed.body.total).toBe(11);
  });
});
