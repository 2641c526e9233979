import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../shared/sheet/mapping/types';
import { groupRowNotes } from '../../shared/sheet/plan/group-row-warnings';
import { detectPersonalData } from '../../shared/sheet/plan/personal-data';
import { planWarningText, rowNoteText } from '../../shared/sheet/plan/plan-warning-wording';
import type { PlanWarning, PlanWarningCode, RowNote, RowWarning } from '../../shared/sheet/plan/types';
import { planWarningRu, rowNoteRu, wordPlanWarning } from '../../renderer/src/i18n/word-plan-warning';

/** One warning of every code, with the facts a real plan carries. */
const EVERY: Record<PlanWarningCode, PlanWarning> = {
  BLANK_STAGE_ROWS: { code: 'BLANK_STAGE_ROWS', params: { rows: [4, 9], stage: 'Новая' } },
  UNMATCHED_PEOPLE: { code: 'UNMATCHED_PEOPLE', params: { count: 1, values: ['Сидоров Павел'], defaultUserId: null } },
  ROWS_CANNOT_BE_SENT: { code: 'ROWS_CANNOT_BE_SENT', params: { count: 3 } },
  PREVIEW_EDITS_SENT: { code: 'PREVIEW_EDITS_SENT', params: { count: 1 } },
  PREVIEW_EDIT_STALE: { code: 'PREVIEW_EDIT_STALE', params: { row: 7, column: 'Сумма', value: '1200', sheetValue: '1 200', sheetNow: '1300' } },
  PERSONAL_DATA: { code: 'PERSONAL_DATA', params: { words: ['обращения'], columns: [{ header: 'Телефон', holds: 'phone' }], access: 'open' } },
  SETTING_OFF: { code: 'SETTING_OFF', params: { title: 'Заявки', setting: 'isAutomationEnabled' } },
  ROWS: { code: 'ROWS', params: { rows: [4, 5, 6], column: 'Клиент', note: { code: 'COMPANY_NOT_FOUND', params: { company: 'ООО «Ромашка»' } } } },
  NOT_ADMIN_CREATE: { code: 'NOT_ADMIN_CREATE', params: {} },
  HISTORY_LEFT_OUT: { code: 'HISTORY_LEFT_OUT', params: { columns: ['Дата создания'] } },
  HISTORY_NOT_KEPT: { code: 'HISTORY_NOT_KEPT', params: {} },
  SEVERAL_SUCCESS_VALUES: { code: 'SEVERAL_SUCCESS_VALUES', params: { values: ['Подписан', 'Оплачен'], success: 'Подписан' } },
  ROWS_BY_FINGERPRINT: { code: 'ROWS_BY_FINGERPRINT', params: { columns: ['Клиент', 'Сумма'] } },
  ALREADY_MIGRATED: { code: 'ALREADY_MIGRATED', params: { project: '/tmp/Договоры.spm.json' } },
  RESUMING: { code: 'RESUMING', params: { project: '/tmp/Договоры.spm.json' } },
  NOTE_FAILED: { code: 'NOTE_FAILED', params: { row: 12, message: 'Row 12: the portal refused the comment (ACCESS_DENIED).' } },
};

/** Latin-script words a Russian text may hold: proper names and codes people see in Bitrix24 itself. */
const ALLOWED_LATIN = new Set(['e', 'mail', 'ID', 'D_123', 'UTF', 'CSV', 'CRM']);

function latinWords(text: string, data: readonly string[]): string[] {
  let rest = text;
  for (const value of data) if (value !== '') rest = rest.split(value).join(' ');
  return (rest.match(/[A-Za-z_][A-Za-z_0-9]*/g) ?? []).filter((word) => !ALLOWED_LATIN.has(word));
}

describe('plan warnings: a code and facts, worded per language', () => {
  it.each(Object.values(EVERY))('$code has an English and a Russian wording, and the Russian one is Russian', (warning) => {
    const en = planWarningText(warning);
    const ru = planWarningRu(warning);
    expect(en.length).toBeGreaterThan(10);
    expect(ru.length).toBeGreaterThan(10);
    expect(ru).not.toBe(en);
    expect(latinWords(ru, [(warning.params as { message?: string }).message ?? ''])).toEqual([]);
  });

  it('English keeps the sentences the command line printed before', () => {
    expect(planWarningText(EVERY.BLANK_STAGE_ROWS)).toBe('2 row(s) have no stage and go to the first stage “Новая”: rows 4, 9.');
    expect(planWarningText(EVERY.UNMATCHED_PEOPLE)).toBe('1 person value(s) match no portal user and get the webhook owner: “Сидоров Павел”.');
    expect(planWarningText(EVERY.ROWS)).toBe('Rows 4–6, column “Клиент”: no company “ООО «Ромашка»” in the portal; the item is created without it (creating clients is off).');
    expect(planWarningText(EVERY.PERSONAL_DATA)).toMatch(/create it closed: --access closed \(in the app: “Who sees it” → “Closed”\)\.$/);
    expect(planWarningText(EVERY.SETTING_OFF)).toMatch(/^“Заявки” has automation rules \(“Use Automation rules and triggers”\) off; this tool does not change/);
  });

  it('the app’s English names what to click, never a command or a flag', () => {
    for (const warning of Object.values(EVERY)) {
      const text = wordPlanWarning('en', warning);
      expect(text, warning.code).not.toMatch(/spmigrate|--[a-z]/);
    }
    expect(wordPlanWarning('en', EVERY.PERSONAL_DATA)).toMatch(/create it closed: choose “Who sees it” → “Closed”\.$/);
    expect(planWarningText(EVERY.ROWS_CANNOT_BE_SENT)).toBe('3 row(s) cannot be sent as they are; see failures.');
    expect(wordPlanWarning('en', EVERY.ROWS_CANNOT_BE_SENT)).toBe('3 row(s) cannot be sent as they are; the Preview tab shows why (“Rows with problems only”).');
  });

  it('Russian says what, where (rows, columns) and what to do', () => {
    expect(planWarningRu(EVERY.BLANK_STAGE_ROWS)).toBe('2 строки без стадии попадут на первую стадию «Новая»: строки 4, 9.');
    expect(planWarningRu({ code: 'BLANK_STAGE_ROWS', params: { rows: [21], stage: 'Новая' } })).toBe('1 строка без стадии попадёт на первую стадию «Новая»: строка 21.');
    expect(planWarningRu(EVERY.UNMATCHED_PEOPLE)).toBe('1 человек из таблицы не совпадает ни с одним пользователем портала, их элементы будут назначены владельцу вебхука: «Сидоров Павел». Сопоставьте их на вкладке «Люди».');
    expect(planWarningRu(EVERY.ROWS_CANNOT_BE_SENT)).toMatch(/^3 строки нельзя отправить/);
    expect(planWarningRu({ code: 'ROWS_CANNOT_BE_SENT', params: { count: 5 } })).toMatch(/^5 строк нельзя отправить/);
    expect(planWarningRu(EVERY.PREVIEW_EDITS_SENT)).toBe('1 ячейка, исправленная в предпросмотре, отправляется вместо текста таблицы.');
    expect(planWarningRu(EVERY.PREVIEW_EDIT_STALE)).toBe('Строка 7, столбец «Сумма»: в таблице теперь «1300», поэтому правка «1200» из предпросмотра (сделанная поверх «1 200») больше не действует.');
    expect(planWarningRu(EVERY.ROWS)).toBe('Строки 4–6, столбец «Клиент»: компании «ООО «Ромашка»» нет на портале; элемент создаётся без неё (создание клиентов выключено).');
    expect(planWarningRu(EVERY.SETTING_OFF)).toMatch(/^В смарт-процессе «Заявки» выключены роботы и триггеры/);
    expect(planWarningRu(EVERY.HISTORY_LEFT_OUT)).toMatch(/Столбец «Дата создания» не загружается/);
    expect(wordPlanWarning('ru', EVERY.ALREADY_MIGRATED)).not.toContain('/tmp');
  });

  it('a timeline note the portal refused quotes the portal’s words and code as the portal’s', () => {
    const refused: Extract<PlanWarning, { code: 'NOTE_FAILED' }> = { code: 'NOTE_FAILED', params: { row: 12, message: 'Row 12: the note was not added to the timeline: crm.timeline.comment.add: Access denied (ACCESS_DENIED)', detail: 'crm.timeline.comment.add: Access denied (ACCESS_DENIED)', portalCode: 'ACCESS_DENIED', portalText: 'Access denied' } };
    expect(planWarningRu(refused)).toBe('Строка 12: портал не принял заметку в ленту элемента. Портал ответил: «Access denied» (код ACCESS_DENIED).');
    expect(planWarningText(refused)).toBe(refused.params.message);
  });

  it('the personal-data warning names whole words found in the sheet, never a stem', () => {
    const mapping = {
      title: 'Обращения граждан',
      columns: [
        { header: 'ФИО заявителя', type: 'string', target: { kind: 'builtin', field: 'contactIds' } },
        { header: 'Телефон', type: 'phone', target: { kind: 'custom', suffix: 'P', userTypeId: 'string', multiple: false, label: 'Телефон' } },
      ],
    } as unknown as Pick<Mapping, 'title' | 'columns'>;
    const signal = detectPersonalData(mapping)!;
    const warning: PlanWarning = { code: 'PERSONAL_DATA', params: { ...signal, access: 'closed' } };
    expect(planWarningText(warning)).toBe('This sheet looks like personal data (обращения): “ФИО заявителя” (person), “Телефон” (phone). The smart process is created closed: only administrators see it until you grant roles access in its permissions settings.');
    expect(planWarningRu(warning)).toBe('Похоже, в таблице персональные данные («обращения»): «ФИО заявителя» (ФИО), «Телефон» (телефон). Смарт-процесс создаётся закрытым: его видят только администраторы, пока вы не дадите доступ ролям в настройках прав.');
    expect(planWarningRu(warning)).not.toMatch(/обращени[^я]/);
  });
});

describe('row notes: grouped by note and column, worded per language', () => {
  const NOTES: RowNote[] = [
    { code: 'FUTURE_HISTORY_DATE', params: { value: '01.01.2999' } },
    { code: 'STAGE_DATE_WITHOUT_CREATED', params: {} },
    { code: 'STAGE_DATE_BEFORE_CREATED', params: { moved: '2024-01-02', created: '2024-02-01' } },
    { code: 'CREATED_BEFORE_NEWEST_ITEM', params: { newest: '2025-03-01' } },
    { code: 'DEAL_AMBIGUOUS', params: { deal: 'Дубль' } },
    { code: 'DEAL_NOT_FOUND', params: { deal: 'Нет такой' } },
    { code: 'COMPANY_NOT_FOUND', params: { company: 'АО Вектор' } },
    { code: 'CONTACTS_NOT_FOUND', params: { contacts: ['Пётр Сидоров', 'x@example.ru'] } },
  ];

  it.each(NOTES)('$code has both wordings', (note) => {
    expect(rowNoteText(note).length).toBeGreaterThan(10);
    expect(latinWords(rowNoteRu(note), ['x@example.ru'])).toEqual([]);
  });

  it('the same note on several rows becomes one warning naming the rows', () => {
    const at = (row: number, column: string, note: RowNote): RowWarning => ({ row, column, ...note });
    const grouped = groupRowNotes([at(10, 'Клиент', NOTES[6]!), at(9, 'Создано', NOTES[0]!), at(4, 'Клиент', NOTES[6]!), at(7, 'Клиент', NOTES[6]!)]);
    expect(grouped).toEqual([
      { code: 'ROWS', params: { rows: [4, 7, 10], column: 'Клиент', note: NOTES[6] } },
      { code: 'ROWS', params: { rows: [9], column: 'Создано', note: NOTES[0] } },
    ]);
    expect(grouped.map((w) => wordPlanWarning('en', w))).toEqual([
      'Rows 4, 7, 10, column “Клиент”: no company “АО Вектор” in the portal; the item is created without it (creating clients is off).',
      'Row 9, column “Создано”: 01.01.2999 is in the future; the portal refuses future history dates, so the item gets the time of loading instead.',
    ]);
    expect(grouped.map((w) => wordPlanWarning('ru', w))).toEqual([
      'Строки 4, 7, 10, столбец «Клиент»: компании «АО Вектор» нет на портале; элемент создаётся без неё (создание клиентов выключено).',
      'Строка 9, столбец «Создано»: дата 01.01.2999 в будущем; портал не принимает будущие даты истории, поэтому элемент получит время загрузки.',
    ]);
  });
});
