import type { JobEnd } from '../../base/jobs/job-runner';
import type { JobFinished } from './contract';

/** The result type a job of `kind` completes with. */
export type JobResultOf<K extends JobFinished['kind']> = Extract<JobFinished, { kind: K; outcome: 'completed' }>['result'];

/**
 * The `job.finished` event for a job of `kind` that ended as `end`: the
 * result when it completed, else the outcome with its error as data.
 */
export function jobFinishedEvent<K extends JobFinished['kind']>(kind: K, end: JobEnd<JobResultOf<K>>): JobFinished {
  // The union cannot be narrowed by a generic `kind`; each branch matches one member for that kind.
  return (end.outcome === 'completed' ? { jobId: end.jobId, kind, outcome: 'completed', result: end.result } : { jobId: end.jobId, kind, outcome: end.outcome, error: end.error }) as JobFinished;
}
