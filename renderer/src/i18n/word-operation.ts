import { operationText } from '../../../shared/sheet/plan/operation-wording';
import type { OperationNote } from '../../../shared/sheet/plan/types';
import { setupNoteText } from '../../../shared/runs/migrate/setup-note-wording';
import type { SetupNote } from '../../../shared/runs/migrate/types';
import type { Language } from './translate';
import { ruCount, ruQuoted, ruRowList } from './ru-words';

/** Bitrix24's field types as its Russian interface names them. */
const FIELD_TYPES_RU: Record<string, string> = {
  string: 'строка',
  integer: 'целое число',
  double: 'число',
  money: 'деньги',
  boolean: 'да/нет',
  date: 'дата',
  datetime: 'дата и время',
  enumeration: 'список',
  url: 'ссылка',
  employee: 'привязка к сотруднику',
  file: 'файл',
  address: 'адрес',
  crm: 'привязка к элементам CRM',
};

const SEMANTICS_RU: Record<string, string> = { process: 'в работе', success: 'успех', failure: 'провал' };

/** The type switches as the smart process's settings page names them. */
const FLAGS_RU: Record<string, string> = {
  isStagesEnabled: 'стадии',
  isBizProcEnabled: 'бизнес-процессы',
  isAutomationEnabled: 'роботы и триггеры',
  isUseInUserfieldEnabled: 'использование в полях',
  isRecyclebinEnabled: 'корзина',
  isClientEnabled: 'клиент',
  isBeginCloseDatesEnabled: 'даты начала и завершения',
  isLinkWithProductsEnabled: 'товары',
  isDocumentsEnabled: 'документы',
  isSourceEnabled: 'источник',
  isObserversEnabled: 'наблюдатели',
  isCategoriesEnabled: 'воронки',
  isMycompanyEnabled: 'реквизиты своей компании',
  isPaymentsEnabled: 'оплаты',
  isCountersEnabled: 'счётчики',
};

const flagsRu = (flags: readonly string[]): string => flags.map((flag) => FLAGS_RU[flag] ?? flag).join(', ');
const typeRu = (userTypeId: string, multiple: boolean): string => `${FIELD_TYPES_RU[userTypeId] ?? userTypeId}${multiple ? ', несколько значений' : ''}`;

function operationRuText(note: OperationNote): string {
  switch (note.code) {
    case 'TYPE_ADD': {
      const { title, flags, open } = note.params;
      return `смарт-процесс «${title}» (включено: ${flagsRu(flags)}; ${open ? 'открыт всем' : 'закрытый'})`;
    }
    case 'TYPE_SWITCH_ON':
      return `включить в «${note.params.title}»: ${flagsRu(note.params.flags)}`;
    case 'TYPE_LINK_DEALS':
      return 'связать смарт-процесс со сделками (сделка — родитель элемента), если ещё не связан';
    case 'FIELD_ADD': {
      const { label, userTypeId, multiple, items } = note.params;
      return `поле «${label}» (${typeRu(userTypeId, multiple)}${items !== undefined ? `, ${ruCount(items, 'значение', 'значения', 'значений')}` : ''})`;
    }
    case 'FIELD_ITEMS_ADD':
      return `добавить в список поля «${note.params.label}»: ${ruQuoted(note.params.items)}`;
    case 'STAGE_DELETE':
      return `удалить неиспользуемую стадию «${note.params.name}»`;
    case 'STAGE_UPDATE':
      return `стадия «${note.params.name}» (${SEMANTICS_RU[note.params.semantics] ?? note.params.semantics})`;
    case 'STAGE_ADD':
      return `новая стадия «${note.params.name}» (${SEMANTICS_RU[note.params.semantics] ?? note.params.semantics})`;
    case 'FUNNEL_DEFAULT':
      return `основная воронка → «${note.params.name}» (${ruCount(note.params.rows, 'строка', 'строки', 'строк')})`;
    case 'FUNNEL_ADD':
      return `воронка «${note.params.name}» (${ruCount(note.params.rows, 'строка', 'строки', 'строк')})`;
    case 'COMPANY_ADD':
      return `компания «${note.params.name}»`;
    case 'CONTACT_ADD':
      return `контакт «${note.params.name}»`;
    case 'ITEMS_IMPORT': {
      const { count, rows, history } = note.params;
      return `${ruCount(count, 'элемент', 'элемента', 'элементов')}: ${rows.length === 1 ? 'строка' : 'строки'} ${ruRowList(rows, 6)}${history ? ', с датами истории' : ''}`;
    }
    case 'TIMELINE_NOTES':
      return `${ruCount(note.params.count, 'заметка', 'заметки', 'заметок')} в ленту элементов (каждая один раз; уже отправленные пропускаются)`;
  }
}

/** A plan operation in Russian, for the list of steps: what it creates or changes, by name. */
export function operationRu(note: OperationNote): string {
  return note.funnel === undefined ? operationRuText(note) : `${note.funnel}: ${operationRuText(note)}`;
}

/** A plan operation in the UI language. */
export function wordOperation(language: Language, note: OperationNote): string {
  return language === 'ru' ? operationRu(note) : operationText(note);
}

function setupRuText(note: SetupNote): string {
  switch (note.code) {
    case 'TYPE_CREATED':
      return `создан смарт-процесс «${note.params.title}» (${note.params.open ? 'открыт всем' : 'закрытый'})`;
    case 'TYPE_SWITCHED_ON':
      return `включено: ${flagsRu(note.params.flags)}`;
    case 'TYPE_EXISTING':
      return `используется существующий смарт-процесс «${note.params.title}»`;
    case 'DEALS_LINKED':
      return 'смарт-процесс связан со сделками';
    case 'FIELD_CREATED':
      return `создано поле «${note.params.label}» (${typeRu(note.params.userTypeId, note.params.multiple)})`;
    case 'FIELD_ITEMS_ADDED':
      return `в список поля «${note.params.label}» ${note.params.count % 10 === 1 && note.params.count % 100 !== 11 ? 'добавлено' : 'добавлены'} ${ruCount(note.params.count, 'значение', 'значения', 'значений')}`;
    case 'STAGE_REMOVED':
      return `удалена неиспользуемая стадия «${note.params.name}»`;
    case 'STAGE_RENAMED':
      return `стадия «${note.params.name}» настроена`;
    case 'STAGE_ADDED':
      return `добавлена стадия «${note.params.name}»`;
    case 'FUNNEL_DEFAULT_RENAMED':
      return `основная воронка теперь «${note.params.name}»`;
    case 'FUNNEL_ADDED':
      return `добавлена воронка «${note.params.name}»`;
    case 'CLIENTS_CREATED':
      return `созданы клиенты: ${ruCount(note.params.companies, 'компания', 'компании', 'компаний')} и ${ruCount(note.params.contacts, 'контакт', 'контакта', 'контактов')}`;
  }
}

/** A setup step done, in Russian; a write whose answer was lost says it was checked on the portal. */
export function setupNoteRu(note: SetupNote): string {
  const checked = note.check === 'applied' || (note.code === 'CLIENTS_CREATED' && note.params.checked > 0) ? ' (ответ портала потерялся; проверено: записано)' : typeof note.check === 'number' && note.check > 0 ? ' (запрос повторён: прежний не дошёл до портала)' : '';
  return `${setupRuText(note)}${checked}`;
}

/** A setup step done, in the UI language. */
export function wordSetupNote(language: Language, note: SetupNote): string {
  return language === 'ru' ? setupNoteRu(note) : setupNoteText(note);
}
