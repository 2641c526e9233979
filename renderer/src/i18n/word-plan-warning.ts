import { planWarningText } from '../../../shared/sheet/plan/plan-warning-wording';
import type { PlanWarning, RowNote } from '../../../shared/sheet/plan/types';
import { portalSaidRu, type Language } from './translate';
import { ruCount, ruQuoted, ruRowList, ruRows } from './ru-words';

/** What happened to a row's value, in Russian, without the row. */
export function rowNoteRu(note: RowNote): string {
  switch (note.code) {
    case 'FUTURE_HISTORY_DATE':
      return `дата ${note.params.value} в будущем; портал не принимает будущие даты истории, поэтому элемент получит время загрузки.`;
    case 'STAGE_DATE_WITHOUT_CREATED':
      return 'для даты смены стадии нужна дата создания в той же строке; дата не загружается (портал поставит время создания).';
    case 'STAGE_DATE_BEFORE_CREATED':
      return `дата смены стадии ${note.params.moved} раньше даты создания ${note.params.created}; используется дата создания.`;
    case 'CREATED_BEFORE_NEWEST_ITEM':
      return `в смарт-процессе уже есть элементы, созданные позже (самый новый — ${note.params.newest}), а портал принимает даты создания только по возрастанию, поэтому элемент получит время загрузки.`;
    case 'DEAL_AMBIGUOUS':
      return `сделок с названием «${note.params.deal}» несколько; элемент создаётся без сделки (чтобы связать, впишите номер сделки, например D_123).`;
    case 'DEAL_NOT_FOUND':
      return `сделки «${note.params.deal}» нет на портале (ни по номеру, ни по точному названию); элемент создаётся без сделки.`;
    case 'COMPANY_NOT_FOUND':
      return `компании «${note.params.company}» нет на портале; элемент создаётся без неё (создание клиентов выключено).`;
    case 'CONTACTS_NOT_FOUND':
      return note.params.contacts.length === 1
        ? `контакта ${ruQuoted(note.params.contacts)} нет на портале; элемент создаётся без него (создание клиентов выключено).`
        : `контактов ${ruQuoted(note.params.contacts)} нет на портале; элемент создаётся без них (создание клиентов выключено).`;
  }
}

const SETTING_NAMES_RU: Record<string, string> = {
  isBizProcEnabled: 'бизнес-процессы («Использовать дизайнер бизнес-процессов»)',
  isAutomationEnabled: 'роботы и триггеры («Использовать роботов и триггеры»)',
};

const HOLDS_RU: Record<string, string> = { email: 'e-mail', phone: 'телефон', person: 'ФИО', sensitive: 'чувствительные данные' };

/** A plan warning in Russian: what was found, where (rows, columns), and what to do. */
export function planWarningRu(warning: PlanWarning): string {
  switch (warning.code) {
    case 'BLANK_STAGE_ROWS': {
      const { rows, stage } = warning.params;
      return `${ruCount(rows.length, 'строка', 'строки', 'строк')} без стадии ${rows.length % 10 === 1 && rows.length % 100 !== 11 ? 'попадёт' : 'попадут'} на первую стадию «${stage}»: ${ruRows(rows.slice(0, 20))}.`;
    }
    case 'UNMATCHED_PEOPLE': {
      const { count, values, defaultUserId } = warning.params;
      const who = defaultUserId === null ? 'владельцу вебхука' : `пользователю ${defaultUserId}`;
      return `${ruCount(count, 'человек', 'человека', 'человек')} из таблицы не ${count % 10 === 1 && count % 100 !== 11 ? 'совпадает' : 'совпадают'} ни с одним пользователем портала, их элементы будут назначены ${who}: ${ruQuoted(values)}. Сопоставьте их на вкладке «Люди».`;
    }
    case 'ROWS_CANNOT_BE_SENT':
      return `${ruCount(warning.params.count, 'строку', 'строки', 'строк')} нельзя отправить в нынешнем виде; причины — на вкладке «Предпросмотр» (фильтр «Только строки с проблемами»).`;
    case 'PREVIEW_EDITS_SENT':
      return `${ruCount(warning.params.count, 'ячейка, исправленная', 'ячейки, исправленные', 'ячеек, исправленных')} в предпросмотре, ${warning.params.count % 10 === 1 && warning.params.count % 100 !== 11 ? 'отправляется' : 'отправляются'} вместо текста таблицы.`;
    case 'PREVIEW_EDIT_STALE': {
      const { row, column, value, sheetValue, sheetNow, rowChanged } = warning.params;
      if (rowChanged) return `Строка ${row}, столбец «${column}»: строка изменилась после правки «${value}» в предпросмотре (ни одна строка таблицы не совпадает с прежней), поэтому правка больше не действует.`;
      return `Строка ${row}, столбец «${column}»: в таблице теперь «${sheetNow}», поэтому правка «${value}» из предпросмотра (сделанная поверх «${sheetValue}») больше не действует.`;
    }
    case 'PERSONAL_DATA': {
      const { words, columns, access } = warning.params;
      const held = columns.map((column) => `«${column.header}» (${HOLDS_RU[column.holds] ?? column.holds})`).join(', ');
      const why = `Похоже, в таблице персональные данные${words.length > 0 ? ` (${ruQuoted(words)})` : ''}${held ? `: ${held}` : ''}.`;
      return access === 'open'
        ? `${why} Смарт-процесс будет открыт всем сотрудникам портала (так портал делает по умолчанию). Чтобы его видели только администраторы и роли, которым вы дадите доступ, создайте его закрытым: «Кто видит» → «Закрытый».`
        : `${why} Смарт-процесс создаётся закрытым: его видят только администраторы, пока вы не дадите доступ ролям в настройках прав.`;
    }
    case 'SETTING_OFF': {
      const { title, setting } = warning.params;
      return `В смарт-процессе «${title}» выключены ${SETTING_NAMES_RU[setting] ?? setting}; приложение не меняет настройки существующего смарт-процесса. Чтобы их использовать, включите их в настройках (CRM → Смарт-процессы → «${title}» → Изменить).`;
    }
    case 'ROWS': {
      const { rows, column, note } = warning.params;
      const place = `${rows.length === 1 ? 'Строка' : 'Строки'} ${ruRowList(rows, 6)}${column === undefined ? '' : `, столбец «${column}»`}`;
      return `${place}: ${rowNoteRu(note)}`;
    }
    case 'NOT_ADMIN_CREATE':
      return 'Вебхук принадлежит пользователю, который не администратор портала: для создания смарт-процесса нужно право CRM «Разрешить изменять настройки». Если портал откажет, ничего не будет создано, и приложение скажет об этом.';
    case 'HISTORY_LEFT_OUT':
      return `История не загружается: вебхук принадлежит пользователю, который не администратор портала, а Битрикс24 разрешает задавать даты создания, авторов и даты смены стадий только администратору. ${warning.params.columns.length === 1 ? 'Столбец' : 'Столбцы'} ${ruQuoted(warning.params.columns)} не ${warning.params.columns.length === 1 ? 'загружается' : 'загружаются'}; элементы получат время загрузки и автора — владельца вебхука. Чтобы сохранить историю, подключите вебхук администратора.`;
    case 'HISTORY_NOT_KEPT':
      return 'История не сохранена: портал отказал в пакетном импорте, поэтому элементы созданы по одному, а так нельзя задать даты создания, авторов и даты смены стадий.';
    case 'SEVERAL_SUCCESS_VALUES': {
      const { values, success } = warning.params;
      return `Несколько значений означают «готово» (${ruQuoted(values)}); успешной стадией стала «${success}», остальные — стадиями в работе. Поменять можно на вкладке «Стадии».`;
    }
    case 'ROWS_BY_FINGERPRINT':
      return `Ни один столбец не различает строки однозначно; строки узнаются по содержимому ${ruQuoted(warning.params.columns)}, поэтому правка этих ячеек будет выглядеть как удаление строки и добавление новой. Чтобы этого избежать, добавьте в таблицу столбец с номером (ID).`;
    case 'ALREADY_MIGRATED':
      return 'Эта таблица уже перенесена; повторное создание остановится. Чтобы перенести её изменения, откройте «Проекты» → «Синхронизировать».';
    case 'RESUMING':
      return 'Прерванный перенос этой таблицы будет продолжен с того места, где он остановился.';
    case 'NOTE_FAILED': {
      const { row, detail, message, portalCode, portalText } = warning.params;
      if (portalCode !== undefined || portalText !== undefined) {
        return `Строка ${row}: портал не принял заметку в ленту элемента. ${portalSaidRu({ ...(portalCode !== undefined ? { portalCode } : {}), ...(portalText !== undefined ? { portalText } : {}) }, detail ?? message)}`;
      }
      return `Строка ${row}: портал не принял заметку в ленту элемента — ${detail ?? message}`;
    }
  }
}

/** A plan warning in the app's language (the English one names what to click, never a command). */
export function wordPlanWarning(language: Language, warning: PlanWarning): string {
  return language === 'ru' ? planWarningRu(warning) : planWarningText(warning, 'app');
}
