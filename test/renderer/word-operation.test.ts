import { describe, expect, it } from 'vitest';
import type { Mapping, StageMapping } from '../../shared/sheet/mapping/types';
import { setupNoteText } from '../../shared/runs/migrate/setup-note-wording';
import type { SetupNote } from '../../shared/runs/migrate/types';
import { buildPlan } from '../../shared/sheet/plan/build-plan';
import { operationText } from '../../shared/sheet/plan/operation-wording';
import type { PreparedRows } from '../../shared/sheet/plan/prepare-rows';
import type { OperationNote, PortalSnapshot } from '../../shared/sheet/plan/types';
import { en } from '../../renderer/src/i18n/messages-en';
import { ru } from '../../renderer/src/i18n/messages-ru';
import { operationRu, setupNoteRu, wordOperation, wordSetupNote } from '../../renderer/src/i18n/word-operation';

const STAGES: StageMapping[] = [
  { code: 'NEW', name: 'Новая', semantics: 'process', color: '#39A8EF', values: ['Новая'] },
  { code: 'SUCCESS', name: 'Подписан', semantics: 'success', color: '#7BD500', values: ['Подписан'] },
  { code: 'FAIL', name: 'Отклонён', semantics: 'failure', color: '#FF5752', values: ['Отклонён'] },
];

/** A small contracts sheet planned onto an empty portal: a new type, two fields, the stages, a company, three rows. */
function contractsPlan() {
  const mapping = {
    title: 'Договоры',
    language: 'ru',
    key: { kind: 'column', columns: ['№'] },
    columns: [
      { header: '№', type: 'string', target: { kind: 'builtin', field: 'title' } },
      { header: 'Метки', type: 'enumeration', multiple: true, target: { kind: 'custom', suffix: 'METKI', userTypeId: 'enumeration', multiple: true, label: 'Метки', items: ['А', 'Б'] } },
      { header: 'Срочный', type: 'boolean', target: { kind: 'custom', suffix: 'SROCHNYY', userTypeId: 'boolean', multiple: false, label: 'Срочный' } },
      { header: 'Клиент', type: 'string', target: { kind: 'builtin', field: 'companyId' } },
    ],
    stages: STAGES,
    users: {},
    defaultUserId: null,
  } as unknown as Mapping;
  const rows = [4, 5, 6].map((sourceRow) => ({ key: `Д-${sourceRow}`, sourceRow, values: { title: `Д-${sourceRow}`, stageId: 'NEW', companyId: 'ООО «Ромашка»' } }));
  const prepared = { rows, keys: rows.map((row) => row.key), failures: [], blankStageRows: [], unknownStageValues: new Map(), unmatchedPeople: new Set(), warnings: [], overriddenCells: 0, staleOverrides: [] } as unknown as PreparedRows;
  const snapshot = { type: null, fields: [], stages: [], users: [], companies: {}, contacts: {} } as unknown as PortalSnapshot;
  return buildPlan({ mapping, prepared, snapshot, projectId: 'spm-1' });
}

describe('plan operations: a code and facts, the same English line as before, a Russian one', () => {
  const plan = contractsPlan();
  const byCode = (code: OperationNote['code']) => plan.operations.find((op) => op.note.code === code)!;

  it('each operation’s English summary is the wording of its note', () => {
    for (const operation of plan.operations) expect(operation.summary).toBe(operationText(operation.note));
    expect(byCode('ITEMS_IMPORT').summary).toBe('3 item(s): row(s) 4–6 (xmlId spm-1:Д-4 …)');
    expect(byCode('COMPANY_ADD').summary).toBe('company “ООО «Ромашка»”');
    expect(plan.operations.filter((op) => op.note.code === 'FIELD_ADD').map((op) => op.summary)).toEqual([
      expect.stringMatching(/^field UF_CRM_<id>_METKI “Метки” \(enumeration, multiple, 2 item\(s\)\)$/),
      expect.stringMatching(/^field UF_CRM_<id>_SROCHNYY “Срочный” \(boolean\)$/),
    ]);
  });

  it('Russian names what is created by its name and type, rows as “строки”', () => {
    expect(operationRu(byCode('TYPE_ADD').note)).toMatch(/^смарт-процесс «Договоры» \(включено: стадии, бизнес-процессы, роботы и триггеры.*; открыт всем\)$/);
    expect(plan.operations.filter((op) => op.note.code === 'FIELD_ADD').map((op) => operationRu(op.note))).toEqual(['поле «Метки» (список, несколько значений, 2 значения)', 'поле «Срочный» (да/нет)']);
    expect(operationRu(byCode('ITEMS_IMPORT').note)).toBe('3 элемента: строки 4–6');
    expect(operationRu(byCode('COMPANY_ADD').note)).toBe('компания «ООО «Ромашка»»');
    expect(plan.operations.filter((op) => op.step === 'stages').map((op) => wordOperation('ru', op.note))).toEqual(expect.arrayContaining(['стадия «Новая» (в работе)', 'стадия «Подписан» (успех)', 'стадия «Отклонён» (провал)']));
    expect(wordOperation('ru', { code: 'STAGE_ADD', params: { code: 'S1', name: 'Опт', sort: 20, semantics: 'process' }, funnel: 'Опт' })).toBe('Опт: новая стадия «Опт» (в работе)');
    expect(wordOperation('ru', { code: 'ITEMS_IMPORT', params: { count: 21, rows: [4], projectId: 'p', firstKey: 'k', history: true } })).toBe('21 элемент: строка 4, с датами истории');
    for (const operation of plan.operations) expect(wordOperation('ru', operation.note)).not.toMatch(/UF_CRM|is[A-Z]\w+Enabled|item\(s\)/);
  });
});

describe('setup steps done: English for the command line, Russian for the app', () => {
  const NOTES: SetupNote[] = [
    { code: 'TYPE_CREATED', params: { title: 'Договоры', entityTypeId: 1030, id: 3, open: true } },
    { code: 'TYPE_SWITCHED_ON', params: { flags: ['isAutomationEnabled'] }, check: 'applied' },
    { code: 'TYPE_EXISTING', params: { title: 'Заявки', entityTypeId: 1032, id: 4 } },
    { code: 'DEALS_LINKED', params: {} },
    { code: 'FIELD_CREATED', params: { fieldName: 'UF_CRM_3_NO', label: '№', userTypeId: 'string', multiple: false } },
    { code: 'FIELD_ITEMS_ADDED', params: { fieldName: 'UF_CRM_3_METKI', label: 'Метки', count: 2 } },
    { code: 'STAGE_REMOVED', params: { name: 'Approval' } },
    { code: 'STAGE_RENAMED', params: { code: 'NEW', name: 'Новая' } },
    { code: 'STAGE_ADDED', params: { name: 'На доработке' }, check: 1 },
    { code: 'FUNNEL_DEFAULT_RENAMED', params: { name: 'Опт' } },
    { code: 'FUNNEL_ADDED', params: { name: 'Розница', categoryId: 7 } },
    { code: 'CLIENTS_CREATED', params: { companies: 3, contacts: 1, checked: 0 } },
  ];

  it('English keeps the lines the command line printed before', () => {
    expect(NOTES.map(setupNoteText).slice(0, 5)).toEqual([
      'created smart process “Договоры” (entityTypeId 1030, id 3, open to everyone)',
      'switched on isAutomationEnabled (the answer was lost, so the portal may have applied it; checked: it did)',
      'using the existing smart process “Заявки” (entityTypeId 1032, id 4)',
      'linked deals to the smart process (items get a parent deal)',
      'created field UF_CRM_3_NO “№” (string)',
    ]);
    expect(setupNoteText(NOTES[8]!)).toBe('added stage “На доработке” (1 earlier request(s) got no answer; checked: not applied, so it was sent again)');
    expect(setupNoteText(NOTES[11]!)).toBe('created 3 companies and 1 contact');
  });

  it.each(NOTES)('$code in Russian', (note) => {
    const text = wordSetupNote('ru', note);
    expect(text).not.toBe(setupNoteText(note));
    expect(text.replace(/«[^»]*»/g, '')).not.toMatch(/[A-Za-z]{3,}/);
  });

  it('Russian counts and checks', () => {
    expect(setupNoteRu(NOTES[11]!)).toBe('созданы клиенты: 3 компании и 1 контакт');
    expect(setupNoteRu(NOTES[1]!)).toBe('включено: роботы и триггеры (ответ портала потерялся; проверено: записано)');
    expect(setupNoteRu(NOTES[4]!)).toBe('создано поле «№» (строка)');
  });
});

describe('robot names and starter-automation steps in both languages', () => {
  it('every recipe kind names its robot in each language', () => {
    for (const kind of ['notify-on-entry', 'review-check', 'success-notify', 'due-reminder', 'deal-link-note'] as const) {
      expect(en[`coreRobot.${kind}`]).toMatch(/\w/);
      expect(ru[`coreRobot.${kind}`]).not.toMatch(/[A-Za-z]/);
    }
    for (const step of ['preparing', 'installing', 'writing'] as const) expect(ru[`coreAutomation.${step}`].replace(/\{\w+\}/g, '')).not.toMatch(/[A-Za-z]/);
    for (const key of Object.keys(ru).filter((name) => /^core(Wait|Refusal|Automation|Robot)\./.test(name)) as Array<keyof typeof ru>) {
      expect(ru[key].replace(/\{\w+\}/g, ''), key).not.toMatch(/[A-Za-z]/);
      expect(en[key], key).toMatch(/\w/);
    }
  });
});
