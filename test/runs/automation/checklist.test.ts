import { describe, expect, it } from 'vitest';
import { applyRecipeEdits, buildAutomationPlan } from '../../../shared/runs/automation/build-automation-plan';
import { automationPageUrl, buildChecklist } from '../../../shared/runs/automation/build-checklist';
import { renderChecklist } from '../../../shared/runs/automation/render-checklist';
import { complaintsInput } from './inputs';

const plan = buildAutomationPlan(complaintsInput());

describe('the per-stage checklist', () => {
  it('deep-links the funnel automation page on the user portal', () => {
    expect(automationPageUrl('https://example.bitrix24.ru/', 1030, 7)).toBe('https://example.bitrix24.ru/crm/type/1030/automation/7/');
    const checklist = buildChecklist(plan, { portalOrigin: 'https://example.bitrix24.ru' });
    expect(checklist.automationUrl).toBe('https://example.bitrix24.ru/crm/type/1030/automation/7/');
    expect(checklist.designerImportUrl).toBe('https://example.bitrix24.ru/crm/configs/bp/CRM_DYNAMIC_1030/edit/0/');
    expect(checklist.stages.map((s) => s.steps.map((step) => step.kind))).toEqual([['notify-on-entry'], ['notify-on-entry'], ['review-check', 'notify-on-entry'], ['success-notify'], []]);
    expect(checklist.general.map((s) => s.kind)).toEqual(['due-reminder', 'deal-link-note']);
  });

  it('renders robots stage by stage, the deal side as a note, and switched-off recipes not at all', () => {
    const { plan: edited } = applyRecipeEdits(plan, [{ id: 'notify-on-entry:WORK', enabled: false }]);
    const text = renderChecklist(buildChecklist(edited, { portalOrigin: 'https://example.bitrix24.ru', files: ['starter-stage-entry.bpt'] }));
    expect(text).toContain('Откройте роботов воронки: https://example.bitrix24.ru/crm/type/1030/automation/7/');
    expect(text).toMatch(/## Стадия «В работе»\n\n- Ничего добавлять не нужно\./);
    expect(text).toContain('- [ ] **Роботы сделок (сторона сделки)** — на нужной стадии воронки сделок:');
    expect(text).toContain('«Составное условие (AND/OR/NOT)» — по желанию, не обязательно');
    expect(text).toContain('- starter-stage-entry.bpt');
    expect(text).not.toContain('Уже делает');
  });

  it('marks what installed workflows already do, and says the reminder covers new items only', () => {
    const text = renderChecklist(
      buildChecklist(buildAutomationPlan(complaintsInput({ language: 'en' })), {
        portalOrigin: 'https://example.bitrix24.com',
        installed: [
          { key: 'stage-entry', name: 'S', status: 'installed' },
          { key: 'due-reminder', name: 'R', status: 'already-installed' },
        ],
        templateNames: { 'stage-entry': 'Starter: stage notifications', 'due-reminder': 'Starter: due date reminder' },
      }),
    );
    expect(text).toContain('The installed workflow “Starter: stage notifications” already does this.');
    expect(text).toContain('The installed workflow “Starter: due date reminder” already does this.');
    expect(text).toContain('only for items created after it was installed');
    expect(text.match(/already does this/g)).toHaveLength(6);
  });
});
