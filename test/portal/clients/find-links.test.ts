import { describe, expect, it } from 'vitest';
import { contactGroups, contactIdentity, contactValue, dealIdOf, linkRequest, missingLinks, phoneDigits } from '../../../shared/portal/clients/find-links';
import { contactFields, linkWarnings } from '../../../shared/runs/migrate/setup-clients';
import type { Mapping } from '../../../shared/sheet/mapping/types';
import { rowWarningText } from '../../../shared/sheet/plan/plan-warning-wording';
import type { RowWarning } from '../../../shared/sheet/plan/types';

describe('link values', () => {
  it('reads a contact cell as an e-mail, a phone, a name, or "Name <e-mail>"', () => {
    expect(contactValue(' ivan@example.ru ')).toEqual({ kind: 'email', email: 'ivan@example.ru' });
    expect(contactValue('Иван Орлов <ivan@example.ru>')).toEqual({ kind: 'email', email: 'ivan@example.ru', name: 'Иван Орлов' });
    expect(contactValue('"Ivan Orlov" <ivan@example.ru>')).toEqual({ kind: 'email', email: 'ivan@example.ru', name: 'Ivan Orlov' });
    expect(contactValue('+7 (912) 000-11-22 доб. 15')).toEqual({ kind: 'phone', phone: '+7 (912) 000-11-22 доб. 15' });
    expect(contactValue('Пётр Сидоров')).toEqual({ kind: 'name', name: 'Пётр Сидоров' });
    // Short digit runs are not phones (a house number, a code).
    expect(contactValue('12-34').kind).toBe('name');
  });

  it('compares phones by their last ten digits, without the extension', () => {
    expect(phoneDigits('+7 (912) 000-11-22 доб. 15')).toBe('9120001122');
    expect(phoneDigits('8 912 000 11 22')).toBe('9120001122');
  });

  it('reads deal ids (123, D_123) and leaves titles alone', () => {
    expect(dealIdOf('123')).toBe(123);
    expect(dealIdOf(' d_45 ')).toBe(45);
    expect(dealIdOf('Поставка 2024')).toBeUndefined();
  });

  it('groups cells naming one contact; the one with a name speaks for the group', () => {
    expect(contactIdentity('IVAN@example.ru')).toBe(contactIdentity('Иван <ivan@example.ru>'));
    expect(contactGroups(['ivan@example.ru', 'Иван Орлов <ivan@example.ru>', '+7 912 000 11 22', '8 (912) 000-11-22'])).toEqual([
      { representative: 'Иван Орлов <ivan@example.ru>', values: ['ivan@example.ru', 'Иван Орлов <ivan@example.ru>'] },
      { representative: '+7 912 000 11 22', values: ['+7 912 000 11 22', '8 (912) 000-11-22'] },
    ]);
  });

  it('creates contacts with their e-mail or phone in the multi-field, named by what the cell says', () => {
    expect(contactFields('Орлов Иван <ivan@example.ru>', 'ru')).toEqual({ LAST_NAME: 'Орлов', NAME: 'Иван', EMAIL: [{ VALUE: 'ivan@example.ru', VALUE_TYPE: 'WORK' }] });
    expect(contactFields('+7 999 555-44-33', 'ru')).toEqual({ NAME: '+7 999 555-44-33', LAST_NAME: '', PHONE: [{ VALUE: '+7 999 555-44-33', VALUE_TYPE: 'WORK' }] });
    expect(contactFields('John Smith', 'en')).toEqual({ NAME: 'John', LAST_NAME: 'Smith' });
  });

  it('reports unlinked values per row: deals always, clients only when creating them is off', () => {
    const mapping = {
      columns: [
        { header: 'Клиент', type: 'string', target: { kind: 'builtin', field: 'companyId' } },
        { header: 'Сделка', type: 'string', target: { kind: 'builtin', field: 'parentId2' } },
      ],
    } as unknown as Mapping;
    const prepared = { rows: [{ key: 'a', sourceRow: 4, values: { companyId: 'ООО Ромашка', parentId2: 'Дубль', contactIds: ['x@example.ru'] } }] };
    const request = linkRequest(prepared);
    expect(request).toEqual({ companies: ['ООО Ромашка'], contacts: ['x@example.ru'], deals: ['Дубль'] });
    const found = { companies: {}, contacts: {}, deals: {}, ambiguousDeals: ['Дубль'] };
    expect(missingLinks(request, found)).toEqual(request);
    expect(linkWarnings(prepared, mapping, found, true).map(rowWarningText)).toEqual(['Row 4, column “Сделка”: several deals are titled “Дубль”; the item is created without a deal (write the deal\'s id, e.g. D_123, to link it).']);
    expect(linkWarnings(prepared, mapping, found, false).map((w) => w.column)).toEqual(['Сделка', 'Клиент', undefined]);
  });
});

describe('row warnings', () => {
  it('one line per message, naming its rows', async () => {
    const { groupRowWarnings } = await import('../../../shared/sheet/plan/group-row-warnings');
    const company = (row: number, name: string): RowWarning => ({ row, column: 'Клиент', code: 'COMPANY_NOT_FOUND', params: { company: name } });
    const future: RowWarning = { row: 9, column: 'Дата', code: 'FUTURE_HISTORY_DATE', params: { value: '01.01.2999' } };
    expect(groupRowWarnings([company(4, 'A'), future, company(5, 'A'), company(6, 'A'), company(12, 'B')])).toEqual([
      'Rows 4–6, column “Клиент”: no company “A” in the portal; the item is created without it (creating clients is off).',
      'Row 9, column “Дата”: 01.01.2999 is in the future; the portal refuses future history dates, so the item gets the time of loading instead.',
      'Row 12, column “Клиент”: no company “B” in the portal; the item is created without it (creating clients is off).',
    ]);
  });
});
