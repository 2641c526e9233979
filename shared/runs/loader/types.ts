import type { WireError } from '../../base/errors/errors';
import type { BitrixClient } from '../../portal/bitrix/bitrix-client';
import type { Journal } from '../journal/open-journal';
import type { LoadEstimate, LoadStrategy } from '../../sheet/plan/load-estimate';

export type { LoadEstimate, LoadStrategy };

/**
 * One prepared row: its stable key and the item fields to send.
 *
 * `sourceRow` (1-based) is carried into errors so a person can find the row.
 */
export interface LoadRow {
  key: string;
  fields: Record<string, unknown>;
  sourceRow?: number;
}

/**
 * The outcome of one row. A failed row carries the portal's reason with the
 * field it names; it never stops the other rows.
 */
export type RowResult =
  | { key: string; status: 'created' | 'updated' | 'unchanged'; itemId: number }
  | { key: string; status: 'failed'; error: WireError };

/**
 * Input of `loadItems`.
 *
 * `xmlIdPrefix` is the project id: every item gets `xmlId = <prefix>:<key>`.
 * `total` (when known) feeds the ETA. `strategy` skips detection (tests).
 * `concurrency` caps requests in flight; `settleMs` is how long after an
 * unanswered write the portal may still be running it (its request cap)
 * before a look-up can be trusted; `costPerRowSeconds` is the first estimate
 * of portal time per written row, refined from answers.
 */
export interface LoadInput {
  client: BitrixClient;
  entityTypeId: number;
  rows: Iterable<LoadRow> | AsyncIterable<LoadRow>;
  journal: Journal;
  xmlIdPrefix: string;
  total?: number;
  useOriginalUfNames?: boolean;
  strategy?: LoadStrategy;
  concurrency?: number;
  settleMs?: number;
  requestCapSeconds?: number;
  costPerRowSeconds?: number;
  onRow?: (result: RowResult) => void;
}

/**
 * Progress of a load, emitted after every request and while waiting.
 *
 * `waitingFor` says what the limiter holds requests back for (`bucket`,
 * `budget:<method>`, `slot`), or null; `waitSeconds`, how long that wait
 * has still to run when the limiter knows its end (a time budget refills at
 * the portal's reset time, which can be minutes away).
 */
export interface LoadProgress {
  phase: 'starting' | 'loading' | 'resolving' | 'done' | 'cancelled';
  done: number;
  failed: number;
  total: number | undefined;
  rowsPerSecond: number;
  etaSeconds: number | undefined;
  waitingFor: string | null;
  waitSeconds?: number;
  strategy: LoadStrategy | undefined;
}

/**
 * The result of a load: counts, every row's outcome (in input order), and
 * how the work went.
 *
 * `cancelled` loads are consistent and resumable: run again with the same
 * journal. `duplicatesSeen` counts xmlIds the portal holds more than once
 * (0 unless something outside this loader created them).
 */
export interface LoadSummary {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  rows: RowResult[];
  cancelled: boolean;
  strategy: LoadStrategy | undefined;
  requests: number;
  resolvedUnknown: number;
  duplicatesSeen: number;
  elapsedMs: number;
  /** Portal seconds of time budget per written row, as the answers showed it (median); absent when nothing measured it. */
  costPerRowSeconds?: number;
}
