/**
 * REST calls in application context: a local application's OAuth
 * credentials (client id/secret and a refresh token), refreshed through the
 * OAuth server when the portal answers `expired_token` (reference
 * the portal's OAuth 2.0). Application-only methods such as
 * `bizproc.workflow.template.add` need this; a webhook is refused.
 *
 * Tokens and the client secret stay inside the closure: they never appear
 * in a message, a thrown error or an event.
 */
import { AppError } from '../../base/errors/errors';
import { bitrixErrorFromAnswer, networkError } from '../../portal/bitrix/bitrix-error';
import type { CallResult, Params } from '../../portal/bitrix/types';

/** OAuth credentials of a local application (`SPM_APP_CLIENT_ID`, `SPM_APP_CLIENT_SECRET`, `SPM_APP_REFRESH_TOKEN`). */
export interface AppCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

/** The tokens after a refresh; the refresh token rotates and must replace the saved one. */
export interface AppTokens {
  accessToken: string;
  refreshToken: string;
  /** Unix seconds, when the server said. */
  expiresAt?: number;
  clientEndpoint: string;
}

/** The `fetch` the session needs. */
export type AppFetch = (input: string, init: RequestInit) => Promise<Response>;

/** How to open a session. */
export interface AppSessionOptions {
  credentials: AppCredentials;
  /** The portal's REST endpoint (`https://portal.bitrix24.ru/rest/`); else the token answer's `client_endpoint`. */
  clientEndpoint?: string;
  /** A still-valid access token, if one is at hand; otherwise the first call refreshes. */
  accessToken?: string;
  /** Default `https://oauth.bitrix.info/oauth/token/`. */
  tokenUrl?: string;
  fetch?: AppFetch;
  timeoutMs?: number;
  /** Called after every refresh, to save the rotated refresh token (owner-only storage, never the project). */
  onTokens?: (tokens: AppTokens) => void | Promise<void>;
}

/** A REST caller in application context; the same `call` shape as the webhook client's. */
export interface AppSession {
  call<T = unknown>(method: string, params?: Params, options?: { signal?: AbortSignal }): Promise<CallResult<T>>;
  /** The REST endpoint in use (no token in it), once known. */
  readonly endpoint: string | undefined;
}

/** The OAuth server of Bitrix24. */
export const DEFAULT_TOKEN_URL = 'https://oauth.bitrix.info/oauth/token/';

const LOOPBACK = /^(127\.0\.0\.1|localhost|\[::1\])$/;

function checkUrl(raw: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('INVALID_INPUT', `The ${what} is not a URL.`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname))) {
    throw new AppError('PORTAL_INSECURE_URL', `The ${what} must use https (plain http only on 127.0.0.1).`);
  }
  return url;
}

/** Opens an application-context session. Nothing is sent until the first call. */
export function createAppSession(options: AppSessionOptions): AppSession {
  const fetchPort: AppFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const tokenUrl = checkUrl(options.tokenUrl ?? DEFAULT_TOKEN_URL, 'OAuth token URL');
  const timeoutMs = options.timeoutMs ?? 60_000;
  let endpoint = options.clientEndpoint === undefined ? undefined : checkUrl(options.clientEndpoint, 'portal REST endpoint').href;
  let accessToken = options.accessToken;
  let refreshToken = options.credentials.refreshToken;
  let refreshing: Promise<void> | undefined;

  const refresh = async (signal: AbortSignal | undefined): Promise<void> => {
    const url = new URL(tokenUrl.href);
    url.searchParams.set('grant_type', 'refresh_token');
    url.searchParams.set('client_id', options.credentials.clientId);
    url.searchParams.set('client_secret', options.credentials.clientSecret);
    url.searchParams.set('refresh_token', refreshToken);
    let status = 0;
    let body: Record<string, unknown>;
    try {
      const timeout = AbortSignal.timeout(timeoutMs);
      const response = await fetchPort(url.href, { method: 'GET', headers: { accept: 'application/json' }, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      status = response.status;
      body = (await response.json()) as Record<string, unknown>;
    } catch (error) {
      if (signal?.aborted) throw signal.reason as Error;
      throw new AppError('PORTAL_NETWORK', `The OAuth server gave no usable answer (HTTP ${status || 'none'}).`, { hint: 'Check the connection and try again.', cause: error instanceof AppError ? error : undefined });
    }
    if (typeof body['access_token'] !== 'string' || typeof body['refresh_token'] !== 'string') {
      const code = typeof body['error'] === 'string' ? body['error'] : `HTTP_${status}`;
      throw new AppError('PORTAL_AUTH', `The OAuth server refused to refresh the application token (${code}).`, {
        hint:
          code === 'invalid_grant'
            ? 'The refresh token has expired or was already used: install the starter-automation app again (or re-authorize) and paste the new refresh token.'
            : 'Check SPM_APP_CLIENT_ID and SPM_APP_CLIENT_SECRET against the local application card on the portal.',
      });
    }
    accessToken = body['access_token'];
    refreshToken = body['refresh_token'];
    if (endpoint === undefined) {
      if (typeof body['client_endpoint'] !== 'string') throw new AppError('PORTAL_AUTH', 'The OAuth server did not say which portal the token is for (no client_endpoint).');
      endpoint = checkUrl(body['client_endpoint'], 'portal REST endpoint').href;
    }
    const tokens: AppTokens = { accessToken, refreshToken, clientEndpoint: endpoint };
    if (typeof body['expires'] === 'number') tokens.expiresAt = body['expires'];
    else if (typeof body['expires_in'] === 'number') tokens.expiresAt = Math.floor(Date.now() / 1000) + body['expires_in'];
    await options.onTokens?.(tokens);
  };

  const ensureFresh = async (signal: AbortSignal | undefined, force: boolean): Promise<void> => {
    if (!force && accessToken !== undefined && endpoint !== undefined) return;
    // One refresh at a time: a refresh token is single-use, a second concurrent refresh would fail.
    refreshing ??= refresh(signal).finally(() => {
      refreshing = undefined;
    });
    await refreshing;
  };

  const send = async (method: string, params: Params, signal: AbortSignal | undefined): Promise<{ status: number; answer: Record<string, unknown> }> => {
    const timeout = AbortSignal.timeout(timeoutMs);
    let status = 0;
    try {
      const response = await fetchPort(`${endpoint as string}${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'smart-process-migrator' },
        body: JSON.stringify({ ...params, auth: accessToken }),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      status = response.status;
      const text = await response.text();
      return { status, answer: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
    } catch (error) {
      if (signal?.aborted) throw signal.reason as Error;
      throw networkError(method, error instanceof SyntaxError ? `HTTP_${status}` : 'NETWORK', true, status);
    }
  };

  return {
    get endpoint() {
      return endpoint;
    },
    async call<T>(method: string, params: Params = {}, callOptions: { signal?: AbortSignal } = {}): Promise<CallResult<T>> {
      await ensureFresh(callOptions.signal, false);
      let { status, answer } = await send(method, params, callOptions.signal);
      if (answer['error'] === 'expired_token') {
        await ensureFresh(callOptions.signal, true);
        ({ status, answer } = await send(method, params, callOptions.signal));
      }
      if (answer['error'] !== undefined || status >= 400) throw bitrixErrorFromAnswer(answer, status, method);
      const out: CallResult<T> = { result: answer['result'] as T };
      if (typeof answer['total'] === 'number') out.total = answer['total'];
      if (typeof answer['next'] === 'number') out.next = answer['next'];
      return out;
    },
  };
}
