import { errorText } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { runOfOpenFile } from '../../store/migration-slice';
import { useAppStore } from '../../store/use-app-store';
import { kanbanUrl } from './kanban-url';
import { portalWaitText, shortPortalWaitText } from './portal-wait';

/**
 * A migration of a file that is no longer on screen: it goes on after
 * another file is opened, so its progress and its outcome show here, named
 * by its file, and never on the new file's screens.
 */
export function BackgroundRun() {
  const t = useT();
  const run = useAppStore((state) => state.runState);
  const here = useAppStore(runOfOpenFile);
  const view = useAppStore((state) => state.view);
  const cancelMigration = useAppStore((state) => state.cancelMigration);
  const portal = useAppStore((state) => state.portals.find((candidate) => candidate.id === state.activePortalId));
  // A finished run of a migration undone since describes items that are gone: the project card tells what is true.
  const undone = useAppStore((state) => {
    const ended = state.runState;
    return ended.status !== 'idle' && ended.status !== 'running' && state.projects.some((project) => project.id === ended.source.projectId && project.undo !== undefined);
  });
  // The open file's own run shows in its Create tab (unless another screen is in front).
  if (run.status === 'idle' || undone || (here.status !== 'idle' && view === 'import')) return null;
  const file = run.source.fileName;

  if (run.status === 'running') {
    const load = run.progress?.phase === 'loading' ? run.progress.load : undefined;
    const fraction = load?.total ? Math.min(1, (load.done + load.failed) / load.total) : undefined;
    // A time budget refilling holds the run for minutes: the bar says so rather than sit still.
    const wait = load ? shortPortalWaitText(t, load) : undefined;
    return (
      <div className="banner info background-run" data-testid="background-run" data-status="running">
        <span className="background-run-text">
          {t('bgrun.running', { file })}
          {load?.total !== undefined ? ` · ${t('run.rows', { done: t.n(load.done), total: t.n(load.total) })}` : ` · ${t(`run.phase.${run.progress?.phase ?? 'reading'}`)}`}
          {wait !== undefined && (
            <span className="background-run-wait" data-testid="background-run-waiting" title={load ? portalWaitText(t, load) : undefined}>
              {` · ${wait}`}
            </span>
          )}
        </span>
        <span className="progress background-run-bar" role="progressbar" aria-label={t('bgrun.running', { file })} aria-valuemin={0} aria-valuemax={100} aria-valuenow={fraction === undefined ? undefined : Math.round(fraction * 100)}>
          <span className={fraction === undefined ? 'progress-bar indeterminate' : 'progress-bar'} style={fraction === undefined ? undefined : { width: `${fraction * 100}%` }} />
        </span>
        <button type="button" className="button" disabled={run.cancelling} onClick={() => void cancelMigration()} data-testid="background-run-cancel">
          {run.cancelling ? t('run.cancelling') : t('run.cancel')}
        </button>
      </div>
    );
  }

  if (run.status === 'completed') {
    const { result } = run;
    const kanban = kanbanUrl(portal, result.entityTypeId, result.categoryId);
    return (
      <div className={result.items.failed > 0 ? 'banner warn background-run' : 'banner info background-run'} data-testid="background-run" data-status="completed">
        <span className="background-run-text">
          {t('bgrun.completed', { file, created: t.n(result.items.created) })}
          {result.items.failed > 0 ? ` · ${t('bgrun.failedRows', { count: t.n(result.items.failed) })}` : ''}
        </span>
        {kanban && (
          <a className="button" href={kanban} target="_blank" rel="noreferrer">
            {t('bgrun.openKanban')}
          </a>
        )}
        <EndedRunActions />
      </div>
    );
  }

  const text = errorText(t.language, run.error);
  return (
    <div className={run.outcome === 'cancelled' ? 'banner info background-run' : 'banner error background-run'} role="alert" data-testid="background-run" data-status={run.outcome}>
      <span className="background-run-text">
        {run.outcome === 'cancelled' ? t('bgrun.cancelled', { file }) : `${t('bgrun.stopped', { file })} ${text.message}`}
      </span>
      <EndedRunActions />
    </div>
  );
}

/** What a person does with another file's finished run: look at it in Projects, or put it away. */
function EndedRunActions() {
  const t = useT();
  const view = useAppStore((state) => state.view);
  const closeRun = useAppStore((state) => state.closeRun);
  const showView = useAppStore((state) => state.showView);
  return (
    <>
      {view !== 'projects' && (
        <button type="button" className="button" onClick={() => showView('projects')}>
          {t('bgrun.details')}
        </button>
      )}
      <button type="button" className="button" onClick={closeRun} data-testid="background-run-dismiss">
        {t('bgrun.dismiss')}
      </button>
    </>
  );
}
