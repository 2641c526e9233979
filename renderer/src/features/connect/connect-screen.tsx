import { useEffect, useState, type FormEvent } from 'react';
import type { PortalCheck, SavedPortal } from '../../../../shared/portal/portals/types';
import { AlertIcon } from '../../components/icons';
import { errorText } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useAppStore } from '../../store/use-app-store';

/**
 * Connect a portal: paste an inbound webhook (checked live before it is
 * saved), or rehearse on the built-in sandbox portal; saved portals are listed
 * with their secrets masked.
 */
export function ConnectScreen() {
  const t = useT();
  const portals = useAppStore((state) => state.portals);
  const activePortalId = useAppStore((state) => state.activePortalId);
  const task = useAppStore((state) => state.portalTask);
  const secretProtection = useAppStore((state) => state.secretProtection);
  const checkWebhook = useAppStore((state) => state.checkWebhook);
  const saveWebhook = useAppStore((state) => state.saveWebhook);
  const useSandbox = useAppStore((state) => state.useSandbox);
  const choosePortal = useAppStore((state) => state.choosePortal);
  const removePortal = useAppStore((state) => state.removePortal);
  const showView = useAppStore((state) => state.showView);
  const clearPortalTask = useAppStore((state) => state.clearPortalTask);
  const [url, setUrl] = useState('');
  const busy = task.status === 'busy';

  useEffect(() => clearPortalTask, [clearPortalTask]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (url.trim()) void checkWebhook(url.trim());
  };
  const checked = task.status === 'checked' && task.source === 'webhook' ? task.check : undefined;
  const sandboxChecked = task.status === 'checked' && task.source === 'sandbox' ? task.check : undefined;

  return (
    <div className="connect-screen" data-testid="connect-screen">
      <div className="connect-head">
        <h1>{t('connect.title')}</h1>
        <p>{t('connect.lead')}</p>
      </div>

      <div className="connect-columns">
        <section className="card">
          <h2>{t('connect.yourPortal')}</h2>
          <p className="muted">{t('connect.howTo')}</p>
          <form onSubmit={submit} className="webhook-form">
            <label htmlFor="webhook-url" className="field-label">
              {t('connect.urlLabel')}
            </label>
            <input
              id="webhook-url"
              className="text-input mono"
              type="password"
              autoComplete="off"
              spellCheck={false}
              placeholder="https://your-company.bitrix24.com/rest/1/xxxxxxxxxxxx/"
              value={url}
              onChange={(event) => setUrl(event.currentTarget.value)}
              data-testid="webhook-input"
            />
            <div className="form-actions">
              <button type="submit" className="button" disabled={busy || !url.trim()} data-testid="check-webhook">
                {task.status === 'busy' && task.action === 'check' ? t('connect.checking') : t('connect.check')}
              </button>
              <button
                type="button"
                className="button primary"
                disabled={busy || !checked?.ok || !url.trim()}
                onClick={() => void saveWebhook(url.trim()).then((saved) => saved && setUrl(''))}
                data-testid="save-webhook"
              >
                {task.status === 'busy' && task.action === 'save' ? t('connect.saving') : t('connect.save')}
              </button>
            </div>
          </form>
          {checked && <CheckResult check={checked} />}
          {task.status === 'failed' && (
            <div className="problem error" role="alert" data-testid="portal-error">
              <AlertIcon size={18} />
              <div>
                <div>{errorText(t.language, task.error).message}</div>
                {task.error.hint && <div className="problem-hint">{errorText(t.language, task.error).hint}</div>}
              </div>
            </div>
          )}
        </section>

        <section className="card sandbox-card">
          <h2>{t('connect.sandbox')}</h2>
          <p className="muted">{t('connect.sandboxText')}</p>
          <button type="button" className="button" disabled={busy} onClick={() => void useSandbox()} data-testid="use-sandbox">
            {task.status === 'busy' && task.action === 'sandbox' ? t('connect.starting') : t('connect.useSandbox')}
          </button>
          {sandboxChecked && <CheckResult check={sandboxChecked} />}
        </section>
      </div>

      {portals.length > 0 && (
        <section className="card saved-portals">
          <h2>{t('connect.saved')}</h2>
          <ul data-testid="saved-portals">
            {portals.map((portal) => (
              <SavedPortalRow
                key={portal.id}
                portal={portal}
                active={portal.id === activePortalId}
                onUse={() => {
                  choosePortal(portal.id);
                  showView('import');
                }}
                onRemove={() => void removePortal(portal.id)}
              />
            ))}
          </ul>
          <p className="footnote" data-testid="secret-protection">
            {secretProtection === 'os-encryption' ? t('connect.secretsOs') : t('connect.secretsFile')}
          </p>
        </section>
      )}
    </div>
  );
}

function CheckResult({ check }: { check: PortalCheck }) {
  const t = useT();
  const showView = useAppStore((state) => state.showView);
  return (
    <div className="check-result" data-testid="check-result" data-ok={check.ok}>
      {check.user && (
        <div className="check-line ok">
          <span className="check-mark">✓</span> {t('connect.answeredAs', { origin: check.origin, name: check.user.name })}
          {check.user.isAdmin ? `, ${t('connect.administrator')}` : ''}
        </div>
      )}
      {check.scopes.length > 0 && (
        <div className="check-line ok">
          <span className="check-mark">✓</span> {t('connect.scopes', { scopes: check.scopes.join(', ') })}
        </div>
      )}
      {check.problems.map((problem, index) => {
        const text = errorText(t.language, { code: problem.code as never, message: problem.message, hint: problem.hint, ...(problem.params ? { params: problem.params } : {}) }, { origin: check.origin, scopes: check.missingScopes.join(', ') });
        return (
        <div key={index} className={`problem ${problem.severity}`} data-testid="check-problem" data-code={problem.code}>
          <AlertIcon size={18} />
          <div>
            <div>{text.message}</div>
            <div className="problem-hint">{text.hint}</div>
          </div>
        </div>
        );
      })}
      {check.ok && (
        <div className="check-ready">
          <span className="check-line ok strong">{t('connect.ready')}</span>
          <button type="button" className="button primary" onClick={() => showView('import')} data-testid="connect-continue">
            {t('connect.continue')}
          </button>
        </div>
      )}
    </div>
  );
}

function SavedPortalRow({ portal, active, onUse, onRemove }: { portal: SavedPortal; active: boolean; onUse: () => void; onRemove: () => void }) {
  const t = useT();
  const sandbox = portal.kind === 'sandbox';
  return (
    <li className={active ? 'saved-portal active' : 'saved-portal'} data-testid="saved-portal">
      <div className="saved-portal-text">
        <div className="saved-portal-label">
          {sandbox ? t('connect.sandboxLabel') : portal.label}
          {active && <span className="badge ok">{t('connect.inUse')}</span>}
        </div>
        <div className="saved-portal-meta mono">{sandbox ? t('connect.sandboxDisplay') : portal.display}</div>
        {portal.userName && (
          <div className="saved-portal-meta">
            {portal.userName}
            {portal.isAdmin ? ` · ${t('connect.administrator')}` : ''}
          </div>
        )}
      </div>
      {!active && (
        <button type="button" className="button" onClick={onUse} data-testid="use-portal">
          {t('connect.use')}
        </button>
      )}
      <button type="button" className="button subtle" onClick={onRemove} aria-label={`${t('connect.remove')} ${sandbox ? t('connect.sandboxLabel') : portal.label}`} data-testid="remove-portal">
        {t('connect.remove')}
      </button>
    </li>
  );
}
