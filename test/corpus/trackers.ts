/**
 * The corpus: realistic trackers with the quirks real files have, each with
 * the schema a person would expect. `generate-corpus.ts` writes them as real
 * xlsx/csv files; `corpus.test.ts` reads them back and compares.
 */
import type { ColumnRole, ColumnType, StageSemantics } from '../../shared/sheet/inference/types';

/** A value a generator produces: plain text/numbers, or what exceljs can write. */
export type GenValue =
  | string
  | number
  | boolean
  | Date
  | null
  | { formula: string; result: number | string }
  | { text: string; hyperlink: string }
  | { richText: { text: string; font?: { bold?: boolean } }[] };

/** One column: how to generate it and what inference should say about it. */
export interface ColumnSpec {
  header: string;
  gen: (i: number, rng: () => number) => GenValue;
  numFmt?: string;
  expect: { type: ColumnType; role?: ColumnRole | null; multiple?: boolean; currency?: string };
}

/** One tracker file. */
export interface TrackerSpec {
  file: string;
  format: 'xlsx' | 'csv';
  encoding?: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1251' | 'koi8-r' | 'ibm866';
  delimiter?: ',' | ';' | '\t' | '|';
  rows: number;
  /** Lines above the header (a report title, a period). */
  titleRows?: string[];
  columns: ColumnSpec[];
  stage: { header: string; order: string[]; semantics: StageSemantics[] } | null;
  /** Header of the expected title column. */
  title: string | null;
  quirks?: {
    totalsRow?: 'words' | 'formula';
    blankRowsAfter?: number[];
    blankColumnAfter?: number;
    /** Column header whose values are merged down in blocks of this size (xlsx). */
    mergedDown?: { header: string; block: number };
    validation?: { header: string; values: string[]; via: 'inline' | 'sheet' | 'name' };
    /** A second sheet that lists the stage values in order (no validation). */
    lookupSheet?: { name: string; header: string; values: string[] };
    date1904?: boolean;
    mergedTitle?: boolean;
    /**
     * A group row above the header: each group spans columns and is merged across them
     * (xlsx); a group with an empty label is a run of stand-alone columns whose header is
     * merged down over both rows (in csv it sits in the upper row, the lower one blank).
     * Grouped columns' expected headers are "Group / Sub".
     */
    groupHeader?: { label: string; span: number }[];
    /** A summary sheet counting rows per value of `column`, most frequent first, with a total row. */
    pivotSheet?: { name: string; header: [string, string]; column: string };
  };
}

const RU_PEOPLE = ['Иванов И.И.', 'Петрова А.С.', 'Сидоров К.В.', 'Кузнецова Е.А.', 'Смирнов Д.О.', 'Орлова М.Н.'];
const RU_FULL = ['Анна Смирнова', 'Дмитрий Орлов', 'Елена Кузнецова', 'Игорь Васильев', 'Ольга Соколова'];
const EN_PEOPLE = ['John Smith', 'Mary Johnson', 'Alex Brown', 'Linda Davis', 'Peter Wilson'];
const RU_COMPANIES = ['ООО «Ромашка»', 'АО «Вектор»', 'ООО «СтройМаш»', 'ИП Котов А.В.', 'ПАО «Северсталь»', 'ООО «Альфа-Трейд»', 'ЗАО «Техно»', 'ООО «Лотос»'];
const EN_COMPANIES = ['Acme Inc.', 'Globex LLC', 'Initech Ltd.', 'Umbrella Corp.', 'Hooli Inc.', 'Stark Industries LLC', 'Wayne Enterprises Inc.'];
const RU_FIRST = ['Алексей', 'Мария', 'Сергей', 'Наталья', 'Павел', 'Юлия', 'Андрей', 'Татьяна', 'Роман', 'Ирина'];
const RU_LAST = ['Морозов', 'Волкова', 'Лебедев', 'Козлова', 'Новиков', 'Зайцева', 'Павлов', 'Семенова', 'Егоров', 'Виноградова'];
const EN_FIRST = ['James', 'Olivia', 'Noah', 'Emma', 'Liam', 'Ava', 'Lucas', 'Mia', 'Ethan', 'Sophia', 'Mason'];
const EN_LAST = ['Miller', 'Garcia', 'Martinez', 'Lee', 'Walker', 'Hall', 'Young', 'King', 'Wright', 'Scott', 'Green'];

const pick = <T>(list: readonly T[], rng: () => number): T => list[Math.floor(rng() * list.length)]!;
/** Every value appears: the first rows cycle through the list, the rest are random. */
const cover = <T>(list: readonly T[], i: number, rng: () => number): T => (i < list.length ? list[i]! : pick(list, rng));
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const ruDate = (d: Date): string => `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
const usDate = (d: Date): string => `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()}`;
const isoDate = (d: Date): string => d.toISOString().slice(0, 10);
const day = (i: number, base = Date.UTC(2024, 0, 3)): Date => new Date(base + i * 86_400_000 * 2);
const ruMoney = (n: number): string => `${n.toFixed(2).replace('.', ',').replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')}`;
const ruMoneyInt = (n: number): string => `${Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ')}`;
const ruPhone = (i: number): string => `+7 (9${pad(10 + (i % 80))}) ${100 + i}-${pad(i % 100)}-${pad((i * 7) % 100)}`;
const ruName = (i: number): string => `${RU_LAST[i % 10]} ${RU_FIRST[Math.floor(i / 10) % 10]}`;
const enName = (i: number): string => `${EN_FIRST[i % 11]} ${EN_LAST[Math.floor(i / 11) % 11]}`;

/** The corpus. */
export const TRACKERS: TrackerSpec[] = [
  {
    file: 'complaints-ru.xlsx',
    format: 'xlsx',
    rows: 60,
    titleRows: ['Реестр жалоб клиентов за I квартал 2024'],
    quirks: { mergedTitle: true, totalsRow: 'formula', validation: { header: 'Статус', values: ['Новая', 'В работе', 'На проверке', 'Решена', 'Отклонена'], via: 'sheet' } },
    columns: [
      { header: '№', gen: (i) => i + 1, expect: { type: 'integer', role: 'key' } },
      { header: 'Дата поступления', gen: (i) => day(i), numFmt: 'dd.mm.yyyy', expect: { type: 'date', role: 'startDate' } },
      { header: 'Клиент', gen: (i, r) => cover(RU_COMPANIES, i, r), expect: { type: 'string', role: 'company' } },
      { header: 'Контактное лицо', gen: (i) => ruName(i), expect: { type: 'string', role: 'contact' } },
      { header: 'Телефон', gen: (i) => ruPhone(i), expect: { type: 'phone' } },
      { header: 'Суть жалобы', gen: (i, r) => ({ richText: [{ text: pick(['Брак', 'Задержка', 'Недовложение', 'Повреждение упаковки'], r), font: { bold: true } }, { text: ` по заказу ${1000 + i}` }] }), expect: { type: 'string', role: 'title' } },
      { header: 'Статус', gen: (i, r) => cover(['Новая', 'В работе', 'На проверке', 'Решена', 'Отклонена'], i, r), expect: { type: 'enumeration', role: 'stage' } },
      { header: 'Ответственный', gen: (i, r) => cover(RU_PEOPLE, i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Срок', gen: (i) => ruDate(day(i + 10)), expect: { type: 'date', role: 'dueDate' } },
      { header: 'Сумма компенсации', gen: (_i, r) => Math.round(r() * 500000) / 100, numFmt: '#,##0.00 "₽"', expect: { type: 'money', role: 'amount', currency: 'RUB' } },
    ],
    stage: { header: 'Статус', order: ['Новая', 'В работе', 'На проверке', 'Решена', 'Отклонена'], semantics: ['process', 'process', 'process', 'success', 'failure'] },
    title: 'Суть жалобы',
  },
  {
    file: 'procurement-ru.csv',
    format: 'csv',
    encoding: 'windows-1251',
    delimiter: ';',
    rows: 45,
    columns: [
      { header: 'Номер заявки', gen: (i) => `ЗК-${pad(i + 1, 4)}`, expect: { type: 'string', role: 'key' } },
      { header: 'Дата заявки', gen: (i) => ruDate(day(i)), expect: { type: 'date', role: 'startDate' } },
      { header: 'Наименование', gen: (i, r) => `${pick(['Бумага А4', 'Картридж HP', 'Стул офисный', 'Ноутбук', 'Монитор 27"', 'Кабель HDMI'], r)}, партия ${i + 1}`, expect: { type: 'string', role: 'title' } },
      { header: 'Поставщик', gen: (i, r) => cover(RU_COMPANIES, i, r), expect: { type: 'string', role: 'company' } },
      { header: 'Количество', gen: (_i, r) => String(1 + Math.floor(r() * 200)), expect: { type: 'integer' } },
      { header: 'Сумма, руб.', gen: (_i, r) => ruMoney(1000 + r() * 900000), expect: { type: 'money', role: 'amount', currency: 'RUB' } },
      { header: 'Статус', gen: (i, r) => cover(['Новая', 'Согласование', 'Заказано', 'В пути', 'Получено', 'Отменена'], i, r), expect: { type: 'enumeration', role: 'stage' } },
      { header: 'Закупщик', gen: (i, r) => cover(RU_PEOPLE.slice(0, 3), i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Срочно', gen: (_i, r) => (r() < 0.3 ? 'Да' : 'Нет'), expect: { type: 'boolean' } },
    ],
    stage: { header: 'Статус', order: ['Новая', 'Согласование', 'Заказано', 'В пути', 'Получено', 'Отменена'], semantics: ['process', 'process', 'process', 'process', 'success', 'failure'] },
    title: 'Наименование',
  },
  {
    file: 'recruiting-en.xlsx',
    format: 'xlsx',
    rows: 50,
    quirks: { date1904: true },
    columns: [
      { header: 'Candidate', gen: (i) => enName(i), expect: { type: 'string', role: 'title' } },
      { header: 'Position', gen: (i, r) => cover(['Backend Developer', 'QA Engineer', 'Product Manager', 'Designer'], i, r), expect: { type: 'enumeration' } },
      { header: 'Stage', gen: (i, r) => cover(['Applied', 'Screening', 'Interview', 'Offer', 'Hired', 'Rejected'], i, r), expect: { type: 'enumeration', role: 'stage' } },
      { header: 'Recruiter', gen: (i, r) => cover(EN_PEOPLE.slice(0, 3), i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Applied on', gen: (i) => day(i, Date.UTC(2023, 10, 1)), numFmt: 'mm/dd/yyyy', expect: { type: 'date', role: 'startDate' } },
      { header: 'Salary expectation', gen: (_i, r) => 50000 + Math.round(r() * 100) * 1000, numFmt: '"$"#,##0', expect: { type: 'money', role: 'amount', currency: 'USD' } },
      // No ID column: the unique e-mail is the natural key for re-runs.
      { header: 'Email', gen: (i) => `${EN_FIRST[i % 11]!.toLowerCase()}.${EN_LAST[(i * 5) % 11]!.toLowerCase()}${i}@example.com`, expect: { type: 'email', role: 'key' } },
      { header: 'Skills', gen: (_i, r) => [...new Set([pick(['Python', 'SQL', 'Go', 'Figma', 'Jira'], r), pick(['SQL', 'Docker', 'English', 'Excel'], r)])].join(', '), expect: { type: 'enumeration', multiple: true } },
      { header: 'LinkedIn', gen: (i) => ({ text: 'profile', hyperlink: `https://www.linkedin.com/in/candidate-${i}` }), expect: { type: 'url' } },
    ],
    stage: { header: 'Stage', order: ['Applied', 'Screening', 'Interview', 'Offer', 'Hired', 'Rejected'], semantics: ['process', 'process', 'process', 'process', 'success', 'failure'] },
    title: 'Candidate',
  },
  {
    file: 'contracts-ru.xlsx',
    format: 'xlsx',
    rows: 40,
    quirks: { blankRowsAfter: [12, 13], blankColumnAfter: 3 },
    columns: [
      { header: 'Номер договора', gen: (i) => `Д-${pad(i + 1, 3)}/24`, expect: { type: 'string', role: 'key' } },
      { header: 'Контрагент', gen: (i, r) => cover(RU_COMPANIES, i, r), expect: { type: 'string', role: 'company' } },
      { header: 'Предмет договора', gen: (i, r) => `${pick(['Поставка оборудования', 'Оказание услуг связи', 'Аренда помещения', 'Техническое обслуживание'], r)} №${i + 1}`, expect: { type: 'string', role: 'title' } },
      { header: 'Сумма договора', gen: (_i, r) => Math.round(r() * 1e8) / 100, numFmt: '#,##0.00\\ [$₽-419]', expect: { type: 'money', role: 'amount', currency: 'RUB' } },
      { header: 'Дата подписания', gen: (i) => day(i), numFmt: 'dd.mm.yyyy', expect: { type: 'date', role: 'startDate' } },
      { header: 'Действует до', gen: (i) => day(i + 180), numFmt: 'dd.mm.yyyy', expect: { type: 'date', role: 'dueDate' } },
      // Trailing spaces and case variants, as typed by hand.
      { header: 'Статус', gen: (i, r) => cover(['Черновик', 'На согласовании', 'на согласовании ', 'На подписании', 'Подписан', 'Расторгнут'], i, r), expect: { type: 'enumeration', role: 'stage' } },
      { header: 'Юрист', gen: (i, r) => cover(RU_PEOPLE.slice(2, 5), i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Скан', gen: (i) => ({ text: 'скан', hyperlink: `https://disk.example.ru/contracts/${i + 1}.pdf` }), expect: { type: 'url' } },
      { header: 'Автопролонгация', gen: (_i, r) => (r() < 0.5 ? 'Да' : 'Нет'), expect: { type: 'boolean' } },
    ],
    stage: { header: 'Статус', order: ['Черновик', 'На согласовании', 'На подписании', 'Подписан', 'Расторгнут'], semantics: ['process', 'process', 'process', 'success', 'failure'] },
    title: 'Предмет договора',
  },
  {
    file: 'equipment-ru.csv',
    format: 'csv',
    encoding: 'utf-8-bom',
    delimiter: ',',
    rows: 40,
    columns: [
      { header: 'Инв. номер', gen: (i) => pad(120 + i, 6), expect: { type: 'string', role: 'key' } },
      { header: 'Оборудование', gen: (i, r) => `${pick(['Ноутбук Lenovo T14', 'Монитор Dell P2422', 'Телефон iPhone 13', 'Гарнитура Jabra'], r)} (${i + 1})`, expect: { type: 'string', role: 'title' } },
      { header: 'Серийный номер', gen: (i) => `SN${(982734 + i * 7919).toString(36).toUpperCase()}`, expect: { type: 'string' } },
      { header: 'Сотрудник', gen: (i, r) => cover(RU_FULL, i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Отдел', gen: (i, r) => cover(['Продажи', 'Бухгалтерия', 'ИТ', 'Склад'], i, r), expect: { type: 'enumeration' } },
      { header: 'Дата выдачи', gen: (i) => isoDate(day(i)), expect: { type: 'date', role: 'startDate' } },
      { header: 'Дата возврата', gen: (i) => isoDate(day(i + 365)), expect: { type: 'date', role: 'dueDate' } },
      { header: 'Статус', gen: (i, r) => cover(['Заказано', 'К выдаче', 'Выдано', 'Списано'], i, r), expect: { type: 'enumeration', role: 'stage' } },
      { header: 'Стоимость', gen: (_i, r) => `${ruMoneyInt(20000 + r() * 150000)} ₽`, expect: { type: 'money', role: 'amount', currency: 'RUB' } },
      { header: 'Комментарий', gen: (i, r) => (r() < 0.5 ? `Выдано со склада №${i % 3},\nпроверено: ${pick(['царапины нет', 'без замечаний', 'комплект полный'], r)}` : ''), expect: { type: 'text' } },
    ],
    stage: { header: 'Статус', order: ['Заказано', 'К выдаче', 'Выдано', 'Списано'], semantics: ['process', 'process', 'success', 'failure'] },
    title: 'Оборудование',
  },
  {
    file: 'support-en.csv',
    format: 'csv',
    encoding: 'utf-16le',
    delimiter: '\t',
    rows: 80,
    columns: [
      { header: 'Ticket ID', gen: (i) => `T-${1001 + i}`, expect: { type: 'string', role: 'key' } },
      { header: 'Created', gen: (i) => `${isoDate(day(i))} ${pad(8 + (i % 10))}:${pad((i * 7) % 60)}`, expect: { type: 'datetime', role: 'startDate' } },
      { header: 'Subject', gen: (i, r) => `${pick(['Cannot log in', 'Invoice is wrong', 'App crashes on start', 'Feature request: export'], r)} #${i + 1}`, expect: { type: 'string', role: 'title' } },
      { header: 'Customer', gen: (i, r) => cover(EN_COMPANIES, i, r), expect: { type: 'string', role: 'company' } },
      { header: 'Requester email', gen: (i) => `user${i}@${pick(['acme.com', 'globex.com'], () => (i % 2) / 2)}`, expect: { type: 'email' } },
      { header: 'Priority', gen: (i, r) => cover(['Low', 'Medium', 'High', 'Urgent'], i, r), expect: { type: 'enumeration' } },
      { header: 'Status', gen: (i, r) => cover(['New', 'In Progress', 'Waiting', 'Resolved', 'Cancelled'], i, r), expect: { type: 'enumeration', role: 'stage' } },
      { header: 'Agent', gen: (i, r) => cover(EN_PEOPLE, i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Tags', gen: (_i, r) => (r() < 0.6 ? [...new Set([pick(['billing', 'login', 'mobile'], r), pick(['urgent', 'vip', 'bug'], r)])].join('; ') : pick(['billing', 'bug'], r)), expect: { type: 'enumeration', multiple: true } },
      { header: 'Due', gen: (i) => usDate(day(i + 3)), expect: { type: 'date', role: 'dueDate' } },
    ],
    stage: { header: 'Status', order: ['New', 'In Progress', 'Waiting', 'Resolved', 'Cancelled'], semantics: ['process', 'process', 'process', 'success', 'failure'] },
    title: 'Subject',
  },
  {
    file: 'deals-en.xlsx',
    format: 'xlsx',
    rows: 70,
    quirks: { validation: { header: 'Stage', values: ['Prospect', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost'], via: 'inline' } },
    columns: [
      { header: 'Deal', gen: (i, r) => `${pick(['CRM rollout', 'Annual license', 'Hardware refresh', 'Support renewal'], r)} for ${EN_COMPANIES[i % 7]} (${i + 1})`, expect: { type: 'string', role: 'title' } },
      { header: 'Company', gen: (i, r) => cover(EN_COMPANIES, i, r), expect: { type: 'string', role: 'company' } },
      { header: 'Contact person', gen: (i) => enName(i + 3), expect: { type: 'string', role: 'contact' } },
      { header: 'Amount', gen: (_i, r) => Math.round(r() * 5e6) / 100, expect: { type: 'money', role: 'amount', currency: 'USD' } },
      { header: 'Stage', gen: (i, r) => cover(['Prospect', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost'], i, r), expect: { type: 'enumeration', role: 'stage' } },
      { header: 'Owner', gen: (i, r) => cover(EN_PEOPLE.slice(1, 4), i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Created', gen: (i) => day(i), numFmt: 'yyyy-mm-dd', expect: { type: 'date', role: 'startDate' } },
      { header: 'Close date', gen: (i) => day(i + 40), numFmt: 'd mmm yyyy', expect: { type: 'date', role: 'dueDate' } },
      { header: 'Probability', gen: (_i, r) => Math.round(r() * 10) / 10, numFmt: '0%', expect: { type: 'double' } },
      { header: 'Website', gen: (i) => `https://www.${EN_COMPANIES[i % 7]!.split(' ')[0]!.toLowerCase()}.com`, expect: { type: 'url' } },
    ],
    stage: { header: 'Stage', order: ['Prospect', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost'], semantics: ['process', 'process', 'process', 'process', 'success', 'failure'] },
    title: 'Deal',
  },
  {
    file: 'it-requests-ru.csv',
    format: 'csv',
    encoding: 'koi8-r',
    delimiter: '|',
    rows: 50,
    titleRows: ['Заявки в ИТ-отдел', 'Выгрузка от 01.04.2024'],
    columns: [
      { header: 'Номер', gen: (i) => String(501 + i), expect: { type: 'integer', role: 'key' } },
      { header: 'Создана', gen: (i) => `${ruDate(day(i))} ${pad(9 + (i % 9))}:${pad((i * 13) % 60)}`, expect: { type: 'datetime', role: 'startDate' } },
      { header: 'Заголовок', gen: (i, r) => `${pick(['Не работает принтер', 'Доступ к 1С', 'Новый сотрудник: учётка', 'Замена мыши', 'VPN не подключается'], r)} (${i + 1})`, expect: { type: 'string', role: 'title' } },
      { header: 'Инициатор', gen: (i, r) => cover(RU_FULL, i, r), expect: { type: 'employee' } },
      { header: 'Исполнитель', gen: (i, r) => cover(RU_PEOPLE.slice(0, 3), i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Приоритет', gen: (i, r) => cover(['Низкий', 'Средний', 'Высокий'], i, r), expect: { type: 'enumeration' } },
      { header: 'Этап', gen: (i, r) => cover(['Новая', 'Назначена', 'В работе', 'Ожидание', 'Выполнена', 'Отменена'], i, r), expect: { type: 'enumeration', role: 'stage' } },
      { header: 'Срок', gen: (i) => ruDate(day(i + 2)), expect: { type: 'date', role: 'dueDate' } },
    ],
    stage: { header: 'Этап', order: ['Новая', 'Назначена', 'В работе', 'Ожидание', 'Выполнена', 'Отменена'], semantics: ['process', 'process', 'process', 'process', 'success', 'failure'] },
    title: 'Заголовок',
  },
  {
    file: 'events-ru.csv',
    format: 'csv',
    encoding: 'ibm866',
    delimiter: ';',
    rows: 36,
    columns: [
      { header: 'Мероприятие', gen: (i, r) => `${pick(['Конференция', 'Вебинар', 'Выставка', 'Семинар'], r)} «${pick(['Цифра', 'Рост', 'Продажи'], r)} ${2024 + (i % 2)}» №${i + 1}`, expect: { type: 'string', role: 'title' } },
      { header: 'Дата проведения', gen: (i) => { const d = day(i * 3); return `${d.getUTCDate()} ${['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'][d.getUTCMonth()]} ${d.getUTCFullYear()}`; }, expect: { type: 'date' } },
      { header: 'Площадка', gen: (i, r) => cover(['Москва', 'Санкт-Петербург', 'Онлайн'], i, r), expect: { type: 'enumeration' } },
      { header: 'Бюджет', gen: (_i, r) => `${ruMoneyInt(10000 + r() * 500000)} руб.`, expect: { type: 'money', role: 'amount', currency: 'RUB' } },
      { header: 'Участников', gen: (_i, r) => String(10 + Math.floor(r() * 300)), expect: { type: 'integer' } },
      { header: 'Статус', gen: (i, r) => cover(['Планируется', 'Подготовка', 'Проведено', 'Отменено'], i, r), expect: { type: 'enumeration', role: 'stage' } },
      { header: 'Организатор', gen: (i, r) => cover(RU_PEOPLE.slice(1, 4), i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Онлайн-трансляция', gen: (_i, r) => (r() < 0.5 ? 'да' : 'нет'), expect: { type: 'boolean' } },
    ],
    stage: { header: 'Статус', order: ['Планируется', 'Подготовка', 'Проведено', 'Отменено'], semantics: ['process', 'process', 'success', 'failure'] },
    title: 'Мероприятие',
  },
  {
    file: 'orders-en.xlsx',
    format: 'xlsx',
    rows: 300,
    titleRows: ['Orders report', 'Generated 2024-04-01'],
    quirks: { totalsRow: 'words', blankRowsAfter: [100], blankColumnAfter: 5 },
    columns: [
      { header: 'Order #', gen: (i) => 70001 + i, expect: { type: 'integer', role: 'key' } },
      { header: 'Order date', gen: (i) => new Date(Date.UTC(2024, 0, 1) + i * 3_600_000 * 5), numFmt: 'm/d/yyyy h:mm', expect: { type: 'datetime', role: 'startDate' } },
      { header: 'Customer', gen: (i, r) => cover(EN_COMPANIES, i, r), expect: { type: 'string', role: 'company' } },
      { header: 'Email', gen: (i) => `orders+${i}@shop.example.com`, expect: { type: 'email' } },
      { header: 'Items', gen: (_i, r) => [...new Set([pick(['Widget', 'Gadget', 'Gizmo'], r), pick(['Cable', 'Adapter', 'Widget'], r)])].join(', '), expect: { type: 'enumeration', multiple: true } },
      { header: 'Total', gen: (_i, r) => Math.round(r() * 100000) / 100, numFmt: '[$$-409]#,##0.00', expect: { type: 'money', role: 'amount', currency: 'USD' } },
      { header: 'Paid', gen: (_i, r) => r() < 0.7, expect: { type: 'boolean' } },
      { header: 'Status', gen: (i, r) => cover(['Pending', 'Processing', 'Shipped', 'Delivered', 'Cancelled'], i, r), expect: { type: 'enumeration', role: 'stage' } },
      { header: 'Sales rep', gen: (i, r) => cover(EN_PEOPLE.slice(0, 4), i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Tracking', gen: (i) => `https://track.example.com/${(917230 + i * 31).toString(16)}`, expect: { type: 'url' } },
    ],
    stage: { header: 'Status', order: ['Pending', 'Processing', 'Shipped', 'Delivered', 'Cancelled'], semantics: ['process', 'process', 'process', 'success', 'failure'] },
    title: null,
  },
  {
    file: 'onboarding-ru.xlsx',
    format: 'xlsx',
    rows: 42,
    quirks: { mergedDown: { header: 'Отдел', block: 6 }, lookupSheet: { name: 'Этапы', header: 'Этапы адаптации', values: ['Не начато', 'Документы', 'Обучение', 'Испытательный срок', 'Завершено', 'Не прошёл'] } },
    columns: [
      { header: 'Задача', gen: (i, r) => `${pick(['Оформить пропуск', 'Выдать ноутбук', 'Пройти курс ТБ', 'Встреча с наставником', 'Настроить почту', 'Подписать NDA'], r)} — ${RU_FIRST[i % 10]} ${RU_LAST[(i * 3) % 10]}`, expect: { type: 'string', role: 'title' } },
      { header: 'Отдел', gen: (i) => ['Продажи', 'Маркетинг', 'ИТ', 'Финансы', 'Склад', 'Юристы', 'HR'][Math.floor(i / 6) % 7]!, expect: { type: 'enumeration' } },
      { header: 'Наставник', gen: (i, r) => cover(RU_FULL.slice(0, 4), i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Дата начала', gen: (i) => day(i), numFmt: 'dd.mm.yyyy', expect: { type: 'date', role: 'startDate' } },
      { header: 'Крайний срок', gen: (i) => day(i + 14), numFmt: 'dd.mm.yyyy', expect: { type: 'date', role: 'dueDate' } },
      { header: 'Этап адаптации', gen: (i, r) => cover(['Не начато', 'Документы', 'Обучение', 'Испытательный срок', 'Завершено', 'Не прошёл'], i, r), expect: { type: 'enumeration', role: 'stage' } },
      { header: 'Часы обучения', gen: (_i, r) => Math.round(r() * 40 * 4) / 96, numFmt: '[h]:mm', expect: { type: 'double' } },
      { header: 'Оплачено', gen: (_i, r) => (r() < 0.5 ? 1 : 0), expect: { type: 'boolean' } },
      { header: 'Стоимость курса', gen: (_i, r) => { const v = Math.round(r() * 3000000) / 100; return { formula: `${v}*1`, result: v }; }, numFmt: '#,##0.00 ₽', expect: { type: 'money', role: 'amount', currency: 'RUB' } },
    ],
    stage: { header: 'Этап адаптации', order: ['Не начато', 'Документы', 'Обучение', 'Испытательный срок', 'Завершено', 'Не прошёл'], semantics: ['process', 'process', 'process', 'process', 'success', 'failure'] },
    title: 'Задача',
  },
  {
    file: 'leads-ru.csv',
    format: 'csv',
    encoding: 'utf-16be',
    delimiter: ',',
    rows: 55,
    columns: [
      { header: 'Лид', gen: (i, r) => `${pick(['Запрос КП', 'Звонок с сайта', 'Заявка с выставки', 'Рекомендация'], r)} от ${RU_COMPANIES[i % 8]} (${i + 1})`, expect: { type: 'string', role: 'title' } },
      { header: 'Компания', gen: (i, r) => cover(RU_COMPANIES, i, r), expect: { type: 'string', role: 'company' } },
      { header: 'Контакт', gen: (i) => `${RU_LAST[(i * 7) % 10]} ${RU_FIRST[i % 10]![0]}.${RU_FIRST[(i + 3) % 10]![0]}.`, expect: { type: 'string', role: 'contact' } },
      { header: 'Телефон', gen: (i) => `8916${String(1000000 + i * 7919).slice(-7)}`, expect: { type: 'phone' } },
      // No ID column: the unique e-mail is the natural key (before the phone, which is unique too).
      { header: 'E-mail', gen: (i) => `lead${i}@firma${i % 5}.ru`, expect: { type: 'email', role: 'key' } },
      { header: 'Источник', gen: (i, r) => cover(['Сайт', 'Выставка', 'Звонок', 'Партнёр'], i, r), expect: { type: 'enumeration' } },
      { header: 'Бюджет', gen: (_i, r) => String(100000 + Math.round(r() * 90) * 50000), expect: { type: 'money', role: 'amount', currency: 'RUB' } },
      { header: 'Стадия', gen: (i, r) => cover(['Новый', 'Квалификация', 'Переговоры', 'Выиграна', 'Проиграна'], i, r), expect: { type: 'enumeration', role: 'stage' } },
      { header: 'Менеджер', gen: (i, r) => cover(RU_PEOPLE.slice(0, 4), i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Дата создания', gen: (i) => ruDate(day(i)), expect: { type: 'date', role: 'startDate' } },
      { header: 'Теги', gen: (_i, r) => [...new Set([pick(['b2b', 'опт', 'розница'], r), pick(['срочно', 'vip', 'b2b'], r)])].join('; '), expect: { type: 'enumeration', multiple: true } },
    ],
    stage: { header: 'Стадия', order: ['Новый', 'Квалификация', 'Переговоры', 'Выиграна', 'Проиграна'], semantics: ['process', 'process', 'process', 'success', 'failure'] },
    title: 'Лид',
  },
  {
    file: 'legal-cases-en.csv',
    format: 'csv',
    encoding: 'utf-8',
    delimiter: ',',
    rows: 40,
    quirks: { totalsRow: 'words' },
    columns: [
      { header: 'Case No.', gen: (i) => `2024-CV-${pad(i + 12, 4)}`, expect: { type: 'string', role: 'key' } },
      { header: 'Matter', gen: (i) => `${EN_COMPANIES[i % 7]} v. ${['Smith', 'State of Ohio', 'Globex, LLC', 'Doe', 'Brown', 'City of Austin', 'Miller', 'Jones', 'Initech', 'Taylor'][i % 10]}`, expect: { type: 'string', role: 'title' } },
      { header: 'Client', gen: (i, r) => cover(EN_COMPANIES, i, r), expect: { type: 'string', role: 'company' } },
      { header: 'Attorney', gen: (i, r) => cover(EN_PEOPLE.slice(2, 5), i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Filed', gen: (i) => usDate(day(i)), expect: { type: 'date', role: 'startDate' } },
      { header: 'Deadline', gen: (i) => usDate(day(i + 20)), expect: { type: 'date', role: 'dueDate' } },
      { header: 'Fees', gen: (_i, r) => `$${(Math.round(r() * 5e6) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`, expect: { type: 'money', role: 'amount', currency: 'USD' } },
      { header: 'Status', gen: (i, r) => cover(['Open', 'In Review', 'Pending', 'Closed', 'Withdrawn'], i, r), expect: { type: 'enumeration', role: 'stage' } },
      { header: 'Court', gen: (i, r) => cover(['District Court', 'Court of Appeals', 'Arbitration'], i, r), expect: { type: 'enumeration' } },
      { header: 'Billable', gen: (_i, r) => (r() < 0.5 ? 'Yes' : 'No'), expect: { type: 'boolean' } },
    ],
    stage: { header: 'Status', order: ['Open', 'Pending', 'In Review', 'Closed', 'Withdrawn'], semantics: ['process', 'process', 'process', 'success', 'failure'] },
    title: 'Matter',
  },
];

