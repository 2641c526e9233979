/**
 * Passed to every long-running core function as its second argument.
 *
 * `signal` cancels (checked between units of work and passed into I/O);
 * `onProgress` receives typed progress, already throttled by the caller's
 * choice of `throttleProgress`.
 */
export interface RunControl<P> {
  signal: AbortSignal;
  onProgress: (progress: P) => void;
}
