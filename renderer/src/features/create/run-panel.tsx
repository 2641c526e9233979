import type { MigrateProgress } from '../../../../shared/runs/migrate/types';
import type { MessageKey } from '../../i18n/messages-en';
import { errorText } from '../../i18n/translate';
import { useT, type T } from '../../i18n/use-t';
import { wordSetupNote } from '../../i18n/word-operation';
import { wordPlanWarning } from '../../i18n/word-plan-warning';
import { wordRowFailure } from '../../i18n/word-row-failure';
import { runOfOpenFile } from '../../store/migration-slice';
import { useAppStore } from '../../store/use-app-store';
import { DownloadFailures } from './download-failures';
import { DownloadWriteBack } from './download-write-back';
import { AutomationSummary } from './automation-summary';
import { FollowUpButtons } from './follow-up-buttons';
import { kanbanUrl } from './kanban-url';
import { duration, portalWaitText } from './portal-wait';

/** What the starter-automation step is doing, in the UI language. */
function automationStepText(t: T, progress: Extract<MigrateProgress, { phase: 'automation' }>): string {
  if (progress.step === 'installing' && progress.install) {
    return t('coreAutomation.installing', { done: t.n(progress.install.done + 1), total: t.n(progress.install.total), name: progress.install.current });
  }
  return t(progress.step === 'writing' ? 'coreAutomation.writing' : 'coreAutomation.preparing');
}

/** A migration's live progress: phase, bar, rows, speed, ETA and what the portal's limits are doing. */
export function MigrationProgress({ progress }: { progress: MigrateProgress | undefined }) {
  const t = useT();
  const phase = progress?.phase ?? 'reading';
  const load = progress?.phase === 'loading' ? progress.load : undefined;
  const fraction = load && load.total ? Math.min(1, (load.done + load.failed) / load.total) : phase === 'verifying' || phase === 'done' ? 1 : undefined;
  return (
    <div className="run-progress" data-testid="run-progress" data-phase={phase}>
      <div className="run-phase">
        {t(`run.phase.${phase}` as MessageKey)}
        {progress?.phase === 'setup' ? ` — ${wordSetupNote(t.language, progress.note)}` : progress?.phase === 'automation' ? ` — ${automationStepText(t, progress)}` : ''}
      </div>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={fraction === undefined ? undefined : Math.round(fraction * 100)}>
        <div className={fraction === undefined ? 'progress-bar indeterminate' : 'progress-bar'} style={fraction === undefined ? undefined : { width: `${fraction * 100}%` }} />
      </div>
      {load && (
        <div className="run-facts" data-testid="run-facts">
          {load.total !== undefined && <span>{t('run.rows', { done: t.n(load.done), total: t.n(load.total) })}</span>}
          {load.failed > 0 && <span className="warn-text">{t('run.failed', { count: t.n(load.failed) })}</span>}
          {load.rowsPerSecond > 0 && <span>{t('run.speed', { rate: t.n(Math.round(load.rowsPerSecond)) })}</span>}
          {load.etaSeconds !== undefined && load.etaSeconds > 0 && <span>{t('run.eta', { time: duration(t, load.etaSeconds) })}</span>}
          {load.waitingFor && (
            <span className="muted-inline" data-testid="run-waiting">
              {portalWaitText(t, load)}
            </span>
          )}
        </div>
      )}
    </div>
  );
}

/** The run of a migration: live progress with pause, then the outcome. */
export function RunPanel() {
  const t = useT();
  const runState = useAppStore(runOfOpenFile);
  const cancelMigration = useAppStore((state) => state.cancelMigration);
  const startMigration = useAppStore((state) => state.startMigration);
  const closeRun = useAppStore((state) => state.closeRun);
  const showView = useAppStore((state) => state.showView);
  const portals = useAppStore((state) => state.portals);
  const activePortalId = useAppStore((state) => state.activePortalId);
  const portal = portals.find((candidate) => candidate.id === activePortalId);

  if (runState.status === 'running') {
    return (
      <div className="review-panel run-panel" data-testid="run-panel">
        <h2>{t('run.title')}</h2>
        <MigrationProgress progress={runState.progress} />
        <button type="button" className="button" disabled={runState.cancelling} onClick={() => void cancelMigration()} data-testid="run-cancel">
          {runState.cancelling ? t('run.cancelling') : t('run.cancel')}
        </button>
      </div>
    );
  }
  if (runState.status === 'stopped') {
    const text = errorText(t.language, runState.error);
    return (
      <div className="review-panel run-panel" data-testid="run-stopped" data-outcome={runState.outcome}>
        <div className={runState.outcome === 'cancelled' ? 'notice' : 'problem error'} role="alert">
          <div>
            <div>{runState.outcome === 'cancelled' ? t('stopped.cancelled') : `${t('stopped.failed')} ${text.message}`}</div>
            {runState.outcome === 'failed' && text.hint && <div className="problem-hint">{text.hint}</div>}
          </div>
        </div>
        {runState.outcome === 'failed' && <FollowUpButtons followUps={runState.error.followUps} />}
        <div className="form-actions">
          <button type="button" className="button primary" onClick={() => void startMigration()} data-testid="run-retry">
            {t(runState.outcome === 'cancelled' ? 'stopped.resume' : 'stopped.retry')}
          </button>
          <button type="button" className="button" onClick={closeRun}>
            {t('done.again')}
          </button>
        </div>
      </div>
    );
  }
  if (runState.status !== 'completed') return null;
  const { result } = runState;
  const kanban = kanbanUrl(portal, result.entityTypeId, result.categoryId);
  return (
    <div className="review-panel run-panel" data-testid="run-done">
      <h2>{t('done.title')}</h2>
      <div className="create-numbers">
        <div className="big-number" data-testid="done-created">
          <div className="big-number-value">{t.n(result.items.created)}</div>
          <div className="big-number-label">{t('done.created')}</div>
        </div>
        {result.items.updated > 0 && (
          <div className="big-number">
            <div className="big-number-value">{t.n(result.items.updated)}</div>
            <div className="big-number-label">{t('done.updated')}</div>
          </div>
        )}
        <div className={result.items.failed > 0 ? 'big-number warn' : 'big-number'} data-testid="done-failed">
          <div className="big-number-value">{t.n(result.items.failed)}</div>
          <div className="big-number-label">{t('done.failedRows')}</div>
        </div>
      </div>
      {kanban ? (
        <a className="button primary" href={kanban} target="_blank" rel="noreferrer" data-testid="done-open">
          {t('done.open')}
        </a>
      ) : (
        <div className="notice" data-testid="done-sandbox">
          {t('done.sandbox')}
        </div>
      )}
      <DownloadWriteBack projectPath={result.project} />
      {result.automation && <AutomationSummary automation={result.automation} portalIsReal={portal?.kind === 'webhook'} />}
      <div className="notice notice-action" data-testid="done-project">
        <span>{t('done.project')}</span>
        <button type="button" className="button" onClick={() => showView('projects')} data-testid="done-projects">
          {t('done.toProjects')}
        </button>
      </div>
      {result.failures.length > 0 && (
        <div className="create-warnings">
          <h3>{t('done.failures')}</h3>
          <DownloadFailures failures={result.failures} />
          <ul data-testid="done-failures">
            {result.failures.slice(0, 100).map((failure, index) => (
              <li key={index}>{wordRowFailure(t.language, failure)}</li>
            ))}
          </ul>
        </div>
      )}
      {result.warnings && result.warnings.length > 0 && (
        <div className="create-warnings">
          <h3>{t('create.warnings')}</h3>
          <ul data-testid="done-warnings">
            {result.warnings.slice(0, 100).map((warning, index) => (
              <li key={index}>{wordPlanWarning(t.language, warning)}</li>
            ))}
          </ul>
        </div>
      )}
      <button type="button" className="button" onClick={closeRun}>
        {t('done.again')}
      </button>
    </div>
  );
}
