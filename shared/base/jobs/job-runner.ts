import { randomUUID } from 'node:crypto';
import { toWireError, type WireError } from '../errors/errors';
import { throttleProgress } from './throttle-progress';
import type { RunControl } from './types';

/** How a job ended: its result, a cancellation (work done so far is kept), or a failure as data. */
export type JobEnd<R> = { jobId: string; outcome: 'completed'; result: R } | { jobId: string; outcome: 'cancelled'; error: WireError } | { jobId: string; outcome: 'failed'; error: WireError };

/** Where the runner reports a job's progress and end. */
export interface JobListeners<P, R> {
  onProgress: (jobId: string, progress: P) => void;
  onEnd: (end: JobEnd<R>) => void;
}

/**
 * Runs long work in the background, one `AbortController` per job: `start`
 * returns the job id at once; progress is throttled (first and last states
 * always delivered) and the end arrives once, as data.
 */
export interface JobRunner {
  start<P, R>(run: (control: RunControl<P>) => Promise<R>, listeners: JobListeners<P, R>, options?: { isFinal?: (progress: P) => boolean; jobId?: string }): string;
  cancel(jobId: string): boolean;
  running(): string[];
}

/** Creates a job runner. */
export function createJobRunner(): JobRunner {
  const jobs = new Map<string, AbortController>();
  return {
    start(run, listeners, options = {}) {
      const jobId = options.jobId ?? randomUUID();
      const controller = new AbortController();
      jobs.set(jobId, controller);
      const report = throttleProgress((progress: Parameters<typeof listeners.onProgress>[1]) => listeners.onProgress(jobId, progress), options.isFinal ? { isFinal: options.isFinal } : {});
      // Started on the next tick so the caller has the id before the first event.
      queueMicrotask(() => {
        run({ signal: controller.signal, onProgress: report })
          .then((result) => {
            report.flush();
            listeners.onEnd({ jobId, outcome: 'completed', result });
          })
          .catch((error: unknown) => {
            report.flush();
            // Jobs run for the app; the command line runs its work directly.
            const wire = toWireError(error, 'app');
            listeners.onEnd({ jobId, outcome: controller.signal.aborted || wire.code === 'CANCELLED' ? 'cancelled' : 'failed', error: wire });
          })
          .finally(() => jobs.delete(jobId));
      });
      return jobId;
    },
    cancel(jobId) {
      const controller = jobs.get(jobId);
      controller?.abort();
      return controller !== undefined;
    },
    running: () => [...jobs.keys()],
  };
}
