import { describe, expect, it } from 'vitest';
import { encodeCommand, encodeQuery, hasEmptyList, travelsInBatch } from '../../shared/bitrix/encode-query';
import { parsePhpQuery } from '../../shared/sandbox/php-query';

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
    expect(travelsInBatch({ fields: { UF_CRM_3_TAGS: [] } })).toBe(false);
    expect(travelsInBatch({ fields: { title: 'costs $result[c0] each' } })).toBe(false);
    expect(travelsInBatch({ fields: { title: 'plain', UF_CRM_3_TAGS: [1, 2] } })).toBe(true);
    expect(travelsInBatch(undefined)).toBe(true);
  });

  it('writes a Date with an explicit +00:00 offset, the form the portal documents', () => {
    expect(encodeQuery({ at: new Date(Date.UTC(2025, 2, 5, 9, 30)) })).toBe('at=2025-03-05T09%3A30%3A00%2B00%3A00');
  });
});
