/**
 * Trackers written after the inference was tuned on `trackers.ts`, with
 * wording the vocabulary was not built from. The test reports accuracy on them
 * instead of demanding 100%, as a check that the rules generalise.
 */
import type { TrackerSpec } from './trackers';

const pick = <T>(list: readonly T[], rng: () => number): T => list[Math.floor(rng() * list.length)]!;
const cover = <T>(list: readonly T[], i: number, rng: () => number): T => (i < list.length ? list[i]! : pick(list, rng));
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const day = (i: number): Date => new Date(Date.UTC(2024, 1, 1) + i * 86_400_000);
const ukDate = (d: Date): string => `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;

/** The hold-out trackers. */
export const UNSEEN: TrackerSpec[] = [
  {
    file: 'warranty-repairs-ru.xlsx',
    format: 'xlsx',
    rows: 48,
    columns: [
      { header: 'Заявка №', gen: (i) => 3100 + i, expect: { type: 'integer', role: 'key' } },
      { header: 'Поступила', gen: (i) => day(i), numFmt: 'dd.mm.yyyy', expect: { type: 'date', role: 'startDate' } },
      { header: 'Изделие', gen: (i, r) => `${pick(['Холодильник Atlant', 'Стиральная машина LG', 'Пылесос Dyson', 'Микроволновка Bosch'], r)}, s/n ${7000 + i}`, expect: { type: 'string', role: 'title' } },
      { header: 'Покупатель', gen: (i) => `${['Морозов', 'Волкова', 'Лебедев', 'Козлова', 'Новиков', 'Зайцева'][i % 6]} ${['Алексей', 'Мария', 'Сергей', 'Наталья', 'Павел', 'Юлия', 'Андрей', 'Ирина'][Math.floor(i / 6) % 8]}`, expect: { type: 'string', role: 'contact' } },
      { header: 'Мастер', gen: (i, r) => cover(['Егоров П.А.', 'Павлов Д.С.', 'Семенова Л.И.'], i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Стадия ремонта', gen: (i, r) => cover(['Принято', 'Диагностика', 'Ожидание запчастей', 'Ремонт', 'Готово к выдаче', 'Выдано клиенту', 'Отказ от ремонта'], i, r), expect: { type: 'enumeration', role: 'stage' } },
      { header: 'Стоимость ремонта, ₽', gen: (_i, r) => Math.round(r() * 2000000) / 100, numFmt: '#,##0.00', expect: { type: 'money', role: 'amount', currency: 'RUB' } },
      { header: 'Гарантийный', gen: (_i, r) => (r() < 0.5 ? 'Да' : 'Нет'), expect: { type: 'boolean' } },
    ],
    stage: {
      header: 'Стадия ремонта',
      order: ['Принято', 'Диагностика', 'Ожидание запчастей', 'Ремонт', 'Готово к выдаче', 'Выдано клиенту', 'Отказ от ремонта'],
      semantics: ['process', 'process', 'process', 'process', 'process', 'success', 'failure'],
    },
    title: 'Изделие',
  },
  {
    file: 'it-assets-en.csv',
    format: 'csv',
    encoding: 'utf-8',
    delimiter: ';',
    rows: 45,
    columns: [
      { header: 'Asset tag', gen: (i) => `AT-${pad(i + 1, 5)}`, expect: { type: 'string', role: 'key' } },
      { header: 'Device', gen: (i, r) => `${pick(['ThinkPad X1', 'MacBook Air', 'Dell U2720Q', 'iPhone 15'], r)} #${i + 1}`, expect: { type: 'string', role: 'title' } },
      { header: 'Assigned to', gen: (i, r) => cover(['Emma Hall', 'Noah King', 'Ava Scott', 'Liam Young'], i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Location', gen: (i, r) => cover(['London', 'Berlin', 'Remote'], i, r), expect: { type: 'enumeration' } },
      { header: 'Purchase date', gen: (i) => ukDate(day(i * 3)), expect: { type: 'date', role: 'startDate' } },
      { header: 'Warranty until', gen: (i) => ukDate(day(i * 3 + 730)), expect: { type: 'date', role: 'dueDate' } },
      { header: 'Cost', gen: (_i, r) => `€${(500 + Math.round(r() * 250000) / 100).toFixed(2).replace('.', ',')}`, expect: { type: 'money', role: 'amount', currency: 'EUR' } },
      { header: 'Status', gen: (i, r) => cover(['In stock', 'Deployed', 'In repair', 'Retired', 'Lost'], i, r), expect: { type: 'enumeration', role: 'stage' } },
      { header: 'Notes', gen: (i, r) => (r() < 0.4 ? `Checked on ${ukDate(day(i))}; battery ${pick(['ok', 'worn', 'replaced'], r)}` : ''), expect: { type: 'string' } },
    ],
    stage: { header: 'Status', order: ['In stock', 'Deployed', 'In repair', 'Retired', 'Lost'], semantics: ['process', 'process', 'process', 'failure', 'failure'] },
    title: 'Device',
  },
  {
    file: 'grants-ru.csv',
    format: 'csv',
    encoding: 'windows-1251',
    delimiter: '\t',
    rows: 38,
    titleRows: ['Конкурс грантов 2024'],
    columns: [
      { header: 'Рег. номер', gen: (i) => `Г24-${pad(i + 1, 3)}`, expect: { type: 'string', role: 'key' } },
      { header: 'Проект', gen: (i, r) => `«${pick(['Чистый берег', 'Школа будущего', 'Старшее поколение', 'Городской сад'], r)}» (${i + 1})`, expect: { type: 'string', role: 'title' } },
      { header: 'Организация', gen: (i) => `АНО «${['Развитие', 'Вектор добра', 'Открытый город', 'Наследие', 'Ресурс'][i % 5]}»`, expect: { type: 'string', role: 'company' } },
      { header: 'Запрошено', gen: (_i, r) => `${(100 + Math.round(r() * 900)) * 1000} руб.`, expect: { type: 'money', role: 'amount', currency: 'RUB' } },
      { header: 'Эксперт', gen: (i, r) => cover(['Белова О.Н.', 'Гусев А.А.', 'Титова Е.В.'], i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Подана', gen: (i) => `${pad((i % 28) + 1)}.0${(i % 3) + 3}.2024`, expect: { type: 'date', role: 'startDate' } },
      { header: 'Статус заявки', gen: (i, r) => cover(['Подана', 'Техническая экспертиза', 'Содержательная экспертиза', 'Поддержана', 'Не поддержана'], i, r), expect: { type: 'enumeration', role: 'stage' } },
      { header: 'Сайт', gen: (i) => `https://ngo${i}.example.ru`, expect: { type: 'url' } },
    ],
    stage: {
      header: 'Статус заявки',
      order: ['Подана', 'Техническая экспертиза', 'Содержательная экспертиза', 'Поддержана', 'Не поддержана'],
      semantics: ['process', 'process', 'process', 'success', 'failure'],
    },
    title: 'Проект',
  },
];
