/**
 * Trackers in domains the rules were not built on (contracts, onboarding,
 * service desk, deliveries, campaigns, repairs, leads, hiring), each carrying
 * the weaknesses seen on unseen real files: two-row grouped headers, past
 * participles as outcomes, in-progress stages the vocabulary does not know,
 * checkbox columns, several people per cell, person-name titles, natural keys
 * (e-mail, phone, URL, contract number), sparse notes, formula zeros and ISO
 * dates. The expected answers were written before the rules were changed.
 */
import type { GenValue, TrackerSpec } from './trackers';

const pick = <T>(list: readonly T[], rng: () => number): T => list[Math.floor(rng() * list.length)]!;
const cover = <T>(list: readonly T[], i: number, rng: () => number): T => (i < list.length ? list[i]! : pick(list, rng));
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const DAY = 86_400_000;
const at = (i: number, base: number, step = 1): Date => new Date(base + i * DAY * step);
const iso = (d: Date): string => d.toISOString().slice(0, 10);

/**
 * A stage for row `i` of `rows`, rows ordered oldest first: older items have
 * moved further (a share of the oldest ones have ended), newer ones are early
 * in the process, as in a real register sorted by date.
 */
function progressed(i: number, rows: number, inProgress: readonly string[], ended: readonly string[], rng: () => number): string {
  const age = 1 - i / rows;
  if (age > 0.55 && rng() < 0.7) return rng() < 0.65 ? ended[0]! : pick(ended.slice(1).length > 0 ? ended.slice(1) : ended, rng);
  const position = Math.floor((1 - i / rows) * inProgress.length * 1.15 + (rng() - 0.5) * 1.2);
  return inProgress[Math.max(0, Math.min(inProgress.length - 1, position))]!;
}

/** Blank stage cell for a few rows (every 11th), as in hand-kept registers. */
const sometimesBlank = (i: number, value: string): GenValue => (i % 11 === 7 ? null : value);

const RU_COMPANIES = ['ООО «Ромашка»', 'АО «Вектор»', 'ООО «СтройМаш»', 'ИП Котов А.В.', 'ПАО «Северсталь»', 'ООО «Альфа-Трейд»', 'ЗАО «Техно»', 'ООО «Лотос»', 'ООО «Меридиан»'];
const RU_LAST = ['Морозов', 'Волкова', 'Лебедев', 'Козлова', 'Новиков', 'Зайцева', 'Павлов', 'Семенова', 'Егоров', 'Виноградова', 'Фёдоров', 'Крылова'];
const RU_FIRST = ['Алексей', 'Мария', 'Сергей', 'Наталья', 'Павел', 'Юлия', 'Андрей', 'Татьяна'];
const EN_FIRST = ['James', 'Olivia', 'Noah', 'Emma', 'Liam', 'Ava', 'Lucas', 'Mia', 'Ethan', 'Sophia', 'Mason', 'Chloe'];
const EN_LAST = ['Miller', 'Garcia', 'Martinez', 'Lee', 'Walker', 'Hall', 'Young', 'King', 'Wright', 'Scott', 'Green'];
const ruPerson = (i: number): string => `${RU_LAST[i % 12]} ${RU_FIRST[Math.floor(i / 12) % 8]}`;
const enPerson = (i: number): string => `${EN_FIRST[i % 12]} ${EN_LAST[(i * 5 + Math.floor(i / 12)) % 11]}`;

/** The fresh trackers. */
export const FRESH: TrackerSpec[] = [
  {
    // Contracts register: a merged group row above the real header; "Договор заключён",
    // "Действует" and "Исполнен" all sound done, but "Исполнен" ends the process.
    file: 'supply-contracts-ru.xlsx',
    format: 'xlsx',
    rows: 40,
    titleRows: ['Реестр договоров поставки, 2025'],
    quirks: {
      mergedTitle: true,
      groupHeader: [
        { label: 'Договор', span: 3 },
        { label: 'Контрагент', span: 2 },
        { label: 'Сроки', span: 2 },
        { label: 'Деньги', span: 3 },
        { label: '', span: 3 },
      ],
    },
    columns: [
      { header: 'Договор / Номер', gen: (i) => `Д-2025/${pad(i + 17, 3)}`, expect: { type: 'string', role: 'key' } },
      { header: 'Договор / Предмет', gen: (i, r) => `${pick(['Поставка металлопроката', 'Поставка кабеля', 'Поставка спецодежды', 'Поставка ГСМ', 'Поставка запчастей'], r)}, партия ${i + 1}`, expect: { type: 'string', role: 'title' } },
      { header: 'Договор / Вид', gen: (i, r) => cover(['Рамочный', 'Разовый', 'Спецификация'], i, r), expect: { type: 'enumeration' } },
      { header: 'Контрагент / Наименование', gen: (i, r) => cover(RU_COMPANIES, i, r), expect: { type: 'string', role: 'company' } },
      { header: 'Контрагент / ИНН', gen: (i) => String(7701000000 + i * 7919), expect: { type: 'string' } },
      { header: 'Сроки / Дата начала', gen: (i) => at(i, Date.UTC(2025, 0, 9), 3), numFmt: 'dd.mm.yyyy', expect: { type: 'date', role: 'startDate' } },
      { header: 'Сроки / Дата окончания', gen: (i) => at(i + 365, Date.UTC(2025, 0, 9), 3), numFmt: 'dd.mm.yyyy', expect: { type: 'date', role: 'dueDate' } },
      { header: 'Деньги / Сумма, ₽', gen: (i) => 150000 + ((i * 7919) % 90) * 25000, numFmt: '#,##0.00', expect: { type: 'money', role: 'amount', currency: 'RUB' } },
      { header: 'Деньги / Оплачено, ₽', gen: (i) => (i % 3 === 0 ? 150000 + ((i * 7919) % 90) * 25000 : 100000), numFmt: '#,##0.00', expect: { type: 'money', currency: 'RUB' } },
      {
        header: 'Деньги / Остаток, ₽',
        gen: (i) => {
          const total = 150000 + ((i * 7919) % 90) * 25000;
          const paid = i % 3 === 0 ? total : 100000;
          return { formula: `H${i + 4}-I${i + 4}`, result: total - paid };
        },
        numFmt: '#,##0.00',
        expect: { type: 'money', currency: 'RUB' },
      },
      {
        header: 'Статус',
        gen: (i, r) => sometimesBlank(i, progressed(i, 40, ['Проект', 'На согласовании', 'Договор заключён', 'Действует'], ['Исполнен', 'Расторгнут'], r)),
        expect: { type: 'enumeration', role: 'stage' },
      },
      { header: 'Куратор договора', gen: (i, r) => cover(['Белова О.Н.', 'Гусев А.А.', 'Титова Е.В.'], i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Оригинал получен', gen: (_i, r) => (r() < 0.6 ? '✓' : null), expect: { type: 'boolean' } },
    ],
    stage: {
      header: 'Статус',
      order: ['Проект', 'На согласовании', 'Договор заключён', 'Действует', 'Исполнен', 'Расторгнут'],
      semantics: ['process', 'process', 'process', 'process', 'success', 'failure'],
    },
    title: 'Договор / Предмет',
  },
  {
    // Onboarding: no ID column (the work e-mail is the key), the new hire's name is the
    // title, checkbox columns of "x"/blank and TRUE/blank, ISO dates, a sparse notes column.
    file: 'onboarding-en.csv',
    format: 'csv',
    encoding: 'utf-8',
    delimiter: ',',
    rows: 36,
    columns: [
      { header: 'New hire', gen: (i) => enPerson(i), expect: { type: 'string', role: 'title' } },
      { header: 'Work email', gen: (i) => `${EN_FIRST[i % 12]!.toLowerCase()}.${EN_LAST[(i * 5 + Math.floor(i / 12)) % 11]!.toLowerCase()}@northwind.example`, expect: { type: 'email', role: 'key' } },
      { header: 'Department', gen: (i, r) => cover(['Sales', 'Engineering', 'Finance', 'Support'], i, r), expect: { type: 'enumeration' } },
      { header: 'Start date', gen: (i) => iso(at(i, Date.UTC(2026, 0, 5), 2)), expect: { type: 'date', role: 'startDate' } },
      { header: 'Buddy', gen: (i, r) => cover(['Grace Hopper', 'Alan Turing', 'Ada Byron', 'Linus Carter'], i, r), expect: { type: 'employee' } },
      { header: 'Owner (HR)', gen: (i, r) => cover(['Kate Moss', 'Paul Adams'], i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Laptop issued', gen: (_i, r) => (r() < 0.55 ? 'x' : ''), expect: { type: 'boolean' } },
      { header: 'Accounts created', gen: (_i, r) => (r() < 0.7 ? 'TRUE' : ''), expect: { type: 'boolean' } },
      {
        header: 'Stage',
        gen: (i, r) => sometimesBlank(i, progressed(i, 36, ['Offer signed', 'Preboarding', 'First day', 'Orientation', 'Probation'], ['Onboarded', 'Left during probation'], r)),
        expect: { type: 'enumeration', role: 'stage' },
      },
      { header: 'Notes', gen: (i, r) => (i % 6 === 2 ? pick(['Remote', 'Needs visa support', 'Relocating from Berlin', 'Remote'], r) : ''), expect: { type: 'string' } },
    ],
    stage: {
      header: 'Stage',
      order: ['Offer signed', 'Preboarding', 'First day', 'Orientation', 'Probation', 'Onboarded', 'Left during probation'],
      semantics: ['process', 'process', 'process', 'process', 'process', 'success', 'failure'],
    },
    title: 'New hire',
  },
  {
    // Service desk: "Won't fix" and "Duplicate" are failures, "Escalated to vendor" is an
    // unknown in-progress stage, watchers hold several people per cell, and a summary sheet
    // counts tickets per status (sorted by count: not a list of the stages in order).
    file: 'service-desk-en.xlsx',
    format: 'xlsx',
    rows: 60,
    quirks: { pivotSheet: { name: 'Summary', header: ['Status', 'Tickets'], column: 'Status' } },
    columns: [
      { header: 'Ticket #', gen: (i) => 48200 + i, expect: { type: 'integer', role: 'key' } },
      { header: 'Summary', gen: (i, r) => `${pick(['VPN drops every hour', 'Printer on 3rd floor jams', 'Cannot open shared mailbox', 'New laptop request', 'Password reset loop'], r)} (#${48200 + i})`, expect: { type: 'string', role: 'title' } },
      { header: 'Requester', gen: (i) => enPerson(i + 7), expect: { type: 'string', role: 'contact' } },
      { header: 'Assignee', gen: (i, r) => cover(['Tom Baker', 'Ruth Jones', 'Omar Sy'], i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Watchers', gen: (i, r) => (i % 4 === 0 ? '' : [...new Set([pick(['Ann Lee', 'Bob Stone', 'Cara Diaz', 'Dan Wood'], r), pick(['Bob Stone', 'Eve Park', 'Ann Lee'], r)])].join('; ')), expect: { type: 'employee', multiple: true } },
      { header: 'Opened', gen: (i) => new Date(Date.UTC(2025, 8, 1) + i * DAY * 1.5 + ((i * 37) % 480) * 60_000), numFmt: 'dd/mm/yyyy hh:mm', expect: { type: 'datetime', role: 'startDate' } },
      { header: 'Priority', gen: (i, r) => cover(['P1', 'P2', 'P3', 'P4'], i, r), expect: { type: 'enumeration' } },
      {
        header: 'Status',
        gen: (i, r) => progressed(i, 60, ['New', 'Triage', 'In progress', 'Escalated to vendor'], ['Resolved', "Won't fix", 'Duplicate'], r),
        expect: { type: 'enumeration', role: 'stage' },
      },
      { header: 'SLA breached', gen: (_i, r) => (r() < 0.25 ? '✓' : null), expect: { type: 'boolean' } },
    ],
    stage: {
      header: 'Status',
      order: ['New', 'Triage', 'In progress', 'Escalated to vendor', 'Resolved', "Won't fix", 'Duplicate'],
      semantics: ['process', 'process', 'process', 'process', 'success', 'failure', 'failure'],
    },
    title: 'Summary',
  },
  {
    // Deliveries (cp1251, ;): stages in participle forms ("Доставлен", "Утерян"), unknown
    // early stages, rows sorted oldest first (so first appearance is backwards), ISO dates,
    // a tracking code as the key and blank stage cells.
    file: 'deliveries-ru.csv',
    format: 'csv',
    encoding: 'windows-1251',
    delimiter: ';',
    rows: 50,
    columns: [
      { header: 'Трек-номер', gen: (i) => `RB${String(304118000 + i * 97).padStart(9, '0')}RU`, expect: { type: 'string', role: 'key' } },
      { header: 'Заказ', gen: (i, r) => `Заказ ${5512 + i}: ${pick(['кофемашина', 'пылесос', 'набор посуды', 'кресло', 'увлажнитель'], r)}`, expect: { type: 'string', role: 'title' } },
      { header: 'Получатель', gen: (i) => ruPerson(i + 3), expect: { type: 'string', role: 'contact' } },
      { header: 'Телефон получателя', gen: (i) => `+7 9${pad(10 + (i % 80))} ${pad(100 + i, 3)}-${pad(i % 100)}-${pad((i * 7) % 100)}`, expect: { type: 'phone' } },
      { header: 'Курьер', gen: (i, r) => cover(['Егоров П.А.', 'Павлов Д.С.', 'Семенова Л.И.', 'Орлов К.К.'], i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Дата заказа', gen: (i) => iso(at(i, Date.UTC(2026, 1, 2))), expect: { type: 'date', role: 'startDate' } },
      { header: 'Плановая дата', gen: (i) => iso(at(i + 4, Date.UTC(2026, 1, 2))), expect: { type: 'date', role: 'dueDate' } },
      { header: 'Стоимость доставки', gen: (i) => `${350 + (i % 7) * 50},00`, expect: { type: 'money', role: 'amount', currency: 'RUB' } },
      {
        header: 'Статус доставки',
        gen: (i, r) => sometimesBlank(i, progressed(i, 50, ['Оформлен', 'Собран', 'Передан в доставку', 'В пути'], ['Доставлен', 'Возврат', 'Утерян'], r)),
        expect: { type: 'enumeration', role: 'stage' },
      },
      { header: 'Комментарий', gen: (i, r) => (i % 9 === 4 ? pick(['Позвонить за час', 'Домофон не работает', 'Позвонить за час'], r) : ''), expect: { type: 'string' } },
    ],
    stage: {
      header: 'Статус доставки',
      order: ['Оформлен', 'Собран', 'Передан в доставку', 'В пути', 'Доставлен', 'Возврат', 'Утерян'],
      semantics: ['process', 'process', 'process', 'process', 'success', 'failure', 'failure'],
    },
    title: 'Заказ',
  },
  {
    // Marketing campaigns: the drop-down list orders stages the vocabulary does not know,
    // the landing page URL is the only unique identifier (the key), an Excel TRUE/blank
    // checkbox, formula results of 0, and a team column with several people per cell.
    file: 'campaigns-en.xlsx',
    format: 'xlsx',
    rows: 40,
    quirks: { validation: { header: 'Status', values: ['Idea', 'Brief', 'In design', 'Scheduled', 'Live', 'Completed', 'Cancelled'], via: 'sheet' } },
    columns: [
      { header: 'Campaign', gen: (i, r) => `${pick(['Spring sale', 'Webinar: data tips', 'Black Friday', 'Product launch', 'Referral push'], r)} ${2025 + (i % 2)} — ${pick(['EU', 'US', 'UK'], r)} ${i + 1}`, expect: { type: 'string', role: 'title' } },
      { header: 'Channel', gen: (i, r) => cover(['Email', 'Social', 'Search', 'Display'], i, r), expect: { type: 'enumeration' } },
      { header: 'Owner', gen: (i, r) => cover(['Nina Ross', 'Leo Grant', 'Ivy Chen'], i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Team', gen: (_i, r) => [...new Set([pick(['Ann Lee', 'Bob Stone', 'Cara Diaz'], r), pick(['Dan Wood', 'Eve Park', 'Ann Lee'], r)])].join(', '), expect: { type: 'employee', multiple: true } },
      { header: 'Launch date', gen: (i) => at(i, Date.UTC(2025, 2, 3), 4), numFmt: 'yyyy-mm-dd', expect: { type: 'date', role: 'startDate' } },
      { header: 'End date', gen: (i) => at(i + 14, Date.UTC(2025, 2, 3), 4), numFmt: 'yyyy-mm-dd', expect: { type: 'date', role: 'dueDate' } },
      { header: 'Budget', gen: (i) => 2000 + (i % 8) * 500, numFmt: '"$"#,##0', expect: { type: 'money', role: 'amount', currency: 'USD' } },
      { header: 'Spent', gen: (i) => (i % 3 === 0 ? 2000 + (i % 8) * 500 : 1500), numFmt: '"$"#,##0', expect: { type: 'money', currency: 'USD' } },
      { header: 'Remaining', gen: (i) => ({ formula: `G${i + 2}-H${i + 2}`, result: i % 3 === 0 ? 0 : 2000 + (i % 8) * 500 - 1500 }), numFmt: '"$"#,##0', expect: { type: 'money', currency: 'USD' } },
      { header: 'Approved', gen: (_i, r) => (r() < 0.6 ? true : null), expect: { type: 'boolean' } },
      { header: 'Status', gen: (i, r) => sometimesBlank(i, cover(['Idea', 'Brief', 'In design', 'Scheduled', 'Live', 'Completed', 'Cancelled'], i, r)), expect: { type: 'enumeration', role: 'stage' } },
      { header: 'Landing page', gen: (i) => `https://go.northwind.example/c/${(91234 + i * 37).toString(36)}`, expect: { type: 'url', role: 'key' } },
    ],
    stage: {
      header: 'Status',
      order: ['Idea', 'Brief', 'In design', 'Scheduled', 'Live', 'Completed', 'Cancelled'],
      semantics: ['process', 'process', 'process', 'process', 'process', 'success', 'failure'],
    },
    title: 'Campaign',
  },
  {
    // Repair shop: "Принят в ремонт" starts the process and "Готов" is not the end ("Выдан"
    // is); "Отказ клиента" and "Списан" are failures; cost approval comes before waiting
    // for parts, as in every repair shop, whatever a generic vocabulary ranks first.
    file: 'repairs-ru.xlsx',
    format: 'xlsx',
    rows: 54,
    columns: [
      { header: 'Квитанция №', gen: (i) => 2201 + i, expect: { type: 'integer', role: 'key' } },
      { header: 'Аппарат', gen: (i, r) => `${pick(['iPhone 12', 'Samsung A52', 'Ноутбук ASUS X515', 'Xiaomi Redmi 9', 'iPad Air'], r)}, IMEI …${pad((i * 7919) % 10000, 4)}`, expect: { type: 'string', role: 'title' } },
      { header: 'Клиент', gen: (i) => ruPerson(i), expect: { type: 'string', role: 'contact' } },
      { header: 'Телефон', gen: (i) => `8916${String(2000000 + i * 7919).slice(-7)}`, expect: { type: 'phone' } },
      { header: 'Мастер', gen: (i, r) => cover(['Егоров П.А.', 'Павлов Д.С.', 'Семенова Л.И.'], i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Принят', gen: (i) => at(i, Date.UTC(2025, 9, 1)), numFmt: 'dd.mm.yyyy', expect: { type: 'date', role: 'startDate' } },
      {
        header: 'Состояние',
        gen: (i, r) => progressed(i, 54, ['Принят в ремонт', 'Диагностика', 'Согласование стоимости', 'Ждём запчасти', 'В ремонте', 'Готов'], ['Выдан', 'Отказ клиента', 'Списан'], r),
        expect: { type: 'enumeration', role: 'stage' },
      },
      { header: 'Стоимость, ₽', gen: (i) => 1500 + (i % 9) * 750, expect: { type: 'money', role: 'amount', currency: 'RUB' } },
      { header: 'Гарантия', gen: (_i, r) => (r() < 0.3 ? 'x' : null), expect: { type: 'boolean' } },
      { header: 'Примечание', gen: (i, r) => (i % 8 === 3 ? pick(['Без зарядки', 'Трещина на корпусе', 'Без зарядки'], r) : null), expect: { type: 'string' } },
    ],
    stage: {
      header: 'Состояние',
      order: ['Принят в ремонт', 'Диагностика', 'Согласование стоимости', 'Ждём запчасти', 'В ремонте', 'Готов', 'Выдан', 'Отказ клиента', 'Списан'],
      semantics: ['process', 'process', 'process', 'process', 'process', 'process', 'success', 'failure', 'failure'],
    },
    title: 'Аппарат',
  },
  {
    // Leads (utf-8 with BOM): no ID and no e-mail, the phone is the key; the lead's name is the
    // title; "Unqualified" is a failure; unknown in-progress stages; ISO dates.
    file: 'leads-en.csv',
    format: 'csv',
    encoding: 'utf-8-bom',
    delimiter: ',',
    rows: 48,
    columns: [
      { header: 'Name', gen: (i) => enPerson(i + 3), expect: { type: 'string', role: 'title' } },
      { header: 'Company', gen: (i, r) => cover(['Acme Inc.', 'Globex LLC', 'Initech Ltd.', 'Hooli Inc.', 'Vandelay Industries', 'Soylent Corp.'], i, r), expect: { type: 'string', role: 'company' } },
      { header: 'Phone', gen: (i) => `+1 (415) 555-${pad(1000 + i * 37, 4)}`, expect: { type: 'phone', role: 'key' } },
      { header: 'Source', gen: (i, r) => cover(['Website', 'Webinar', 'Referral', 'Cold call'], i, r), expect: { type: 'enumeration' } },
      { header: 'Created', gen: (i) => iso(at(i, Date.UTC(2026, 0, 12))), expect: { type: 'date', role: 'startDate' } },
      {
        header: 'Stage',
        gen: (i, r) => progressed(i, 48, ['New', 'Contacted', 'Qualified', 'Demo scheduled', 'Proposal sent'], ['Won', 'Lost', 'Unqualified'], r),
        expect: { type: 'enumeration', role: 'stage' },
      },
      { header: 'Owner', gen: (i, r) => cover(['Nina Ross', 'Leo Grant'], i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Budget', gen: (i) => `$${(5000 + (i % 6) * 2500).toLocaleString('en-US')}`, expect: { type: 'money', role: 'amount', currency: 'USD' } },
      { header: 'Notes', gen: (i) => (i % 7 === 1 ? 'Call back' : ''), expect: { type: 'string' } },
    ],
    stage: {
      header: 'Stage',
      order: ['New', 'Contacted', 'Qualified', 'Demo scheduled', 'Proposal sent', 'Won', 'Lost', 'Unqualified'],
      semantics: ['process', 'process', 'process', 'process', 'process', 'success', 'failure', 'failure'],
    },
    title: 'Name',
  },
  {
    // Hiring (xlsx): an applicant hash comes first and must not be the title (the candidate's
    // name is); "Phone screen", "Take-home" and "Onsite" are unknown to the vocabulary and
    // must not land after "Offer"; interviewers are several people per cell; a ✓ column.
    file: 'hiring-en.xlsx',
    format: 'xlsx',
    rows: 48,
    columns: [
      { header: 'Applicant hash', gen: (i) => ((0x5f3a91c + i * 0x9e3779b1) >>> 0).toString(16).padStart(8, '0'), expect: { type: 'string', role: 'key' } },
      { header: 'Candidate', gen: (i) => enPerson(i + 5), expect: { type: 'string', role: 'title' } },
      { header: 'Role applied', gen: (i, r) => cover(['Data Engineer', 'Account Executive', 'Support Lead'], i, r), expect: { type: 'enumeration' } },
      { header: 'Recruiter', gen: (i, r) => cover(['Nina Ross', 'Leo Grant', 'Ivy Chen'], i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Interviewers', gen: (_i, r) => [...new Set([pick(['Ann Lee', 'Bob Stone', 'Cara Diaz'], r), pick(['Dan Wood', 'Eve Park', 'Bob Stone'], r)])].join('; '), expect: { type: 'employee', multiple: true } },
      { header: 'Applied', gen: (i) => at(i, Date.UTC(2025, 10, 3)), numFmt: 'd mmm yyyy', expect: { type: 'date', role: 'startDate' } },
      {
        header: 'Stage',
        gen: (i, r) => progressed(i, 48, ['Applied', 'Phone screen', 'Take-home', 'Onsite', 'Offer'], ['Hired', 'Rejected', 'Withdrew'], r),
        expect: { type: 'enumeration', role: 'stage' },
      },
      { header: 'Referral', gen: (_i, r) => (r() < 0.3 ? '✓' : null), expect: { type: 'boolean' } },
      { header: 'Profile', gen: (i) => ({ text: 'LinkedIn', hyperlink: `https://www.linkedin.com/in/applicant-${(7713 + i * 13).toString(36)}` }), expect: { type: 'url' } },
      { header: 'Comments', gen: (i, r) => (i % 10 === 6 ? pick(['Strong SQL', 'Asked about remote', 'Strong SQL'], r) : null), expect: { type: 'string' } },
    ],
    stage: {
      header: 'Stage',
      order: ['Applied', 'Phone screen', 'Take-home', 'Onsite', 'Offer', 'Hired', 'Rejected', 'Withdrew'],
      semantics: ['process', 'process', 'process', 'process', 'process', 'success', 'failure', 'failure'],
    },
    title: 'Candidate',
  },
];

/**
 * Written after the rules above were changed, with answers decided before
 * running them, and never used to tune: how the changed rules do on more
 * unseen wording (reported, not required to be perfect).
 */
export const LATE_HOLDOUT: TrackerSpec[] = [
  {
    // Equipment rental: "Выдана" is a middle stage here and "Возвращена" the end.
    file: 'rentals-ru.csv',
    format: 'csv',
    encoding: 'utf-8',
    delimiter: ';',
    rows: 36,
    columns: [
      { header: 'Договор аренды', gen: (i) => `АР-25/${pad(141 + i, 4)}`, expect: { type: 'string', role: 'key' } },
      { header: 'Арендатор', gen: (i, r) => cover(RU_COMPANIES, i, r), expect: { type: 'string', role: 'company' } },
      { header: 'Техника', gen: (i, r) => `${pick(['Экскаватор JCB 3CX', 'Мини-погрузчик Bobcat', 'Генератор 10 кВт', 'Вышка-тура'], r)}, инв. ${310 + i}`, expect: { type: 'string', role: 'title' } },
      { header: 'Менеджер', gen: (i, r) => cover(['Белова О.Н.', 'Гусев А.А.'], i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Выдана', gen: (i) => iso(at(i, Date.UTC(2026, 2, 2))), expect: { type: 'date', role: 'startDate' } },
      { header: 'Вернуть до', gen: (i) => iso(at(i + 10, Date.UTC(2026, 2, 2))), expect: { type: 'date', role: 'dueDate' } },
      { header: 'Залог внесён', gen: (_i, r) => (r() < 0.7 ? '✓' : ''), expect: { type: 'boolean' } },
      { header: 'Статус', gen: (i, r) => progressed(i, 36, ['Бронь', 'Выдана', 'Продлена'], ['Возвращена', 'Отменена'], r), expect: { type: 'enumeration', role: 'stage' } },
      { header: 'Сумма аренды, ₽', gen: (i) => `${12 + (i % 5) * 3} 500`, expect: { type: 'money', role: 'amount', currency: 'RUB' } },
      { header: 'Примечание', gen: (i) => (i % 7 === 2 ? 'С доставкой' : ''), expect: { type: 'string' } },
    ],
    stage: { header: 'Статус', order: ['Бронь', 'Выдана', 'Продлена', 'Возвращена', 'Отменена'], semantics: ['process', 'process', 'process', 'success', 'failure'] },
    title: 'Техника',
  },
  {
    // Webinars: stages the vocabulary does not know, panelists several per cell, a recording
    // link only for held webinars (so no key: rows are fingerprinted), Excel TRUE/blank.
    file: 'webinars-en.xlsx',
    format: 'xlsx',
    rows: 42,
    columns: [
      { header: 'Webinar', gen: (i, r) => `${pick(['Scaling Postgres', 'Hiring in 2026', 'Pricing teardown', 'Security basics'], r)} — part ${i + 1}`, expect: { type: 'string', role: 'title' } },
      { header: 'Host', gen: (i, r) => cover(['Nina Ross', 'Leo Grant'], i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Panelists', gen: (_i, r) => [...new Set([pick(['Ann Lee', 'Bob Stone', 'Cara Diaz'], r), pick(['Dan Wood', 'Eve Park'], r)])].join(', '), expect: { type: 'employee', multiple: true } },
      { header: 'Date', gen: (i) => at(i, Date.UTC(2025, 4, 5), 3), numFmt: 'dd mmm yyyy', expect: { type: 'date', role: 'startDate' } },
      { header: 'Registrations', gen: (i) => 40 + ((i * 37) % 300), expect: { type: 'integer' } },
      { header: 'Sponsored', gen: (_i, r) => (r() < 0.4 ? true : null), expect: { type: 'boolean' } },
      { header: 'Status', gen: (i, r) => progressed(i, 42, ['Draft', 'Announced', 'Registration open', 'Rehearsal', 'Live'], ['Done', 'Cancelled'], r), expect: { type: 'enumeration', role: 'stage' } },
      { header: 'Recording', gen: (i) => (i < 20 ? `https://video.example.com/rec/${(5000 + i * 17).toString(36)}` : null), expect: { type: 'url' } },
    ],
    stage: {
      header: 'Status',
      order: ['Draft', 'Announced', 'Registration open', 'Rehearsal', 'Live', 'Done', 'Cancelled'],
      semantics: ['process', 'process', 'process', 'process', 'process', 'success', 'failure'],
    },
    title: 'Webinar',
  },
  {
    // Insurance claims with a grouped header; "Выплачено" ends the process.
    file: 'claims-ru.xlsx',
    format: 'xlsx',
    rows: 40,
    quirks: {
      groupHeader: [
        { label: '', span: 2 },
        { label: 'Заявитель', span: 2 },
        { label: 'Ущерб', span: 2 },
        { label: '', span: 2 },
      ],
    },
    columns: [
      { header: '№ убытка', gen: (i) => `У-${pad(7310 + i, 5)}`, expect: { type: 'string', role: 'key' } },
      { header: 'Суть убытка', gen: (i, r) => `${pick(['Залив квартиры', 'ДТП на парковке', 'Кража велосипеда', 'Повреждение стекла'], r)} (${i + 1})`, expect: { type: 'string', role: 'title' } },
      { header: 'Заявитель / ФИО', gen: (i) => ruPerson(i + 5), expect: { type: 'string', role: 'contact' } },
      { header: 'Заявитель / Телефон', gen: (i) => `+7 916 ${pad(200 + i, 3)}-${pad(i % 100)}-${pad((i * 3) % 100)}`, expect: { type: 'phone' } },
      { header: 'Ущерб / Дата события', gen: (i) => at(i, Date.UTC(2025, 5, 2), 2), numFmt: 'dd.mm.yyyy', expect: { type: 'date', role: 'startDate' } },
      { header: 'Ущерб / Сумма, ₽', gen: (i) => 20000 + (i % 9) * 15000, numFmt: '#,##0', expect: { type: 'money', role: 'amount', currency: 'RUB' } },
      { header: 'Статус', gen: (i, r) => progressed(i, 40, ['Заявлено', 'Документы запрошены', 'Осмотр', 'Экспертиза'], ['Выплачено', 'Отказано'], r), expect: { type: 'enumeration', role: 'stage' } },
      { header: 'Урегулировщик', gen: (i, r) => cover(['Егоров П.А.', 'Павлов Д.С.', 'Семенова Л.И.'], i, r), expect: { type: 'employee', role: 'assignee' } },
    ],
    stage: {
      header: 'Статус',
      order: ['Заявлено', 'Документы запрошены', 'Осмотр', 'Экспертиза', 'Выплачено', 'Отказано'],
      semantics: ['process', 'process', 'process', 'process', 'success', 'failure'],
    },
    title: 'Суть убытка',
  },
];

/**
 * Written before a later round of rule changes (typical pipelines whose last
 * step is the outcome, paid-out and quantity words), with the answers
 * decided first and never used to tune: the honest measure of that round.
 */
export const BLIND_HOLDOUT: TrackerSpec[] = [
  {
    // Equipment handed to employees: "Выдано" is a middle step here, "Возвращено" the end.
    file: 'equipment-handover-ru.xlsx',
    format: 'xlsx',
    rows: 44,
    titleRows: ['Журнал выдачи оборудования'],
    columns: [
      { header: 'Инв. номер', gen: (i) => `ИН-${pad(5120 + i, 5)}`, expect: { type: 'string', role: 'key' } },
      { header: 'Оборудование', gen: (i, r) => `${pick(['Ноутбук Lenovo T14', 'Монитор Samsung 27"', 'Гарнитура Jabra', 'Телефон iPhone 13'], r)} (${i + 1})`, expect: { type: 'string', role: 'title' } },
      { header: 'Сотрудник', gen: (i, r) => cover(['Белова О.Н.', 'Гусев А.А.', 'Титова Е.В.', 'Егоров П.А.'], i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Дата выдачи', gen: (i) => at(i, Date.UTC(2025, 8, 1), 2), numFmt: 'dd.mm.yyyy', expect: { type: 'date', role: 'startDate' } },
      { header: 'Вернуть до', gen: (i) => at(i + 90, Date.UTC(2025, 8, 1), 2), numFmt: 'dd.mm.yyyy', expect: { type: 'date', role: 'dueDate' } },
      { header: 'Акт подписан', gen: (_i, r) => (r() < 0.6 ? '✓' : ''), expect: { type: 'boolean' } },
      { header: 'Статус', gen: (i, r) => progressed(i, 44, ['Заявка', 'Подготовка', 'Выдано'], ['Возвращено', 'Утеряно'], r), expect: { type: 'enumeration', role: 'stage' } },
      { header: 'Стоимость, ₽', gen: (i) => 15000 + (i % 6) * 12500, numFmt: '#,##0', expect: { type: 'money', role: 'amount', currency: 'RUB' } },
    ],
    stage: { header: 'Статус', order: ['Заявка', 'Подготовка', 'Выдано', 'Возвращено', 'Утеряно'], semantics: ['process', 'process', 'process', 'success', 'failure'] },
    title: 'Оборудование',
  },
  {
    // Conference talk proposals: the speaker's e-mail is the only unique identifier; votes are a count.
    file: 'talk-proposals-en.csv',
    format: 'csv',
    encoding: 'utf-8',
    delimiter: ',',
    rows: 46,
    columns: [
      { header: 'Talk', gen: (i, r) => `${pick(['Zero-downtime deploys', 'Type-safe SQL', 'Observability on a budget', 'CRDTs in practice'], r)} (#${i + 1})`, expect: { type: 'string', role: 'title' } },
      { header: 'Speaker', gen: (i) => enPerson(i + 3), expect: { type: 'string', role: 'contact' } },
      { header: 'Speaker email', gen: (i) => `speaker${i + 1}@conf.example.org`, expect: { type: 'email', role: 'key' } },
      { header: 'Track', gen: (i, r) => cover(['Backend', 'Frontend', 'Ops'], i, r), expect: { type: 'enumeration' } },
      { header: 'Submitted', gen: (i) => iso(at(i, Date.UTC(2026, 0, 10))), expect: { type: 'date', role: 'startDate' } },
      { header: 'Votes', gen: (_i, r) => Math.floor(r() * 25), expect: { type: 'integer' } },
      { header: 'Status', gen: (i, r) => progressed(i, 46, ['Submitted', 'In review', 'Shortlisted'], ['Accepted', 'Rejected', 'Withdrawn'], r), expect: { type: 'enumeration', role: 'stage' } },
    ],
    stage: { header: 'Status', order: ['Submitted', 'In review', 'Shortlisted', 'Accepted', 'Rejected', 'Withdrawn'], semantics: ['process', 'process', 'process', 'success', 'failure', 'failure'] },
    title: 'Talk',
  },
  {
    // Supplier invoices: "Оплачен" ends the process; "К оплате" is a step before it.
    file: 'supplier-invoices-ru.csv',
    format: 'csv',
    encoding: 'windows-1251',
    delimiter: ';',
    rows: 40,
    columns: [
      { header: '№ счёта', gen: (i) => `СЧ-${pad(880 + i, 4)}`, expect: { type: 'string', role: 'key' } },
      { header: 'Поставщик', gen: (i, r) => cover(RU_COMPANIES, i, r), expect: { type: 'string', role: 'company' } },
      { header: 'Назначение платежа', gen: (i, r) => `${pick(['Канцтовары', 'Аренда склада', 'Услуги связи', 'Ремонт кондиционеров'], r)} за ${['январь', 'февраль', 'март'][i % 3]} (${i + 1})`, expect: { type: 'string', role: 'title' } },
      { header: 'Сумма', gen: (i) => `${(4 + (i % 9)) * 1000 + 250},00`, expect: { type: 'money', role: 'amount', currency: 'RUB' } },
      { header: 'Дата счёта', gen: (i) => `${pad((i % 28) + 1)}.${pad((i % 3) + 1)}.2026`, expect: { type: 'date', role: 'startDate' } },
      { header: 'Оплатить до', gen: (i) => `${pad(((i + 10) % 28) + 1)}.${pad((i % 3) + 2)}.2026`, expect: { type: 'date', role: 'dueDate' } },
      { header: 'Ответственный', gen: (i, r) => cover(['Иванова М.С.', 'Петров И.А.'], i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Статус', gen: (i, r) => progressed(i, 40, ['Получен', 'На согласовании', 'Согласован', 'К оплате'], ['Оплачен', 'Отклонён'], r), expect: { type: 'enumeration', role: 'stage' } },
    ],
    stage: { header: 'Статус', order: ['Получен', 'На согласовании', 'Согласован', 'К оплате', 'Оплачен', 'Отклонён'], semantics: ['process', 'process', 'process', 'process', 'success', 'failure'] },
    title: 'Назначение платежа',
  },
];

/**
 * Written after that round, answers decided first: the blind measure of the
 * rules as they now stand (reported, never tuned on).
 */
export const AFTER_HOLDOUT: TrackerSpec[] = [
  {
    // Fleet servicing: the plate number identifies each row; "Готово" is a milestone before "Закрыта".
    file: 'fleet-service-ru.xlsx',
    format: 'xlsx',
    rows: 38,
    columns: [
      { header: 'Госномер', gen: (i) => `${'АВЕКМНОРСТ'[i % 10]}${pad(100 + i * 7, 3)}${'ВСКМ'[i % 4]}${'ОР'[i % 2]}77`, expect: { type: 'string', role: 'key' } },
      { header: 'Автомобиль', gen: (i, r) => `${pick(['Hyundai Solaris', 'Kia Rio', 'Lada Vesta', 'Škoda Octavia'], r)}, ${pick(['белый', 'серый', 'синий'], r)} (${i + 1})`, expect: { type: 'string', role: 'title' } },
      { header: 'Водитель', gen: (i, r) => cover(['Котов А.В.', 'Зуева Н.П.', 'Рябов С.С.'], i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Пробег, км', gen: (i) => 20000 + ((i * 7919) % 90000), expect: { type: 'integer' } },
      { header: 'Дата заявки', gen: (i) => at(i, Date.UTC(2026, 3, 1)), numFmt: 'dd.mm.yyyy', expect: { type: 'date', role: 'startDate' } },
      { header: 'Статус', gen: (i, r) => progressed(i, 38, ['Новая', 'Согласована', 'В сервисе', 'Готово'], ['Закрыта', 'Отменена'], r), expect: { type: 'enumeration', role: 'stage' } },
      { header: 'Сумма ремонта', gen: (i) => 3500 + (i % 8) * 2750, numFmt: '#,##0.00 ₽', expect: { type: 'money', role: 'amount', currency: 'RUB' } },
    ],
    stage: { header: 'Статус', order: ['Новая', 'Согласована', 'В сервисе', 'Готово', 'Закрыта', 'Отменена'], semantics: ['process', 'process', 'process', 'process', 'success', 'failure'] },
    title: 'Автомобиль',
  },
  {
    // Content calendar: no identifier column (rows are fingerprinted); word counts repeat.
    file: 'content-calendar-en.xlsx',
    format: 'xlsx',
    rows: 36,
    columns: [
      { header: 'Title', gen: (i, r) => `${pick(['How we cut build times', 'Customer story', 'Release notes', 'Hiring update'], r)} — ${i + 1}`, expect: { type: 'string', role: 'title' } },
      { header: 'Channel', gen: (i, r) => cover(['Blog', 'LinkedIn', 'Newsletter'], i, r), expect: { type: 'enumeration' } },
      { header: 'Owner', gen: (i, r) => cover(['Nina Ross', 'Leo Grant', 'Ada Moss'], i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Due', gen: (i) => at(i, Date.UTC(2026, 5, 1), 2), numFmt: 'yyyy-mm-dd', expect: { type: 'date', role: 'dueDate' } },
      { header: 'Words', gen: (i) => 600 + (i % 5) * 200, expect: { type: 'integer' } },
      { header: 'Status', gen: (i, r) => progressed(i, 36, ['Idea', 'Writing', 'Editing', 'Scheduled'], ['Published', 'Dropped'], r), expect: { type: 'enumeration', role: 'stage' } },
    ],
    stage: { header: 'Status', order: ['Idea', 'Writing', 'Editing', 'Scheduled', 'Published', 'Dropped'], semantics: ['process', 'process', 'process', 'process', 'success', 'failure'] },
    title: 'Title',
  },
  {
    // Tenants' maintenance requests: "Принята" starts, "Выполнена" ends.
    file: 'maintenance-requests-ru.csv',
    format: 'csv',
    encoding: 'utf-8-bom',
    delimiter: ',',
    rows: 42,
    columns: [
      { header: '№', gen: (i) => 5400 + i, expect: { type: 'integer', role: 'key' } },
      { header: 'Суть заявки', gen: (i, r) => `${pick(['Течёт кран', 'Не работает домофон', 'Перегорела лампа в подъезде', 'Засор канализации'], r)}, кв. ${10 + i}`, expect: { type: 'string', role: 'title' } },
      { header: 'Заявитель', gen: (i) => ruPerson(i + 2), expect: { type: 'string', role: 'contact' } },
      { header: 'Телефон', gen: (i) => `+7 925 ${pad(300 + i, 3)}-${pad(i % 100)}-${pad((i * 7) % 100)}`, expect: { type: 'phone' } },
      { header: 'Категория', gen: (i, r) => cover(['Сантехника', 'Электрика', 'Слаботочка'], i, r), expect: { type: 'enumeration' } },
      { header: 'Исполнитель', gen: (i, r) => cover(['Гришин В.П.', 'Орехов Д.А.'], i, r), expect: { type: 'employee', role: 'assignee' } },
      { header: 'Поступила', gen: (i) => `${pad((i % 28) + 1)}.05.2026`, expect: { type: 'date', role: 'startDate' } },
      { header: 'Статус', gen: (i, r) => progressed(i, 42, ['Принята', 'Назначен мастер', 'В работе'], ['Выполнена', 'Отклонена'], r), expect: { type: 'enumeration', role: 'stage' } },
    ],
    stage: { header: 'Статус', order: ['Принята', 'Назначен мастер', 'В работе', 'Выполнена', 'Отклонена'], semantics: ['process', 'process', 'process', 'success', 'failure'] },
    title: 'Суть заявки',
  },
];
