import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import { sendWrites } from '../../../shared/portal/bitrix/send-writes';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import { clearsListInBatch, encodeCommand, encodeQuery, hasEmptyList, travelsInBatch } from '../../../shared/portal/bitrix/encode-query';
import { parsePhpQuery } from '../../../sandbox/php-query';

describe('batch command encoding of cleared fields', () => {
  it('drops an empty array from the query string, as PHP would never see it', () => {
    const query = encodeQuery({ entityTypeId: 1032, id: 7, fields: { UF_CRM_3_TAGS: [], title: 'A & B' } });
    expect(query).toBe('entityTypeId=1032&id=7&fields[title]=A%20%26%20B');
    // The portal's parser gets no trace of the cleared list.
    expect(parsePhpQuery(query)).toEqual({ entityTypeId: '1032', id: '7', fields: { title: 'A & B' } });
  });

  it('loses `fields` altogether when the only change clears a list', () => {
    const command = encodeCommand('crm.item.update', { entityTypeId: 1032, id: 7, fields: { contactIds: [] } });
    expect(command).toBe('crm.item.update?entityTypeId=1032&id=7');
    expect(parsePhpQuery(command.split('?')[1]!)).not.toHaveProperty('fields');
  });

  it('flags such commands so they go as plain calls', () => {
    expect(hasEmptyList({ fields: { contactIds: [] } })).toBe(true);
    expect(hasEmptyList({ fields: { observers: [[], 1] } })).toBe(true);
    expect(hasEmptyList({ fields: { UF_CRM_3_TAGS: [12], title: '' } })).toBe(false);
    expect(travelsInBatch('crm.item.update', { fields: { UF_CRM_3_TAGS: [] } })).toBe(false);
    expect(travelsInBatch('crm.item.update', { fields: { title: 'costs $result[c0] each' } })).toBe(false);
    expect(travelsInBatch('crm.item.update', { fields: { title: 'plain', UF_CRM_3_TAGS: [1, 2] } })).toBe(true);
    expect(travelsInBatch('crm.item.update', undefined)).toBe(true);
    // On add or import an absent list is an empty one: nothing is lost.
    expect(clearsListInBatch('crm.item.add', { fields: { UF_CRM_3_TAGS: [] } })).toBe(false);
    expect(clearsListInBatch('crm.item.batchImport', { data: [{ UF_CRM_3_TAGS: [] }] })).toBe(false);
    expect(travelsInBatch('crm.item.add', { fields: { UF_CRM_3_TAGS: [] } })).toBe(true);
  });

  it('writes a Date with an explicit +00:00 offset, the form the portal documents', () => {
    expect(encodeQuery({ at: new Date(Date.UTC(2025, 2, 5, 9, 30)) })).toBe('at=2025-03-05T09%3A30%3A00%2B00%3A00');
  });
});

describe('writes that clear a list', () => {
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startSandbox({ plan: 'unlimited' });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('are refused by batch before anything is sent, and go as plain calls through sendWrites', async () => {
    const client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
    const before = sandbox.stats().requests;
    await expect(client.batch([{ method: 'crm.item.update', params: { entityTypeId: 1, id: 1, fields: { contactIds: [] } } }])).rejects.toMatchObject({ code: 'PORTAL_VALIDATION', bitrixCode: 'BATCH_EMPTY_LIST' });
    expect(sandbox.stats().requests).toBe(before);

    const { result: type } = await client.call<{ type: { entityTypeId: number } }>('crm.type.add', { fields: { title: 'Rules' } });
    const entityTypeId = type.type.entityTypeId;
    const { result: created } = await client.call<{ item: { id: number } }>('crm.item.add', { entityTypeId, fields: { title: 'A', observers: [1, 2] } });
    const { result: other } = await client.call<{ item: { id: number } }>('crm.item.add', { entityTypeId, fields: { title: 'B', observers: [1] } });
    const calls = sandbox.stats().requests;
    const outcomes = await sendWrites(
      client,
      [
        { key: 'w0', method: 'crm.item.update', params: { entityTypeId, id: created.item.id, fields: { observers: [] } } },
        { key: 'w1', method: 'crm.item.update', params: { entityTypeId, id: other.item.id, fields: { title: 'B2' } } },
        { key: 'w2', method: 'crm.item.update', params: { entityTypeId, id: 999_999, fields: { observers: [] } } },
      ],
      { cost: 0.05 },
    );
    expect(outcomes.map((outcome) => [outcome.key, outcome.status])).toEqual([['w0', 'ok'], ['w1', 'ok'], ['w2', 'error']]);
    // One batch for the update that travels, one plain call for each cleared list.
    expect(sandbox.stats().requests - calls).toBe(3);
    const { result: read } = await client.call<{ item: { observers: number[] } }>('crm.item.get', { entityTypeId, id: created.item.id });
    expect(read.item.observers ?? []).toEqual([]);
  });
});
