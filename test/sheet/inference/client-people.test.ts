import { describe, expect, it } from 'vitest';
import { inferSchema } from '../../../shared/sheet/inference/infer-schema';
import type { Cell, SheetTable } from '../../../shared/sheet/spreadsheet/types';

function table(headers: string[], rows: Cell[][]): SheetTable {
  return { name: 'S', headerRow: 1, headers, columnNumbers: headers.map((_, i) => i + 1), rows, rowNumbers: rows.map((_, i) => i + 2), validations: [], warnings: [] };
}

/** The role of the second column of a register whose first column is its subject, over 28 rows cycling through `values`. */
function roleOf(header: string, values: string[]): string | null {
  const rows = Array.from({ length: 28 }, (_, i): Cell[] => [`Обращение номер ${i + 1} по заказу`, values[i % values.length]!]);
  return inferSchema(table(['Суть обращения', header], rows)).columns[1]!.role;
}

// Expected answers decided before the rule: a client column is a company unless people's names are most of it.
describe('a client column of people is a contact, of organisations a company', () => {
  it('mostly full names (Фамилия Имя Отчество, Фамилия Имя) with a few organisations: contact', () => {
    expect(roleOf('Клиент', ['Соколова Елена Петровна', 'Морозов Андрей', 'ООО «Берёзка»', 'Васильев Пётр Ильич', 'Новикова Ирина', 'ИП Фёдоров', 'Зайцев Олег'])).toBe('contact');
  });

  it('names written as Фамилия И.О. under “Заказчик”: contact', () => {
    expect(roleOf('Заказчик', ['Иванов И.И.', 'Петрова А.С.', 'Сидоров К.В.', 'АО «Вектор»'])).toBe('contact');
  });

  it('First Last names under “Customer”: contact', () => {
    expect(roleOf('Customer', ['Ann Lee', 'Bob Stone', 'Carla Diaz', 'Dan Brown', 'Eve Adams'])).toBe('contact');
  });

  it('organisations only: company', () => {
    expect(roleOf('Клиент', ['ООО «Ромашка»', 'АО «Вектор»', 'ИП Кузнецов', 'ООО «СтройМаш»'])).toBe('company');
  });

  it('as many organisations as people: company, as before', () => {
    expect(roleOf('Контрагент', ['ООО «Ромашка»', 'Иванов Иван', 'АО «Вектор»', 'Петрова Анна'])).toBe('company');
  });
});
