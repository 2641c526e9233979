import { useEffect, useState, type FormEvent } from 'react';
import type { PortalCheck, SavedPortal } from '../../../../shared/portals/types';
import { AlertIcon } from '../../components/icons';
import { useAppStore } from '../../store/use-app-store';

/**
 * Connect a portal: paste an inbound webhook (checked live before it is
 * saved), or rehearse on the built-in sandbox portal; saved portals are listed
 * with their secrets masked.
 */
export function ConnectScreen() {
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
        <h1>Connect your Bitrix24</h1>
        <p>The app creates the smart process through an inbound webhook of your portal. Or rehearse the whole migration on the sandbox portal first — it runs on this computer and behaves like Bitrix24, limits included.</p>
      </div>

      <div className="connect-columns">
        <section className="card">
          <h2>Your portal</h2>
          <p className="muted">
            In Bitrix24 open <b>Developer resources → Other → Inbound webhook</b>, tick the scopes <code>crm</code>, <code>user</code>, <code>userfieldconfig</code> and <code>bizproc</code>, and paste the URL here.
            Creating a smart process needs an administrator’s webhook.
          </p>
          <form onSubmit={submit} className="webhook-form">
            <label htmlFor="webhook-url" className="field-label">
              Inbound webhook URL
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
                {task.status === 'busy' && task.action === 'check' ? 'Checking…' : 'Check'}
              </button>
              <button
                type="button"
                className="button primary"
                disabled={busy || !checked?.ok || !url.trim()}
                onClick={() => void saveWebhook(url.trim()).then((saved) => saved && setUrl(''))}
                data-testid="save-webhook"
              >
                {task.status === 'busy' && task.action === 'save' ? 'Saving…' : 'Save and use'}
              </button>
            </div>
          </form>
          {checked && <CheckResult check={checked} />}
          {task.status === 'failed' && (
            <div className="problem error" role="alert" data-testid="portal-error">
              <AlertIcon size={18} />
              <div>
                <div>{task.error.message}</div>
                {task.error.hint && <div className="problem-hint">{task.error.hint}</div>}
              </div>
            </div>
          )}
        </section>

        <section className="card sandbox-card">
          <h2>Sandbox portal</h2>
          <p className="muted">A strict local copy of the Bitrix24 REST API, with its rate limits. Try the migration end to end without touching your company’s data; your rehearsal is kept for next time.</p>
          <button type="button" className="button" disabled={busy} onClick={() => void useSandbox()} data-testid="use-sandbox">
            {task.status === 'busy' && task.action === 'sandbox' ? 'Starting…' : 'Use the sandbox portal'}
          </button>
          {sandboxChecked && <CheckResult check={sandboxChecked} />}
        </section>
      </div>

      {portals.length > 0 && (
        <section className="card saved-portals">
          <h2>Saved portals</h2>
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
            {secretProtection === 'os-encryption'
              ? 'Webhook secrets are encrypted by your operating system’s keychain and never shown again in full.'
              : 'Webhook secrets are kept in a file only your user account can read, and never shown again in full.'}
          </p>
        </section>
      )}
    </div>
  );
}

function CheckResult({ check }: { check: PortalCheck }) {
  return (
    <div className="check-result" data-testid="check-result" data-ok={check.ok}>
      {check.user && (
        <div className="check-line ok">
          <span className="check-mark">✓</span> {check.origin} answered as <b>{check.user.name}</b>
          {check.user.isAdmin ? ', administrator' : ''}
        </div>
      )}
      {check.scopes.length > 0 && (
        <div className="check-line ok">
          <span className="check-mark">✓</span> Scopes: {check.scopes.join(', ')}
        </div>
      )}
      {check.problems.map((problem, index) => (
        <div key={index} className={`problem ${problem.severity}`} data-testid="check-problem" data-code={problem.code}>
          <AlertIcon size={18} />
          <div>
            <div>{problem.message}</div>
            <div className="problem-hint">{problem.hint}</div>
          </div>
        </div>
      ))}
      {check.ok && <div className="check-line ok strong">Ready: this portal can take the migration.</div>}
    </div>
  );
}

function SavedPortalRow({ portal, active, onUse, onRemove }: { portal: SavedPortal; active: boolean; onUse: () => void; onRemove: () => void }) {
  return (
    <li className={active ? 'saved-portal active' : 'saved-portal'} data-testid="saved-portal">
      <div className="saved-portal-text">
        <div className="saved-portal-label">
          {portal.label}
          {portal.kind === 'sandbox' && <span className="badge">sandbox</span>}
          {active && <span className="badge ok">in use</span>}
        </div>
        <div className="saved-portal-meta mono">{portal.display}</div>
        {portal.userName && (
          <div className="saved-portal-meta">
            {portal.userName}
            {portal.isAdmin ? ' · administrator' : ''}
          </div>
        )}
      </div>
      <button type="button" className="button" onClick={onUse} data-testid="use-portal">
        Use
      </button>
      <button type="button" className="button subtle" onClick={onRemove} aria-label={`Remove ${portal.label}`} data-testid="remove-portal">
        Remove
      </button>
    </li>
  );
}
