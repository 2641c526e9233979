import type { LoadEstimate as Estimate } from '../../../../shared/runs/loader/types';
import type { MessageKey } from '../../i18n/messages-en';
import { useT, type T } from '../../i18n/use-t';

// Russian nouns after “около”: genitive singular for 1, 21, 31…; genitive plural otherwise.
function ruGenitive(count: number, one: string, many: string): string {
  return count % 10 === 1 && count % 100 !== 11 ? one : many;
}

/** A duration as a person says it: “about 25 minutes”, “около 25 минут”, “under a minute”. */
export function humanDuration(t: T, seconds: number): string {
  const ru = t.language === 'ru';
  if (seconds < 60) return ru ? 'меньше минуты' : 'under a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) {
    if (minutes === 1) return ru ? 'около минуты' : 'about a minute';
    return ru ? `около ${minutes} ${ruGenitive(minutes, 'минуты', 'минут')}` : `about ${minutes} minutes`;
  }
  const hours = Math.round((seconds / 3600) * 2) / 2;
  if (Number.isInteger(hours)) return ru ? `около ${hours} ${ruGenitive(hours, 'часа', 'часов')}` : `about ${hours} hours`;
  return ru ? `около ${String(hours).replace('.', ',')} часа` : `about ${hours} hours`;
}

function secondsText(t: T, value: number): string {
  if (value >= 1) return `${t.n(Math.round(value * 10) / 10)} ${t.language === 'ru' ? 'с' : 's'}`;
  return `${t.n(Math.round(value * 1000))} ${t.language === 'ru' ? 'мс' : 'ms'}`;
}

/**
 * How long loading the rows will take on this portal, before the click:
 * the time, the numbers it comes from (rows, the plan's rate limit, rows
 * per request, the time budget) and where the per-row cost came from.
 */
export function LoadEstimate({ estimate }: { estimate: Estimate | undefined }) {
  const t = useT();
  if (!estimate || estimate.rows === 0) return null;
  const scale = 600 / estimate.windowSeconds;
  const window = scale === 1 ? t('estimate.window10') : secondsText(t, estimate.windowSeconds);
  const budget = Number.isFinite(estimate.budgetSeconds) && estimate.budgetSeconds !== null ? t('estimate.budget', { budget: secondsText(t, estimate.budgetSeconds), window }) : t('estimate.noBudget');
  return (
    <div className="notice load-estimate" data-testid="load-estimate" data-seconds={estimate.seconds} data-cost-source={estimate.costSource}>
      <div>
        <div className="load-estimate-time" data-testid="load-estimate-time">
          <strong>{t('estimate.headline', { time: humanDuration(t, estimate.seconds) })}</strong>
        </div>
        <div className="muted-inline">
          {t('estimate.details', {
            rows: t.n(estimate.rows),
            plan: t(`estimate.plan.${estimate.plan}` as MessageKey),
            rate: t.n(Math.round(estimate.drainPerSecond * 100) / 100),
            perRequest: t.n(estimate.rowsPerRequest),
            budget,
          })}{' '}
          {t(`estimate.bound.${estimate.boundBy}` as MessageKey)}
        </div>
        <div className="muted-inline" data-testid="load-estimate-cost">
          {t(estimate.costSource === 'learned' ? 'estimate.learned' : 'estimate.default', { cost: secondsText(t, estimate.costPerRowSeconds) })}
        </div>
      </div>
    </div>
  );
}
