import type { AutomationInput } from '../../../shared/runs/automation/types';

/** A complaints process: five stages with a review stage, a due date, an amount and a deal link. */
export function complaintsInput(overrides: Partial<AutomationInput> = {}): AutomationInput {
  const etid = 1030;
  const stage = (code: string, name: string, semantics: 'process' | 'success' | 'failure') => ({ code, statusId: `DT${etid}_7:${code}`, name, semantics });
  return {
    title: 'Жалобы',
    language: 'ru',
    entityTypeId: etid,
    categoryId: 7,
    stages: [stage('NEW', 'Новая', 'process'), stage('WORK', 'В работе', 'process'), stage('REVIEW', 'На проверке', 'process'), stage('SUCCESS', 'Решена', 'success'), stage('FAIL', 'Отклонена', 'failure')],
    hasResponsible: true,
    dueDate: { code: 'UF_CRM_5_SROK', label: 'Срок', kind: 'date' },
    fields: [
      { code: 'TITLE', label: 'Тема', kind: 'other' },
      { code: 'OPPORTUNITY', label: 'Сумма', kind: 'money' },
      { code: 'UF_CRM_5_SROK', label: 'Срок', kind: 'date' },
      { code: 'UF_CRM_5_KLIENT', label: 'Клиент', kind: 'other' },
      { code: 'UF_CRM_5_KOMMENT', label: 'Комментарий', kind: 'text' },
    ],
    dealLink: { column: 'Сделка', field: { code: 'UF_CRM_5_SDELKA', label: 'Сделка', kind: 'other' } },
    ...overrides,
  };
}

/** Field codes the complaints smart process has (standard ones plus its custom fields). */
export const COMPLAINT_FIELD_CODES = ['ID', 'TITLE', 'STAGE_ID', 'CATEGORY_ID', 'ASSIGNED_BY_ID', 'OPPORTUNITY', 'UF_CRM_5_SROK', 'UF_CRM_5_KLIENT', 'UF_CRM_5_KOMMENT', 'UF_CRM_5_SDELKA'];
