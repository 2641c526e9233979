import type { ColumnRole, StageSemantics } from './types';
import type { FunnelName } from './types';

/** A known stage word: its place in a typical process and its semantics. */
export interface StageWord {
  /** 0 new … 2 in work … 4 review … 8 success, 9 failure. */
  rank: number;
  semantics: StageSemantics;
  /**
   * For a "done" word that is only a milestone when a stronger outcome is in
   * the same column ("Действует" before "Исполнен", "Принято" before
   * "Выдано"): its rank as an in-progress stage then.
   */
  milestoneRank?: number;
}

const STAGE_GROUPS: [number, StageSemantics, string[]][] = [
  [0, 'process', ['новый', 'новая', 'новое', 'новые', 'создан', 'создана', 'создано', 'поступила', 'поступило', 'поступил', 'черновик', 'зарегистрирована', 'зарегистрировано', 'new', 'open', 'opened', 'draft', 'created', 'backlog', 'to do', 'todo', 'submitted', 'заявка', 'отклик', 'applied', 'новая заявка', 'запрос', 'планируется', 'запланировано', 'planned', 'не начато', 'not started', 'lead', 'лид', 'подана', 'подано', 'подан', 'принято', 'принят', 'in stock', 'на складе']],
  [1, 'process', ['pending', 'назначена', 'назначен', 'назначено', 'принята', 'принято в работу', 'принята в работу', 'assigned', 'triage', 'screening', 'скрининг', 'первичный отбор', 'отбор', 'квалификация', 'qualified', 'анализ', 'диагностика', 'подбор', 'rfq', 'запрос кп', 'сбор кп', 'поиск поставщика']],
  [2, 'process', ['в работе', 'в процессе', 'выполняется', 'в обработке', 'обработка', 'исполнение', 'на исполнении', 'in progress', 'in work', 'working', 'work in progress', 'wip', 'собеседование', 'интервью', 'interview', 'разработка', 'ремонт', 'подготовка', 'подготовка договора', 'выдача', 'сборка', 'настройка', 'processing', 'в производстве']],
  [3, 'process', ['ожидание', 'ожидает', 'ждем', 'на паузе', 'пауза', 'waiting', 'on hold', 'отложено', 'ожидание ответа', 'ожидание оплаты', 'ожидает оплаты', 'ожидание поставки', 'тестовое задание', 'test task', 'оплата']],
  [4, 'process', ['на согласовании', 'согласование', 'на проверке', 'проверка', 'на рассмотрении', 'рассмотрение', 'review', 'in review', 'approval', 'on approval', 'testing', 'тестирование', 'оффер', 'offer', 'на подписании', 'подписание', 'negotiation', 'переговоры', 'юридическая проверка', 'legal review', 'финальное интервью', 'final interview', 'экспертиза', 'оценка', 'assessment', 'evaluation']],
  [5, 'process', ['согласовано', 'согласован', 'одобрено', 'одобрена', 'approved', 'счет выставлен', 'выставлен счет', 'invoiced', 'оффер принят', 'offer accepted', 'подписан с нашей стороны', ]],
  [5.2, 'process', ['заказано', 'заказ', 'ordered', 'заказ размещен', 'order placed']],
  [5.5, 'process', ['в пути', 'доставка', 'in transit', 'shipped', 'отгружено', 'отгружен']],
  [5.8, 'process', ['к выдаче', 'готово к выдаче', 'ready', 'ready for pickup']],
  [8, 'success', ['выполнено', 'выполнен', 'выполнена', 'проведено', 'проведена', 'solved', 'fulfilled', 'завершено', 'завершен', 'завершена', 'закрыто', 'закрыт', 'закрыта', 'решено', 'решена', 'решен', 'готово', 'готов', 'сделано', 'успешно', 'успех', 'выиграна', 'выиграно', 'нанят', 'нанята', 'принят на работу', 'вышел на работу', 'hired', 'done', 'closed', 'complete', 'completed', 'resolved', 'won', 'success', 'successful', 'доставлено', 'delivered', 'подписан', 'подписано', 'signed', 'выдано', 'выдан', 'issued', 'handed over', 'оплачено', 'paid', 'получено', 'поставлено', 'исполнен', 'исполнено', 'active', 'действует', 'поддержана', 'поддержано', 'поддержан', 'funded', 'accepted', 'заключен', 'договор заключен', 'onboarded', 'adaptation completed', 'адаптация завершена', 'испытательный срок пройден', 'прошел', 'прошла', 'прошли', 'fixed', 'shipped to customer']],
  [9, 'failure', ['отказ', 'отказано', 'отказался', 'отказ кандидата', 'отклонено', 'отклонена', 'отклонен', 'отменено', 'отменена', 'отменен', 'отмена', 'проиграна', 'проиграно', 'провал', 'lost', 'cancelled', 'canceled', 'rejected', 'declined', 'failed', 'не прошел', 'не прошла', 'расторгнут', 'расторгнуто', 'terminated', 'спам', 'spam', 'дубль', 'duplicate', 'withdrawn', 'не решено', 'возврат', 'returned', 'списано', 'written off', 'retired', 'decommissioned', 'выведено из эксплуатации', 'утеряно', 'потеряно', 'won t fix', 'wont fix', 'will not fix', 'not a bug', 'cannot reproduce', 'can t reproduce', 'obsolete', 'abandoned', 'unqualified', 'disqualified', 'junk', 'withdrew', 'left', 'quit', 'уволен', 'уволена', 'уволился', 'уволилась', 'не вышел', 'не вышла', 'брак', 'не квалифицирован']],
];

/**
 * "Done" words that often mark a milestone rather than the end: when the
 * column also holds a stronger outcome, they are in-progress stages at this
 * rank (received → 0, accepted → 5, signed → 6.5, in force → 7, ready → 7.5).
 */
const MILESTONES: [number, string[]][] = [
  [0, ['принят', 'принято', 'принята', 'приняты', 'received']],
  [5, ['accepted']],
  [6.5, ['заключен', 'договор заключен', 'подписан', 'подписано', 'signed']],
  [6.8, ['оплачено', 'оплачен', 'выплачено', 'выплачен', 'paid', 'paid out', 'получено', 'прошел', 'прошла', 'прошли']],
  [7, ['действует', 'active', 'in force']],
  [7.5, ['готов', 'готово', 'ready', 'fixed']],
];

/**
 * The stem of a Russian short participle or adjective, so gender and number
 * forms meet: "выполнена", "выполнено", "выполнены" → "выполнен"; "утеряно" →
 * "утерян". Other words are unchanged.
 */
function stemWord(token: string): string {
  return token.length >= 5 && /[а-я][нт][аоыи]$/.test(token) ? token.slice(0, -1) : token;
}

/** A normalised phrase with every word stemmed (`stemWord`). */
function stemPhrase(normalized: string): string {
  return normalized.split(' ').map(stemWord).join(' ');
}

const STAGE_WORDS = new Map<string, StageWord>();
for (const [rank, semantics, words] of STAGE_GROUPS) {
  for (const word of words) {
    const key = stemPhrase(word);
    if (!STAGE_WORDS.has(key)) STAGE_WORDS.set(key, { rank, semantics });
  }
}
for (const [milestoneRank, words] of MILESTONES) {
  for (const word of words) {
    const key = stemPhrase(word);
    const known = STAGE_WORDS.get(key);
    STAGE_WORDS.set(key, { rank: known && known.semantics !== 'success' ? known.rank : 8, semantics: 'success', milestoneRank });
  }
}

/**
 * The known stage meaning of a normalised value: an exact match, else the
 * longest known phrase it starts with ("ожидание поставки" → "ожидание"),
 * else a known word inside it ("техническая экспертиза" → "экспертиза").
 * Word forms meet (gender, number, ё: "Утерян" is "утеряно"). A negated
 * outcome ("не поддержана", "not accepted") is a failure.
 */
export function stageWord(normalizedValue: string): StageWord | undefined {
  const normalized = stemPhrase(normalizedValue);
  const exact = STAGE_WORDS.get(normalized);
  if (exact) return exact;
  const negated = /^(не|not|no) (.+)$/.exec(normalized);
  if (negated) {
    const inner = stageWord(negated[2]!);
    if (inner && (inner.rank >= 5 || inner.semantics === 'success')) return { rank: 9, semantics: 'failure' };
  }
  let best: { length: number; word: StageWord } | undefined;
  for (const [phrase, word] of STAGE_WORDS) {
    if (normalized.startsWith(`${phrase} `) && (!best || phrase.length > best.length)) best = { length: phrase.length, word };
  }
  if (best) return best.word;
  for (const token of normalized.split(' ').slice(1)) {
    const inner = STAGE_WORDS.get(token);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * Typical pipelines of common trackers, each step with its usual wordings.
 * The generic ranks above cannot fit every domain (a repair shop agrees the
 * price before waiting for parts; generic review words rank later than
 * waiting), so when a column's values follow one of these, its order wins.
 */
const FUNNELS: { name: FunnelName; steps: string[][] }[] = [
  {
    name: 'repair',
    steps: [
      ['принят', 'принят в ремонт', 'прием', 'приемка', 'received', 'checked in', 'check in'],
      ['диагностика', 'diagnostics', 'diagnosis', 'дефектовка'],
      ['согласование', 'согласование стоимости', 'согласование с клиентом', 'approval', 'quote', 'estimate', 'quote sent'],
      ['ожидание запчастей', 'ждем запчасти', 'заказ запчастей', 'waiting for parts', 'parts ordered', 'awaiting parts'],
      ['ремонт', 'в ремонте', 'repair', 'in repair', 'repairing'],
      ['проверка', 'тестирование', 'testing', 'qc', 'отк', 'quality check'],
      ['готов', 'готово', 'готово к выдаче', 'готов к выдаче', 'ready', 'ready for pickup'],
      ['выдан', 'выдано', 'выдано клиенту', 'handed over', 'picked up', 'returned to customer'],
    ],
  },
  {
    name: 'recruiting',
    steps: [
      ['applied', 'application', 'new applicant', 'отклик', 'новый кандидат', 'резюме', 'sourced'],
      ['screening', 'phone screen', 'screening call', 'скрининг', 'первичный отбор', 'телефонное интервью', 'phone interview'],
      ['test task', 'take home', 'тестовое задание', 'assessment', 'home assignment'],
      ['interview', 'onsite', 'собеседование', 'интервью', 'technical interview', 'техническое интервью'],
      ['final interview', 'финальное интервью', 'reference check', 'проверка рекомендаций', 'проверка службы безопасности'],
      ['offer', 'оффер', 'offer sent', 'оффер отправлен'],
      ['offer accepted', 'оффер принят'],
      ['hired', 'нанят', 'вышел на работу', 'принят на работу'],
    ],
  },
  {
    name: 'delivery',
    steps: [
      ['оформлен', 'заказ оформлен', 'new order', 'order placed', 'принят к доставке'],
      ['собран', 'сборка', 'комплектация', 'упакован', 'picking', 'packed'],
      ['передан в доставку', 'передан курьеру', 'отгружен', 'отправлен', 'shipped', 'dispatched', 'handed to carrier'],
      ['в пути', 'in transit', 'on the way'],
      ['в пункте выдачи', 'прибыл в пункт выдачи', 'у курьера', 'out for delivery', 'ready for pickup'],
      ['доставлен', 'вручен', 'delivered'],
    ],
  },
  {
    name: 'service desk',
    steps: [
      ['new', 'open', 'новая', 'новый', 'открыта', 'зарегистрирована'],
      ['triage', 'assigned', 'назначена', 'classification', 'классификация'],
      ['in progress', 'в работе', 'investigating'],
      ['escalated', 'escalated to vendor', 'pending vendor', 'waiting for vendor', 'эскалация', 'передано подрядчику'],
      ['waiting for customer', 'pending customer', 'awaiting customer', 'ожидание ответа', 'ожидание клиента'],
      ['resolved', 'решена', 'решено', 'fixed'],
      ['closed', 'закрыта', 'закрыто'],
    ],
  },
  {
    // Equipment handed out and taken back (rentals, handover to employees): returning it ends the process.
    name: 'handover',
    steps: [
      ['бронь', 'забронирован', 'резерв', 'зарезервирован', 'reserved', 'booked', 'reservation', 'заявка', 'requested'],
      ['подготовка', 'подготовлен', 'к выдаче', 'готов к выдаче', 'preparing', 'prepared', 'ready for pickup'],
      ['выдан', 'на руках', 'в аренде', 'в пользовании', 'issued', 'handed out', 'checked out', 'rented out', 'in use'],
      ['продлен', 'продление', 'extended', 'renewed'],
      ['возвращен', 'сдан', 'принят обратно', 'returned', 'checked in', 'handed back'],
    ],
  },
  {
    // Accounts payable: an invoice is received, approved, queued for payment and paid.
    name: 'invoices',
    steps: [
      ['получен', 'поступил', 'зарегистрирован', 'новый счет', 'received', 'new invoice'],
      ['на согласовании', 'согласование', 'in approval', 'pending approval'],
      ['согласован', 'approved'],
      ['к оплате', 'в оплату', 'передан в оплату', 'в реестре платежей', 'scheduled for payment', 'ready for payment', 'to pay'],
      ['оплачен', 'выплачен', 'paid', 'paid out'],
    ],
  },
  {
    // Events and webinars: planned, announced, open for registration, prepared, held.
    name: 'events',
    steps: [
      ['черновик', 'идея', 'планируется', 'запланирован', 'draft', 'idea', 'planned'],
      ['анонсирован', 'анонс', 'опубликован', 'announced', 'published'],
      ['регистрация открыта', 'регистрация', 'продажа билетов', 'registration open', 'open for registration', 'tickets on sale'],
      ['подготовка', 'репетиция', 'rehearsal', 'preparation', 'dry run'],
      ['в эфире', 'идет', 'проходит', 'проводится', 'live', 'on air'],
      ['проведен', 'состоялся', 'завершен', 'held', 'done', 'completed'],
    ],
  },
  {
    name: 'contracts',
    steps: [
      ['черновик', 'проект', 'draft', 'подготовка', 'подготовка договора'],
      ['на согласовании', 'согласование', 'legal review', 'юридическая проверка', 'in review'],
      ['согласован', 'approved'],
      ['на подписании', 'подписание', 'sent for signature', 'signing'],
      ['подписан', 'заключен', 'договор заключен', 'signed', 'executed'],
      ['действует', 'active', 'in force', 'на исполнении', 'исполнение'],
      ['исполнен', 'completed', 'fulfilled'],
    ],
  },
];

const FUNNEL_STEPS = FUNNELS.map(({ name, steps }) => ({ name, steps: steps.map((words) => words.map(stemPhrase)) }));

/**
 * When at least three of the normalised values follow one typical pipeline
 * (more than any other), the rank of each value on the generic 0–8 scale by
 * its step in that pipeline (undefined for values it lacks), whether it is
 * the pipeline's last step (its outcome), and the pipeline's name; otherwise null.
 */
export function funnelRanks(normalizedValues: string[]): { name: FunnelName; ranks: (number | undefined)[]; last: boolean[] } | null {
  let best: { name: FunnelName; ranks: (number | undefined)[]; last: boolean[]; hits: number } | null = null;
  for (const { name, steps } of FUNNEL_STEPS) {
    const stepOf = normalizedValues.map((value) => {
      const stem = stemPhrase(value);
      let at: number | undefined;
      let length = 0;
      steps.forEach((words, step) => {
        for (const word of words) {
          if ((stem === word || stem.startsWith(`${word} `)) && word.length > length) {
            at = step;
            length = word.length;
          }
        }
      });
      return at;
    });
    const ranks = stepOf.map((at) => (at === undefined ? undefined : (at * 7.9) / (steps.length - 1)));
    const last = stepOf.map((at) => at === steps.length - 1);
    const hits = ranks.filter((r) => r !== undefined).length;
    if (hits >= 3 && (!best || hits > best.hits)) best = { name, ranks, last, hits };
  }
  return best && { name: best.name, ranks: best.ranks, last: best.last };
}

/** Header words per role; a header matches when it contains one as a whole word or phrase. */
export const ROLE_HEADER_WORDS: Record<ColumnRole, string[]> = {
  stage: ['стадия', 'этап', 'статус', 'состояние', 'стейдж', 'stage', 'status', 'state', 'phase', 'step', 'воронка', 'pipeline'],
  title: ['название', 'наименование', 'тема', 'предмет', 'заголовок', 'суть', 'title', 'subject', 'summary', 'topic', 'name', 'candidate', 'кандидат', 'соискатель', 'вакансия', 'позиция', 'position', 'оборудование', 'equipment', 'item', 'товар', 'предмет договора', 'matter', 'case', 'deal', 'сделка', 'мероприятие', 'event', 'задача', 'task', 'лид', 'lead'],
  key: ['№', '#', 'номер', 'id', 'ид', 'код', 'ключ', 'no', 'number', 'ticket', 'num', 'key', 'ref', 'инв', 'инвентарный номер', 'артикул'],
  assignee: ['ответственный', 'ответственная', 'исполнитель', 'менеджер', 'владелец', 'сотрудник', 'owner', 'assignee', 'assigned to', 'responsible', 'manager', 'рекрутер', 'recruiter', 'agent', 'агент', 'специалист', 'закупщик', 'buyer', 'куратор', 'employee', 'handled by', 'юрист', 'lawyer'],
  company: ['компания', 'организация', 'клиент', 'контрагент', 'поставщик', 'заказчик', 'company', 'client', 'customer', 'vendor', 'supplier', 'account', 'counterparty', 'юрлицо', 'partner', 'партнер'],
  contact: ['контакт', 'контактное лицо', 'contact', 'contact person', 'фио', 'покупатель', 'абонент', 'пациент', 'гость', 'студент', 'customer name', 'заявитель', 'requester', 'reporter', 'applicant', 'получатель', 'recipient', 'consignee'],
  amount: ['сумма', 'стоимость', 'цена', 'бюджет', 'amount', 'price', 'cost', 'budget', 'total', 'value', 'оклад', 'зарплата', 'зп', 'salary', 'compensation', 'сумма договора'],
  startDate: ['дата создания', 'создан', 'создано', 'создана', 'дата начала', 'начало', 'дата поступления', 'дата заявки', 'дата обращения', 'дата регистрации', 'дата отклика', 'дата выдачи', 'дата подписания', 'дата заказа', 'opened', 'created', 'start', 'start date', 'received', 'submitted', 'applied', 'issued on', 'order date', 'filed', 'filed on', 'дата подачи', 'поступила', 'поступило', 'поступил', 'подана', 'получена', 'зарегистрирована', 'принят', 'принята', 'принято', 'дата приема', 'дата заключения', 'launch date', 'date'],
  dueDate: ['срок', 'дедлайн', 'крайний срок', 'due', 'deadline', 'плановая дата', 'дата окончания', 'окончание', 'срок исполнения', 'дата возврата', 'return by', 'end date', 'expires', 'expiry', 'действует до', 'до', 'срок поставки', 'due date', 'target date', 'close date', 'closing date', 'expected close', 'дата закрытия план', 'until', 'valid until'],
};

/** True when the normalised header contains the word/phrase as whole words. */
export function headerHas(normalizedHeader: string, word: string): boolean {
  if (word === '№' || word === '#') return normalizedHeader.includes(word);
  return ` ${normalizedHeader} `.includes(` ${word} `);
}

/** Header words that mark a yes/no flag, so a 1/0 column may be boolean. */
export const FLAG_HEADER = /^(is|has)\b|оплачен|активен|активна|срочн|флаг|признак|согласован|подписан|готов|flag|active|paid|urgent|enabled|возвращен|returned/;

/** Header words of a quantity (how many people, pieces, visits): such a column measures, it never identifies a row. */
export const QUANTITY_HEADER = /количеств|кол-во|колич|участник|посетител|слушател|зрител|человек|штук|(^| )шт( |\.|$)|число |сколько|count|qty|quantity|number of|registrations|registrants|attendees|participants|visitors|views|clicks|seats|units|pcs|headcount/;

/**
 * Header words that name a property of the item rather than the item itself ("Event type", "Lead source",
 * "Категория товара"): such a column of repeated values is a list of options, never the item's name.
 */
export const ATTRIBUTE_HEADER = /(^| )(тип|вид|категория|категории|группа|группы|класс|источник|канал|формат|приоритет|type|kind|category|group|class|source|channel|format|priority|tier)( |$)/;

/** Header words of a dated column (so 20,000–80,000 numbers may be Excel serial dates). */
export const DATE_HEADER = /дата|date|срок|deadline|дедлайн|\bdue\b|создан|created|opened|closed/;

/** Header words that signal money. */
export const MONEY_HEADER = /сумма|стоимость|цена|бюджет|оклад|зарплат|amount|price|cost|budget|salary|₽|руб|\brub\b|\busd\b|\beur\b|\$|€/;

/** Header words of an identifier made of digits (tax, bank and postal codes): it stays text. */
export const CODE_HEADER = /(^| )(инн|кпп|огрн|огрнип|бик|снилс|окпо|оквэд|паспорт|iban|swift|bic|ssn|ein|vat|zip|postcode|postal code|индекс)( |$)/;

/** Header words of a free-text column: notes are never a list, however often a note repeats. */
export const NOTES_HEADER = /(^| )(примечани[ея]|комментари[йи]|коммент|заметк[аи]|описание|notes?|comments?|remarks?|description)( |$)/;

/** Header words of a job or role column, whose values ("Data Engineer") are shaped like names. */
export const JOB_HEADER = /(^| )(должность|вакансия|позиция|профессия|роль|position|role|job|job title|vacancy)( |$)/;

/** Single check marks a checkbox column holds for "yes" (the rest blank). */
export const CHECK_MARKS = new Set(['✓', '✔', '☑', '☒', '✅', 'x', 'х', 'v', '+', '*', '•', 'true', 'истина', 'да', 'yes', 'y']);

/** Header words of a phone column. */
export const PHONE_HEADER = /телефон|тел\b|phone|mobile|моб/;

/** Pairs of boolean words after lower-casing and trimming; the first of each pair is "true". */
export const BOOLEAN_PAIRS: [string, string][] = [
  ['да', 'нет'],
  ['yes', 'no'],
  ['true', 'false'],
  ['истина', 'ложь'],
  ['y', 'n'],
  ['д', 'н'],
  ['1', '0'],
  ['+', '-'],
  ['+', '−'],
  ['вкл', 'выкл'],
  ['✓', '✗'],
  ['✔', '✘'],
  ['x', ''],
  ['х', ''],
  ['v', ''],
  ['☑', '☐'],
  ['☒', '☐'],
  ['✅', ''],
  ['*', ''],
  ['•', ''],
];
