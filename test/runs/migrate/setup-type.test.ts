import { describe, expect, it } from 'vitest';
import type { BitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import type { Mapping } from '../../../shared/sheet/mapping/types';
import { setupType } from '../../../shared/runs/migrate/setup-smart-process';
import { setupNoteText } from '../../../shared/runs/migrate/setup-note-wording';

const mapping: Mapping = {
  version: 1,
  title: 'Заявки',
  language: 'ru',
  key: { kind: 'column', columns: ['ID'] },
  columns: [{ header: 'ID', type: 'string', target: { kind: 'builtin', field: 'title' } }],
  stages: [],
  users: {},
  defaultUserId: null,
  currency: 'RUB',
};

/** A portal whose plan silently refuses the workflows toggle. */
function stubPortal(calls: string[]): BitrixClient {
  const type: Record<string, unknown> = { id: 7, entityTypeId: 1032, title: 'Заявки', code: 'spm-x', isStagesEnabled: 'Y', isAutomationEnabled: 'Y', isBizProcEnabled: 'N', isUseInUserfieldEnabled: 'Y', isRecyclebinEnabled: 'Y' };
  return {
    portal: 'https://example.bitrix24.com/rest/1/***/',
    limiter: undefined as never,
    batch: () => Promise.reject(new Error('not used')),
    call: <T,>(method: string, params?: Record<string, unknown>) => {
      calls.push(method);
      const answers: Record<string, unknown> = {
        'crm.type.list': { types: [] },
        'crm.type.add': { type: { ...type, ...((params?.['fields'] as object) ?? {}), isBizProcEnabled: 'N' } },
        'crm.type.get': { type },
        'crm.type.update': { type },
        'crm.category.list': { categories: [{ id: 3, isDefault: 'Y' }] },
      };
      return Promise.resolve({ result: answers[method] as T });
    },
  };
}

describe('setupType', () => {
  it('reads the type back, retries a flag that did not take, and fails loudly when it still is off', async () => {
    const calls: string[] = [];
    const log: string[] = [];
    await expect(setupType(stubPortal(calls), mapping, 'spm-x', null, (_step, note) => log.push(setupNoteText(note)), new AbortController().signal)).rejects.toMatchObject({
      code: 'PORTAL_ERROR',
      message: expect.stringMatching(/did not switch on isBizProcEnabled/),
    });
    expect(calls).toEqual(['crm.type.list', 'crm.type.add', 'crm.type.get', 'crm.type.update', 'crm.type.get']);
    expect(log[0]).toMatch(/created smart process “Заявки”/);
  });
});
