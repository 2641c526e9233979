import { errorText } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useAppStore } from '../../store/use-app-store';
import type { UndoItem } from '../../../../shared/runs/undo/types';
import { wordUndoFailure } from '../../i18n/word-undo-failure';
import { quoteName } from '../../i18n/quote-name';

/** “Undo this migration”: what goes and what stays, a confirmation naming the count, progress, and the outcome. */
export function UndoPanel() {
  const t = useT();
  const undoState = useAppStore((state) => state.undoState);
  const setUndoForce = useAppStore((state) => state.setUndoForce);
  const confirmUndo = useAppStore((state) => state.confirmUndo);
  const applyUndo = useAppStore((state) => state.applyUndo);
  const endUndo = useAppStore((state) => state.endUndo);

  const close = (
    <button type="button" className="button" onClick={endUndo} data-testid="undo-close">
      {t('undo.close')}
    </button>
  );

  if (undoState.status === 'previewing') {
    return (
      <div className="sync-panel" data-testid="undo-panel">
        <span className="muted-inline">{t('undo.reading')}</span>
      </div>
    );
  }
  if (undoState.status === 'failed') {
    const text = errorText(t.language, undoState.error);
    return (
      <div className="sync-panel" data-testid="undo-panel">
        <div className="problem error" role="alert" data-testid="undo-error">
          <div>
            <div>{text.message}</div>
            {text.hint && <div className="problem-hint">{text.hint}</div>}
          </div>
        </div>
        <div className="form-actions">{close}</div>
      </div>
    );
  }
  if (undoState.status === 'running') {
    const progress = undoState.progress;
    const fraction = progress?.phase === 'items' && progress.total > 0 ? progress.done / progress.total : undefined;
    return (
      <div className="sync-panel" data-testid="undo-running">
        <div className="run-phase">{t('undo.running')}</div>
        <div className="progress">
          <div className={fraction === undefined ? 'progress-bar indeterminate' : 'progress-bar'} style={fraction === undefined ? undefined : { width: `${fraction * 100}%` }} />
        </div>
        {progress?.phase === 'items' && <div className="muted-inline">{t('undo.progressItems', { done: t.n(progress.done), total: t.n(progress.total) })}</div>}
        {progress?.phase === 'structure' && <div className="muted-inline">{t('undo.progressStructure')}</div>}
      </div>
    );
  }
  if (undoState.status === 'done') {
    const { result } = undoState;
    return (
      <div className="sync-panel" data-testid="undo-done">
        <div className={result.complete ? 'check-line ok strong' : 'check-line warn strong'}>{t(result.complete ? 'undo.done' : 'undo.donePartial')}</div>
        <div data-testid="undo-done-line">
          {t('undo.doneLine', {
            deleted: t.n(result.items.deleted),
            kept: t.n(result.items.kept),
            gone: t.n(result.items.alreadyGone),
            failed: t.n(result.items.failed),
            fields: t.n(result.fields.deleted),
            stages: t.n(result.stages.deleted),
          })}
        </div>
        <div>{t(result.type === 'deleted' ? 'undo.typeDeleted' : 'undo.typeKept')}</div>
        <EditedItems items={result.kept} title={t('undo.keptList', { count: t.n(result.kept.length) })} />
        {result.failures.length > 0 && (
          <>
            <ul className="problem-list">
              {result.failures.slice(0, 50).map((failure, index) => (
                <li key={index}>{wordUndoFailure(t.language, failure)}</li>
              ))}
            </ul>
            <div className="muted-inline">{t('undo.again')}</div>
          </>
        )}
        <div className="form-actions">{close}</div>
      </div>
    );
  }
  if (undoState.status !== 'preview') return null;
  const { preview, force, confirmed } = undoState;
  const { plan } = preview;
  const count = preview.items.deleted;
  const edited = plan.items.keptEdited.length + plan.items.toDelete.filter((item) => item.editedColumns.length > 0).length;
  const nothing = count === 0 && preview.fields.deleted === 0 && preview.stages.deleted === 0 && preview.type !== 'deleted';
  const typeLine = plan.type.action === 'delete' ? 'undo.type.delete' : plan.type.action === 'gone' ? 'undo.type.gone' : plan.type.reason === 'not-created-by-project' ? 'undo.type.keepExisting' : 'undo.type.keepItems';
  return (
    <div className="sync-panel" data-testid="undo-preview">
      <h3>{t('undo.summary')}</h3>
      <div className="create-numbers">
        {(
          [
            ['undo.items', count, 'undo-items'],
            ['undo.keptEdited', preview.items.kept, 'undo-kept'],
            ['undo.fields', preview.fields.deleted, 'undo-fields'],
            ['undo.stages', preview.stages.deleted, 'undo-stages'],
            ['undo.alreadyGone', preview.items.alreadyGone, 'undo-gone'],
          ] as const
        )
          // “Already gone” matters only on a re-run after an interruption.
          .filter(([key, value]) => key !== 'undo.alreadyGone' || value > 0)
          .map(([key, value, testId]) => (
          <div key={key} className={key === 'undo.keptEdited' && value > 0 ? 'big-number warn' : 'big-number'} data-testid={testId}>
            <div className="big-number-value">{t.n(value)}</div>
            <div className="big-number-label">{t(key)}</div>
          </div>
        ))}
      </div>
      <p data-testid="undo-type-line">{t(typeLine, { title: plan.title })}</p>
      {plan.items.notOurs > 0 && <p className="muted-inline">{t('undo.notOurs', { count: t.n(plan.items.notOurs) })}</p>}
      {plan.stays && (
        <div className="notice" data-testid="undo-stays">
          <div>
            <div className="strong">{t('undo.stays')}</div>
            <ul className="problem-list">
              {plan.stays.clientColumns.length > 0 && <li data-testid="undo-stays-clients">{t('undo.staysClients', { columns: plan.stays.clientColumns.map((column) => quoteName(t.language, column)).join(', ') })}</li>}
              {plan.stays.workflows.length > 0 && <li data-testid="undo-stays-workflows">{t('undo.staysWorkflows', { names: plan.stays.workflows.map((name) => quoteName(t.language, name)).join(', ') })}</li>}
            </ul>
          </div>
        </div>
      )}
      <EditedItems
        items={force ? plan.items.toDelete.filter((item) => item.editedColumns.length > 0) : preview.kept}
        title={t(force ? 'undo.editedForced' : 'undo.edited', { count: t.n(edited) })}
      />
      {edited > 0 && (
        <label className="notice">
          <span>
            <input type="checkbox" checked={force} onChange={(event) => void setUndoForce(event.currentTarget.checked)} data-testid="undo-force" /> {t('undo.force')}
          </span>
        </label>
      )}
      {nothing ? (
        <div className="check-line ok strong" data-testid="undo-nothing">
          {t('undo.nothing')}
        </div>
      ) : (
        <label className="notice danger" data-testid="undo-confirm">
          <span>
            <input type="checkbox" checked={confirmed} onChange={(event) => confirmUndo(event.currentTarget.checked)} data-testid="undo-confirm-check" /> {t('undo.confirm', { count: t.n(count) })}
          </span>
        </label>
      )}
      <div className="form-actions">
        {!nothing && (
          <button type="button" className="button danger" disabled={!confirmed} onClick={() => void applyUndo()} data-testid="undo-apply">
            {t('undo.apply', { count: t.n(count) })}
          </button>
        )}
        {close}
      </div>
    </div>
  );
}

/** Items edited in the portal since the migration, with the columns that changed. */
function EditedItems({ items, title }: { items: readonly UndoItem[]; title: string }) {
  if (items.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul className="change-list" data-testid="undo-edited">
        {items.slice(0, 200).map((item) => (
          <li key={item.itemId}>
            <b>{item.key}</b>
            {item.title && item.title !== item.key ? ` · ${item.title}` : ''} · {item.editedColumns.join(', ')}
          </li>
        ))}
      </ul>
    </>
  );
}
