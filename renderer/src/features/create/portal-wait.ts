import type { LoadProgress } from '../../../../shared/runs/loader/types';
import type { T } from '../../i18n/use-t';

/** A wait shorter than this is the ordinary pacing between requests, not worth a word in the top bar. */
const NOTABLE_WAIT_SECONDS = 3;

/** A number of seconds as the UI says it: seconds under a minute and a half, minutes beyond. */
export function duration(t: T, seconds: number): string {
  if (seconds < 90) return t.language === 'ru' ? `${Math.max(1, Math.round(seconds))} с` : `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  return t.language === 'ru' ? `${minutes} мин` : `${minutes} min`;
}

/** What the portal's limits hold requests back for (`bucket`, `budget:<method>`, `slot`), in the UI language. */
function waitReason(t: T, waitingFor: string): string {
  const [reason, method = ''] = waitingFor.split(':');
  if (reason === 'bucket' || reason === 'slot') return t(`coreWait.${reason}`);
  if (reason === 'budget') return t('coreWait.budget', { method });
  return waitingFor;
}

/** What the load waits for, and for about how long when that is long enough to matter, in the UI language; undefined when it waits for nothing. */
export function portalWaitText(t: T, load: Pick<LoadProgress, 'waitingFor' | 'waitSeconds'>): string | undefined {
  if (!load.waitingFor) return undefined;
  const seconds = load.waitSeconds;
  const reason = waitReason(t, load.waitingFor);
  return seconds !== undefined && seconds >= NOTABLE_WAIT_SECONDS ? t('run.waitingAbout', { reason, time: duration(t, seconds) }) : t('run.waiting', { reason });
}

/**
 * The same in a few words for the top bar, and only for a wait long enough
 * that the run would otherwise look stuck (a time budget refilling).
 */
export function shortPortalWaitText(t: T, load: Pick<LoadProgress, 'waitingFor' | 'waitSeconds'>): string | undefined {
  const seconds = load.waitSeconds;
  if (!load.waitingFor || seconds === undefined || seconds < NOTABLE_WAIT_SECONDS) return undefined;
  return t('bgrun.waiting', { time: duration(t, seconds) });
}
