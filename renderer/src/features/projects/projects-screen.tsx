import { useEffect } from 'react';
import type { MessageKey } from '../../i18n/messages-en';
import { errorText } from '../../i18n/translate';
import { useT, type T } from '../../i18n/use-t';
import { useAppStore } from '../../store/use-app-store';
import { readDroppedFile } from '../import/read-dropped-file';
import { FilePickButton } from '../import/file-pick-button';
import type { ProjectView, SyncChange, SyncResult, SyncValue } from '../../../../shared/runs/results/types';
import { DownloadWriteBack } from '../create/download-write-back';
import { MigrationProgress } from '../create/run-panel';
import { UndoPanel } from './undo-panel';
import { undoneCard, type UndoneCard } from './undone-card';
import { UndoneSummary } from './undone-summary';
import { DEFAULT_UNDO_OPTIONS } from '../../store/projects-slice';
import { useFileOpener } from '../import/use-file-opener';
import { FollowUpButtons } from '../create/follow-up-buttons';
import { kanbanUrl } from '../create/kanban-url';
import { wordRowFailure } from '../../i18n/word-row-failure';
import { quoteName } from '../../i18n/quote-name';
import { moneyText } from '../review/format-sent-value';

function formatDate(language: 'en' | 'ru', iso: string): string {
  return new Date(iso).toLocaleString(language === 'ru' ? 'ru-RU' : 'en-US', { dateStyle: 'medium', timeStyle: 'short' });
}

/** Every migration the app made, each with “Sync…”: the second half of the journey. */
export function ProjectsScreen() {
  const t = useT();
  const projects = useAppStore((state) => state.projects);
  const projectsError = useAppStore((state) => state.projectsError);
  const loadProjects = useAppStore((state) => state.loadProjects);
  const syncState = useAppStore((state) => state.syncState);
  const beginSync = useAppStore((state) => state.beginSync);
  const resumeState = useAppStore((state) => state.resumeState);
  const resumeProject = useAppStore((state) => state.resumeProject);
  const undoState = useAppStore((state) => state.undoState);
  const beginUndo = useAppStore((state) => state.beginUndo);
  const run = useAppStore((state) => state.runState);
  // The project a migration is writing right now: resuming, syncing or undoing it meanwhile would race that run.
  const migratingId = run.status === 'running' ? run.source.projectId : undefined;

  useEffect(() => {
    void loadProjects();
  }, [loadProjects]);

  return (
    <div className="connect-screen" data-testid="projects-screen">
      <div className="connect-head">
        <h1>{t('projects.title')}</h1>
        <p>{t('projects.lead')}</p>
      </div>
      {projectsError && <div className="problem error">{errorText(t.language, projectsError).message}</div>}
      {projects.length === 0 && !projectsError && (
        <div className="card muted" data-testid="projects-empty">
          {t('projects.empty')}
        </div>
      )}
      <ul className="project-list">
        {projects.map((project) => {
          const undone = undoneCard(project);
          return (
            <li key={project.id} className="card project-card" data-testid="project-card">
              <div className="project-head">
                <div>
                  <div className="project-title">{project.title}</div>
                  <div className="saved-portal-meta">
                    {project.sourceFile} · {project.sheet} · {project.portalKind === 'sandbox' ? t('connect.sandboxLabel') : project.portalDisplay}
                  </div>
                  <div className="saved-portal-meta">
                    {undone
                      ? `${t(undone.outcome === 'complete' ? 'projects.status.undone' : 'projects.status.undonePartly')} · ${formatDate(t.language, undone.at)}`
                      : `${t(`projects.status.${project.status}` as MessageKey)} · ${project.lastSyncAt ? t('projects.lastSync', { date: formatDate(t.language, project.lastSyncAt) }) : t('projects.created', { date: formatDate(t.language, project.createdAt) })}`}
                  </div>
                </div>
                {undone ? (
                  <UndoneActions project={project} card={undone} busy={undoState.status === 'running' || syncState.status === 'running' || resumeState.status === 'running' || project.id === migratingId} />
                ) : (
                  <div className="project-actions">
                    {project.status === 'done' && <ProjectKanbanLink project={project} />}
                    {project.status !== 'done' && (
                      <button
                        type="button"
                        className="button primary"
                        disabled={!project.portalId || resumeState.status === 'running' || project.id === migratingId}
                        title={project.portalId ? undefined : t('projects.noPortal')}
                        onClick={() => void resumeProject(project.id)}
                        data-testid="project-resume"
                      >
                        {t('projects.resume')}
                      </button>
                    )}
                    <button
                      type="button"
                      className="button"
                      disabled={!project.portalId || project.status !== 'done' || syncState.status === 'running' || project.id === migratingId}
                      title={project.portalId ? undefined : t('projects.noPortal')}
                      onClick={() => beginSync(project.id)}
                      data-testid="project-sync"
                    >
                      {t('projects.sync')}
                    </button>
                    <button
                      type="button"
                      className="button subtle"
                      disabled={!project.portalId || undoState.status === 'running' || syncState.status === 'running' || resumeState.status === 'running' || project.id === migratingId}
                      title={project.portalId ? undefined : t('projects.noPortal')}
                      onClick={() => void beginUndo(project.id)}
                      data-testid="project-undo"
                    >
                      {t('projects.undo')}
                    </button>
                  </div>
                )}
              </div>
              {undone && <UndoneSummary project={project} card={undone} date={formatDate(t.language, undone.at)} />}
              {resumeState.status !== 'idle' && resumeState.projectId === project.id && <ResumePanel />}
              {/* A sync's outcome (and its copy with Bitrix24 ids) described items an undo has since deleted. */}
              {!undone && syncState.status !== 'idle' && syncState.projectId === project.id && <SyncPanel project={project} />}
              {undoState.status !== 'idle' && undoState.projectId === project.id && <UndoPanel />}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function ResumePanel() {
  const t = useT();
  const resumeState = useAppStore((state) => state.resumeState);
  if (resumeState.status === 'running') {
    return (
      <div className="sync-panel" data-testid="resume-running">
        <MigrationProgress progress={resumeState.progress} />
      </div>
    );
  }
  if (resumeState.status === 'failed') {
    const text = errorText(t.language, resumeState.error);
    return (
      <div className="sync-panel">
        <div className="problem error" role="alert" data-testid="resume-error">
          <div>
            <div>{text.message}</div>
            {text.hint && <div className="problem-hint">{text.hint}</div>}
          </div>
        </div>
        <FollowUpButtons followUps={resumeState.error.followUps} />
      </div>
    );
  }
  if (resumeState.status !== 'done') return null;
  const items = resumeState.result.items;
  return (
    <div className="sync-panel" data-testid="resume-done">
      <div className="check-line ok strong">{t('done.title')}</div>
      <div>{t('projects.resumed', { created: t.n(items.created), failed: t.n(items.failed) })}</div>
    </div>
  );
}

function SyncPanel({ project }: { project: ProjectView }) {
  const t = useT();
  const syncState = useAppStore((state) => state.syncState);
  const policies = useAppStore((state) => state.syncPolicies);
  const chooseSyncFile = useAppStore((state) => state.chooseSyncFile);
  const rereadSyncFile = useAppStore((state) => state.rereadSyncFile);
  const setSyncPolicies = useAppStore((state) => state.setSyncPolicies);
  const applySync = useAppStore((state) => state.applySync);
  const endSync = useAppStore((state) => state.endSync);

  const picker = (
    <>
      <FilePickButton
        className="button primary"
        label={t('sync.pickButton')}
        buttonTestId="sync-pick"
        inputTestId="sync-file-input"
        onFiles={([file]) => {
          if (file) void readDroppedFile(file).then(({ fileName, bytes, sourcePath }) => chooseSyncFile(fileName, bytes, sourcePath));
        }}
      />
    </>
  );

  if (syncState.status === 'pick') {
    return (
      <div className="sync-panel" data-testid="sync-panel">
        {project.rereadable ? (
          <>
            <p>{t('sync.reread', { file: project.sourceFile })}</p>
            <div className="form-actions">
              <button type="button" className="button primary" onClick={() => void rereadSyncFile(project.sourceFile)} data-testid="sync-reread">
                {t('sync.rereadButton', { file: project.sourceFile })}
              </button>
              {picker}
            </div>
          </>
        ) : (
          <>
            <p>{t('sync.pick', { file: project.sourceFile })}</p>
            {picker}
          </>
        )}
      </div>
    );
  }
  if (syncState.status === 'previewing') {
    return (
      <div className="sync-panel" data-testid="sync-panel">
        <span className="muted-inline">{t('sync.reading', { file: syncState.fileName })}</span>
      </div>
    );
  }
  if (syncState.status === 'failed') {
    const text = errorText(t.language, syncState.error);
    return (
      <div className="sync-panel" data-testid="sync-panel">
        <div className="problem error" role="alert" data-testid="sync-error">
          <div>
            <div>{text.message}</div>
            {text.hint && <div className="problem-hint">{text.hint}</div>}
          </div>
        </div>
        <FollowUpButtons followUps={syncState.error.followUps} />
        <div className="form-actions">
          {picker}
          <button type="button" className="button" onClick={endSync}>
            {t('sync.close')}
          </button>
        </div>
      </div>
    );
  }
  if (syncState.status === 'running') {
    const progress = syncState.progress;
    const fraction = progress?.phase === 'applying' && progress.total > 0 ? progress.done / progress.total : undefined;
    return (
      <div className="sync-panel" data-testid="sync-running">
        <div className="run-phase">{t('sync.running')}</div>
        <div className="progress">
          <div className={fraction === undefined ? 'progress-bar indeterminate' : 'progress-bar'} style={fraction === undefined ? undefined : { width: `${fraction * 100}%` }} />
        </div>
      </div>
    );
  }
  if (syncState.status === 'done') {
    const items = syncState.result.items;
    return (
      <div className="sync-panel" data-testid="sync-done">
        <div className="check-line ok strong">{t('sync.done')}</div>
        <div data-testid="sync-done-line">{t(policies.removed.kind === 'keep' ? 'journey.sync.doneLineKept' : 'sync.doneLine', { created: items.created, updated: items.updated, unchanged: items.unchanged, removed: policies.removed.kind === 'keep' ? items.kept : items.removed - items.kept, conflicts: items.conflicts, failed: items.failed })}</div>
        <StaleEdits edits={syncState.result.staleEdits} applied />
        <DownloadWriteBack projectPath={project.projectPath} />
        <div className="form-actions">
          <button type="button" className="button" onClick={endSync}>
            {t('sync.close')}
          </button>
        </div>
      </div>
    );
  }
  if (syncState.status !== 'preview') return null;
  const { diff } = syncState;
  const items = diff.items;
  const quote = (name: string): string => quoteName(t.language, name);
  const schemaWhat = [...diff.changes.fields, ...diff.changes.stages, ...(diff.changes.funnels ?? [])].map(quote).join(', ');
  // Shown while the change is only found and also once chosen, so the choice can be taken back before Apply.
  const schemaFound = diff.changes.pending || (policies.allowSchemaChanges && (schemaWhat !== '' || diff.changes.lists.length > 0));
  const changes = diff.diff.filter((change) => change.action !== 'unchanged');
  const nothing = changes.length === 0 && !diff.changes.pending;
  const deletions = diff.diff.filter((change) => change.action === 'remove' && change.removal === 'delete').length;
  const needsConfirmation = deletions > 0 && policies.confirmRemovals !== deletions;
  // Rows that wait for a stage value or list item the choice above would add: shown with that choice, not as errors.
  const waiting = (failure: SyncResult['failures'][number]): boolean => diff.changes.pending && (failure.problem === 'stage' || failure.problem === 'list-item');
  const heldBack = diff.failures.filter(waiting);
  const otherFailures = diff.failures.filter((failure) => !waiting(failure));
  // A sheet keyed by its rows' cells: new and gone rows left unmatched may be one edited row, and applying would make a second card.
  const unmatchedNew = diff.rowsByContent ? changes.filter((change) => change.action === 'create').length : 0;
  const unmatchedGone = diff.rowsByContent ? changes.filter((change) => change.action === 'remove').length : 0;
  return (
    <div className="sync-panel" data-testid="sync-preview">
      <div className="muted-inline">{syncState.fileName}</div>
      <h3>{t('sync.summary')}</h3>
      <div className="create-numbers">
        {(
          [
            ['sync.create', items.created, 'sync-created'],
            ['sync.update', items.updated, 'sync-updated'],
            ['sync.unchanged', items.unchanged, 'sync-unchanged'],
            ['sync.removedActed', items.removed - items.kept, 'sync-removed'],
            ['sync.kept', items.kept, 'sync-kept'],
            ['sync.conflicts', items.conflicts, 'sync-conflicts'],
            ['sync.failed', items.failed, 'sync-failed'],
          ] as const
        ).map(([key, value, testId]) => (
          <div key={key} className={(key === 'sync.conflicts' || key === 'sync.failed') && value > 0 ? 'big-number warn' : 'big-number'} data-testid={testId}>
            <div className="big-number-value">{t.n(value)}</div>
            <div className="big-number-label">{t(key)}</div>
          </div>
        ))}
      </div>
      {schemaFound && (
        <div className="notice sync-schema" data-testid="sync-schema">
          {schemaWhat !== '' && <span>{t('sync.schema', { what: schemaWhat })}</span>}
          {diff.changes.lists.length > 0 && (
            <ul className="sync-list-values" data-testid="sync-list-values">
              {diff.changes.lists.map((list) => (
                <li key={list.column}>
                  {t(policies.allowSchemaChanges ? 'sync.listValuesAdded' : 'sync.listValues', { column: quote(list.column), values: list.items.map(quote).join(', '), rows: t.n(list.rows) })}
                </li>
              ))}
            </ul>
          )}
          <label>
            <input type="checkbox" checked={policies.allowSchemaChanges} onChange={(event) => void setSyncPolicies({ allowSchemaChanges: event.currentTarget.checked })} data-testid="sync-allow-schema" /> {t('sync.allowSchema')}
          </label>
          {heldBack.length > 0 && (
            <div data-testid="sync-held-back">
              <div>{t('sync.heldBack', { count: t.n(heldBack.length) })}</div>
              <ul className="problem-list">
                {heldBack.slice(0, 50).map((failure, index) => (
                  <li key={index}>{wordRowFailure(t.language, failure)}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
      <div className="sync-policies">
        <label>
          <span className="field-label">{t('sync.removedPolicy')}</span>
          <select className="select" value={policies.removed.kind} onChange={(event) => void setSyncPolicies({ removed: { kind: event.currentTarget.value as 'keep' | 'delete' } })} data-testid="sync-removed-policy">
            <option value="keep">{t('sync.removed.keep')}</option>
            <option value="delete">{t('sync.removed.delete')}</option>
          </select>
        </label>
        <label>
          <span className="field-label">{t('sync.conflictPolicy')}</span>
          <select className="select" value={policies.conflicts} onChange={(event) => void setSyncPolicies({ conflicts: event.currentTarget.value as typeof policies.conflicts })} data-testid="sync-conflict-policy">
            <option value="skip">{t('sync.conflict.skip')}</option>
            <option value="sheet-wins">{t('sync.conflict.sheet-wins')}</option>
            <option value="portal-wins">{t('sync.conflict.portal-wins')}</option>
          </select>
        </label>
      </div>
      {nothing ? (
        <div className="check-line ok strong" data-testid="sync-nothing">
          {t('sync.nothing')}
        </div>
      ) : (
        <>
          <h3>{t('sync.changes', { count: t.n(changes.length) })}</h3>
          <ul className="change-list" data-testid="sync-changes">
            {changes.slice(0, 200).map((change) => (
              <li key={change.key} data-action={change.action}>
                <span className={`action-tag ${change.action}`}>{t(`sync.action.${change.action}` as MessageKey)}</span> <b>{rowName(t, change, diff.rowsByContent === true)}</b>
                {rowPlace(t, change, diff.rowsByContent === true)}
                {change.pairedFrom !== undefined ? ` · ${t('sync.pairedRow')}` : ''}
                {change.fields.length > 0 ? ` · ${change.fields.join(', ')}` : ''}
                {change.conflicts.length > 0 ? ` · ⚠ ${change.conflicts.join(', ')}` : ''}
                {change.values && change.values.length > 0 && (
                  <ul className="value-changes" data-testid="sync-value-changes">
                    {change.values.map((value) => (
                      <li key={value.field}>
                        <span className="value-field">{value.field}:</span> <span className="value-before">{wordValue(t, value.before)}</span> → <span className="value-after">{wordValue(t, value.after)}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {unmatchedNew > 0 && unmatchedGone > 0 && (
        <div className="problem warning" role="alert" data-testid="sync-unmatched">
          {t('sync.byContent', { created: t.n(unmatchedNew), gone: t.n(unmatchedGone), fate: t(policies.removed.kind === 'delete' ? 'sync.byContent.delete' : 'sync.byContent.keep') })}
        </div>
      )}
      {deletions > 0 && (
        <label className="notice danger" data-testid="sync-confirm-deletions">
          <span>
            <input type="checkbox" checked={policies.confirmRemovals === deletions} onChange={(event) => void setSyncPolicies({ confirmRemovals: event.currentTarget.checked ? deletions : 0 })} /> {t('sync.confirmDelete', { count: t.n(deletions) })}
          </span>
        </label>
      )}
      <StaleEdits edits={diff.staleEdits} applied={false} />
      {otherFailures.length > 0 && (
        <ul className="problem-list">
          {otherFailures.slice(0, 50).map((failure, index) => (
            <li key={index}>{wordRowFailure(t.language, failure)}</li>
          ))}
        </ul>
      )}
      <div className="form-actions">
        <button type="button" className="button primary" disabled={nothing || needsConfirmation} onClick={() => void applySync()} data-testid="sync-apply">
          {t('sync.apply')}
        </button>
        <button type="button" className="button" onClick={endSync}>
          {t('sync.close')}
        </button>
      </div>
    </div>
  );
}

/**
 * How a person knows a changed row: its key, or — when the sheet has no key
 * column and rows are known by their cells — the card's title (the row
 * number alone when it has none), never the internal fingerprint.
 */
function rowName(t: T, change: SyncChange, byContent: boolean): string {
  if (!byContent) return change.key;
  if (change.title !== undefined) return quoteName(t.language, change.title);
  if (change.row !== undefined) return t('sync.changeRow', { row: change.row });
  return change.lastRow !== undefined ? t('sync.goneRow', { row: change.lastRow }) : '';
}

/** Where the row is (or was) in the sheet, after its name. */
function rowPlace(t: T, change: SyncChange, byContent: boolean): string {
  // Without a title the row number is the name already.
  const named = !byContent || change.title !== undefined;
  if (change.row !== undefined) return named ? ` · ${t('sync.changeRow', { row: change.row })}` : '';
  if (change.lastRow !== undefined && named) return ` · ${t('sync.goneRow', { row: change.lastRow })}`;
  return '';
}

/** A portal value as the person reads it in the UI language. */
function wordValue(t: T, value: SyncValue): string {
  switch (value.kind) {
    case 'empty':
      return t('sync.value.empty');
    case 'yes':
      return t('sync.value.yes');
    case 'no':
      return t('sync.value.no');
    case 'date':
    case 'datetime': {
      const date = new Date(value.kind === 'date' ? `${value.iso}T00:00:00` : value.iso);
      if (Number.isNaN(date.getTime())) return value.iso;
      const locale = t.language === 'ru' ? 'ru-RU' : 'en-GB';
      return value.kind === 'date' ? date.toLocaleDateString(locale) : date.toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });
    }
    case 'number':
      return t.n(value.value);
    case 'money':
      return moneyText(t, value.amount, value.currency);
    case 'text':
      return value.text;
  }
}

/** Cells edited in the app's preview that the sheet has changed since: the sheet wins, and the person is told. */
function StaleEdits({ edits, applied }: { edits: SyncResult['staleEdits']; applied: boolean }) {
  const t = useT();
  if (edits.length === 0) return null;
  return (
    <div className="notice" data-testid="sync-stale-edits">
      <div>
        <div>{t(applied ? 'sync.staleApplied' : 'sync.stale', { count: t.n(edits.length) })}</div>
        <ul className="problem-list">
          {edits.slice(0, 20).map((edit) => (
            <li key={`${edit.anchor ? `${edit.anchor.index}\u0000${edit.anchor.cells}` : edit.key}\u0000${edit.column}`}>
              {t(edit.rowChanged ? 'sync.staleRowLine' : 'sync.staleLine', { row: edit.row, column: edit.column, value: edit.value, sheet: edit.sheetNow })}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/**
 * What an undone project offers: migrating the sheet afresh once nothing of
 * the old migration is left, finishing an undo that did not get everything,
 * removing the created companies and contacts it left, and the kanban only
 * while the smart process stays.
 */
function UndoneActions({ project, card, busy }: { project: ProjectView; card: UndoneCard; busy: boolean }) {
  const t = useT();
  const beginUndo = useAppStore((state) => state.beginUndo);
  const showView = useAppStore((state) => state.showView);
  const open = useFileOpener();
  const noPortal = project.portalId ? undefined : t('projects.noPortal');
  return (
    <div className="project-actions">
      {card.kanban && <ProjectKanbanLink project={project} />}
      {card.migrateAgain && (
        <FilePickButton
          className="button primary"
          label={t('projects.migrateAgain')}
          buttonTestId="project-migrate-again"
          inputTestId="project-migrate-again-input"
          onFiles={(files) => {
            open(files);
            showView('import');
          }}
        />
      )}
      {card.finishUndo && (
        <button type="button" className="button subtle" disabled={!project.portalId || busy} title={noPortal} onClick={() => void beginUndo(project.id)} data-testid="project-undo">
          {t('projects.finishUndo')}
        </button>
      )}
      {card.removeClients && (
        <button
          type="button"
          className="button subtle"
          disabled={!project.portalId || busy}
          title={noPortal}
          onClick={() => void beginUndo(project.id, { ...DEFAULT_UNDO_OPTIONS, removeClients: true })}
          data-testid="project-remove-clients"
        >
          {t('projects.removeClients')}
        </button>
      )}
    </div>
  );
}

/** The project's kanban in its portal, when that portal is a real one connected in the app. */
function ProjectKanbanLink({ project }: { project: ProjectView }) {
  const t = useT();
  const portal = useAppStore((state) => state.portals.find((candidate) => candidate.id === project.portalId));
  const href = kanbanUrl(portal, project.entityTypeId, project.categoryId);
  if (!href) return null;
  return (
    <a className="button subtle" href={href} target="_blank" rel="noreferrer" data-testid="project-kanban">
      {t('projects.openKanban')}
    </a>
  );
}
