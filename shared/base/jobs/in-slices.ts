/** Lets every task waiting on the event loop run (a request, a progress event) before going on. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Runs `work(from, to)` over `0..total` in slices of `size` rows, yielding to
 * the event loop before each slice and stopping at `signal` (an AbortError),
 * so a long pass over a big sheet never holds up the requests around it.
 */
export async function inSlices(total: number, size: number, signal: AbortSignal, work: (from: number, to: number) => void): Promise<void> {
  signal.throwIfAborted();
  for (let from = 0; from < total; from += size) {
    await yieldToEventLoop();
    signal.throwIfAborted();
    work(from, Math.min(total, from + size));
  }
}
