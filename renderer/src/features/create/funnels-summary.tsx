import type { PlanFunnel } from '../../../../shared/sheet/plan/types';
import { useT } from '../../i18n/use-t';

/** The funnels a funnel column makes: each one's name, how many rows go there, and its stages. */
export function FunnelsSummary({ funnels, column }: { funnels: PlanFunnel[]; column: string }) {
  const t = useT();
  return (
    <div className="funnels-summary" data-testid="create-funnels">
      <h3>{t('create.funnels', { column })}</h3>
      <ul className="funnel-list">
        {funnels.map((funnel) => (
          <li key={funnel.name} data-testid="create-funnel">
            <strong>{funnel.name}</strong> <span className="muted-inline">{t('create.funnelRows', { count: t.n(funnel.rows) })}</span>
            {funnel.isDefault && ' '}
            {funnel.isDefault && <span className="action-tag">{t('create.funnelDefault')}</span>}
            <div className="funnel-stages">
              {funnel.stages.map((stage) => (
                <span key={stage} className="value-chip">
                  {stage}
                </span>
              ))}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
