/**
 * `matchInto` and `planStagesInto`, pure: which existing field a column goes
 * into (by label, ru or en, case/ё/space-insensitive), which types fit, and
 * where new stages go in a funnel that existed before.
 */
import { describe, expect, it } from 'vitest';
import type { ColumnMapping, Mapping } from '../../../shared/sheet/mapping/types';
import { matchInto } from '../../../shared/sheet/plan/match-into';
import { planStagesInto } from '../../../shared/sheet/plan/plan-stages';
import type { SnapshotField, SnapshotStage, SnapshotType } from '../../../shared/sheet/plan/types';

const type: SnapshotType = { id: 7, entityTypeId: 1040, title: 'Заявки', code: '', flags: { isStagesEnabled: 'Y', isClientEnabled: 'N', isBizProcEnabled: 'Y', isAutomationEnabled: 'Y' } };

function custom(header: string, userTypeId: 'string' | 'integer' | 'double' | 'date' | 'datetime' | 'enumeration', multiple = false, items?: string[]): ColumnMapping {
  return { header, type: userTypeId === 'enumeration' ? 'enumeration' : userTypeId, target: { kind: 'custom', suffix: header.toUpperCase().replace(/[^A-Z]/g, '') || 'X', userTypeId, multiple, label: header, ...(items ? { items } : {}) } };
}

function field(id: number, name: string, userTypeId: string, labels: string[], multiple = false, items: string[] = []): SnapshotField {
  return { id, fieldName: `UF_CRM_7_${name}`, userTypeId, multiple, label: labels[0]!, labels, items: items.map((value, i) => ({ id: 100 + i, value })) };
}

function mapping(columns: ColumnMapping[]): Mapping {
  return { version: 1, title: 'T', language: 'ru', key: { kind: 'column', columns: [columns[0]!.header] }, columns, stages: [], users: {}, defaultUserId: null, currency: 'RUB' };
}

describe('matchInto', () => {
  it('matches labels ignoring case, ё/е and spaces, in either language, and takes the field’s name and type', () => {
    const { mapping: out, into } = matchInto(mapping([custom('Расчётный счёт', 'string'), custom('Due date', 'date'), custom('Amount', 'integer')]), {
      type,
      stages: [],
      fields: [field(1, 'ACC', 'string', ['расчетный  СЧЕТ']), field(2, 'DUE', 'datetime', ['Срок', 'Due date']), field(3, 'SUM', 'double', ['Сумма', 'amount'])],
    });
    expect(into.fields.map((f) => [f.column, f.status, f.fieldName])).toEqual([
      ['Расчётный счёт', 'matched', 'UF_CRM_7_ACC'],
      ['Due date', 'matched', 'UF_CRM_7_DUE'],
      ['Amount', 'matched', 'UF_CRM_7_SUM'],
    ]);
    expect(out.columns[1]!.target).toMatchObject({ suffix: 'DUE', userTypeId: 'datetime' });
    expect(out.columns[2]!.target).toMatchObject({ suffix: 'SUM', userTypeId: 'double' });
    expect(into.problems).toEqual([]);
  });

  it('reports, never coerces: text into a number, numbers with fractions into whole numbers, several values into one, foreign field types', () => {
    const { into } = matchInto(mapping([custom('Код', 'string'), custom('Вес', 'double'), custom('Теги', 'enumeration', true, ['a']), custom('Файл', 'string')]), {
      type,
      stages: [],
      fields: [field(1, 'CODE', 'integer', ['Код']), field(2, 'W', 'integer', ['Вес']), field(3, 'TAGS', 'enumeration', ['Теги'], false, ['a']), field(4, 'FILE', 'file', ['Файл'])],
    });
    expect(into.fields.map((f) => f.status)).toEqual(['conflict', 'conflict', 'conflict', 'conflict']);
    expect(into.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/text values and the field is a whole number field/),
      expect.stringMatching(/number values and the field is a whole number field/),
      expect.stringMatching(/several values per row and the field holds one/),
      expect.stringMatching(/type “file”, which this tool does not fill/),
    ]);
  });

  it('keeps existing list items’ spelling, adds only the missing ones, and never takes an existing field’s name for a new one', () => {
    const { mapping: out, into } = matchInto(mapping([custom('Канал', 'enumeration', false, ['сайт', 'Звонок']), custom('Note', 'string')]), {
      type,
      stages: [],
      fields: [field(1, 'CH', 'enumeration', ['Канал'], false, ['Сайт', 'Почта']), field(2, 'NOTE', 'integer', ['Другое'])],
    });
    expect(out.columns[0]!.target).toMatchObject({ items: ['Сайт', 'Почта', 'Звонок'] });
    expect(into.fields[0]!.newItems).toEqual(['Звонок']);
    expect(into.fields[1]).toMatchObject({ status: 'new', fieldName: 'UF_CRM_7_NOTE_2' });
  });

  it('splits single-value cells into their parts when the existing list field holds several values, so each part is an item of its own', () => {
    const { mapping: out, into } = matchInto(mapping([custom('Метки', 'enumeration', false, ['опт', 'розница', 'опт, срочно'])]), {
      type,
      stages: [],
      fields: [field(1, 'TAGS', 'enumeration', ['Метки'], true, ['Опт', 'VIP'])],
    });
    expect(into.fields[0]).toMatchObject({ status: 'matched', newItems: ['розница', 'срочно'] });
    expect(out.columns[0]!.target).toMatchObject({ multiple: true, items: ['Опт', 'VIP', 'розница', 'срочно'] });
  });

  it('reports a built-in field that is off in the type, with the setting to switch on', () => {
    const columns: ColumnMapping[] = [custom('№', 'string'), { header: 'Клиент', type: 'string', target: { kind: 'builtin', field: 'companyId' } }];
    const { into } = matchInto(mapping(columns), { type, stages: [], fields: [] });
    expect(into.problems).toEqual([expect.objectContaining({ column: 'Клиент', field: 'companyId', hint: expect.stringMatching(/Client field/) })]);
  });
});

describe('planStagesInto', () => {
  const existing: SnapshotStage[] = [
    { id: 1, statusId: 'DT1040_5:NEW', code: 'NEW', name: 'Новая', sort: 10, semantics: 'process', color: '#39A8EF', system: true },
    { id: 2, statusId: 'DT1040_5:WORK', code: 'WORK', name: 'В работе', sort: 20, semantics: 'process', color: '#2FC6F6', system: false },
    { id: 3, statusId: 'DT1040_5:SUCCESS', code: 'SUCCESS', name: 'Готово', sort: 30, semantics: 'success', color: '#7BD500', system: true },
    { id: 4, statusId: 'DT1040_5:FAIL', code: 'FAIL', name: 'Отказ', sort: 40, semantics: 'failure', color: '#FF5752', system: true },
  ];
  const stage = (code: string, semantics: 'process' | 'success' | 'failure') => ({ code, name: code, semantics, color: '#000000', values: [code] });

  it('adds in-progress stages between the last in-progress one and success, failures after everything, and touches nothing else', () => {
    const ops = planStagesInto([stage('NEW', 'process'), stage('A', 'process'), stage('B', 'process'), stage('SUCCESS', 'success'), stage('LOST', 'failure')], existing);
    expect(ops.map((op) => [op.kind, op.code, op.kind === 'add' ? op.fields.SORT : 0])).toEqual([
      ['add', 'A', 23],
      ['add', 'B', 26],
      ['add', 'LOST', 50],
    ]);
  });

  it('says so when the funnel has no room between its stages', () => {
    const tight = existing.map((s) => (s.code === 'SUCCESS' ? { ...s, sort: 21 } : s));
    expect(() => planStagesInto([stage('A', 'process'), stage('B', 'process')], tight)).toThrow(/no room for 2 new stage/);
  });
});
