import { describe, expect, it } from 'vitest';
import { matchUser, matchUsers, toPortalUsers } from '../../../shared/sheet/mapping/match-users';
import { SEED_USERS } from '../../../sandbox/seed-users';

const users = toPortalUsers(SEED_USERS as unknown as Array<Record<string, unknown>>);

describe('matchUser', () => {
  it.each([
    ['Иванова Мария', 3, 'name'],
    ['Мария Иванова', 3, 'name'],
    ['Иванова Мария Олеговна', 3, 'name'],
    ['ИВАНОВА мария', 3, 'name'],
    ['Иванова М.О.', 3, 'initials'],
    ['М. Иванова', 3, 'initials'],
    ['Smith John', 4, 'name'],
    ['John Smith', 4, 'name'],
    ['J. Smith', 4, 'initials'],
    ['Кузнецов Алексей', 6, 'name'],
    ['i.petrov@example.ru', 2, 'email'],
    ['I.Petrov@Example.RU', 2, 'email'],
  ])('%s → user %i (%s)', (value, id, how) => {
    expect(matchUser(value, users)).toMatchObject({ userId: id, how });
  });

  it('treats ё and е alike', () => {
    const withYo = [...users, { id: 9, name: 'Пётр', lastName: 'Семёнов', secondName: '', email: '', active: true }];
    expect(matchUser('Семенов Петр', withYo)).toMatchObject({ userId: 9 });
  });

  it('does not guess between users sharing a surname and initial', () => {
    const twins = [...users, { id: 10, name: 'Мирон', lastName: 'Иванова', secondName: '', email: '', active: true }];
    expect(matchUser('Иванова М.', twins)).toMatchObject({ userId: null, how: 'ambiguous', candidates: [3, 10] });
  });

  it('never matches dismissed users, unknown names or surname alone', () => {
    expect(matchUser('Pavel Sokolov', users)).toMatchObject({ userId: null, how: 'none' });
    expect(matchUser('p.sokolov@example.com', users)).toMatchObject({ userId: null });
    expect(matchUser('Сидоров Павел', users)).toMatchObject({ userId: null, how: 'none' });
    expect(matchUser('Петров', users)).toMatchObject({ userId: null });
    expect(matchUser('Петров Алексей', users)).toMatchObject({ userId: null });
  });

  it('matches each distinct value once', () => {
    const matches = matchUsers(['John Smith', 'John Smith', '', 'Emily Johnson'], users);
    expect(matches.map((m) => m.userId)).toEqual([4, 5]);
  });
});
