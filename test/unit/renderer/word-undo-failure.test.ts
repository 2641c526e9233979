import { describe, expect, it } from 'vitest';
import type { UndoFailure } from '../../../shared/runs/undo/types';
import { wordUndoFailure } from '../../../renderer/src/i18n/word-undo-failure';

const refusedItem: UndoFailure = { what: 'item', target: '17', row: 'REQ-0005', code: 'PORTAL_ACCESS', detail: 'Access denied', message: 'Item 17 (row “REQ-0005”): Access denied' };
const unconfirmedItem: UndoFailure = { what: 'item', target: '18', row: 'REQ-0006', code: 'PORTAL_NETWORK', message: 'Item 18 (row “REQ-0006”): the portal did not confirm the deletion. Run undo again; it checks the portal first.' };
const refusedField: UndoFailure = { what: 'field', target: 'UF_CRM_5_AMOUNT', code: 'PORTAL_ERROR', detail: 'Field is used', method: 'userfieldconfig.delete', message: 'Field is used (userfieldconfig.delete)' };
const bare: UndoFailure = { what: 'stage', target: 'DT1032_5:NEW', code: 'PORTAL_ERROR', message: 'Stage is in use' };

describe('what an undo could not delete, worded per language', () => {
  it('Russian: the item and its sheet row, then the portal’s own words', () => {
    expect(wordUndoFailure('ru', refusedItem)).toBe('Элемент 17 (строка «REQ-0005»): портал не дал его удалить. Ответ портала: Access denied');
    expect(wordUndoFailure('ru', unconfirmedItem)).toBe('Элемент 18 (строка «REQ-0006»): портал не подтвердил удаление. Запустите отмену ещё раз: она сначала проверит портал.');
    expect(wordUndoFailure('ru', refusedField)).toBe('Поле UF_CRM_5_AMOUNT: портал не дал его удалить (userfieldconfig.delete). Ответ портала: Field is used');
  });

  it('English says the same facts; a failure without them keeps the core’s line', () => {
    expect(wordUndoFailure('en', refusedItem)).toBe('Item 17 (row “REQ-0005”): the portal refused to delete it: Access denied');
    expect(wordUndoFailure('en', unconfirmedItem)).toContain('did not confirm the deletion');
    expect(wordUndoFailure('ru', bare)).toBe('Stage is in use');
  });
});
