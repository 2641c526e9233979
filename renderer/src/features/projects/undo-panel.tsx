import type { ReactElement } from 'react';
import { errorText } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useAppStore } from '../../store/use-app-store';
import type { UndoClient, UndoFailure, UndoItem, UndoResult } from '../../../../shared/runs/undo/types';
import { wordClientReason, wordUndoFailure } from '../../i18n/word-undo-failure';
import type { UndoOptions } from '../../store/projects-slice';
import { quoteName } from '../../i18n/quote-name';

/** “Undo this migration”: what goes and what stays, a confirmation naming the count, progress, and the outcome. */
export function UndoPanel() {
  const t = useT();
  const undoState = useAppStore((state) => state.undoState);
  const setUndoOption = useAppStore((state) => state.setUndoOption);
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
        {progress?.phase === 'clients' && <div className="muted-inline">{t('undo.progressClients', { done: t.n(progress.done), total: t.n(progress.total) })}</div>}
        {progress?.phase === 'structure' && <div className="muted-inline">{t('undo.progressStructure')}</div>}
      </div>
    );
  }
  if (undoState.status === 'done' && undoState.result.plan.alreadyUndone) return <LeftoversDone result={undoState.result} close={close} />;
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
        {result.plan.clients.recorded && result.clients.deleted + result.clients.kept + result.clients.alreadyGone + result.clients.failed > 0 && (
          <div data-testid="undo-done-clients">
            {t('undo.doneClients', { deleted: t.n(result.clients.deleted), kept: t.n(result.clients.kept), gone: t.n(result.clients.alreadyGone), failed: t.n(result.clients.failed) })}
          </div>
        )}
        {result.plan.clients.remove && <KeptClients clients={result.plan.clients.kept} />}
        {result.workflows.deleted + result.workflows.kept + result.workflows.failed > 0 && (
          <div data-testid="undo-done-workflows">{t('undo.doneWorkflows', { deleted: t.n(result.workflows.deleted), kept: t.n(result.workflows.kept), failed: t.n(result.workflows.failed) })}</div>
        )}
        <EditedItems items={result.kept} title={t('undo.keptList', { count: t.n(result.kept.length) })} />
        {result.failures.length > 0 && <UndoFailures failures={result.failures} />}
        <div className="form-actions">{close}</div>
      </div>
    );
  }
  if (undoState.status !== 'preview') return null;
  if (undoState.preview.plan.alreadyUndone) return <Leftovers close={close} />;
  const { preview, options, confirmed } = undoState;
  const { force } = options;
  const { plan } = preview;
  const count = preview.items.deleted;
  const clients = preview.clients.deleted;
  const edited = plan.items.keptEdited.length + plan.items.toDelete.filter((item) => item.editedColumns.length > 0).length;
  const nothing = count === 0 && clients === 0 && preview.workflows.deleted === 0 && preview.fields.deleted === 0 && preview.stages.deleted === 0 && preview.type !== 'deleted';
  const setOption = (option: keyof UndoOptions) => (event: { currentTarget: HTMLInputElement }) => void setUndoOption(option, event.currentTarget.checked);
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
            ['undo.clientsRemovable', clients, 'undo-clients-count'],
          ] as const
        )
          // “Already gone” matters only on a re-run after an interruption; clients only once chosen.
          .filter(([key, value]) => (key !== 'undo.alreadyGone' && key !== 'undo.clientsRemovable') || value > 0)
          .map(([key, value, testId]) => (
          <div key={key} className={key === 'undo.keptEdited' && value > 0 ? 'big-number warn' : 'big-number'} data-testid={testId}>
            <div className="big-number-value">{t.n(value)}</div>
            <div className="big-number-label">{t(key)}</div>
          </div>
        ))}
      </div>
      <p data-testid="undo-type-line">{t(typeLine, { title: plan.title })}</p>
      {plan.items.notOurs > 0 && <p className="muted-inline">{t('undo.notOurs', { count: t.n(plan.items.notOurs) })}</p>}
      <EditedItems
        items={force ? plan.items.toDelete.filter((item) => item.editedColumns.length > 0) : preview.kept}
        title={t(force ? 'undo.editedForced' : 'undo.edited', { count: t.n(edited) })}
      />
      {edited > 0 && (
        <label className="notice">
          <span>
            <input type="checkbox" checked={force} onChange={setOption('force')} data-testid="undo-force" /> {t('undo.force')}
          </span>
        </label>
      )}
      <CreatedClients preview={preview} options={options} setOption={setOption} />
      {plan.workflows.removable.length > 0 && (
        <label className="notice">
          <span>
            <input type="checkbox" checked={options.removeWorkflows} onChange={setOption('removeWorkflows')} data-testid="undo-remove-workflows" />{' '}
            {t('undo.workflows.remove', { names: plan.workflows.removable.map((template) => quoteName(t.language, template.name)).join(', ') })}
          </span>
        </label>
      )}
      {plan.workflows.kept.some((template) => template.reason === 'needs-application') && (
        <p className="muted-inline" data-testid="undo-workflows-needs-app">
          {t('undo.workflows.needsApp', { names: plan.workflows.kept.filter((template) => template.reason === 'needs-application').map((template) => quoteName(t.language, template.name)).join(', ') })}
        </p>
      )}
      {plan.stays && (
        <div className="notice" data-testid="undo-stays">
          <div>
            <div className="strong">{t('undo.stays')}</div>
            <ul className="problem-list">
              {plan.stays.clientColumns.length > 0 && (
                <li data-testid="undo-stays-clients">{t(plan.stays.foundOnly ? 'undo.staysFoundClients' : 'undo.staysClients', { columns: plan.stays.clientColumns.map((column) => quoteName(t.language, column)).join(', ') })}</li>
              )}
              {plan.stays.foundOnly && plan.stays.createdKept > 0 && <li data-testid="undo-stays-created">{t('undo.staysCreatedKept', { count: t.n(plan.stays.createdKept) })}</li>}
              {plan.stays.workflows.length > 0 && <li data-testid="undo-stays-workflows">{t('undo.staysWorkflows', { names: plan.stays.workflows.map((name) => quoteName(t.language, name)).join(', ') })}</li>}
            </ul>
          </div>
        </div>
      )}
      {nothing ? (
        <div className="check-line ok strong" data-testid="undo-nothing">
          {t('undo.nothing')}
        </div>
      ) : (
        <label className="notice danger" data-testid="undo-confirm">
          <span>
            <input type="checkbox" checked={confirmed} onChange={(event) => confirmUndo(event.currentTarget.checked)} data-testid="undo-confirm-check" />{' '}
            {clients > 0 ? t('undo.confirmWithClients', { count: t.n(count), clients: t.n(clients) }) : t('undo.confirm', { count: t.n(count) })}
          </span>
        </label>
      )}
      <div className="form-actions">
        {!nothing && (
          <button type="button" className="button danger" disabled={!confirmed} onClick={() => void applyUndo()} data-testid="undo-apply">
            {clients > 0 ? t('undo.applyWithClients', { count: t.n(count), clients: t.n(clients) }) : t('undo.apply', { count: t.n(count) })}
          </button>
        )}
        {close}
      </div>
    </div>
  );
}

/**
 * After a finished undo: removing the companies and contacts (and the
 * workflow templates) the migration created that the undo left, with the
 * same list, reasons and counted confirmation as the undo itself.
 */
function Leftovers({ close }: { close: ReactElement }) {
  const t = useT();
  const undoState = useAppStore((state) => state.undoState);
  const setUndoOption = useAppStore((state) => state.setUndoOption);
  const confirmUndo = useAppStore((state) => state.confirmUndo);
  const applyUndo = useAppStore((state) => state.applyUndo);
  if (undoState.status !== 'preview') return null;
  const { preview, options, confirmed } = undoState;
  const { plan } = preview;
  const clients = preview.clients.deleted;
  const workflows = preview.workflows.deleted;
  const setOption = (option: keyof UndoOptions) => (event: { currentTarget: HTMLInputElement }) => void setUndoOption(option, event.currentTarget.checked);
  return (
    <div className="sync-panel" data-testid="undo-preview" data-leftovers="true">
      <h3>{t('undo.leftovers.title')}</h3>
      <CreatedClients preview={preview} options={options} setOption={setOption} />
      {plan.workflows.removable.length > 0 && (
        <label className="notice">
          <span>
            <input type="checkbox" checked={options.removeWorkflows} onChange={setOption('removeWorkflows')} data-testid="undo-remove-workflows" />{' '}
            {t('undo.workflows.remove', { names: plan.workflows.removable.map((template) => quoteName(t.language, template.name)).join(', ') })}
          </span>
        </label>
      )}
      {clients + workflows === 0 ? (
        <div className="check-line ok strong" data-testid="undo-nothing">
          {t('undo.nothing')}
        </div>
      ) : (
        <label className="notice danger" data-testid="undo-confirm">
          <span>
            <input type="checkbox" checked={confirmed} onChange={(event) => confirmUndo(event.currentTarget.checked)} data-testid="undo-confirm-check" />{' '}
            {clients > 0 ? t('undo.leftovers.confirm', { clients: t.n(clients) }) : t('undo.leftovers.confirmWorkflows')}
          </span>
        </label>
      )}
      <div className="form-actions">
        {clients + workflows > 0 && (
          <button type="button" className="button danger" disabled={!confirmed} onClick={() => void applyUndo()} data-testid="undo-apply">
            {clients > 0 ? t('undo.leftovers.apply', { clients: t.n(clients) }) : t('undo.leftovers.applyWorkflows')}
          </button>
        )}
        {close}
      </div>
    </div>
  );
}

/** The summary of removing what a finished undo left: clients and templates removed, kept with the reason, failed. */
function LeftoversDone({ result, close }: { result: UndoResult; close: ReactElement }) {
  const t = useT();
  const ok = result.failures.length === 0;
  return (
    <div className="sync-panel" data-testid="undo-done" data-leftovers="true">
      <div className={ok ? 'check-line ok strong' : 'check-line warn strong'}>{t(ok ? 'undo.leftovers.done' : 'undo.leftovers.donePartial')}</div>
      {result.clients.deleted + result.clients.kept + result.clients.alreadyGone + result.clients.failed > 0 && (
        <div data-testid="undo-done-clients">
          {t('undo.doneClients', { deleted: t.n(result.clients.deleted), kept: t.n(result.clients.kept), gone: t.n(result.clients.alreadyGone), failed: t.n(result.clients.failed) })}
        </div>
      )}
      {result.plan.clients.remove && <KeptClients clients={result.plan.clients.kept} />}
      {result.workflows.deleted + result.workflows.failed > 0 && (
        <div data-testid="undo-done-workflows">{t('undo.doneWorkflows', { deleted: t.n(result.workflows.deleted), kept: t.n(result.workflows.kept), failed: t.n(result.workflows.failed) })}</div>
      )}
      {!ok && <UndoFailures failures={result.failures} />}
      <div className="form-actions">{close}</div>
    </div>
  );
}

/**
 * The companies and contacts this migration created: how many and which,
 * the choice to remove those nothing else uses (and the edited ones), and
 * which stay with the reason. Without the project's record: why none can
 * be removed.
 */
function CreatedClients({ preview, options, setOption }: { preview: UndoResult; options: UndoOptions; setOption: (option: keyof UndoOptions) => (event: { currentTarget: HTMLInputElement }) => void }) {
  const t = useT();
  const { clients } = preview.plan;
  const columns = preview.plan.stays?.clientColumns.length ?? 0;
  if (!clients.recorded) {
    return columns > 0 ? (
      <p className="notice" data-testid="undo-clients-unrecorded">
        {t('undo.clients.unrecorded')}
      </p>
    ) : null;
  }
  const all = [...clients.removable, ...clients.kept];
  if (all.length === 0 && clients.alreadyGone === 0) {
    return columns > 0 ? (
      <p className="muted-inline" data-testid="undo-clients-none">
        {t('undo.clients.none')}
      </p>
    ) : null;
  }
  const names = all.slice(0, 20).map((client) => quoteName(t.language, client.name));
  const editedRemovable = clients.removable.some((client) => client.reason === 'edited') || clients.kept.some((client) => client.reason === 'edited');
  return (
    <div className="notice" data-testid="undo-clients">
      <div>
        <div className="strong">{t('undo.clients.title')}</div>
        <div data-testid="undo-clients-line">
          {t('undo.clients.count', {
            companies: t.n(all.filter((client) => client.kind === 'company').length),
            contacts: t.n(all.filter((client) => client.kind === 'contact').length),
            names: all.length > 20 ? `${names.join(', ')} …` : names.join(', '),
          })}
        </div>
        {clients.recordedSince !== undefined && <div className="muted-inline">{t('undo.clients.since', { date: new Date(clients.recordedSince).toLocaleString(t.language === 'ru' ? 'ru-RU' : 'en-GB') })}</div>}
        {clients.alreadyGone > 0 && <div className="muted-inline">{t('undo.clients.gone', { count: t.n(clients.alreadyGone) })}</div>}
        {(clients.removable.length > 0 || options.removeClients) && (
          <label className="check-line" style={{ display: 'block', marginTop: 6 }}>
            <input type="checkbox" checked={options.removeClients} onChange={setOption('removeClients')} data-testid="undo-remove-clients" /> {t('undo.clients.remove', { count: t.n(clients.removable.length) })}
          </label>
        )}
        {options.removeClients && editedRemovable && (
          <label className="check-line" style={{ display: 'block', marginTop: 6 }}>
            <input type="checkbox" checked={options.forceClients} onChange={setOption('forceClients')} data-testid="undo-force-clients" /> {t('undo.clients.forceEdited')}
          </label>
        )}
        {options.removeClients && options.forceClients && clients.removable.some((client) => client.reason === 'edited') && (
          <ul className="change-list" data-testid="undo-clients-edited-removed">
            {clients.removable
              .filter((client) => client.reason === 'edited')
              .map((client) => (
                <li key={`${client.kind}${client.id}`}>
                  <b>{quoteName(t.language, client.name)}</b> · {t(`undo.clients.kind.${client.kind}`)} {client.id} · {t('undo.clients.reason.editedRemoved')}
                </li>
              ))}
          </ul>
        )}
        <KeptClients clients={clients.kept} />
      </div>
    </div>
  );
}

/** Created companies and contacts that stay, each with why. */
function KeptClients({ clients }: { clients: readonly UndoClient[] }) {
  const t = useT();
  if (clients.length === 0) return null;
  return (
    <>
      <div className="strong">{t('undo.clients.keptTitle', { count: t.n(clients.length) })}</div>
      <ul className="change-list" data-testid="undo-clients-kept">
        {clients.slice(0, 200).map((client) => (
          <li key={`${client.kind}${client.id}`}>
            <b>{quoteName(t.language, client.name)}</b> · {t(`undo.clients.kind.${client.kind}`)} {client.id} · {wordClientReason(t.language, client)}
          </li>
        ))}
      </ul>
    </>
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

/** What an undo could not delete (the first 50, in the UI language), and that running it again finishes the job. */
function UndoFailures({ failures }: { failures: UndoFailure[] }) {
  const t = useT();
  return (
    <>
      <ul className="problem-list">
        {failures.slice(0, 50).map((failure, index) => (
          <li key={index}>{wordUndoFailure(t.language, failure)}</li>
        ))}
      </ul>
      <div className="muted-inline">{t('undo.again')}</div>
    </>
  );
}
