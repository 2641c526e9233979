import type { MigrateResult } from '../../../shared/runs/migrate/types';
import { translate, type Language } from './translate';
import { quoteName } from './quote-name';

/** One robot (or note) of the starter-automation checklist, as a run's result carries it. */
export type ChecklistStep = NonNullable<MigrateResult['automation']['checklist']>['general'][number];

/** A robot of the automation checklist in the UI language: its name, when it runs, its settings and an optional recommendation. */
export interface RobotStepWords {
  robot: string;
  when: string;
  settings: string[];
  recommendation: string | undefined;
}

/**
 * Words a checklist step from its kind and facts in `language`; the
 * notification's own text stays as it is sent (in the sheet's language).
 */
export function wordRobotStep(language: Language, step: ChecklistStep): RobotStepWords {
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>): string => translate(language, key, params);
  const quote = (value: string): string => quoteName(language, value);
  const { facts } = step;
  const to = t('coreRobotSetting.to');
  const text = t('coreRobotSetting.text', { text: step.text });
  switch (step.kind) {
    case 'notify-on-entry':
    case 'success-notify':
      return { robot: t(`coreRobot.${step.kind}`), when: t('coreRobotWhen.stage', { stage: facts.stage ?? '' }), settings: [to, text], recommendation: undefined };
    case 'review-check':
      return {
        robot: t('coreRobot.review-check'),
        when: t('coreRobotWhen.stage', { stage: facts.stage ?? '' }),
        settings: [to, t('coreRobotSetting.condition', { labels: (facts.labels ?? []).map(quote).join(', ') }), text],
        recommendation: step.recommendation === undefined ? undefined : t('coreRobotSetting.market'),
      };
    case 'due-reminder':
      return {
        robot: t('coreRobot.due-reminder'),
        when: t('coreRobotWhen.reminder', { days: facts.days ?? 1, field: facts.field ?? '' }),
        settings: [to, text, t('coreRobotSetting.reminderNote')],
        recommendation: undefined,
      };
    case 'deal-link-note':
      return { robot: t('coreRobot.deal-link-note'), when: t('coreRobotWhen.deal'), settings: [t('coreRobotSetting.deal', { column: facts.column ?? '' })], recommendation: undefined };
  }
}
