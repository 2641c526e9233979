/**
 * Public API of the Sandbox portal: a strict local emulator of the Bitrix24
 * REST subset the tool uses. Other modules code
 * against these types only; everything else in sandbox is internal.
 */

/** Tariff whose leaky bucket the sandbox enforces; `unlimited` switches the bucket off. */
export type SandboxPlan = 'standard' | 'enterprise' | 'unlimited';

/**
 * The limiter clock, in milliseconds. Only the limits run on it (bucket drain,
 * the 10-minute budget window, charged durations); response timestamps stay on
 * the wall clock. Inject one to test timing
 * without sleeping.
 */
export interface SandboxClock {
  now(): number;
}

/** A clock a test moves by hand. */
export interface ManualSandboxClock extends SandboxClock {
  advance(ms: number): void;
  set(ms: number): void;
}

/** How to start a sandbox portal. Every field is optional; the defaults are a standard-plan cloud portal: 2 requests/s with a burst of 50, 480 s of budget per method per 10 minutes, 10 ms of budget per written row, a 60 s request cap. */
export interface SandboxOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Persist state under this folder (atomic writes); without it state lives in memory only. */
  dataDir?: string;
  /** Default `standard` (2 requests/s, burst 50). */
  plan?: SandboxPlan;
  /** Limiter clocks run this many times faster than the wall clock. Default 1. */
  timeScale?: number;
  /** Webhook secret; random when omitted (a persisted portal keeps the one it was created with). */
  secret?: string;
  /** Id of the webhook owner (a seeded user, admin). Default 1. */
  userId?: number;
  /** Scopes granted to the webhook. Default `crm`, `user`, `userfieldconfig`, `bizproc`. */
  scopes?: readonly string[];
  /** Whether the webhook owner is a portal/CRM admin. Default true. */
  ownerIsAdmin?: boolean;
  /**
   * Whether the owner holds CRM settings rights ("Allow to modify settings")
   * without being a portal admin: may create smart processes, fields and
   * stages, but not import history fields. Default: `ownerIsAdmin`.
   */
  ownerIsCrmAdmin?: boolean;
  /**
   * Whether the portal serves REST: `open` (default); `free`, a plan without
   * REST, answers every call `403 ACCESS_DENIED` "REST API is available only on
   * commercial plans"; `blocked`, a manual block by support, answers
   * `503 OVERLOAD_LIMIT`.
   */
  restAccess?: 'open' | 'free' | 'blocked';
  /**
   * Budget charged per written row, in limiter milliseconds. Default 10. A call
   * is charged this per row plus its own processing time (wall ms, unscaled).
   */
  writeCostMs?: number;
  /** Per-method time budget per 10-minute window, in seconds. Default 480. */
  budgetSeconds?: number;
  /** Hard cap on one request's charged time, in seconds. Default 60. */
  requestCapSeconds?: number;
  /** Maximum number of smart processes before `CREATE_DYNAMIC_TYPE_RESTRICTED`. Default unlimited. */
  maxTypes?: number;
  /** Injectable limiter clock; default is the wall clock sped up by `timeScale`. */
  clock?: SandboxClock;
  /**
   * Serve the admin endpoint (fault control and stats over HTTP) at `adminUrl`.
   * Off by default; pass `true` or a fixed token.
   */
  adminEndpoint?: boolean | { token: string };
  /**
   * OAuth access token that gives *application context* on `/rest/<method>?auth=TOKEN`,
   * so application-only methods can be exercised. Random when omitted.
   */
  appAccessToken?: string;
}

/** HTTP status a fault answers with instead of running the request. */
export type SandboxFaultStatus = 500 | 502 | 503;

/** Faults currently armed. */
export interface SandboxFaultState {
  /** Writing requests still to be committed and then dropped without a response. */
  dropAfterCommitCount: number;
  /** Per method name: writing requests that run it still to be committed and then dropped. */
  dropAfterCommitOf: Record<string, number>;
  /** Probability (0..1) that any other writing request is committed and then dropped. */
  dropAfterCommitRatio: number;
  /** Requests still to be answered with `failStatus` before they run. */
  failCount: number;
  failStatus: SandboxFaultStatus;
  /** Added before every REST response, in wall milliseconds. */
  latencyMs: number;
}

/**
 * Fault injection for reliability tests. A "writing request" is
 * one that changes portal state (a batch counts once, however many writes it holds).
 */
export interface SandboxFaultControl {
  /** Commit the next `count` writing requests, then destroy the socket before any response. */
  dropAfterCommit(count: number): void;
  /**
   * Commit the next `count` writing requests in which `method` changes state
   * (called directly or inside a batch), then destroy the socket before any
   * response; other requests are answered. `count` 0 disarms it.
   */
  dropAfterCommitOf(method: string, count?: number): void;
  /** Commit-then-drop a share (0..1) of writing requests, drawn from a seeded generator. */
  dropAfterCommitRatio(ratio: number, seed?: number): void;
  /** Answer the next `count` REST requests with `status` (503 QUERY_LIMIT_EXCEEDED, 500 INTERNAL_SERVER_ERROR JSON, 502 proxy HTML) without running them. */
  failNext(status: SandboxFaultStatus, count: number): void;
  /** Delay every REST response by `ms` wall milliseconds. */
  setLatency(ms: number): void;
  /** Disarm everything. */
  clear(): void;
  state(): SandboxFaultState;
}

/** Per smart process: how many items share an `xmlId` with another item. */
export interface SandboxXmlIdDuplicates {
  /** Distinct `xmlId` values held by more than one item. */
  keys: number;
  /** Items beyond the first for those keys (i.e. the duplicates a loader created). */
  extraItems: number;
}

/** Counters since start (requests) and current state (items). */
export interface SandboxStats {
  /** HTTP requests to /rest (a batch counts once). */
  requests: number;
  /** Method executions by name, batch sub-commands included. */
  calls: Record<string, number>;
  /** Rejected calls by error code (HTTP-level and batch sub-command errors). */
  rejections: Record<string, number>;
  /** Writing requests committed and then dropped by a fault. */
  droppedAfterCommit: number;
  /** Requests answered by a `failNext` fault. */
  injectedFailures: number;
  /** Rows written (items created/updated/deleted), the unit `writeCostMs` is charged for. */
  rowsWritten: number;
  /** Current item count per `entityTypeId` (as a string key). */
  itemsByType: Record<string, number>;
  /** `xmlId` sharing per `entityTypeId`; only types with duplicates appear. */
  xmlIdDuplicates: Record<string, SandboxXmlIdDuplicates>;
}

/** A running sandbox portal. */
export interface SandboxHandle {
  /** Inbound webhook URL, `http://127.0.0.1:PORT/rest/USER/SECRET/`. */
  webhook: string;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  /** OAuth-style endpoint (`origin/rest/`) for calls with `auth=appAccessToken` (application context). */
  appEndpoint: string;
  appAccessToken: string;
  /** Admin endpoint base URL (ends with `/`), or undefined when not enabled. */
  adminUrl: string | undefined;
  port: number;
  plan: SandboxPlan;
  faults: SandboxFaultControl;
  stats(): SandboxStats;
  /** Resolves once pending state is durably written (no-op in memory mode). */
  flush(): Promise<void>;
  /** Stops listening, flushes state, closes open sockets. */
  close(): Promise<void>;
}

/**
 * Admin endpoint (when enabled), relative to `adminUrl`:
 * - `GET  stats`            → `SandboxStats`
 * - `GET  faults`           → `SandboxFaultState`
 * - `POST faults`           ← `SandboxAdminFaultRequest` → `SandboxFaultState`
 * - `POST faults/clear`     → `SandboxFaultState`
 */
export interface SandboxAdminFaultRequest {
  dropAfterCommit?: number;
  /** Method name → how many of its writing requests to commit and drop. */
  dropAfterCommitOf?: Record<string, number>;
  dropAfterCommitRatio?: number;
  seed?: number;
  failNext?: { status: SandboxFaultStatus; count: number };
  latencyMs?: number;
}
