import { useEffect, useState } from 'react';
import type { MessageKey } from '../../i18n/messages-en';
import { errorText } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { wordOperation } from '../../i18n/word-operation';
import { wordPlanWarning } from '../../i18n/word-plan-warning';
import { runOfOpenFile } from '../../store/migration-slice';
import { useAppStore } from '../../store/use-app-store';
import { itemsHaveTitle } from '../review/title-column';
import { FollowUpButtons } from './follow-up-buttons';
import { LoadEstimate } from './load-estimate';
import { FunnelsSummary } from './funnels-summary';
import { IntoReport } from './into-report';
import { RunPanel } from './run-panel';
import { TargetChooser } from './target-chooser';

const SHOWN_SAMPLES = 3;

/**
 * What “Create in portal” will do, exactly (a dry run against the portal):
 * the smart process and its switches, fields, stages as a kanban with sample
 * cards, the item count; then the one button.
 */
export function CreatePanel() {
  const t = useT();
  const activePortalId = useAppStore((state) => state.activePortalId);
  const planState = useAppStore((state) => state.planState);
  const runState = useAppStore(runOfOpenFile);
  const anyRun = useAppStore((state) => state.runState);
  const otherRunning = anyRun.status === 'running' && runState.status === 'idle' ? anyRun.source : undefined;
  const review = useAppStore((state) => state.review);
  const loadPlan = useAppStore((state) => state.loadPlan);
  const startMigration = useAppStore((state) => state.startMigration);
  const showView = useAppStore((state) => state.showView);
  const showTab = useAppStore((state) => state.showTab);
  const syncOpenFile = useAppStore((state) => state.syncOpenFile);
  const runFollowUp = useAppStore((state) => state.runFollowUp);
  const [showOperations, setShowOperations] = useState(false);
  const migrationTarget = useAppStore((state) => state.migrationTarget);
  const intoUnpicked = migrationTarget.into === 0;

  useEffect(() => {
    if (activePortalId && planState.status === 'idle' && runState.status === 'idle' && review.status === 'ready' && itemsHaveTitle(review.mapping)) void loadPlan();
    // The target is a dependency: picking a smart process after “into an existing one” plans again from idle.
  }, [activePortalId, planState.status, runState.status, review.status, loadPlan, migrationTarget]);

  if (runState.status !== 'idle') return <RunPanel />;
  if (!activePortalId) {
    return (
      <div className="review-panel notice" data-testid="create-need-portal">
        <span>{t('create.needPortal')}</span>
        <button type="button" className="button primary" onClick={() => showView('connect')}>
          {t('people.connect')}
        </button>
      </div>
    );
  }
  // Nameless cards are not worth a dry run: the person is sent back to choose the title column first.
  if (review.status === 'ready' && !itemsHaveTitle(review.mapping)) {
    return (
      <div className="review-panel create-panel" data-testid="create-panel">
        <div className="create-head">
          <h2>{t('create.go')}</h2>
          <button type="button" className="button primary large" disabled aria-describedby="create-title-missing" data-testid="create-go">
            {t('create.go')}
          </button>
        </div>
        <div className="problem error" role="alert" id="create-title-missing" data-testid="create-title-missing">
          <div>
            <div>{t('fields.titleMissing')}</div>
            <div className="problem-hint">{t('fields.titleMissingHint')}</div>
          </div>
        </div>
        <div>
          <button type="button" className="button" onClick={() => showTab('fields')} data-testid="create-title-fields">
            {t('fields.titleMissingGo')}
          </button>
        </div>
      </div>
    );
  }
  if (intoUnpicked) {
    return (
      <div className="review-panel" data-testid="create-pick">
        <TargetChooser access={undefined} />
        <span className="muted-inline">{t('target.choose')}</span>
      </div>
    );
  }
  if (planState.status === 'idle' || planState.status === 'loading') {
    return (
      <div className="review-panel" data-testid="create-loading">
        <TargetChooser access={undefined} />
        <span className="muted-inline">{t('create.checking')}</span>
      </div>
    );
  }
  // This very sheet's migration is running (the file was opened again): the same notice as for another file's run.
  if (planState.status === 'error' && planState.error.params?.['reason'] === 'projectBusy' && anyRun.status === 'running') {
    return (
      <div className="review-panel">
        <div className="notice" data-testid="create-other-running">
          {t('create.otherRunning', { file: anyRun.source.fileName })}
        </div>
        <button type="button" className="button" onClick={() => void loadPlan()}>
          {t('create.check')}
        </button>
      </div>
    );
  }
  if (planState.status === 'error') {
    const text = errorText(t.language, planState.error);
    return (
      <div className="review-panel">
        <TargetChooser access={undefined} />
        <div className="problem error" role="alert" data-testid="create-error">
          <div>
            <div>{text.message}</div>
            {text.hint && <div className="problem-hint">{text.hint}</div>}
          </div>
        </div>
        <FollowUpButtons followUps={planState.error.followUps} />
        <button type="button" className="button" onClick={() => void loadPlan()}>
          {t('create.check')}
        </button>
      </div>
    );
  }

  const { plan: view } = planState;
  const { summary } = view.plan;
  const into = view.plan.into;
  const blocked = view.alreadyMigrated || view.undonePartly || (into !== undefined && into.problems.length > 0) || otherRunning !== undefined;
  // Into an existing type, stage codes are the portal's: the review's counts are found through the sheet values.
  const reviewCode = (stage: { code: string; values: string[] }): string =>
    review.status === 'ready' ? (review.mapping.stages.find((candidate) => candidate.values.some((value) => stage.values.includes(value)))?.code ?? stage.code) : stage.code;
  const check = review.status === 'ready' ? review.check : undefined;
  const flagLabel = (flag: string): string => {
    const key = `create.flag.${flag}` as MessageKey;
    const text = t(key);
    return text === key ? flag : text;
  };
  return (
    <div className="review-panel create-panel" data-testid="create-panel">
      <div className="create-head">
        <div>
          <h2 data-testid="create-title">{t('create.title', { title: summary.title })}</h2>
          {!view.alreadyMigrated && (
            <div className="muted-inline">
              {summary.smartProcess === 'create' ? t('create.new') : summary.smartProcess === 'into' ? t('create.into') : t('create.reuse')} {t('create.on', { portal: view.portal.kind === 'sandbox' ? t('connect.sandboxLabel') : view.portal.label })}
            </div>
          )}
        </div>
        <button type="button" className="button primary large" disabled={blocked} onClick={() => void startMigration()} data-testid="create-go">
          {t('create.go')}
        </button>
      </div>
      {otherRunning && (
        <div className="notice" data-testid="create-other-running">
          {t('create.otherRunning', { file: otherRunning.fileName })}
        </div>
      )}
      {view.alreadyMigrated && (
        <div className="notice notice-action" data-testid="create-already">
          <span>{t('create.already')}</span>
          <button type="button" className="button primary" onClick={() => void syncOpenFile(view.projectId)} data-testid="create-sync">
            {t('create.syncThis')}
          </button>
        </div>
      )}
      {view.undonePartly && (
        <div className="notice notice-action" data-testid="create-undone-partly">
          <span>{t('create.undonePartly')}</span>
          <button type="button" className="button primary" onClick={() => void runFollowUp({ kind: 'undo', project: view.projectPath })} data-testid="create-finish-undo">
            {t('create.finishUndo')}
          </button>
        </div>
      )}
      {view.resuming && <div className="notice">{t('create.resuming')}</div>}
      {/* A migrated sheet goes on by sync: what a new run would choose, create or warn about no longer applies. */}
      {!view.alreadyMigrated && (
      <>
      <TargetChooser access={view.plan.access} />

      {summary.flagsToSet.length > 0 && (
      <div className="flag-row" data-testid="create-flags">
        <span className="muted-inline">{t('create.flags')}:</span>
        {summary.flagsToSet.map((flag) => (
          <span key={flag} className="flag-chip" data-flag={flag}>
            ✓ {flagLabel(flag)}
          </span>
        ))}
      </div>
      )}

      <div className="create-numbers">
        <BigNumber label={t('create.items')} value={t.n(summary.itemsToCreate)} testId="create-items" />
        <BigNumber label={t('create.fields')} value={t.n(summary.fieldsToCreate)} testId="create-fields" />
        <BigNumber label={t('create.stages')} value={t.n(view.mapping.stages.length)} testId="create-stages" />
        {summary.clientsToCreate > 0 && <BigNumber label={t('create.clients')} value={t.n(summary.clientsToCreate)} testId="create-clients" />}
        {summary.itemsFailed > 0 && <BigNumber label={t('create.failing')} value={t.n(summary.itemsFailed)} testId="create-failing" warn />}
      </div>

      <LoadEstimate estimate={view.plan.loadEstimate} />
      {into && <IntoReport into={into} />}
      {view.plan.funnels && view.mapping.funnel && <FunnelsSummary funnels={view.plan.funnels} column={view.mapping.funnel.column} />}

      <h3>{t('create.kanban')}</h3>
      <ol className="kanban preview" data-testid="create-kanban">
        {view.mapping.stages.map((stage) => {
          const samples = check?.stageSamples[reviewCode(stage)] ?? [];
          const count = check?.stageCounts[reviewCode(stage)] ?? 0;
          return (
            <li key={stage.code} className={`kanban-column ${stage.semantics}`} data-testid="preview-stage">
              <div className="kanban-bar" style={{ background: stage.color }} />
              <div className="kanban-title">
                {stage.name} <span className="stage-count">{t.n(count)}</span>
              </div>
              {samples.slice(0, SHOWN_SAMPLES).map((title, index) => (
                <div key={index} className="sample-card">
                  {title}
                </div>
              ))}
              {count > SHOWN_SAMPLES && <div className="muted-inline">{t('create.more', { count: t.n(count - SHOWN_SAMPLES) })}</div>}
            </li>
          );
        })}
      </ol>

      {view.plan.warnings.length > 0 && (
        <div className="create-warnings">
          <h3>{t('create.warnings')}</h3>
          <ul>
            {view.plan.warnings.map((warning, index) => (
              <li key={index}>{wordPlanWarning(t.language, warning)}</li>
            ))}
          </ul>
        </div>
      )}

      <button type="button" className="link-button no-margin" onClick={() => setShowOperations(!showOperations)} aria-expanded={showOperations} data-testid="create-operations-toggle">
        {t('create.operations', { count: t.n(view.plan.operations.length) })}
      </button>
      {showOperations && (
        <ol className="operations" data-testid="create-operations">
          {view.plan.operations.map((operation, index) => (
            <li key={index}>
              <code>{operation.method}</code> {wordOperation(t.language, operation.note)}
            </li>
          ))}
        </ol>
      )}
      </>
      )}
    </div>
  );
}

function BigNumber({ label, value, testId, warn = false }: { label: string; value: string; testId: string; warn?: boolean }) {
  return (
    <div className={warn ? 'big-number warn' : 'big-number'} data-testid={testId}>
      <div className="big-number-value">{value}</div>
      <div className="big-number-label">{label}</div>
    </div>
  );
}
