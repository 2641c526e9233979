import { describe, expect, it } from 'vitest';
import { inferSchema } from '../../../shared/sheet/inference/infer-schema';
import { toPortalUsers } from '../../../shared/sheet/mapping/match-users';
import { suggestMapping } from '../../../shared/sheet/mapping/suggest-mapping';
import { SEED_USERS } from '../../../sandbox/seed-users';
import { table } from '../plan/table';

const users = toPortalUsers(SEED_USERS as unknown as Array<Record<string, unknown>>);

function targets(headers: string[], row: (i: number) => Array<string | null>): Record<string, string | undefined> {
  const sheet = table(headers, Array.from({ length: 12 }, (_, i) => row(i)));
  const { mapping } = suggestMapping(inferSchema(sheet, {}), sheet, { users });
  return Object.fromEntries(mapping.columns.map((column) => [column.header, column.target.kind === 'builtin' ? column.target.field : column.target.kind]));
}

describe('history columns are suggested by their headers', () => {
  it('Russian: «Автор» → createdBy, «Дата смены статуса» → movedTime', () => {
    const out = targets(['№', 'Тема', 'Статус', 'Автор', 'Дата смены статуса'], (i) => [String(i + 1), `Заявка ${i + 1}`, ['Новая', 'В работе', 'Готово'][i % 3]!, ['Иванова Мария', 'Петров Иван'][i % 2]!, `0${(i % 9) + 1}.03.2024`]);
    expect(out).toMatchObject({ Автор: 'createdBy', 'Дата смены статуса': 'movedTime' });
  });

  it('Russian: «Создал» → createdBy, «Дата перехода» → movedTime', () => {
    const out = targets(['№', 'Тема', 'Статус', 'Создал', 'Дата перехода'], (i) => [String(i + 1), `Заявка ${i + 1}`, ['Новая', 'В работе', 'Готово'][i % 3]!, ['Иванова Мария', 'Петров Иван'][i % 2]!, `0${(i % 9) + 1}.03.2024`]);
    expect(out).toMatchObject({ Создал: 'createdBy', 'Дата перехода': 'movedTime' });
  });

  it('English: "Created by" and "Author" → createdBy, "Stage changed" → movedTime', () => {
    expect(targets(['ID', 'Subject', 'Status', 'Created by', 'Stage changed'], (i) => [String(i + 1), `Request ${i + 1}`, ['New', 'In progress', 'Done'][i % 3]!, ['John Smith', 'Emily Johnson'][i % 2]!, `2024-03-0${(i % 9) + 1}`])).toMatchObject({
      'Created by': 'createdBy',
      'Stage changed': 'movedTime',
    });
    expect(targets(['ID', 'Subject', 'Status', 'Author'], (i) => [String(i + 1), `Request ${i + 1}`, ['New', 'In progress', 'Done'][i % 3]!, ['John Smith', 'Emily Johnson'][i % 2]!])).toMatchObject({ Author: 'createdBy' });
  });
});
