import type { BitrixError } from './bitrix-error';

/**
 * Parameters of a REST call: plain JSON-like data.
 *
 * Nested objects and arrays are allowed; inside batch commands they are
 * encoded with PHP bracket syntax (see `encodeQuery`).
 */
export type Params = Record<string, unknown>;

/**
 * The `time` block the portal attaches to every answer.
 *
 * Seconds as floats; `operating` is the seconds this method has used in the
 * current 10-minute window and `operating_reset_at` a unix time (seconds).
 * Older portals omit the operating fields, so every field is optional.
 */
export interface TimeBlock {
  start?: number;
  finish?: number;
  duration?: number;
  processing?: number;
  operating?: number;
  operating_reset_at?: number;
  date_start?: string;
  date_finish?: string;
}

/**
 * A successful single call: the payload plus the paging and time data.
 */
export interface CallResult<T> {
  result: T;
  total?: number;
  next?: number;
  time?: TimeBlock;
}

/**
 * One command of a `batch` request.
 *
 * `key` names the command in the request and in every result map; when
 * omitted the client names it `c<index>` (numeric keys make the portal answer
 * with lists that cannot be tied back to commands).
 */
export interface BatchCommand {
  key?: string;
  method: string;
  params?: Params;
}

/**
 * The outcome of one batch command, always one per command, in order.
 *
 * `not-run`: the portal never started it (after a halt), safe to resend.
 * `unknown`: the command may or may not have run (no answer for it); the
 * caller must check the portal before sending it again.
 */
export type BatchOutcome =
  | { key: string; status: 'ok'; result: unknown; total?: number; next?: number; time?: TimeBlock }
  | { key: string; status: 'error'; error: BitrixError }
  | { key: string; status: 'not-run' }
  | { key: string; status: 'unknown' };

/**
 * Per-call options of the client.
 *
 * `write` marks a call that changes data: it is never retried after an
 * ambiguous failure. When omitted it is guessed from the method name, and an
 * unrecognised name counts as a write (the safe side). `signal` also
 * aborts a request in flight (whose outcome is then unknown for a write);
 * `waitSignal` lets a caller stop waiting without cutting a request off.
 */
export interface CallOptions {
  signal?: AbortSignal;
  write?: boolean;
  /** Aborts only the waiting before the request is sent (limiter, backoff), never a request in flight. */
  waitSignal?: AbortSignal;
}

/**
 * What the client reports while it works, for logs and progress displays.
 *
 * Never carries the webhook secret.
 */
export type ClientEvent =
  | { kind: 'request'; method: string; attempt: number }
  | { kind: 'response'; method: string; httpStatus: number; ms: number }
  | { kind: 'retry'; method: string; reason: string; waitMs: number; attempt: number }
  | { kind: 'wait'; reason: 'bucket' | 'budget' | 'slot'; method?: string; waitMs: number };
