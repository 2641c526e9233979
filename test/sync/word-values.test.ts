import { describe, expect, it } from 'vitest';
import type { ResolveContext } from '../../shared/sheet/plan/resolve-item-fields';
import type { ProjectFile } from '../../shared/sheet/project/types';
import { valueText, valueWorder } from '../../shared/runs/sync/word-values';

const ctx: ResolveContext = {
  entityTypeId: 1030,
  categoryId: 1,
  fieldNames: { KIND: 'UF_CRM_3_KIND', URGENT: 'UF_CRM_3_URGENT', SIGNED: 'UF_CRM_3_SIGNED', CHECKER: 'UF_CRM_3_CHECKER' },
  fieldTypes: {
    KIND: { userTypeId: 'enumeration', multiple: true },
    URGENT: { userTypeId: 'boolean', multiple: false },
    SIGNED: { userTypeId: 'date', multiple: false },
    CHECKER: { userTypeId: 'employee', multiple: false },
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
  });
});
