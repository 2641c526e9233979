import { describe, expect, it } from 'vitest';
import { inferSchema } from '../../../shared/sheet/inference/infer-schema';
import type { Cell, SheetTable } from '../../../shared/sheet/spreadsheet/types';
import { REQUEST_HEADERS, requestRows } from '../../runs/migrate/corpus';

function table(headers: string[], rows: Cell[][]): SheetTable {
  return { name: 'S', headerRow: 1, headers, columnNumbers: headers.map((_, i) => i + 1), rows, rowNumbers: rows.map((_, i) => i + 2), validations: [], warnings: [] };
}
const times = <T>(count: number, make: (i: number) => T): T[] => Array.from({ length: count }, (_, i) => make(i));
const titleOf = (schema: ReturnType<typeof inferSchema>): string | undefined => (schema.title?.column == null ? undefined : schema.columns[schema.title.column]!.header);

// Expected answers decided before the rule: a header that names the item makes the title even when values repeat;
// a list without such a header, a phone or an e-mail never does.
describe('the title column', () => {
  const items = ['Вода питьевая 19 л', 'Монитор Dell 24"', 'Сервер Dell R650', 'Бумага А4, 5 пачек', 'Картридж HP 85A', 'Кресло офисное'];
  const statuses = ['Новая', 'На согласовании', 'Заказано', 'Получено'];

  it('“Наименование” with repeated items is the title, read as text, and says why', () => {
    const schema = inferSchema(table(['№', 'Наименование', 'Статус'], times(38, (i) => [i + 1, items[i % items.length]!, statuses[i % 4]!])));
    expect(titleOf(schema)).toBe('Наименование');
    const column = schema.columns[1]!;
    expect(column).toMatchObject({ type: 'string', role: 'title' });
    expect(column.values).toBeUndefined();
    expect(column.evidence.map((e) => e.code)).toContain('TITLE_MAKES_TEXT');
  });

  it('“Суть обращения” with seven complaint texts over 28 rows is the title', () => {
    const subjects = ['Не пришёл заказ', 'Повреждённая упаковка', 'Грубость оператора', 'Неверная сумма в чеке', 'Задержка доставки на 3 дня', 'Товар не соответствует описанию', 'Двойное списание с карты'];
    const schema = inferSchema(table(['Дата', 'Телефон', 'Суть обращения', 'Статус'], times(28, (i) => [`0${(i % 9) + 1}.02.2026`, `+7 (915) 656-54-${String(10 + i)}`, subjects[i % 7]!, statuses[i % 4]!])));
    expect(titleOf(schema)).toBe('Суть обращения');
  });

  it('“Candidate” with people’s names is the title; the phone never is', () => {
    // 38 different people over 45 rows, as a real pipeline has: a few applied twice.
    const first = ['Liam', 'Olivia', 'Noah', 'Emma', 'Ava', 'Lucas', 'Mia', 'Ethan'];
    const last = ['Garcia', 'Miller', 'Davis', 'Wilson', 'Moore'];
    const names = first.flatMap((f) => last.map((l) => `${f} ${l}`)).slice(0, 38);
    const schema = inferSchema(table(['Candidate', 'Phone', 'Stage'], times(45, (i) => [names[i % 38]!, `+1 (415) 555-${1000 + i}`, ['Applied', 'Interview', 'Offer', 'Hired'][i % 4]!])));
    expect(titleOf(schema)).toBe('Candidate');
  });

  it('the purchase requests are named by what is bought (Item), and the request number stays the row key', () => {
    // "Laptop for team 3" says what the card is about; "REQ-0004" stays in its own field and keys the row on re-runs.
    const schema = inferSchema(table(REQUEST_HEADERS, requestRows(30)));
    expect(titleOf(schema)).toBe('Item');
    expect(schema.columns[0]).toMatchObject({ header: 'Request ID', role: 'key' });
  });

  it('a header naming a property of the item (“Event type”, “Категория товара”) keeps its repeated values a list', () => {
    const schema = inferSchema(
      table(['№', 'Event type', 'Категория товара', 'Статус'], times(30, (i) => [i + 1, ['Webinar', 'Conference', 'Meetup'][i % 3]!, ['Бумага', 'Техника', 'Мебель'][i % 3]!, statuses[i % 4]!])),
    );
    expect(schema.columns[1]).toMatchObject({ type: 'enumeration', role: null });
    expect(schema.columns[2]).toMatchObject({ type: 'enumeration', role: null });
    expect(titleOf(schema)).toBeUndefined();
  });

  it('a list whose header does not name the item stays a list and is not the title', () => {
    const schema = inferSchema(table(['№', 'Категория', 'Статус'], times(30, (i) => [i + 1, ['Доставка', 'Качество', 'Сервис'][i % 3]!, statuses[i % 4]!])));
    expect(schema.columns[1]).toMatchObject({ type: 'enumeration', role: null });
    expect(titleOf(schema)).toBeUndefined();
  });

  it('a sheet of phones, e-mails and a status has no title column (a template names the cards)', () => {
    const schema = inferSchema(table(['Phone', 'Email', 'Status'], times(30, (i) => [`+1 (415) 555-${1000 + i}`, `user${i}@example.com`, statuses[i % 4]!])));
    expect(titleOf(schema)).toBeUndefined();
  });
});
