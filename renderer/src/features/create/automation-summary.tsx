import type { MigrateResult } from '../../../../shared/runs/migrate/types';
import { useT } from '../../i18n/use-t';
import { wordRobotStep } from '../../i18n/word-robot-step';
import { quoteName } from '../../i18n/quote-name';

type Automation = MigrateResult['automation'];

/**
 * What happened to the starter automation: workflows installed (application
 * context), or the checklist of robots to add by hand, stage by stage, with
 * the link to each funnel's automation page on a real portal.
 */
export function AutomationSummary({ automation, portalIsReal }: { automation: Automation; portalIsReal: boolean }) {
  const t = useT();
  // Skipped with a reason: the rows went into a smart process that existed before, whose automation is its own.
  if (automation.mode === 'skipped') {
    return automation.warnings.length > 0 ? (
      <div className="notice" data-testid="automation-skipped">
        <span>{t('automation.skippedExisting')}</span>
      </div>
    ) : null;
  }
  const checklist = automation.checklist;
  return (
    <div className="automation-summary" data-testid="automation-summary" data-mode={automation.mode}>
      <h3>{t('automation.title')}</h3>
      {automation.installed.length > 0 && (
        <div className="check-line ok" data-testid="automation-installed">
          <span className="check-mark">✓</span> {t('automation.installed', { names: automation.installed.map((name) => quoteName(t.language, name)).join(', ') })}
        </div>
      )}
      {automation.refusal && <div className="muted-inline">{t(`coreRefusal.${automation.refusal.via}`, { code: automation.refusal.code })}</div>}
      {checklist && (
        <>
          <p className="muted">{t('automation.byHand')}</p>
          <ol className="checklist" data-testid="automation-checklist">
            {checklist.stages
              .filter((stage) => stage.steps.length > 0)
              .map((stage) => (
                <li key={stage.code}>
                  <b>{stage.name}</b>
                  <ul>
                    {stage.steps.map((step) => {
                      const words = wordRobotStep(t.language, step);
                      return (
                        <li key={step.recipeId} className={step.coveredBy ? 'covered' : ''}>
                          <span className="robot-name">{words.robot}</span> — {words.when}
                          {words.settings.length > 0 ? `: ${words.settings.join('; ')}` : ''}
                          {step.coveredBy ? ` (${t('automation.covered', { name: step.coveredBy })})` : ''}
                          {words.recommendation ? <div className="muted-inline">{words.recommendation}</div> : null}
                        </li>
                      );
                    })}
                  </ul>
                </li>
              ))}
            {checklist.general.length > 0 && (
              <li>
                <b>{t('automation.general')}</b>
                <ul>
                  {checklist.general.map((step) => {
                    const words = wordRobotStep(t.language, step);
                    return (
                      <li key={step.recipeId}>
                        <span className="robot-name">{words.robot}</span> — {words.when}
                        {words.settings.length > 0 ? `: ${words.settings.join('; ')}` : ''}
                      </li>
                    );
                  })}
                </ul>
              </li>
            )}
          </ol>
          {portalIsReal ? (
            <a className="button" href={checklist.automationUrl} target="_blank" rel="noreferrer" data-testid="automation-open">
              {t('automation.open')}
            </a>
          ) : (
            automation.checklistFile && (
              <div className="muted-inline">
                {t('automation.file')} <code>{automation.checklistFile}</code>
              </div>
            )
          )}
        </>
      )}
    </div>
  );
}
