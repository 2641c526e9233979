import { describe, expect, it } from 'vitest';
import { buildAutomationPlan } from '../../shared/runs/automation/build-automation-plan';
import { buildChecklist } from '../../shared/runs/automation/build-checklist';
import type { AutomationInput } from '../../shared/runs/automation/types';
import { wordRobotStep } from '../../renderer/src/i18n/word-robot-step';

/** An English purchase-requests sheet: a review stage, a due date, a deal column. */
const INPUT: AutomationInput = {
  title: 'Purchase requests',
  language: 'en',
  entityTypeId: 1030,
  categoryId: 7,
  stages: [
    { code: 'NEW', statusId: 'DT1030_7:NEW', name: 'New', semantics: 'process' },
    { code: 'PREPARATION', statusId: 'DT1030_7:PREPARATION', name: 'In review', semantics: 'process' },
    { code: 'SUCCESS', statusId: 'DT1030_7:SUCCESS', name: 'Ordered', semantics: 'success' },
    { code: 'FAIL', statusId: 'DT1030_7:FAIL', name: 'Rejected', semantics: 'failure' },
  ],
  hasResponsible: true,
  dueDate: { code: 'CLOSEDATE', label: 'Due', kind: 'date' },
  fields: [{ code: 'OPPORTUNITY', label: 'Amount', kind: 'money' }],
  dealLink: { column: 'Deal', field: null },
};

describe('the automation checklist is worded in the UI language, the notification text as it is sent', () => {
  const checklist = buildChecklist(buildAutomationPlan(INPUT), { portalOrigin: 'https://example.bitrix24.ru' });
  const steps = [...checklist.stages.flatMap((stage) => stage.steps), ...checklist.general];
  const byKind = (kind: string) => steps.find((step) => step.kind === kind)!;

  it('English: the same words the core wrote for an English sheet', () => {
    for (const step of steps) {
      const words = wordRobotStep('en', step);
      expect(words.when).toBe(step.when);
      // The core quotes field labels «so» in both languages; English text quotes them “so”.
      expect(words.settings).toEqual(step.settings.map((line) => (line.startsWith('Condition:') ? line.replace(/«([^»]*)»/g, '“$1”') : line).replaceAll("'", '’')));
    }
  });

  it('Russian: robot, when and settings in Russian; the stage, field and column names and the notification as they are', () => {
    const review = wordRobotStep('ru', byKind('review-check'));
    expect(review.robot).toBe('Уведомление с условием');
    expect(review.when).toBe('при переходе на стадию «In review»');
    expect(review.settings[0]).toBe('Кому: ответственный (поле «Ответственный»)');
    expect(review.settings[1]).toBe('Условие: хотя бы одно из полей пусто — «Amount» (условие «ИЛИ» по полям)');
    expect(review.settings[2]).toBe(`Текст: ${byKind('review-check').text}`);
    expect(review.recommendation).toMatch(/^Для сложных условий подойдёт робот из Маркета/);
    const reminder = wordRobotStep('ru', byKind('due-reminder'));
    expect(reminder.when).toBe('на каждой стадии в работе, с задержкой: за 1 дн. до поля «Due»');
    expect(reminder.settings[2]).toMatch(/^Задержка робота отменяется/);
    expect(wordRobotStep('ru', byKind('deal-link-note')).settings[0]).toMatch(/по значению «Deal»/);
    expect(wordRobotStep('ru', byKind('success-notify')).when).toBe('при переходе на стадию «Ordered»');
  });
});
