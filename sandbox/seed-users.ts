/** A seeded portal user, in `user.get` shape. */
export interface SeedUser {
  ID: string;
  ACTIVE: boolean;
  NAME: string;
  LAST_NAME: string;
  SECOND_NAME: string;
  EMAIL: string;
  PERSONAL_GENDER: 'M' | 'F' | '';
  WORK_POSITION: string;
  UF_DEPARTMENT: number[];
  USER_TYPE: 'employee' | 'extranet';
  TIME_ZONE: string;
  IS_ADMIN: boolean;
}

/**
 * The people of the sandbox portal: Russian and English names, one dismissed
 * user and one sharing a surname, so user matching meets the real cases.
 */
export const SEED_USERS: readonly SeedUser[] = [
  user(1, 'Анна', 'Смирнова', 'Сергеевна', 'anna.smirnova@example.ru', 'F', 'Администратор портала', true),
  user(2, 'Иван', 'Петров', 'Андреевич', 'i.petrov@example.ru', 'M', 'Менеджер по закупкам', false),
  user(3, 'Мария', 'Иванова', 'Олеговна', 'maria.ivanova@example.ru', 'F', 'Юрист', false),
  user(4, 'John', 'Smith', '', 'john.smith@example.com', 'M', 'Sales manager', false),
  user(5, 'Emily', 'Johnson', '', 'emily.johnson@example.com', 'F', 'Support lead', false),
  user(6, 'Алексей', 'Кузнецов', 'Викторович', 'a.kuznetsov@example.ru', 'M', 'Инженер', false),
  user(7, 'Ольга', 'Петрова', 'Ивановна', 'olga.petrova@example.ru', 'F', 'Бухгалтер', false),
  { ...user(8, 'Pavel', 'Sokolov', '', 'p.sokolov@example.com', 'M', 'Former employee', false), ACTIVE: false },
];

function user(
  id: number,
  name: string,
  lastName: string,
  secondName: string,
  email: string,
  gender: 'M' | 'F',
  position: string,
  admin: boolean,
): SeedUser {
  return {
    ID: String(id),
    ACTIVE: true,
    NAME: name,
    LAST_NAME: lastName,
    SECOND_NAME: secondName,
    EMAIL: email,
    PERSONAL_GENDER: gender,
    WORK_POSITION: position,
    UF_DEPARTMENT: [1],
    USER_TYPE: 'employee',
    TIME_ZONE: 'Europe/Moscow',
    IS_ADMIN: admin,
  };
}
