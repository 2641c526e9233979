/**
 * `writeChecked` against the sandbox portal over real HTTP: each way a
 * write's answer can go missing, and what the portal holds afterwards.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBitrixClient, type BitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import { writeChecked } from '../../../shared/portal/bitrix/write-checked';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';

let sandbox: SandboxHandle;
let client: BitrixClient;
const signal = new AbortController().signal;

beforeAll(async () => {
  sandbox = await startSandbox({ plan: 'unlimited' });
  client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  sandbox.faults.clear();
});

async function typesWithCode(code: string): Promise<Array<{ id: number; code: string }>> {
  const { result } = await client.call<{ types: Array<{ id: number; code: string }> }>('crm.type.list', {});
  return result.types.filter((type) => type.code === code);
}

function addType(code: string, attempts?: number) {
  return writeChecked<{ type: { id: number } }, { id: number }>(client, 'crm.type.add', { fields: { title: `Type ${code}`, code } }, {
    what: `create the smart process “${code}”`,
    signal,
    lookUp: async () => (await typesWithCode(code))[0],
    ...(attempts === undefined ? {} : { attempts }),
  });
}

describe('writeChecked', () => {
  it('sends again when the read-back shows the first request was answered with an error before it ran', async () => {
    // A 502 from a proxy: the request never reached the portal's handler, so nothing was created.
    sandbox.faults.failNext(502, 1);
    const outcome = await addType('resent');
    expect(outcome).toMatchObject({ answered: true, lostAnswers: 1 });
    expect(sandbox.stats().injectedFailures).toBe(1);
    expect(await typesWithCode('resent')).toHaveLength(1);
  });

  it('takes the read-back as the answer when the write was applied and its answer dropped, and sends nothing again', async () => {
    sandbox.faults.dropAfterCommitOf('crm.type.add', 1);
    const before = sandbox.stats().calls['crm.type.add'] ?? 0;
    const outcome = await addType('applied');
    expect(outcome.answered).toBe(false);
    expect(outcome.lostAnswers).toBe(1);
    expect((sandbox.stats().calls['crm.type.add'] ?? 0) - before).toBe(1);
    expect(await typesWithCode('applied')).toHaveLength(1);
  });

  it('stops after its attempts when every request fails before it runs, and says the portal shows it was not applied', async () => {
    // Each attempt is a write and a read-back; every other request fails, so every write fails and every read-back answers.
    const attempts = 2;
    let failures = 0;
    const original = client.call.bind(client);
    const counting: BitrixClient = {
      ...client,
      call: async (method, params, options) => {
        if (method === 'crm.type.add') {
          failures += 1;
          sandbox.faults.failNext(502, 1);
        }
        return original(method, params, options);
      },
    };
    await expect(
      writeChecked(counting, 'crm.type.add', { fields: { title: 'Never', code: 'never' } }, { what: 'create “never”', signal, attempts, lookUp: async () => (await typesWithCode('never'))[0] }),
    ).rejects.toMatchObject({ code: 'PORTAL_NETWORK', ambiguous: false, message: expect.stringMatching(/2 requests .* not applied/) });
    expect(failures).toBe(attempts);
    expect(await typesWithCode('never')).toHaveLength(0);
  });
});
