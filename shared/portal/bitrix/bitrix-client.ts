import { bitrixErrorFromAnswer, BitrixError, networkError } from './bitrix-error';
import { systemClock, type Clock } from './clock';
import { clearsListInBatch, encodeCommand, hasBatchReference } from './encode-query';
import { isWriteMethod } from './is-write-method';
import { planLimits, sharedLimiter, type LimiterSettings, type RateLimiter } from './rate-limiter';
import type { BatchCommand, BatchOutcome, CallOptions, CallResult, ClientEvent, Params, TimeBlock } from './types';
import { parseWebhookUrl, redactSecret } from './webhook-url';

/** The `fetch` the client needs: the global one, or a test's. */
export type FetchPort = (input: string, init: RequestInit) => Promise<Response>;

/**
 * How to build a client.
 *
 * `limits` seeds the portal's shared limiter the first time the portal is
 * seen (standard plan by default); pass `limiter` to control sharing
 * directly. `timeoutMs` bounds one HTTP request; `maxAttempts` bounds retries
 * of refused requests (503, 429), `maxReadAttempts` those of failed reads.
 */
export interface BitrixClientOptions {
  webhookUrl: string;
  fetch?: FetchPort;
  limiter?: RateLimiter;
  limits?: LimiterSettings;
  clock?: Clock;
  timeoutMs?: number;
  maxAttempts?: number;
  maxReadAttempts?: number;
  onEvent?: (event: ClientEvent) => void;
}

/**
 * Options of one batch request.
 *
 * `halt` stops the portal at the first failing command; `cost` is the
 * estimated portal seconds of the whole request, shared out over the
 * commands' methods, so the limiter keeps every budget unbroken.
 */
export interface BatchOptions extends CallOptions {
  halt?: boolean;
  cost?: number;
}

/**
 * The thin REST client of one portal.
 *
 * `call` returns the payload or throws a `BitrixError`; `batch` returns one
 * outcome per command and throws only when the request as a whole failed
 * (then `error.ambiguous` tells whether writes may have happened).
 */
export interface BitrixClient {
  readonly portal: string;
  readonly limiter: RateLimiter;
  call<T = unknown>(method: string, params?: Params, options?: CallOptions & { cost?: number }): Promise<CallResult<T>>;
  batch(commands: readonly BatchCommand[], options?: BatchOptions): Promise<BatchOutcome[]>;
}

/** Commands in one `batch` request, at most. */
export const MAX_BATCH_COMMANDS = 50;

interface Answer {
  result?: unknown;
  total?: unknown;
  next?: unknown;
  time?: TimeBlock;
  error?: unknown;
  error_description?: unknown;
}

/**
 * Builds a client on an inbound webhook URL.
 *
 * Throws `PORTAL_INSECURE_URL` for a URL that is not https (http only to
 * loopback). The secret stays inside the closure: it is never part of a
 * message, an event or a thrown error.
 */
export function createBitrixClient(options: BitrixClientOptions): BitrixClient {
  const endpoint = parseWebhookUrl(options.webhookUrl);
  const clock = options.clock ?? systemClock;
  const limiter =
    options.limiter ?? sharedLimiter(`${endpoint.origin}/${endpoint.userId}`, options.limits ?? planLimits('standard'), clock);
  const fetchPort: FetchPort = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 90_000;
  const maxAttempts = options.maxAttempts ?? 12;
  const maxReadAttempts = options.maxReadAttempts ?? 5;
  const emit = options.onEvent ?? ((): void => undefined);

  const redact = (text: string): string => redactSecret(text, endpoint.secret);

  async function send(
    method: string,
    body: unknown,
    write: boolean,
    charges: Map<string, number>,
    signal: AbortSignal | undefined,
    waitSignal: AbortSignal | undefined,
  ): Promise<{ answer: Answer; httpStatus: number }> {
    let refusals = 0;
    let failures = 0;
    const sendStarted = clock.now();
    const waiting = signal && waitSignal ? AbortSignal.any([signal, waitSignal]) : (signal ?? waitSignal);
    for (let attempt = 1; ; attempt += 1) {
      const permit = await limiter.acquire(charges, waiting);
      const started = clock.now();
      let httpStatus = 0;
      let text: string;
      try {
        emit({ kind: 'request', method, attempt });
        const timeout = AbortSignal.timeout(timeoutMs);
        const response = await fetchPort(`${endpoint.baseUrl}${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'smart-process-migrator' },
          body: JSON.stringify(body),
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        httpStatus = response.status;
        text = await response.text();
      } catch (error) {
        permit.release();
        const reason = signal?.aborted ? 'ABORTED' : transportCode(error);
        if (write) throw networkError(method, reason, true, httpStatus, endpoint.origin);
        if (signal?.aborted) throw signal.reason as Error;
        failures += 1;
        if (failures >= maxReadAttempts) throw networkError(method, reason, false, httpStatus, endpoint.origin);
        const waitMs = backoff(failures);
        emit({ kind: 'retry', method, reason, waitMs, attempt });
        await clock.sleep(waitMs, waiting);
        continue;
      }
      permit.release();
      emit({ kind: 'response', method, httpStatus, ms: clock.now() - started });

      const answer = parseAnswer(text);
      if (!answer) {
        // An HTML page from a proxy, a truncated body: the portal may have run it.
        const reason = `HTTP_${httpStatus}${httpStatus < 400 ? '_NOT_JSON' : ''}`;
        if (write) throw networkError(method, reason, true, httpStatus, endpoint.origin);
        failures += 1;
        if (failures >= maxReadAttempts) throw networkError(method, reason, false, httpStatus, endpoint.origin);
        const waitMs = backoff(failures);
        emit({ kind: 'retry', method, reason, waitMs, attempt });
        await clock.sleep(waitMs, waiting);
        continue;
      }
      if (answer.error === undefined && httpStatus < 400) return { answer, httpStatus };

      const error = bitrixErrorFromAnswer(
        { error: answer.error, error_description: typeof answer.error_description === 'string' ? redact(answer.error_description) : answer.error_description },
        httpStatus,
        method,
      );
      if (error.code === 'PORTAL_RATE_LIMIT' || error.code === 'PORTAL_TIME_LIMIT') {
        // Refused before it ran: always safe to send again.
        refusals += 1;
        if (refusals >= maxAttempts) throw refusedTooOften(error, refusals, clock.now() - sendStarted);
        let waitMs = 0;
        if (error.code === 'PORTAL_RATE_LIMIT') {
          limiter.noteRateLimited();
          waitMs = limiter.backoffMs(refusals);
        } else {
          for (const name of charges.keys()) limiter.noteTimeLimited(name, answer.time?.operating_reset_at);
        }
        emit({ kind: 'retry', method, reason: error.bitrixCode, waitMs, attempt });
        if (waitMs > 0) await clock.sleep(waitMs, waiting);
        continue;
      }
      // OVERLOAD_LIMIT (503) is a manual block that outlasts any retry, and it refused the request: report it as it is.
      if (httpStatus >= 500 && error.code !== 'PORTAL_BLOCKED') {
        if (write) throw networkError(method, error.bitrixCode, true, httpStatus, endpoint.origin);
        failures += 1;
        if (failures >= maxReadAttempts) throw error;
        const waitMs = backoff(failures);
        emit({ kind: 'retry', method, reason: error.bitrixCode, waitMs, attempt });
        await clock.sleep(waitMs, waiting);
        continue;
      }
      throw error;
    }
  }

  function backoff(failures: number): number {
    return Math.min(30_000, 500 * 2 ** (failures - 1)) * (0.5 + Math.random());
  }

  return {
    portal: endpoint.display,
    limiter,

    async call<T>(method: string, params: Params = {}, callOptions: CallOptions & { cost?: number } = {}): Promise<CallResult<T>> {
      const write = callOptions.write ?? isWriteMethod(method);
      const charges = new Map([[method, callOptions.cost ?? 0]]);
      const { answer } = await send(method, params, write, charges, callOptions.signal, callOptions.waitSignal);
      limiter.record(method, answer.time);
      const out: CallResult<T> = { result: answer.result as T };
      if (typeof answer.total === 'number') out.total = answer.total;
      if (typeof answer.next === 'number') out.next = answer.next;
      if (answer.time) out.time = answer.time;
      return out;
    },

    async batch(commands: readonly BatchCommand[], batchOptions: BatchOptions = {}): Promise<BatchOutcome[]> {
      if (commands.length === 0) return [];
      if (commands.length > MAX_BATCH_COMMANDS) {
        throw new BitrixError('PORTAL_VALIDATION', `batch: ${commands.length} commands, the portal takes at most ${MAX_BATCH_COMMANDS}.`, {
          bitrixCode: 'ERROR_BATCH_LENGTH_EXCEEDED',
          httpStatus: 0,
          where: { method: 'batch' },
          params: { reason: 'batchTooLong', count: String(commands.length), max: String(MAX_BATCH_COMMANDS) },
        });
      }
      const keys = commands.map((command, index) => command.key ?? `c${index}`);
      if (new Set(keys).size !== keys.length) {
        throw new BitrixError('PORTAL_VALIDATION', 'batch: command keys must be unique.', { bitrixCode: 'DUPLICATE_KEY', httpStatus: 0, where: { method: 'batch' }, params: { reason: 'batchDuplicateKey' } });
      }
      const unsafe = commands.findIndex((command) => hasBatchReference(command.params));
      if (unsafe >= 0) {
        const method = commands[unsafe]?.method ?? 'batch';
        throw new BitrixError('PORTAL_VALIDATION', `${method}: a value contains text like "$result[...]", which the portal would replace inside batch.`, {
          bitrixCode: 'BATCH_UNSAFE_VALUE',
          httpStatus: 0,
          where: { method },
          params: { reason: 'batchUnsafeValue' },
          hint: 'Send this command as a plain call; only batch rewrites such text.',
        });
      }
      const cleared = commands.findIndex((command) => clearsListInBatch(command.method, command.params));
      if (cleared >= 0) {
        const method = commands[cleared]?.method ?? 'batch';
        throw new BitrixError('PORTAL_VALIDATION', `${method}: an empty list (a cleared field) cannot travel inside batch; the portal would keep the old values.`, {
          bitrixCode: 'BATCH_EMPTY_LIST',
          httpStatus: 0,
          where: { method },
          params: { reason: 'batchEmptyList' },
          hint: 'Send this command as a plain call, whose JSON body keeps the empty list.',
        });
      }
      const cmd: Record<string, string> = {};
      commands.forEach((command, index) => {
        cmd[keys[index] ?? `c${index}`] = encodeCommand(command.method, command.params);
      });
      const write = batchOptions.write ?? commands.some((command) => isWriteMethod(command.method));
      const charges = new Map<string, number>();
      const share = (batchOptions.cost ?? 0) / commands.length;
      for (const command of commands) charges.set(command.method, (charges.get(command.method) ?? 0) + share);
      const halt = batchOptions.halt ?? false;
      const { answer } = await send('batch', { halt: halt ? 1 : 0, cmd }, write, charges, batchOptions.signal, batchOptions.waitSignal);

      const body = (answer.result ?? {}) as Record<string, unknown>;
      const results = body['result'];
      const errors = body['result_error'];
      const times = body['result_time'];
      const totals = body['result_total'];
      const nexts = body['result_next'];
      return commands.map((command, index): BatchOutcome => {
        const key = keys[index] ?? `c${index}`;
        const time = pick(times, key, index) as TimeBlock | undefined;
        if (time && typeof time === 'object') limiter.record(command.method, time);
        const failure = pick(errors, key, index);
        if (failure !== undefined && failure !== null) {
          const raw = (typeof failure === 'object' ? failure : { error: failure }) as { error?: unknown; error_description?: unknown };
          const error = bitrixErrorFromAnswer(
            { error: raw.error, error_description: typeof raw.error_description === 'string' ? redact(raw.error_description) : raw.error_description },
            0,
            command.method,
          );
          if (error.code === 'PORTAL_RATE_LIMIT') limiter.noteRateLimited();
          if (error.code === 'PORTAL_TIME_LIMIT') limiter.noteTimeLimited(command.method);
          return { key, status: 'error', error };
        }
        if (has(results, key, index)) {
          const out: BatchOutcome = { key, status: 'ok', result: pick(results, key, index) };
          const total = pick(totals, key, index);
          const next = pick(nexts, key, index);
          if (typeof total === 'number') out.total = total;
          if (typeof next === 'number') out.next = next;
          if (time && typeof time === 'object') out.time = time;
          return out;
        }
        // No trace of the command: after a halt it never ran; otherwise we
        // cannot tell, and a write must be checked before it is sent again.
        return halt || !isWriteMethod(command.method) ? { key, status: 'not-run' } : { key, status: 'unknown' };
      });
    },
  };
}

/**
 * The portal refused a request every time it was tried: the retries are
 * over, so the message says so (not that the tool keeps waiting) and what
 * to do. The request never ran, so it stays safe to send again.
 */
function refusedTooOften(error: BitrixError, tries: number, waitedMs: number): BitrixError {
  const busy = error.code === 'PORTAL_RATE_LIMIT';
  const details: ConstructorParameters<typeof BitrixError>[2] = {
    bitrixCode: error.bitrixCode,
    httpStatus: error.httpStatus,
    retriable: true,
    hint: busy
      ? 'The portal is overloaded right now. Wait a few minutes, then run the same command again: what is done is kept and nothing is sent twice.'
      : 'Wait until the 10-minute window resets, then run the same command again: what is done is kept and nothing is sent twice.',
  };
  if (error.where !== undefined) details.where = error.where;
  if (error.field !== undefined) details.field = error.field;
  const method = error.where?.method ?? 'the request';
  return new BitrixError(
    error.code,
    `${method}: the portal refused the request ${tries} times in a row over ${Math.round(waitedMs / 1000)} s (${error.bitrixCode}); the tool stopped retrying. The request was not run.`,
    details,
  );
}

function parseAnswer(text: string): Answer | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Answer) : undefined;
  } catch {
    return undefined;
  }
}

// Result maps come back as objects keyed by command name, or as lists when
// the portal saw sequential keys; both are read.
function pick(map: unknown, key: string, index: number): unknown {
  if (Array.isArray(map)) return /^\d+$/.test(key) ? map[Number(key)] : map[index];
  if (map !== null && typeof map === 'object') return (map as Record<string, unknown>)[key];
  return undefined;
}

function has(map: unknown, key: string, index: number): boolean {
  if (Array.isArray(map)) return (/^\d+$/.test(key) ? Number(key) : index) < map.length;
  return map !== null && typeof map === 'object' && Object.prototype.hasOwnProperty.call(map, key);
}

function transportCode(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'TIMEOUT';
    const cause = (error as { cause?: unknown }).cause;
    const code = (cause as { code?: unknown } | undefined)?.code ?? (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]+$/.test(code)) return code;
    if (error.name === 'AbortError') return 'ABORTED';
  }
  return 'FETCH_FAILED';
}
