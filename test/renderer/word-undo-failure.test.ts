import { describe, expect, it } from 'vitest';
import type { UndoClient, UndoFailure } from '../../shared/runs/undo/types';
import { wordClientReason, wordUndoFailure } from '../../renderer/src/i18n/word-undo-failure';

const refusedItem: UndoFailure = { what: 'item', target: '17', row: 'REQ-0005', code: 'PORTAL_ACCESS', detail: 'Access denied', params: { portalCode: 'ACCESS_DENIED', portalText: 'Access denied' }, message: 'Item 17 (row “REQ-0005”): Access denied' };
const unconfirmedItem: UndoFailure = { what: 'item', target: '18', row: 'REQ-0006', code: 'PORTAL_NETWORK', message: 'Item 18 (row “REQ-0006”): the portal did not confirm the deletion. Run undo again; it checks the portal first.' };
const refusedField: UndoFailure = { what: 'field', target: 'UF_CRM_5_AMOUNT', code: 'PORTAL_ERROR', detail: 'Field is used', method: 'userfieldconfig.delete', message: 'Field is used (userfieldconfig.delete)' };
const bare: UndoFailure = { what: 'stage', target: 'DT1032_5:NEW', code: 'PORTAL_ERROR', message: 'Stage is in use' };

describe('what an undo could not delete, worded per language', () => {
  it('Russian: the item and its sheet row, then the portal’s own words quoted as its (a detail with no portal words is labelled as the core’s English)', () => {
    expect(wordUndoFailure('ru', refusedItem)).toBe('Элемент 17 (строка «REQ-0005»): портал не дал его удалить. Портал ответил: «Access denied» (код ACCESS_DENIED).');
    expect(wordUndoFailure('ru', unconfirmedItem)).toBe('Элемент 18 (строка «REQ-0006»): портал не подтвердил удаление. Запустите отмену ещё раз: она сначала проверит портал.');
    expect(wordUndoFailure('ru', refusedField)).toBe('Поле UF_CRM_5_AMOUNT: портал не дал его удалить (userfieldconfig.delete). Текст ошибки от ядра приложения (на английском): Field is used');
  });

  it('English says the same facts; a failure without them keeps the core’s line', () => {
    expect(wordUndoFailure('en', refusedItem)).toBe('Item 17 (row “REQ-0005”): the portal refused to delete it: Access denied');
    expect(wordUndoFailure('en', unconfirmedItem)).toContain('did not confirm the deletion');
    expect(wordUndoFailure('ru', bare)).toBe('Stage is in use');
  });
});

const refusedCompany: UndoFailure = { what: 'company', target: '12', name: 'ООО Север', code: 'PORTAL_VALIDATION', detail: 'crm.company.delete: Access denied.', params: { portalCode: 'ACCESS_DENIED', portalText: 'Access denied.' }, method: 'crm.company.delete', message: 'Company 12 “ООО Север”: crm.company.delete: Access denied.' };
const unconfirmedContact: UndoFailure = { what: 'contact', target: '7', name: 'Пётр Сидоров', code: 'PORTAL_NETWORK', method: 'crm.contact.delete', message: 'Contact 7 “Пётр Сидоров”: the portal did not confirm the deletion.' };
const refusedWorkflow: UndoFailure = { what: 'workflow', target: '3', name: 'Стартовый', code: 'PORTAL_ACCESS', detail: 'Access denied!', params: { portalCode: 'ACCESS_DENIED' }, method: 'bizproc.workflow.template.delete', message: 'Workflow template 3 “Стартовый”: Access denied!' };

describe('created clients and workflow templates an undo could not remove, and why a client stays', () => {
  it('names the company, contact or template, the method and the portal’s words, in either language', () => {
    expect(wordUndoFailure('ru', refusedCompany)).toBe('Компания 12 «ООО Север»: портал не дал её удалить (crm.company.delete). Портал ответил: «Access denied.» (код ACCESS_DENIED).');
    expect(wordUndoFailure('en', refusedCompany)).toBe('Company 12 “ООО Север”: the portal refused to delete it (crm.company.delete): crm.company.delete: Access denied.');
    expect(wordUndoFailure('ru', unconfirmedContact)).toBe('Контакт 7 «Пётр Сидоров»: портал не подтвердил удаление (crm.contact.delete). Запустите отмену ещё раз: она сначала проверит портал.');
    expect(wordUndoFailure('ru', refusedWorkflow)).toBe('Шаблон бизнес-процесса 3 «Стартовый»: портал не дал его удалить (bizproc.workflow.template.delete). Портал ответил кодом ACCESS_DENIED без пояснений.');
  });

  it('a kept client’s reason names what uses it', () => {
    const linked: UndoClient = { kind: 'company', id: 4, name: 'ООО Восток', reason: 'linked', links: [{ kind: 'deal', id: 9 }, { kind: 'contact', id: 2 }] };
    expect(wordClientReason('ru', linked)).toBe('используется: сделка 9, контакт 2');
    expect(wordClientReason('en', linked)).toBe('used by deal 9, contact 2');
    expect(wordClientReason('ru', { kind: 'contact', id: 5, name: 'Иван', reason: 'used-by-item', links: [{ kind: 'item', id: 40 }] })).toBe('используется в элементе, который остаётся: элемент 40');
    expect(wordClientReason('en', { kind: 'company', id: 6, name: 'ИП Орлов', reason: 'edited' })).toBe('edited in the portal since it was created');
  });
});
