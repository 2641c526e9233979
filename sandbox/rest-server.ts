import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultControl } from './fault-control';
import { type LeakyBucket, OperatingBudget } from './limits';
import { findMethod } from './method-registry';
import type { CallContext, MethodDef, MethodOutcome } from './method-types';
import { parsePhpQuery, listify } from './php-query';
import type { Portal } from './portal';
import { formatPortalDateTime } from './portal-time';
import { RestError } from './rest-error';
import { SEED_USERS, type SeedUser } from './seed-users';
import type { SandboxAdminFaultRequest, SandboxClock, SandboxStats } from './types';

/** The most commands one batch may carry. */
export const MAX_BATCH_COMMANDS = 50;

/** Settings the server runs with, resolved from `SandboxOptions`. */
export interface RestServerConfig {
  userId: number;
  scopes: readonly string[];
  ownerIsAdmin: boolean;
  /** CRM settings rights without being a portal admin (defaults to `ownerIsAdmin`). */
  ownerIsCrmAdmin?: boolean;
  /** Whether the portal serves REST at all: `free` plan (403), `blocked` by support for overload (503). */
  restAccess?: 'open' | 'free' | 'blocked';
  writeCostMs: number;
  requestCapMs: number;
  timeScale: number;
  maxTypes: number | undefined;
  clock: SandboxClock;
  /**
   * Measures a call's own processing time, charged 1:1 as limiter time. The wall
   * clock, unscaled: the sandbox's CPU time says nothing about a real portal, so
   * scaling it up would only add machine-dependent noise to the budget.
   */
  processingClock: SandboxClock;
  bucket: LeakyBucket | undefined;
  adminToken: string | undefined;
  persist: (() => Promise<void>) | undefined;
}

interface Auth {
  user: SeedUser;
  appContext: boolean;
  /** Budget owner: the webhook or the app. */
  budgetKey: string;
}

interface RequestState {
  wallStart: number;
  processingStart: number;
  costMs: number;
  rowsWritten: number;
  /** Methods that changed state in this request, so a fault can drop the answer of one kind of write. */
  written: string[];
  capExceeded: boolean;
}

const SYSTEM = {
  limit: () => new RestError(503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests'),
  operating: () => new RestError(429, 'OPERATION_TIME_LIMIT', 'Method is blocked due to operation time limit'),
  noAuth: () => new RestError(401, 'NO_AUTH_FOUND', 'Wrong authorization data'),
  credentials: () => new RestError(401, 'INVALID_CREDENTIALS', 'Invalid request credentials'),
  token: () => new RestError(401, 'invalid_token', 'The access token provided is invalid.'),
  notFound: () => new RestError(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!'),
  scope: () => new RestError(401, 'insufficient_scope', 'The request requires higher privileges than provided by the webhook token'),
  freePlan: () => new RestError(403, 'ACCESS_DENIED', 'REST API is available only on commercial plans'),
  overload: () => new RestError(503, 'OVERLOAD_LIMIT', 'REST API is blocked due to overload'),
  internal: () => new RestError(500, 'INTERNAL_SERVER_ERROR', 'Internal server error'),
};

/**
 * Serves the REST endpoint and the optional admin endpoint. Everything the
 * portal enforces before a method runs (limits, auth, scope, budget) happens
 * here in the order the real REST module applies it.
 */
export class RestServer {
  readonly faults = new FaultControl();
  private readonly budget: OperatingBudget;
  private readonly counters = { requests: 0, calls: {} as Record<string, number>, rejections: {} as Record<string, number>, dropped: 0, injected: 0, rows: 0 };

  constructor(
    private readonly portal: Portal,
    private readonly config: RestServerConfig,
    budgetMs: number,
  ) {
    this.budget = new OperatingBudget(budgetMs);
  }

  /** Counters plus current item state. */
  stats(): SandboxStats {
    const items = this.portal.itemStats();
    return {
      requests: this.counters.requests,
      calls: { ...this.counters.calls },
      rejections: { ...this.counters.rejections },
      droppedAfterCommit: this.counters.dropped,
      injectedFailures: this.counters.injected,
      rowsWritten: this.counters.rows,
      itemsByType: items.counts,
      xmlIdDuplicates: items.duplicates,
    };
  }

  /** Node request listener. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (this.config.adminToken !== undefined && url.pathname.startsWith(`/_sandbox/${this.config.adminToken}/`)) {
        await this.handleAdmin(req, res, url.pathname.slice(`/_sandbox/${this.config.adminToken}/`.length));
        return;
      }
      if (!url.pathname.startsWith('/rest/')) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
        return;
      }
      await this.handleRest(req, res, url);
    } catch (error) {
      if (!res.headersSent) this.send(res, 500, SYSTEM.internal().toBody());
      else res.destroy();
      // Surface sandbox bugs in test output instead of hiding them behind a 500.
      console.error('[sandbox]', error);
    }
  }

  private async handleRest(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    this.counters.requests += 1;
    const body = await readBody(req);
    const wallStart = Date.now();
    const failure = this.faults.takeFailure();
    if (failure !== undefined) {
      this.counters.injected += 1;
      await this.delay();
      if (failure === 502) {
        // What a proxy in front of the portal answers: HTML, not the REST envelope.
        res.writeHead(502, { 'content-type': 'text/html' }).end('<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>');
      } else {
        this.send(res, failure, (failure === 503 ? SYSTEM.limit() : SYSTEM.internal()).toBody());
      }
      return;
    }

    const segments = url.pathname.slice('/rest/'.length).split('/').filter((s) => s !== '');
    const params = { ...parsePhpQuery(url.search), ...parseBody(req, body) };
    const state: RequestState = { wallStart, processingStart: this.config.processingClock.now(), costMs: 0, rowsWritten: 0, written: [], capExceeded: false };

    const answer = await this.dispatch(segments, params, state);
    if (state.rowsWritten > 0) {
      this.counters.rows += state.rowsWritten;
      this.portal.touch();
      // A write is durable before any answer leaves, so commit-then-drop is real.
      if (this.config.persist !== undefined) await this.config.persist();
    }
    await this.delay();
    if (state.rowsWritten > 0 && this.faults.takeDrop(state.written)) {
      this.counters.dropped += 1;
      req.socket.destroy();
      return;
    }
    if (state.capExceeded) {
      // [inferred] the front end cuts the request off at the cap; what already ran stays committed.
      res.writeHead(504, { 'content-type': 'text/html' }).end('<html><head><title>504 Gateway Time-out</title></head><body><center><h1>504 Gateway Time-out</h1></center></body></html>');
      return;
    }
    this.send(res, answer.status, answer.body);
  }

  private async delay(): Promise<void> {
    const ms = this.faults.latencyMs;
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }

  private reject(error: RestError): { status: number; body: unknown } {
    const key = String(error.code);
    this.counters.rejections[key] = (this.counters.rejections[key] ?? 0) + 1;
    return { status: error.status, body: error.toBody() };
  }

  private async dispatch(segments: string[], params: Record<string, unknown>, state: RequestState): Promise<{ status: number; body: unknown }> {
    // The bucket counts every request from this IP, before anything else.
    if (this.config.bucket !== undefined && !this.config.bucket.take(this.config.clock.now())) return this.reject(SYSTEM.limit());

    let auth: Auth;
    let methodName: string;
    if (segments.length >= 3) {
      const [userPart, secret, ...rest] = segments;
      methodName = rest.join('/');
      if (String(this.config.userId) !== userPart || secret !== this.portal.data.secret) return this.reject(SYSTEM.credentials());
      auth = { user: this.owner(), appContext: false, budgetKey: 'webhook' };
    } else if (segments.length === 1) {
      methodName = segments[0] ?? '';
      const token = params['auth'];
      if (token === undefined || token === '') return this.reject(SYSTEM.noAuth());
      if (token !== this.portal.data.appAccessToken) return this.reject(SYSTEM.token());
      auth = { user: this.owner(), appContext: true, budgetKey: 'app' };
      delete params['auth'];
    } else {
      return this.reject(SYSTEM.noAuth());
    }
    methodName = methodName.replace(/\.json$/i, '');
    if (this.config.restAccess === 'free') return this.reject(SYSTEM.freePlan());
    if (this.config.restAccess === 'blocked') return this.reject(SYSTEM.overload());

    try {
      if (methodName.toLowerCase() === 'batch') return { status: 200, body: this.runBatch(params, auth, state) };
      const def = findMethod(methodName);
      if (def === undefined) throw SYSTEM.notFound();
      const outcome = this.runMethod(def, params, auth, state);
      return { status: 200, body: this.envelope(outcome, def, auth, state) };
    } catch (error) {
      if (error instanceof RestError) return this.reject(error);
      throw error;
    }
  }

  private owner(): SeedUser {
    return SEED_USERS.find((u) => Number(u.ID) === this.config.userId) ?? (SEED_USERS[0] as SeedUser);
  }

  private scopesFor(auth: Auth): readonly string[] {
    // The sandbox's app is installed with every scope.
    return auth.appContext ? ['crm', 'user', 'userfieldconfig', 'bizproc', 'placement'] : this.config.scopes;
  }

  /** Scope, budget, then the handler; charges the budget and watches the request cap. */
  private runMethod(def: MethodDef, params: Record<string, unknown>, auth: Auth, state: RequestState): MethodOutcome {
    const scopes = this.scopesFor(auth);
    if (!def.scope.some((s) => s === 'basic' || scopes.includes(s))) throw SYSTEM.scope();
    if (def.alsoScope !== undefined && !scopes.includes(def.alsoScope)) {
      // userfieldconfig.* also need the module's own scope.
      throw new RestError(401, 'insufficient_scope', `The current method required more scopes. (${def.alsoScope})`);
    }
    const budgetKey = `${auth.budgetKey}:${def.name}`;
    if (this.budget.isBlocked(budgetKey, this.config.clock.now())) throw SYSTEM.operating();
    const before = this.config.processingClock.now();
    this.counters.calls[def.name] = (this.counters.calls[def.name] ?? 0) + 1;
    const ctx: CallContext = {
      portal: this.portal,
      params,
      user: auth.user,
      isAdmin: this.config.ownerIsAdmin,
      isCrmAdmin: this.config.ownerIsAdmin || this.config.ownerIsCrmAdmin === true,
      appContext: auth.appContext,
      scopes,
      maxTypes: this.config.maxTypes,
      wallNow: Date.now(),
      rowsWritten: 0,
    };
    let outcome: MethodOutcome | undefined;
    let failure: unknown;
    try {
      outcome = def.handler(ctx);
    } catch (error) {
      failure = error;
    }
    const processing = Math.max(0, this.config.processingClock.now() - before);
    const cost = processing + ctx.rowsWritten * this.config.writeCostMs;
    this.budget.charge(budgetKey, cost, this.config.clock.now());
    state.costMs += cost;
    state.rowsWritten += ctx.rowsWritten;
    if (ctx.rowsWritten > 0) state.written.push(def.name);
    if (state.costMs > this.config.requestCapMs) state.capExceeded = true;
    if (failure !== undefined) throw failure;
    return outcome as MethodOutcome;
  }

  private timeBlock(state: RequestState, budgetKey: string | undefined, commandStart?: { wall: number; processing: number }): Record<string, unknown> {
    const finishWall = Date.now();
    const startWall = commandStart?.wall ?? state.wallStart;
    const limiterNow = this.config.clock.now();
    const processingMs = Math.max(0, this.config.processingClock.now() - (commandStart?.processing ?? state.processingStart));
    const block: Record<string, unknown> = {
      start: startWall / 1000,
      finish: finishWall / 1000,
      duration: (finishWall - startWall) / 1000,
      processing: processingMs / 1000,
      date_start: formatPortalDateTime(startWall),
      date_finish: formatPortalDateTime(finishWall),
    };
    if (budgetKey !== undefined) {
      const resetAt = this.budget.resetAt(budgetKey, limiterNow);
      // Limiter time runs `timeScale` times faster; the client waits in wall time.
      const resetWall = resetAt === undefined ? finishWall : finishWall + (resetAt - limiterNow) / this.config.timeScale;
      block['operating_reset_at'] = Math.ceil(resetWall / 1000);
      block['operating'] = this.budget.used(budgetKey, limiterNow) / 1000;
    }
    return block;
  }

  private envelope(outcome: MethodOutcome, def: MethodDef, auth: Auth, state: RequestState): Record<string, unknown> {
    const body: Record<string, unknown> = { result: outcome.result };
    if (outcome.next !== undefined) body['next'] = outcome.next;
    if (outcome.total !== undefined) body['total'] = outcome.total;
    body['time'] = this.timeBlock(state, `${auth.budgetKey}:${def.name}`);
    return body;
  }

  /** `batch`: ≤50 commands, in order, `$result[...]` references, halt, per-command budget. */
  private runBatch(params: Record<string, unknown>, auth: Auth, state: RequestState): Record<string, unknown> {
    const rawCmd = params['cmd'];
    if (rawCmd === undefined || rawCmd === null || rawCmd === '' || typeof rawCmd !== 'object') {
      return this.batchEnvelope({}, {}, {}, {}, {}, state);
    }
    const commands = Array.isArray(rawCmd) ? rawCmd.map((c, i) => [String(i), c] as const) : Object.entries(rawCmd as Record<string, unknown>);
    const halt = ['1', 'true', 'Y'].includes(String(params['halt'] ?? '0')) || params['halt'] === true || params['halt'] === 1;
    const results: Record<string, unknown> = {};
    const errors: Record<string, unknown> = {};
    const totals: Record<string, unknown> = {};
    const nexts: Record<string, unknown> = {};
    const times: Record<string, unknown> = {};
    for (const [index, [key, command]] of commands.entries()) {
      if (index >= MAX_BATCH_COMMANDS) {
        // Commands beyond the 50th fail one by one; the first 50 still run (observed on live portals).
        const overflow = new RestError(400, 'ERROR_BATCH_LENGTH_EXCEEDED', 'Max batch length exceeded');
        this.reject(overflow);
        errors[key] = overflow.toBody();
        continue;
      }
      const started = { wall: Date.now(), processing: this.config.processingClock.now() };
      const text = String(command ?? '');
      const question = text.indexOf('?');
      const methodName = (question === -1 ? text : text.slice(0, question)).trim().replace(/\.json$/i, '');
      const commandParams = question === -1 ? {} : (substituteResults(parsePhpQuery(text.slice(question + 1)), { result: results, result_error: errors }) as Record<string, unknown>);
      try {
        if (methodName.toLowerCase() === 'batch') {
          // Nested batch is refused since rest 24.0.0.
          throw new RestError(405, 'ERROR_BATCH_METHOD_NOT_ALLOWED', 'Method is not allowed for batch usage');
        }
        const def = findMethod(methodName);
        if (def === undefined) throw SYSTEM.notFound();
        const outcome = this.runMethod(def, commandParams, auth, state);
        results[key] = outcome.result;
        if (outcome.total !== undefined) totals[key] = outcome.total;
        if (outcome.next !== undefined) nexts[key] = outcome.next;
        times[key] = this.timeBlock(state, `${auth.budgetKey}:${def.name}`, started);
      } catch (error) {
        if (!(error instanceof RestError)) throw error;
        this.reject(error);
        // Inside a batch the scope refusal carries an empty description; failed commands get no result_time (b24restdocs batch.md examples).
        errors[key] = error.code === 'insufficient_scope' ? { error: error.code, error_description: '' } : error.toBody();
        if (halt) break;
      }
      // The 60-second cap covers the whole batch.
      if (state.capExceeded) break;
    }
    return this.batchEnvelope(results, errors, totals, nexts, times, state);
  }

  private batchEnvelope(
    results: Record<string, unknown>,
    errors: Record<string, unknown>,
    totals: Record<string, unknown>,
    nexts: Record<string, unknown>,
    times: Record<string, unknown>,
    state: RequestState,
  ): Record<string, unknown> {
    return {
      result: {
        result: phpMap(results),
        result_error: phpMap(errors),
        result_total: phpMap(totals),
        result_next: phpMap(nexts),
        result_time: phpMap(times),
      },
      // The outer batch is not charged to any method's budget.
      time: this.timeBlock(state, undefined),
    };
  }

  private async handleAdmin(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const body = await readBody(req);
    if (req.method === 'GET' && path === 'stats') return this.send(res, 200, this.stats());
    if (req.method === 'GET' && path === 'faults') return this.send(res, 200, this.faults.state());
    if (req.method === 'POST' && path === 'faults/clear') {
      this.faults.clear();
      return this.send(res, 200, this.faults.state());
    }
    if (req.method === 'POST' && path === 'faults') {
      let request: SandboxAdminFaultRequest;
      try {
        request = JSON.parse(body.toString('utf8') || '{}') as SandboxAdminFaultRequest;
      } catch {
        return this.send(res, 400, { error: 'invalid JSON' });
      }
      if (request.dropAfterCommit !== undefined) this.faults.dropAfterCommit(request.dropAfterCommit);
      if (request.dropAfterCommitOf !== undefined) {
        const entries = typeof request.dropAfterCommitOf === 'object' && request.dropAfterCommitOf !== null ? Object.entries(request.dropAfterCommitOf) : [];
        if (entries.length === 0 || entries.some(([, count]) => typeof count !== 'number' || !Number.isFinite(count) || count < 0)) {
          return this.send(res, 400, { error: 'dropAfterCommitOf must map method names to counts ≥ 0' });
        }
        for (const [method, count] of entries) this.faults.dropAfterCommitOf(method, count);
      }
      if (request.dropAfterCommitRatio !== undefined) this.faults.dropAfterCommitRatio(request.dropAfterCommitRatio, request.seed);
      if (request.failNext !== undefined) {
        if (![500, 502, 503].includes(request.failNext.status)) return this.send(res, 400, { error: 'failNext.status must be 500, 502 or 503' });
        this.faults.failNext(request.failNext.status, request.failNext.count);
      }
      if (request.latencyMs !== undefined) this.faults.setLatency(request.latencyMs);
      return this.send(res, 200, this.faults.state());
    }
    this.send(res, 404, { error: 'unknown admin path' });
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }
}

/** PHP's json_encode of an array: empty → `[]`, keys 0..n-1 → a list, else an object. */
function phpMap(map: Record<string, unknown>): unknown {
  const keys = Object.keys(map);
  if (keys.length === 0) return [];
  if (keys.every((key, index) => key === String(index))) return keys.map((key) => map[key]);
  return map;
}

const REFERENCE = /\$(result|result_error)\[([^\]]+)\]((?:\[[^\]]*\])*)/g;

function lookupReference(sources: Record<string, Record<string, unknown>>, source: string, key: string, path: string): unknown {
  let value: unknown = sources[source]?.[key];
  for (const part of path.match(/\[([^\]]*)\]/g) ?? []) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part.slice(1, -1)];
  }
  return value;
}

/**
 * Resolves `$result[cmd][a][b]` (and `$result_error[...]`) in an already
 * parsed command: a value that is exactly one
 * reference takes the referenced value as it is, arrays included; a reference
 * inside longer text is replaced by its string form.
 */
function substituteResults(value: unknown, sources: Record<string, Record<string, unknown>>): unknown {
  if (typeof value === 'string') {
    const whole = new RegExp(`^${REFERENCE.source}$`).exec(value);
    if (whole !== null) {
      const found = lookupReference(sources, whole[1] ?? '', whole[2] ?? '', whole[3] ?? '');
      return found === undefined || found === null ? '' : found;
    }
    return value.replace(REFERENCE, (_match, source: string, key: string, path: string) => {
      const found = lookupReference(sources, source, key, path);
      return found === undefined || found === null || typeof found === 'object' ? '' : String(found);
    });
  }
  if (Array.isArray(value)) return value.map((inner) => substituteResults(inner, sources));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, substituteResults(inner, sources)]));
  }
  return value;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseBody(req: IncomingMessage, body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  const text = body.toString('utf8');
  if (type.includes('application/json') || (!type.includes('form') && /^\s*[{[]/.test(text))) {
    try {
      const parsed = JSON.parse(text) as unknown;
      // PHP sees JSON lists and maps alike; a top-level list carries no named parameters.
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    } catch {
      // Malformed JSON reaches the method as no parameters, which then fail with code 100.
      return {};
    }
  }
  if (type.includes('multipart/form-data')) return parseMultipart(type, body);
  return parsePhpQuery(text);
}

/** Minimal multipart reader: text parts become bracket-syntax parameters; file parts are out of scope. */
function parseMultipart(type: string, body: Buffer): Record<string, unknown> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
  const mark = boundary?.[1] ?? boundary?.[2];
  if (mark === undefined) return {};
  const pairs: string[] = [];
  for (const part of body.toString('utf8').split(`--${mark}`)) {
    const match = /name="([^"]+)"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n$/.exec(part);
    if (match !== null) pairs.push(`${encodeURIComponent(match[1] ?? '')}=${encodeURIComponent(match[2] ?? '')}`);
  }
  return listify(parsePhpQuery(pairs.join('&'))) as Record<string, unknown>;
}
