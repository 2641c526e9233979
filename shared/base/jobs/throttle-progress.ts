/**
 * Options for `throttleProgress`.
 *
 * `isFinal` marks a state that must always be delivered (the last one).
 */
export interface ThrottleOptions<P> {
  intervalMs?: number;
  isFinal?: (progress: P) => boolean;
  now?: () => number;
}

/**
 * Wraps a progress listener so it fires at most once per interval.
 *
 * The first state and every final state are always delivered at once; a state
 * dropped in between is remembered and delivered by `flush()` (call it when
 * the work ends, so the last state always arrives).
 */
export function throttleProgress<P>(
  listener: (progress: P) => void,
  { intervalMs = 100, isFinal = () => false, now = Date.now }: ThrottleOptions<P> = {},
): ((progress: P) => void) & { flush: () => void } {
  let lastSent = Number.NEGATIVE_INFINITY;
  let pending: { progress: P } | undefined;
  let sentAny = false;

  const send = (progress: P): void => {
    pending = undefined;
    lastSent = now();
    sentAny = true;
    listener(progress);
  };

  const throttled = (progress: P): void => {
    if (!sentAny || isFinal(progress) || now() - lastSent >= intervalMs) send(progress);
    else pending = { progress };
  };
  throttled.flush = (): void => {
    if (pending) send(pending.progress);
  };
  return throttled;
}
