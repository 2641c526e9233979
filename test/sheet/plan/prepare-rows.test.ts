import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../../shared/sheet/mapping/types';
import { prepareRows, rowKeys } from '../../../shared/sheet/plan/prepare-rows';
import { table } from './table';

function mapping(overrides: Partial<Mapping> = {}): Mapping {
  return {
    version: 1,
    title: 'T',
    language: 'ru',
    key: { kind: 'column', columns: ['ID'] },
    columns: [
      { header: 'ID', type: 'string', target: { kind: 'custom', suffix: 'ID', userTypeId: 'string', multiple: false, label: 'ID' } },
      { header: 'Тема', type: 'string', target: { kind: 'builtin', field: 'title' } },
      { header: 'Статус', type: 'enumeration', target: { kind: 'builtin', field: 'stageId' } },
      { header: 'Сумма', type: 'money', format: 'decimal-comma', currency: 'RUB', target: { kind: 'builtin', field: 'opportunity' } },
      { header: 'Дата', type: 'date', format: 'day-first', target: { kind: 'builtin', field: 'closedate' } },
      { header: 'Когда', type: 'datetime', format: 'day-first', target: { kind: 'custom', suffix: 'KOGDA', userTypeId: 'datetime', multiple: false, label: 'Когда' } },
      { header: 'Кто', type: 'employee', target: { kind: 'builtin', field: 'assignedById' } },
      { header: 'Оплачен', type: 'boolean', target: { kind: 'custom', suffix: 'OPLACHEN', userTypeId: 'boolean', multiple: false, label: 'Оплачен' } },
      { header: 'Теги', type: 'enumeration', target: { kind: 'custom', suffix: 'TEGI', userTypeId: 'enumeration', multiple: true, label: 'Теги', items: ['a', 'b'] } },
      { header: 'Цена', type: 'money', format: 'decimal-comma', target: { kind: 'custom', suffix: 'TSENA', userTypeId: 'money', multiple: false, label: 'Цена' } },
      { header: 'Кол-во', type: 'integer', target: { kind: 'custom', suffix: 'KOL_VO', userTypeId: 'integer', multiple: false, label: 'Кол-во' } },
      { header: 'Заметка', type: 'string', target: { kind: 'skip' } },
    ],
    stages: [
      { code: 'NEW', name: 'Новая', semantics: 'process', color: '#39A8EF', values: ['Новая'] },
      { code: 'SUCCESS', name: 'Готово', semantics: 'success', color: '#7BD500', values: ['Готово'] },
      { code: 'FAIL', name: 'Отказ', semantics: 'failure', color: '#FF5752', values: ['Отказ'] },
    ],
    users: { 'Иванова Мария': 3, 'Никто Никтоев': null },
    defaultUserId: 1,
    currency: 'RUB',
    ...overrides,
  };
}

const HEADERS = ['ID', 'Тема', 'Статус', 'Сумма', 'Дата', 'Когда', 'Кто', 'Оплачен', 'Теги', 'Цена', 'Кол-во', 'Заметка'];

describe('prepareRows', () => {
  it('reads every column into item values without time-zone shifts', () => {
    const t = table(HEADERS, [
      ['A-1', 'Первый', 'готово', '1 234,50 ₽', '05.03.2025', '05.03.2025 09:30', 'Иванова Мария', 'да', 'a, b', '12,5', '3', 'x'],
      ['A-2', 'Второй', { kind: 'text', value: 'Новая' }, { kind: 'number', value: 10, numFmt: '0.00 "$"' }, { kind: 'date', value: '2025-12-31' }, { kind: 'datetime', value: '2025-12-31T23:59:00' }, 'Никто Никтоев', { kind: 'text', value: 'нет' }, null, null, null, null],
      ['A-3', null, null, null, null, null, null, 'нет', 'b', '1 000', '7', null],
    ]);
    const out = prepareRows(t, mapping());
    expect(out.failures).toEqual([]);
    expect(out.rows[0]).toEqual({
      key: 'A-1',
      sourceRow: 2,
      values: {
        'uf:ID': 'A-1', title: 'Первый', stageId: 'SUCCESS', opportunity: 1234.5, currencyId: 'RUB', closedate: '2025-03-05', 'uf:KOGDA': '2025-03-05T09:30:00',
        assignedById: 3, 'uf:OPLACHEN': 'Y', 'uf:TEGI': ['a', 'b'], 'uf:TSENA': '12.5|RUB', 'uf:KOL_VO': 3,
      },
    });
    expect(out.rows[1]?.values).toMatchObject({ stageId: 'NEW', opportunity: 10, currencyId: 'USD', closedate: '2025-12-31', 'uf:KOGDA': '2025-12-31T23:59:00', assignedById: 1, 'uf:TEGI': [], 'uf:TSENA': null });
    expect(out.rows[2]?.values).toMatchObject({ stageId: 'NEW', title: null, 'uf:TSENA': '1000|RUB', 'uf:KOL_VO': 7 });
    expect(out.blankStageRows).toEqual([4]);
    expect([...out.unmatchedPeople]).toEqual(['Никто Никтоев']);
    expect(Object.keys(out.rows[0]!.values)).not.toContain('Заметка');
  });

  it('fails a row whose cell does not fit, naming row and column, and keeps the others', () => {
    const t = table(HEADERS, [
      ['A-1', 'ok', 'Новая', '1', '01.01.2025', null, null, 'да', null, null, '2', null],
      ['A-2', 'bad', 'Новая', 'много', '01.01.2025', null, null, 'да', null, null, '2', null],
      ['A-3', 'bad', 'Пропала', '1', '01.01.2025', null, null, 'да', null, null, '2', null],
      ['A-4', 'bad', 'Новая', '1', '01.01.2025', null, null, 'да', 'c', null, '2', null],
      ['A-5', 'bad', 'Новая', '1', '01.01.2025', null, null, 'да', null, null, '2,5', null],
    ]);
    const out = prepareRows(t, mapping());
    expect(out.rows.map((r) => r.key)).toEqual(['A-1']);
    expect(out.failures.map((f) => [f.row, f.column])).toEqual([[3, 'Сумма'], [4, 'Статус'], [5, 'Теги'], [6, 'Кол-во']]);
    expect(out.failures[1]?.message).toMatch(/Row 4, column “Статус”: “Пропала” is not one of the stages/);
    expect(out.unknownStageValues.get('Пропала')).toEqual([4]);
  });

  it('builds titles from a template', () => {
    const m = mapping({ titleTemplate: '{ID} — {Заметка}' });
    m.columns = m.columns.filter((c) => c.header !== 'Тема');
    const out = prepareRows(table(HEADERS, [['A-1', 'x', 'Новая', null, null, null, null, null, null, null, null, 'note']]), m);
    expect(out.rows[0]?.values['title']).toBe('A-1 — note');
  });
});

describe('rowKeys', () => {
  it('lists empty and repeated keys in one error', () => {
    const t = table(['ID'], [['1'], [''], ['1'], ['2'], ['2']]);
    expect(() => rowKeys(t, mapping())).toThrow(/empty in row\(s\) 3; repeated: “1” \(rows 2, 4\), “2” \(rows 5, 6\)/);
  });

  it('joins composite keys and fingerprints identical rows apart', () => {
    const t = table(['ID', 'Тема'], [['1', 'a'], ['1', 'b']]);
    expect(rowKeys(t, mapping({ key: { kind: 'composite', columns: ['ID', 'Тема'] } }))).toEqual(['1 / a', '1 / b']);
    const same = table(['ID', 'Тема'], [['1', 'a'], ['1', 'a'], ['2', 'a']]);
    const keys = rowKeys(same, mapping({ key: { kind: 'fingerprint', columns: ['ID', 'Тема'] } }));
    expect(keys[1]).toBe(`${keys[0]}-2`);
    expect(new Set(keys).size).toBe(3);
    expect(keys[0]).toMatch(/^fp-/);
  });
});
