import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run as sandboxCommand } from '../../shared/cli/commands/sandbox';
import { openEmbeddedSandbox } from '../../sandbox/embedded-sandbox';
import { startSandbox } from '../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../sandbox/types';
import { call, makeType, ok } from './sandbox-client';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function start(options: Parameters<typeof startSandbox>[0] = {}): Promise<SandboxHandle> {
  const handle = await startSandbox({ plan: 'unlimited', ...options });
  cleanup.push(() => handle.close());
  return handle;
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-test-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('faults', () => {
  it('commit-then-drop: the write is stored, the client sees a dropped connection, xmlId lookup finds it', async () => {
    const sandbox = await start();
    const { entityTypeId } = await makeType(sandbox);
    sandbox.faults.dropAfterCommit(1);
    await expect(call(sandbox, 'crm.item.add', { entityTypeId, fields: { xmlId: 'p:row-1' } })).rejects.toThrow();
    expect(sandbox.faults.state().dropAfterCommitCount).toBe(0);
    // Reads never count as writes, so they are not dropped.
    const found = await ok<any>(sandbox, 'crm.item.list', { entityTypeId, filter: { '@xmlId': ['p:row-1'] }, select: ['id', 'xmlId'] });
    expect(found.items).toHaveLength(1);
    // A blind retry creates the duplicate the stats are there to catch.
    await ok(sandbox, 'crm.item.add', { entityTypeId, fields: { xmlId: 'p:row-1' } });
    const stats = sandbox.stats();
    expect(stats.droppedAfterCommit).toBe(1);
    expect(stats.itemsByType[String(entityTypeId)]).toBe(2);
    expect(stats.xmlIdDuplicates[String(entityTypeId)]).toEqual({ keys: 1, extraItems: 1 });
  });

  it('commit-then-drop of one method: only requests in which that method wrote lose their answer, direct or inside a batch', async () => {
    const sandbox = await start();
    const { entityTypeId } = await makeType(sandbox);
    sandbox.faults.dropAfterCommitOf('crm.status.add', 2);
    expect(sandbox.faults.state().dropAfterCommitOf).toEqual({ 'crm.status.add': 2 });
    // Other writes and reads are answered while it is armed.
    await ok(sandbox, 'crm.item.add', { entityTypeId, fields: { title: 'answered' } });
    const entityId = `DYNAMIC_${entityTypeId}_STAGE_${(await ok<any>(sandbox, 'crm.category.list', { entityTypeId })).categories[0].id}`;
    await expect(call(sandbox, 'crm.status.add', { fields: { ENTITY_ID: entityId, STATUS_ID: 'DROP1', NAME: 'Dropped 1' } })).rejects.toThrow();
    // A refused write changes nothing, so its answer is not dropped.
    expect((await call(sandbox, 'crm.status.add', { fields: { ENTITY_ID: entityId, NAME: 'No id' } })).status).toBe(400);
    await expect(call(sandbox, 'batch', { cmd: { a: `crm.status.add?fields[ENTITY_ID]=${entityId}&fields[STATUS_ID]=DROP2&fields[NAME]=Dropped%202` } })).rejects.toThrow();
    expect(sandbox.faults.state().dropAfterCommitOf).toEqual({});
    await ok(sandbox, 'crm.status.add', { fields: { ENTITY_ID: entityId, STATUS_ID: 'KEPT', NAME: 'Answered' } });
    const stages = await ok<Array<{ STATUS_ID: string }>>(sandbox, 'crm.status.list', { filter: { ENTITY_ID: entityId } });
    expect(stages.map((stage) => stage.STATUS_ID.split(':').pop())).toEqual(expect.arrayContaining(['DROP1', 'DROP2', 'KEPT']));
    expect(sandbox.stats().droppedAfterCommit).toBe(2);
  });

  it('a ratio of writing requests is dropped, reproducibly for a seed', async () => {
    const sandbox = await start();
    const { entityTypeId } = await makeType(sandbox);
    sandbox.faults.dropAfterCommitRatio(0.5, 42);
    let dropped = 0;
    for (let i = 0; i < 40; i += 1) {
      try {
        await call(sandbox, 'crm.item.add', { entityTypeId, fields: { xmlId: `r:${i}` } });
      } catch {
        dropped += 1;
      }
    }
    expect(dropped).toBeGreaterThan(8);
    expect(dropped).toBeLessThan(32);
    expect(sandbox.stats().itemsByType[String(entityTypeId)]).toBe(40);
    expect(sandbox.stats().droppedAfterCommit).toBe(dropped);
  });

  it('failNext answers 503 / 500 JSON and 502 HTML for the next N requests without running them', async () => {
    const sandbox = await start();
    sandbox.faults.failNext(503, 2);
    for (let i = 0; i < 2; i += 1) {
      const answer = await call(sandbox, 'profile');
      expect(answer.status).toBe(503);
      expect(answer.body).toEqual({ error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });
    }
    expect((await call(sandbox, 'profile')).status).toBe(200);
    sandbox.faults.failNext(500, 1);
    expect(await call(sandbox, 'profile')).toEqual({ status: 500, body: { error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' } });
    sandbox.faults.failNext(502, 1);
    const proxy = await fetch(`${sandbox.webhook}profile`);
    expect(proxy.status).toBe(502);
    expect(proxy.headers.get('content-type')).toContain('text/html');
    expect(sandbox.stats().injectedFailures).toBe(4);
  });

  it('latency delays every answer', async () => {
    const sandbox = await start();
    sandbox.faults.setLatency(120);
    const started = Date.now();
    await call(sandbox, 'profile');
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    sandbox.faults.clear();
    expect(sandbox.faults.state()).toEqual({ dropAfterCommitCount: 0, dropAfterCommitOf: {}, dropAfterCommitRatio: 0, failCount: 0, failStatus: 503, latencyMs: 0 });
  });

  it('the admin endpoint is off by default and, when on, drives the same controls over HTTP', async () => {
    const plain = await start();
    expect(plain.adminUrl).toBeUndefined();
    const sandbox = await start({ adminEndpoint: { token: 'admintoken' } });
    expect(sandbox.adminUrl).toBe(`${sandbox.origin}/_sandbox/admintoken/`);
    expect((await fetch(`${sandbox.origin}/_sandbox/wrong/stats`)).status).toBe(404);
    const armed = await fetch(`${sandbox.adminUrl}faults`, { method: 'POST', body: JSON.stringify({ failNext: { status: 500, count: 1 }, dropAfterCommit: 3 }) });
    expect(await armed.json()).toMatchObject({ failCount: 1, failStatus: 500, dropAfterCommitCount: 3 });
    expect((await call(sandbox, 'profile')).status).toBe(500);
    const stats = (await (await fetch(`${sandbox.adminUrl}stats`)).json()) as Record<string, unknown>;
    expect(stats).toMatchObject({ requests: 1, injectedFailures: 1 });
    const cleared = await fetch(`${sandbox.adminUrl}faults/clear`, { method: 'POST' });
    expect(await cleared.json()).toMatchObject({ failCount: 0, dropAfterCommitCount: 0 });
    const bad = await fetch(`${sandbox.adminUrl}faults`, { method: 'POST', body: JSON.stringify({ failNext: { status: 418, count: 1 } }) });
    expect(bad.status).toBe(400);
    const byMethod = await fetch(`${sandbox.adminUrl}faults`, { method: 'POST', body: JSON.stringify({ dropAfterCommitOf: { 'crm.type.add': 1 } }) });
    expect(await byMethod.json()).toMatchObject({ dropAfterCommitOf: { 'crm.type.add': 1 } });
    expect((await fetch(`${sandbox.adminUrl}faults`, { method: 'POST', body: JSON.stringify({ dropAfterCommitOf: { 'crm.type.add': 'x' } }) })).status).toBe(400);
  });
});

describe('state', () => {
  it('in memory by default: a new sandbox starts empty', async () => {
    const first = await start();
    await makeType(first);
    const second = await start();
    expect((await call(second, 'crm.type.list')).body.total).toBe(0);
  });

  it('with a data folder the portal survives a restart: same secret, types, fields, stages, items, id sequences', async () => {
    const dir = await tempDir();
    const first = await startSandbox({ plan: 'unlimited', dataDir: dir });
    const { id, entityTypeId } = await makeType(first);
    await ok(first, 'userfieldconfig.add', { moduleId: 'crm', field: { entityId: `CRM_${id}`, fieldName: `UF_CRM_${id}_NOTE`, userTypeId: 'string' } });
    const item = (await ok<any>(first, 'crm.item.add', { entityTypeId, fields: { xmlId: 'keep:1', [`ufCrm${id}Note`]: 'persisted' } })).item;
    const webhook = first.webhook;
    await first.close();
    const file = JSON.parse(await readFile(join(dir, 'portal.json'), 'utf8')) as { version: number };
    expect(file.version).toBe(1);

    const second = await start({ dataDir: dir });
    expect(second.webhook.replace(/:\d+\//, ':PORT/')).toBe(webhook.replace(/:\d+\//, ':PORT/'));
    const again = (await ok<any>(second, 'crm.item.get', { entityTypeId, id: item.id })).item;
    expect(again).toMatchObject({ xmlId: 'keep:1', [`ufCrm${id}Note`]: 'persisted', stageId: item.stageId });
    const next = (await ok<any>(second, 'crm.item.add', { entityTypeId, fields: {} })).item;
    expect(next.id).toBe(item.id + 1);
  });

  it('a committed-then-dropped write is already on disk (durable before the answer)', async () => {
    const dir = await tempDir();
    const sandbox = await start({ dataDir: dir });
    const { entityTypeId } = await makeType(sandbox);
    sandbox.faults.dropAfterCommit(1);
    await expect(call(sandbox, 'crm.item.add', { entityTypeId, fields: { xmlId: 'durable:1' } })).rejects.toThrow();
    const file = await readFile(join(dir, 'portal.json'), 'utf8');
    expect(file).toContain('durable:1');
  });

  it('openEmbeddedSandbox keeps the rehearsal portal under <userData>/sandbox-portal', async () => {
    const dir = await tempDir();
    const first = await openEmbeddedSandbox(dir, { plan: 'unlimited' });
    await makeType(first);
    await first.close();
    const second = await openEmbeddedSandbox(dir, { plan: 'unlimited' });
    cleanup.push(() => second.close());
    expect((await call(second, 'crm.type.list')).body.total).toBe(1);
    await expect(readFile(join(dir, 'sandbox-portal', 'portal.json'), 'utf8')).resolves.toContain('"types"');
  });
});

describe('spmigrate sandbox', () => {
  it('prints exactly one JSON line with the webhook and serves until stopped', async () => {
    const out: string[] = [];
    const controller = new AbortController();
    const running = sandboxCommand(['--plan', 'enterprise', '--time-scale', '10'], {
      stdout: (text) => out.push(text),
      stderr: (text) => out.push(`ERR:${text}`),
      env: {},
      cwd: process.cwd(),
      stopSignal: controller.signal,
    });
    for (let i = 0; i < 100 && out.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^\{"webhook":"http:\/\/127\.0\.0\.1:\d+\/rest\/1\/[0-9a-f]+\/"\}\n$/);
    const { webhook } = JSON.parse(out[0]!) as { webhook: string };
    expect((await call(webhook, 'profile')).status).toBe(200);
    controller.abort();
    expect(await running).toBe(0);
    await expect(fetch(`${webhook}profile`)).rejects.toThrow();
  });

  it('rejects bad options with exit code 2', async () => {
    const err: string[] = [];
    const io = { stdout: () => undefined, stderr: (t: string) => err.push(t), env: {}, cwd: process.cwd(), stopSignal: new AbortController().signal };
    expect(await sandboxCommand(['--plan', 'gold'], io)).toBe(2);
    expect(await sandboxCommand(['--time-scale', '0'], io)).toBe(2);
    expect(await sandboxCommand(['--bogus'], io)).toBe(2);
    expect(err.join('')).toContain('--plan must be standard, enterprise or unlimited');
  });
});
