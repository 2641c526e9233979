import { describe, expect, it } from 'vitest';
import type { ResolveContext } from '../../../shared/sheet/plan/resolve-item-fields';
import type { ProjectFile } from '../../../shared/sheet/project/types';
import { valueText, valueWorder } from '../../../shared/runs/sync/word-values';

const ctx: ResolveContext = {
  entityTypeId: 1030,
  categoryId: 1,
  fieldNames: { KIND: 'UF_CRM_3_KIND', URGENT: 'UF_CRM_3_URGENT', SIGNED: 'UF_CRM_3_SIGNED', CHECKER: 'UF_CRM_3_CHECKER', FEE: 'UF_CRM_3_FEE', QTY: 'UF_CRM_3_QTY' },
  fieldTypes: {
    KIND: { userTypeId: 'enumeration', multiple: true },
    URGENT: { userTypeId: 'boolean', multiple: false },
    SIGNED: { userTypeId: 'date', multiple: false },
    CHECKER: { userTypeId: 'employee', multiple: false },
    FEE: { userTypeId: 'money', multiple: false },
    QTY: { userTypeId: 'double', multiple: false },
  },
  enumIds: { KIND: { опт: 11, розница: 12 } },
  stageIds: { NEW: 'DT1030_1:NEW', WORK: 'DT1030_1:PREPARATION' },
  companies: { 'ООО «Ромашка»': 7 },
  contacts: { 'ivan@example.ru': 9 },
};
const project = {
  stages: [
    { code: 'NEW', statusId: 'DT1030_1:NEW', name: 'Новая', semantics: 'process' },
    { code: 'WORK', statusId: 'DT1030_1:PREPARATION', name: 'В работе', semantics: 'process' },
  ],
  mapping: { users: { 'Иванова Мария': 3, 'Мария Иванова': 3, 'Сидоров Павел': null } },
} as unknown as ProjectFile;

describe('valueWorder: portal values back into what the sheet means', () => {
  const word = valueWorder(project, ctx);

  it('words a stage move as the stages’ names, never their ids', () => {
    expect([word('stageId', 'DT1030_1:NEW'), word('stageId', 'DT1030_1:PREPARATION')]).toEqual([
      { kind: 'text', text: 'Новая' },
      { kind: 'text', text: 'В работе' },
    ]);
  });

  it('turns list item ids, people, companies and contacts into names; an unknown id stays a number', () => {
    expect(word('UF_CRM_3_KIND', ['11', 12])).toEqual({ kind: 'text', text: 'опт, розница' });
    expect(word('assignedById', 3)).toEqual({ kind: 'text', text: 'Иванова Мария' });
    expect(word('UF_CRM_3_CHECKER', '3')).toEqual({ kind: 'text', text: 'Иванова Мария' });
    expect(word('companyId', 7)).toEqual({ kind: 'text', text: 'ООО «Ромашка»' });
    expect(word('contactIds', [9, 40])).toEqual({ kind: 'text', text: 'ivan@example.ru, #40' });
    expect(word('assignedById', 99)).toEqual({ kind: 'text', text: '#99' });
  });

  it('keeps yes/no, dates and empties typed for the UI language, and the CLI words them in English', () => {
    expect(word('UF_CRM_3_URGENT', 'Y')).toEqual({ kind: 'yes' });
    expect(word('UF_CRM_3_URGENT', 0)).toEqual({ kind: 'no' });
    expect(word('UF_CRM_3_SIGNED', '2025-03-04T00:00:00+03:00')).toEqual({ kind: 'date', iso: '2025-03-04' });
    expect(word('companyId', 0)).toEqual({ kind: 'empty' });
    expect(word('UF_CRM_3_KIND', [])).toEqual({ kind: 'empty' });
    expect(['title', ''].map((field) => valueText(word(field, '')))).toEqual(['(empty)', '(empty)']);
    expect(valueText(word('UF_CRM_3_URGENT', 'N'))).toBe('no');
    // An emptied yes/no cell leaves the field unticked: “yes → no”, not “yes → (empty)”.
    expect([word('UF_CRM_3_URGENT', ''), word('UF_CRM_3_URGENT', null)]).toEqual([{ kind: 'no' }, { kind: 'no' }]);
  });

  it('words money with its currency and numbers as numbers, so the UI formats them in its language', () => {
    expect(word('opportunity', 145454.09, 'RUB')).toEqual({ kind: 'money', amount: 145454.09, currency: 'RUB' });
    expect(word('opportunity', '406891.14')).toEqual({ kind: 'number', value: 406891.14 });
    expect(word('UF_CRM_3_FEE', '1200.5|EUR')).toEqual({ kind: 'money', amount: 1200.5, currency: 'EUR' });
    expect(word('UF_CRM_3_QTY', '19')).toEqual({ kind: 'number', value: 19 });
    expect(valueText(word('opportunity', 145454.09, 'RUB'))).toBe('145454.09 RUB');
  });

  it('names a stage about to be added by its name (no status id yet), and a portal user the sheet never named', () => {
    const mapping = { stages: [{ code: 'VOZVRAT_POSTAVSHCHIKU', name: 'Возврат поставщику', semantics: 'process', values: ['Возврат поставщику'] }] } as unknown as ProjectFile['mapping'];
    const planned = valueWorder(project, { ...ctx, enumIds: { KIND: { опт: 11, розница: 12, дилер: -1 } } }, { mapping, users: new Map([[1, 'Анна Кузнецова']]) });
    expect(planned('stageId', 'VOZVRAT_POSTAVSHCHIKU')).toEqual({ kind: 'text', text: 'Возврат поставщику' });
    expect(planned('stageId', 'DT1030_1:VOZVRAT_POSTAVSHCHIKU')).toEqual({ kind: 'text', text: 'Возврат поставщику' });
    expect(planned('UF_CRM_3_KIND', [-1])).toEqual({ kind: 'text', text: 'дилер' });
    expect(planned('assignedById', 1)).toEqual({ kind: 'text', text: 'Анна Кузнецова' });
    // A name from the sheet wins over the portal's spelling of the same person.
    expect(valueWorder(project, ctx, { users: new Map([[3, 'Maria Ivanova']]) })('assignedById', 3)).toEqual({ kind: 'text', text: 'Иванова Мария' });
  });
});
