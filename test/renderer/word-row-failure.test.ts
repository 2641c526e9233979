import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../shared/sheet/mapping/types';
import { failureOf } from '../../shared/runs/migrate/migrate';
import { prepareRows } from '../../shared/sheet/plan/prepare-rows';
import { wordRowFailure } from '../../renderer/src/i18n/word-row-failure';
import { BitrixError, bitrixErrorFromAnswer } from '../../shared/portal/bitrix/bitrix-error';
import { toWireError } from '../../shared/base/errors/errors';
import { table } from '../sheet/plan/table';

const MAPPING = {
  version: 1,
  title: 'Заявки',
  language: 'ru',
  key: { kind: 'column', columns: ['ID'] },
  columns: [
    { header: 'ID', type: 'string', target: { kind: 'builtin', field: 'title' } },
    { header: 'Сумма', type: 'money', format: 'decimal-comma', currency: 'RUB', target: { kind: 'builtin', field: 'opportunity' } },
    { header: 'Срок', type: 'date', format: 'day-first', target: { kind: 'builtin', field: 'closedate' } },
  ],
  stages: [],
  users: {},
  defaultUserId: null,
  currency: 'RUB',
} as unknown as Mapping;

describe('a row that cannot be sent, worded per language', () => {
  it('a cell that is not what its column holds: the place, then what it should have been', () => {
    const out = prepareRows(table(['ID', 'Сумма', 'Срок'], [['A-1', 'двенадцать', '01.02.2025'], ['A-2', '10', 'завтра']]), MAPPING);
    expect(out.failures.map((failure) => ({ code: failure.code, problem: failure.problem, text: failure.text }))).toEqual([
      { code: 'INVALID_INPUT', problem: 'number', text: 'двенадцать' },
      { code: 'INVALID_INPUT', problem: 'date', text: 'завтра' },
    ]);
    expect(out.failures.map((failure) => wordRowFailure('en', failure))).toEqual([
      expect.stringMatching(/^Row 2, column “Сумма”: “двенадцать” is not a number/),
      expect.stringMatching(/^Row 3, column “Срок”: “завтра” is not a date/),
    ]);
    expect(out.failures.map((failure) => wordRowFailure('ru', failure))).toEqual(['Строка 2, столбец «Сумма»: «двенадцать» — не число.', 'Строка 3, столбец «Срок»: «завтра» — не дата.']);
  });

  it('a portal refusal keeps the portal’s words after a Russian place', () => {
    const failure = failureOf(7, { code: 'PORTAL_VALIDATION', message: 'crm.item.add: Значение поля «Сумма» неверно', where: { column: 'Сумма' } });
    expect(wordRowFailure('en', failure)).toBe('Row 7, column “Сумма”: crm.item.add: Значение поля «Сумма» неверно');
    expect(wordRowFailure('ru', failure)).toBe('Строка 7, столбец «Сумма»: портал не принял строку — crm.item.add: Значение поля «Сумма» неверно');
  });

  it('a refusal with the portal’s code and words quotes them as the portal’s; a row the portal never created says so in Russian', () => {
    const refusal = failureOf(8, toWireError(bitrixErrorFromAnswer({ error: 'CRM_FIELD_ERROR_VALUE_NOT_VALID', error_description: 'Invalid value for field "Сумма"' }, 400, 'crm.item.add')));
    expect(wordRowFailure('en', refusal)).toBe('Row 8, column “Сумма”: crm.item.add: Invalid value for field "Сумма" (CRM_FIELD_ERROR_VALUE_NOT_VALID)');
    expect(wordRowFailure('ru', refusal)).toBe('Строка 8, столбец «Сумма»: портал не принял строку. Портал ответил: «Invalid value for field "Сумма"» (код CRM_FIELD_ERROR_VALUE_NOT_VALID).');
    const lost = failureOf(9, toWireError(new BitrixError('PORTAL_ERROR', 'The portal did not create this row after 3 attempts and it is not there.', { bitrixCode: 'NOT_CREATED', httpStatus: 0, params: { reason: 'rowNotCreated', attempts: '3' } })));
    expect(wordRowFailure('ru', lost)).toMatch(/^Строка 9: портал не создал строку \(попыток: 3\), и её нет на портале\./);
  });
});
