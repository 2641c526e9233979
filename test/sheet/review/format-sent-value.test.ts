import { describe, expect, it } from 'vitest';
import { formatSentValue } from '../../../renderer/src/features/review/format-sent-value';
import { formatNumber, translate, type Language } from '../../../renderer/src/i18n/translate';
import type { T } from '../../../renderer/src/i18n/use-t';
import type { Mapping } from '../../../shared/sheet/mapping/types';

const tOf = (language: Language): T => Object.assign((key: Parameters<T>[0], params?: Record<string, string | number>) => translate(language, key, params), { language, n: (value: number) => formatNumber(language, value) });

const mapping: Mapping = {
  version: 1,
  title: 'Tasks',
  language: 'en',
  key: { kind: 'column', columns: ['No'] },
  columns: [
    { header: 'Urgent', type: 'boolean', target: { kind: 'custom', suffix: 'URGENT', userTypeId: 'boolean', multiple: false, label: 'Urgent' } },
    { header: 'Amount', type: 'money', target: { kind: 'builtin', field: 'opportunity' } },
    { header: 'Code', type: 'string', target: { kind: 'custom', suffix: 'CODE', userTypeId: 'string', multiple: false, label: 'Code' } },
  ],
  stages: [],
  users: {},
  defaultUserId: null,
  currency: 'RUB',
};

describe('a sent value in the UI language', () => {
  it('words yes/no fields as yes or no, and writes out the cents of an amount', () => {
    expect(formatSentValue(tOf('en'), mapping, [], 'Urgent', { 'uf:URGENT': 'Y' })).toBe('Yes');
    expect(formatSentValue(tOf('ru'), mapping, [], 'Urgent', { 'uf:URGENT': 'N' })).toBe('Нет');
    expect(formatSentValue(tOf('en'), mapping, [], 'Urgent', { 'uf:URGENT': null })).toBe('');
    // A text that happens to be "Y" stays as written.
    expect(formatSentValue(tOf('en'), mapping, [], 'Code', { 'uf:CODE': 'Y' })).toBe('Y');
    expect(formatSentValue(tOf('en'), mapping, [], 'Amount', { opportunity: 76411.7, currencyId: 'RUB' })).toBe('76,411.70 RUB');
    expect(formatSentValue(tOf('en'), mapping, [], 'Amount', { opportunity: 1000, currencyId: 'USD' })).toBe('1,000 USD');
    expect(formatSentValue(tOf('ru'), mapping, [], 'Amount', { opportunity: 76411.7, currencyId: 'RUB' })).toMatch(/^76\s411,70\s₽$/);
  });
});
