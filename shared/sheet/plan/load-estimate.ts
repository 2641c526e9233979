// The plan shows how long a load will take, so these shapes live below the loader that fills them.

/**
 * How rows travel, best first (detected, not configured):
 * `crm.item.batchImport` commands inside `batch` (1,000 rows a request),
 * `crm.item.batchImport` alone (20), `crm.item.add` inside `batch` (50).
 */
export type LoadStrategy = 'batch-import-in-batch' | 'batch-import' | 'add-in-batch';

/**
 * How long a load will take on a portal, before it starts: the portal's
 * request limits applied with the numbers the loader itself uses.
 *
 * `costSource`: `learned` is the cost measured by earlier runs on this
 * portal, `default` the reference 10 ms of budget per written row.
 * `seconds` is wall-clock time; `boundBy` names the limit that decides it.
 */
export interface LoadEstimate {
  rows: number;
  creates: number;
  updates: number;
  seconds: number;
  plan: string;
  drainPerSecond: number;
  burst: number;
  budgetSeconds: number;
  windowSeconds: number;
  rowsPerRequest: number;
  requests: number;
  costPerRowSeconds: number;
  costSource: 'learned' | 'default';
  boundBy: 'bucket' | 'budget' | 'portal';
  sustainedRowsPerSecond: number;
  strategy: LoadStrategy;
}
