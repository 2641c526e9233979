import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../sandbox/types';
import { call, makeType, ok, raw } from './sandbox-client';

let sandbox: SandboxHandle;
let etid: number;
let typeId: number;

beforeAll(async () => {
  sandbox = await startSandbox({ plan: 'unlimited' });
  ({ entityTypeId: etid, id: typeId } = await makeType(sandbox));
  await ok(sandbox, 'userfieldconfig.add', { moduleId: 'crm', field: { entityId: `CRM_${typeId}`, fieldName: `UF_CRM_${typeId}_TAGS`, userTypeId: 'string', multiple: 'Y' } });
});
afterAll(async () => {
  await sandbox.close();
});

describe('batch', () => {
  it('response shape: result/result_error/result_total/result_next/result_time; empty maps are []', async () => {
    const answer = await call(sandbox, 'batch', {
      halt: 0,
      cmd: {
        c0: `crm.item.add?entityTypeId=${etid}&fields[title]=A%20%26%20B&fields[ufCrm${typeId}Tags][]=x&fields[ufCrm${typeId}Tags][]=y`,
        c1: `crm.item.get?entityTypeId=${etid}&id=$result[c0][item][id]`,
        lst: `crm.item.list?entityTypeId=${etid}&select[]=id`,
      },
    });
    expect(answer.status).toBe(200);
    const batch = answer.body.result as any;
    expect(batch.result.c0.item).toMatchObject({ title: 'A & B', [`ufCrm${typeId}Tags`]: ['x', 'y'] });
    expect(batch.result.c1.item.id).toBe(batch.result.c0.item.id);
    expect(batch.result_error).toEqual([]);
    expect(batch.result_total).toEqual({ lst: 1 });
    expect(batch.result_next).toEqual([]);
    for (const key of ['c0', 'c1', 'lst']) {
      // Every command has a full time block: the vendor SDK crashes without one.
      expect(batch.result_time[key]).toMatchObject({ start: expect.any(Number), finish: expect.any(Number), duration: expect.any(Number), processing: expect.any(Number), operating: expect.any(Number), operating_reset_at: expect.any(Number) });
    }
    expect(answer.body.time).toMatchObject({ start: expect.any(Number), date_start: expect.any(String) });
  });

  it('references into list results need an index, and chain across commands', async () => {
    const answer = await call(sandbox, 'batch', {
      cmd: {
        u: 'user.get?FILTER[ACTIVE]=1&sort=ID',
        me: 'user.get?FILTER[ID]=$result[u][3][ID]',
        a: `crm.item.add?entityTypeId=${etid}&fields[title]=ref-a`,
        b: `crm.item.add?entityTypeId=${etid}&fields[title]=ref-b`,
        many: `crm.item.list?entityTypeId=${etid}&select[]=title&filter[@id][]=$result[a][item][id]&filter[@id][]=$result[b][item][id]`,
      },
    });
    const batch = answer.body.result as any;
    expect(batch.result_error).toEqual([]);
    expect(batch.result.me).toEqual([expect.objectContaining({ ID: '4' })]);
    expect(batch.result.many.items.map((i: any) => i.title)).toEqual(['ref-a', 'ref-b']);
  });

  it('commands beyond the 50th fail with ERROR_BATCH_LENGTH_EXCEEDED; the first 50 run', async () => {
    const before = (await call(sandbox, 'crm.item.list', { entityTypeId: etid })).body.total as number;
    const cmd = Object.fromEntries(Array.from({ length: 52 }, (_, i) => [`c${i}`, `crm.item.add?entityTypeId=${etid}&fields[title]=over`]));
    const answer = await call(sandbox, 'batch', { cmd });
    expect(answer.status).toBe(200);
    const batch = answer.body.result as any;
    expect(Object.keys(batch.result)).toHaveLength(50);
    expect(batch.result_error).toEqual({
      c50: { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' },
      c51: { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' },
    });
    expect((await call(sandbox, 'crm.item.list', { entityTypeId: etid })).body.total).toBe(before + 50);
  });

  it('halt=1 stops at the first failing command; halt=0 runs the rest', async () => {
    const cmd = {
      a: `crm.item.add?entityTypeId=${etid}&fields[title]=before`,
      b: `crm.item.add?entityTypeId=${etid}&fields[ufCrm${typeId}Tags]=scalar`,
      c: `crm.item.add?entityTypeId=${etid}&fields[title]=after`,
    };
    const halted = (await call(sandbox, 'batch', { halt: 1, cmd })).body.result as any;
    expect(Object.keys(halted.result)).toEqual(['a']);
    expect(halted.result_error).toEqual({ b: { error: 100, error_description: 'Expected iterable value for multiple field, but got string instead' } });
    const going = (await call(sandbox, 'batch', { halt: 0, cmd })).body.result as any;
    expect(Object.keys(going.result)).toEqual(['a', 'c']);
  });

  it('nested batch and unknown methods fail inside the batch only', async () => {
    const answer = await call(sandbox, 'batch', { cmd: { n: 'batch?cmd[x]=server.time', u: 'no.such.method', ok: 'server.time' } });
    expect(answer.status).toBe(200);
    const batch = answer.body.result as any;
    expect(batch.result_error).toEqual({
      n: { error: 'ERROR_BATCH_METHOD_NOT_ALLOWED', error_description: 'Method is not allowed for batch usage' },
      u: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' },
    });
    expect(batch.result.ok).toEqual(expect.stringMatching(/\+03:00$/));
    // Failed commands have no result_time entry (b24restdocs batch.md "Error Example").
    expect(Object.keys(batch.result_time)).toEqual(['ok']);
  });

  it('numeric command keys come back as JSON lists', async () => {
    const answer = await call(sandbox, 'batch', { cmd: ['server.time', 'profile'] });
    const batch = answer.body.result as any;
    expect(Array.isArray(batch.result)).toBe(true);
    expect(batch.result[1]).toMatchObject({ ID: '1' });
    expect(Array.isArray(batch.result_time)).toBe(true);
  });

  it('a batch sent as a form body carries doubly-encoded commands', async () => {
    const command = `crm.item.add?entityTypeId=${etid}&fields[title]=${encodeURIComponent('C & D')}`;
    const body = `halt=0&cmd[c0]=${encodeURIComponent(command)}`;
    const answer = await raw(`${sandbox.webhook}batch`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(answer.status).toBe(200);
    expect((answer.body.result as any).result.c0.item.title).toBe('C & D');
  });
});
