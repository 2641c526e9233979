import { useEffect } from 'react';
import type { PlanAccess } from '../../../../shared/sheet/plan/types';
import { errorText } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useAppStore } from '../../store/use-app-store';

/**
 * Where the rows go: a new smart process, open to everyone (the portal's
 * default) or closed, or an existing smart process picked from the portal's
 * list. Any change works the plan out again.
 */
export function TargetChooser({ access }: { access: PlanAccess | undefined }) {
  const t = useT();
  const target = useAppStore((state) => state.migrationTarget);
  const setTarget = useAppStore((state) => state.setMigrationTarget);
  const smartProcesses = useAppStore((state) => state.smartProcesses);
  const loadSmartProcesses = useAppStore((state) => state.loadSmartProcesses);
  const portalId = useAppStore((state) => state.activePortalId);
  const into = target.into !== null;

  useEffect(() => {
    const stale = smartProcesses.status === 'ready' && smartProcesses.portalId !== portalId;
    if (into && (smartProcesses.status === 'idle' || stale)) void loadSmartProcesses();
  }, [into, smartProcesses, portalId, loadSmartProcesses]);

  const list = smartProcesses.status === 'ready' ? smartProcesses.list : [];
  return (
    <div className="target-choice" data-testid="create-target">
      <div className="target-row" role="radiogroup" aria-label={t('target.heading')}>
        <span className="muted-inline">{t('target.heading')}:</span>
        <label className={into ? 'target-option' : 'target-option chosen'}>
          <input type="radio" name="create-target" checked={!into} onChange={() => setTarget({ into: null })} data-testid="target-new" />
          {t('target.new')}
        </label>
        <label className={into ? 'target-option chosen' : 'target-option'}>
          <input type="radio" name="create-target" checked={into} onChange={() => setTarget({ into: list[0]?.entityTypeId ?? 0 })} data-testid="target-into" />
          {t('target.into')}
        </label>
      </div>
      {into && (
        <div className="target-row">
          {smartProcesses.status === 'loading' && <span className="muted-inline">{t('target.loading')}</span>}
          {smartProcesses.status === 'error' && <span className="warn-text">{errorText(t.language, smartProcesses.error).message}</span>}
          {smartProcesses.status === 'ready' && list.length === 0 && <span className="muted-inline">{t('target.none')}</span>}
          {list.length > 0 && (
            <select
              className="select"
              aria-label={t('target.pick')}
              value={target.into ?? 0}
              onChange={(event) => setTarget({ into: Number(event.currentTarget.value) })}
              data-testid="target-into-select"
            >
              {target.into === 0 && <option value={0}>{t('target.pickPlaceholder')}</option>}
              {list.map((type) => (
                <option key={type.entityTypeId} value={type.entityTypeId}>
                  {type.title} (#{type.entityTypeId}){type.madeByThisTool ? ` · ${t('target.byTool')}` : ''}
                </option>
              ))}
            </select>
          )}
        </div>
      )}
      {!into && (
        <div className="target-row" role="radiogroup" aria-label={t('target.access')}>
          <span className="muted-inline">{t('target.access')}:</span>
          <label className={target.access === 'open' ? 'target-option chosen' : 'target-option'}>
            <input type="radio" name="create-access" checked={target.access === 'open'} onChange={() => setTarget({ access: 'open' })} data-testid="access-open" />
            {t('target.open')}
          </label>
          <label className={target.access === 'closed' ? 'target-option chosen' : 'target-option'}>
            <input type="radio" name="create-access" checked={target.access === 'closed'} onChange={() => setTarget({ access: 'closed' })} data-testid="access-closed" />
            {t('target.closed')}
          </label>
        </div>
      )}
      {access?.mode === 'existing' && <div className="muted-inline">{t('target.existingAccess', { state: access.existingOpen ? t('target.accessOpen') : t('target.accessClosed') })}</div>}
      {access?.personalData && (
        <div className="problem warning" role="note" data-testid="privacy-warning">
          <div>
            <div>
              <strong>{t('privacy.title')}</strong>
              {access.personalData.columns.length > 0 &&
                ` — ${access.personalData.columns.map((column) => `«${column.header}» (${t(`privacy.holds.${column.holds}`)})`).join(', ')}`}
            </div>
            <div className="problem-hint">{access.mode === 'open' ? t('privacy.openAdvice') : access.mode === 'closed' ? t('privacy.closedNote') : t('privacy.existingNote')}</div>
            {access.mode === 'open' && (
              <button type="button" className="button" onClick={() => setTarget({ access: 'closed' })} data-testid="privacy-close">
                {t('privacy.makeClosed')}
              </button>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
