import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { automationInputFromMapping } from '../../../shared/runs/automation/automation-input-from-project';
import { applyRecipeEdits, buildAutomationPlan, isReviewStage } from '../../../shared/runs/automation/build-automation-plan';
import type { AutomationPlan } from '../../../shared/runs/automation/types';
import { inferSchema } from '../../../shared/sheet/inference/infer-schema';
import { suggestMapping } from '../../../shared/sheet/mapping/suggest-mapping';
import type { Mapping } from '../../../shared/sheet/mapping/types';
import { readWorkbook } from '../../../shared/sheet/spreadsheet/read-workbook';
import { generateCorpus } from '../../corpus/generate-corpus';
import { tempDir } from '../../support/temp-dir';
import { complaintsInput } from './inputs';

const control = { signal: new AbortController().signal, onProgress: () => undefined };
const plans = new Map<string, AutomationPlan>();

/** The plan in a form a person can review: recipes per stage, then item-wide ones. */
function summary(plan: AutomationPlan): unknown {
  return {
    stages: plan.stages.map((stage) => `${stage.name} [${stage.semantics}]: ${plan.recipes.filter((r) => r.stageCode === stage.code).map((r) => r.kind + (r.fields ? ` ${r.fields.join('+')}` : '')).join(', ') || '—'}`),
    item: plan.recipes.filter((r) => r.stageCode === null).map((r) => `${r.kind}${r.kind === 'due-reminder' ? ` on ${plan.dueDate?.code ?? '?'}` : ''}`),
  };
}

beforeAll(async () => {
  // Our own copy of the corpus: the corpus test writes the shared folder in parallel.
  for (const { spec, path } of await generateCorpus(tempDir('spm-automation-corpus-'))) {
    const workbook = await readWorkbook(new Uint8Array(await readFile(path)), spec.file, control);
    const table = workbook.sheets[0]!;
    const lookups = workbook.sheets.slice(1).map((s) => ({ name: s.name, headers: s.headers, rows: s.rows }));
    const { mapping } = suggestMapping(inferSchema(table, { lookups }), table);
    plans.set(spec.file, buildAutomationPlan(automationInputFromMapping(mapping, { entityTypeId: 1030, typeId: 5, categoryId: 0 })));
  }
}, 60_000);

describe('the starter plan for each corpus tracker', () => {
  it('covers every corpus file (snapshot reviewed by eye)', () => {
    expect(plans.size).toBeGreaterThanOrEqual(12);
    expect(Object.fromEntries([...plans].map(([file, plan]) => [file, summary(plan)]))).toMatchSnapshot();
  });

  it('notifies on every in-progress stage and on the success stage, never on failure stages', () => {
    for (const [file, plan] of plans) {
      for (const stage of plan.stages) {
        const kinds = plan.recipes.filter((r) => r.stageCode === stage.code).map((r) => r.kind);
        if (stage.semantics === 'process') expect(kinds, `${file} ${stage.name}`).toContain('notify-on-entry');
        if (stage.semantics === 'success') expect(kinds, `${file} ${stage.name}`).toEqual(['success-notify']);
        if (stage.semantics === 'failure') expect(kinds, `${file} ${stage.name}`).toEqual([]);
      }
    }
  });

  it('adds a reminder exactly where a due-date column is mapped', () => {
    for (const [file, plan] of plans) {
      expect(plan.recipes.some((r) => r.kind === 'due-reminder'), file).toBe(plan.dueDate !== null);
    }
    expect(plans.get('complaints-ru.xlsx')?.dueDate).not.toBeNull();
  });
});

describe('buildAutomationPlan', () => {
  const plan = buildAutomationPlan(complaintsInput());

  it('recognises review and approval stages in both languages', () => {
    for (const name of ['На проверке', 'Согласование', 'На согласовании', 'In Review', 'Approval', 'Awaiting approval', 'Утверждение']) expect(isReviewStage(name), name).toBe(true);
    for (const name of ['Новая', 'В работе', 'Screening', 'Shipped', 'Проведено']) expect(isReviewStage(name), name).toBe(false);
  });

  it('puts a review check (amount, due date, one more field) before the notification, recommending the Market robot without requiring it', () => {
    const review = plan.recipes.filter((r) => r.stageCode === 'REVIEW');
    expect(review.map((r) => r.kind)).toEqual(['review-check', 'notify-on-entry']);
    expect(review[0]!.fields).toEqual(['OPPORTUNITY', 'UF_CRM_5_SROK', 'UF_CRM_5_KLIENT']);
    expect(review[0]!.recommendation).toMatch(/Составное условие \(AND\/OR\/NOT\).*не обязательно/);
    expect(review[0]!.template).toBe('stage-entry');
  });

  it('adds a checklist-only note for the deal side when rows link to deals', () => {
    const note = plan.recipes.find((r) => r.kind === 'deal-link-note');
    expect(note?.template).toBeNull();
    expect(note?.text).toMatch(/Найти элемент смарт-процесса/);
    expect(buildAutomationPlan(complaintsInput({ dealLink: null })).recipes.some((r) => r.kind === 'deal-link-note')).toBe(false);
  });

  it('writes English texts for English processes', () => {
    const en = buildAutomationPlan(complaintsInput({ language: 'en' }));
    expect(en.recipes[0]!.text).toBe('[url=/crm/type/1030/details/{=Document:ID}/]{=Document:TITLE}[/url] moved to the stage “Новая”.');
    expect(en.recipes[0]!.robot.name).toBe('Add notification');
  });

  it('lets the user switch a recipe off or edit its text, keeping the robot settings in step', () => {
    const { plan: edited } = applyRecipeEdits(plan, [
      { id: 'notify-on-entry:WORK', text: 'Взята в работу: {=Document:TITLE}' },
      { id: 'notify-on-entry:NEW', enabled: false },
      { id: 'success-notify:SUCCESS', text: '   ' },
    ]);
    const work = edited.recipes.find((r) => r.id === 'notify-on-entry:WORK')!;
    expect(work.text).toBe('Взята в работу: {=Document:TITLE}');
    expect(work.robot.settings).toContain('Текст: Взята в работу: {=Document:TITLE}');
    expect(edited.recipes.find((r) => r.id === 'notify-on-entry:NEW')!.enabled).toBe(false);
    expect(edited.recipes.find((r) => r.id === 'success-notify:SUCCESS')!.text).toBe(plan.recipes.find((r) => r.id === 'success-notify:SUCCESS')!.text);
    expect(plan.recipes.find((r) => r.id === 'notify-on-entry:NEW')!.enabled).toBe(true);
  });
});

describe('automationInputFromMapping', () => {
  const mapping: Mapping = {
    version: 1,
    title: 'Договоры',
    language: 'ru',
    key: { kind: 'column', columns: ['№'] },
    columns: [
      { header: '№', type: 'string', target: { kind: 'custom', suffix: 'NOMER', userTypeId: 'string', multiple: false, label: '№' } },
      { header: 'Предмет', type: 'string', target: { kind: 'builtin', field: 'title' } },
      { header: 'Статус', type: 'enumeration', target: { kind: 'builtin', field: 'stageId' } },
      { header: 'Сумма', type: 'money', target: { kind: 'builtin', field: 'opportunity' } },
      { header: 'Действует до', type: 'date', target: { kind: 'custom', suffix: 'DEYSTVUET_DO', userTypeId: 'date', multiple: false, label: 'Действует до' } },
      { header: 'Сделка', type: 'integer', target: { kind: 'custom', suffix: 'SDELKA', userTypeId: 'integer', multiple: false, label: 'Сделка' } },
      { header: 'Ответственный', type: 'employee', target: { kind: 'builtin', field: 'assignedById' } },
      { header: 'Заметки', type: 'text', target: { kind: 'skip' } },
    ],
    stages: [
      { code: 'NEW', name: 'Черновик', semantics: 'process', color: '#39A8EF', values: ['Черновик'] },
      { code: 'SIGNED', name: 'Подписан', semantics: 'success', color: '#7BD500', values: ['Подписан'] },
    ],
    users: {},
    defaultUserId: null,
    currency: 'RUB',
  };

  it('names fields by their bizproc codes, finds the due date and the deal link, builds stage ids', () => {
    const input = automationInputFromMapping(mapping, { entityTypeId: 1040, typeId: 8, categoryId: 3, stages: [{ code: 'NEW', statusId: 'DT1040_3:NEW', name: 'Черновик', semantics: 'process' }] });
    expect(input.fields.map((f) => f.code)).toEqual(['UF_CRM_8_NOMER', 'TITLE', 'OPPORTUNITY', 'UF_CRM_8_DEYSTVUET_DO', 'UF_CRM_8_SDELKA', 'ASSIGNED_BY_ID']);
    expect(input.dueDate).toEqual({ code: 'UF_CRM_8_DEYSTVUET_DO', label: 'Действует до', kind: 'date' });
    expect(input.dealLink).toEqual({ column: 'Сделка', field: { code: 'UF_CRM_8_SDELKA', label: 'Сделка', kind: 'number' } });
    expect(input.stages.map((s) => s.statusId)).toEqual(['DT1040_3:NEW', 'DT1040_3:SIGNED']);
    expect(input.hasResponsible).toBe(true);
  });

  it('prefers the column mapped to the close date, and created field names over computed ones', () => {
    const withClose: Mapping = { ...mapping, columns: [...mapping.columns, { header: 'Закрыть', type: 'date', target: { kind: 'builtin', field: 'closedate' } }] };
    const input = automationInputFromMapping(withClose, { entityTypeId: 1040, typeId: 8, categoryId: 0, fields: [{ column: '№', suffix: 'NOMER', fieldName: 'UF_CRM_8_1747309727', id: 1, userTypeId: 'string', multiple: false }] });
    expect(input.dueDate?.code).toBe('CLOSEDATE');
    expect(input.fields[0]!.code).toBe('UF_CRM_8_1747309727');
  });
});
