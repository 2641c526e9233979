import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import type { Core } from '../../shared/app/api/create-core';
import { MAX_FILE_BYTES } from '../../shared/app/api/contract';
import { decodeWire, encodeWire, type WireResult } from '../../shared/app/api/wire';
import { CONTENT_SECURITY_POLICY } from '../../shared/base/security/content-security-policy';

/** How the browser-mode host is set up. */
export interface HostOptions {
  core: Core;
  /** The built renderer (out/renderer). */
  staticDir: string;
  /** The per-start secret the UI must send as `X-SPM-Token` (and `?token=` for the event stream). */
  token: string;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

// Base64 grows bytes by a third; the rest is the JSON envelope.
const MAX_BODY_BYTES = Math.ceil(MAX_FILE_BYTES * 1.4) + 64 * 1024;

/**
 * The browser-mode host: the built renderer plus the core's router over HTTP.
 *
 * `POST /api/invoke/<channel>` takes a wire-encoded JSON body and answers a
 * `WireResult`; `GET /api/events` streams `ApiEvents` as server-sent events.
 * Only requests whose Host is this loopback address (no DNS rebinding), whose
 * Origin, if any, is this host, and that carry the token reach the API.
 */
export function createHostServer({ core, staticDir, token }: HostOptions): Server {
  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) send(response, 500, { ok: false, error: { code: 'INTERNAL', message: 'The host failed to answer.' } });
      else response.destroy();
    });
  });

  const allowedHosts = (): Set<string> => {
    const address = server.address();
    const port = address && typeof address === 'object' ? address.port : 0;
    return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  };

  const sameOrigin = (request: IncomingMessage): boolean => {
    const host = request.headers.host ?? '';
    if (!allowedHosts().has(host)) return false;
    const origin = request.headers.origin;
    return origin === undefined || origin === `http://${host}`;
  };

  const tokenMatches = (given: string | undefined): boolean => {
    if (given === undefined || given.length !== token.length) return false;
    return timingSafeEqual(Buffer.from(given), Buffer.from(token));
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!sameOrigin(request)) {
      send(response, 403, { ok: false, error: { code: 'FORBIDDEN', message: 'This host only answers its own page on 127.0.0.1.' } });
      return;
    }
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) {
      const given = url.pathname === '/api/events' ? (url.searchParams.get('token') ?? undefined) : headerValue(request, 'x-spm-token');
      if (!tokenMatches(given)) {
        send(response, 401, {
          ok: false,
          error: { code: 'FORBIDDEN', message: 'The access token is missing or wrong.', hint: 'Open the address that `npm run web` printed; it carries the token.' },
        });
        return;
      }
      if (url.pathname === '/api/events' && request.method === 'GET') return streamEvents(request, response);
      const match = /^\/api\/invoke\/([a-zA-Z0-9.]+)$/.exec(url.pathname);
      if (match && request.method === 'POST') return invoke(match[1]!, request, response);
      send(response, 404, { ok: false, error: { code: 'NOT_FOUND', message: `No API route ${request.method} ${url.pathname}.` } });
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    return serveStatic(url.pathname, response);
  }

  async function invoke(channel: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        send(response, 413, { ok: false, error: { code: 'FILE_TOO_LARGE', message: `The request is larger than ${Math.round(MAX_BODY_BYTES / 2 ** 20)} MB.` } });
        request.destroy();
        return;
      }
      chunks.push(chunk);
    }
    let input: unknown;
    try {
      input = decodeWire(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
    } catch {
      send(response, 400, { ok: false, error: { code: 'INVALID_INPUT', message: 'The request body is not valid JSON.' } });
      return;
    }
    const result: WireResult<unknown> = await core.dispatch(channel, input, { origin: 'http' });
    send(response, 200, encodeWire(result));
  }

  function streamEvents(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    response.write(': connected\n\n');
    const off = core.bus.onAny((name, payload) => {
      response.write(`data: ${JSON.stringify({ name, payload: encodeWire(payload) })}\n\n`);
    });
    // A comment line every 15 s keeps proxies and idle timeouts from closing the stream.
    const keepAlive = setInterval(() => response.write(': ping\n\n'), 15_000);
    request.on('close', () => {
      clearInterval(keepAlive);
      off();
    });
  }

  async function serveStatic(pathname: string, response: ServerResponse): Promise<void> {
    const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    let file = join(staticDir, relative);
    if (!file.startsWith(staticDir + sep) && file !== staticDir) {
      response.writeHead(404).end();
      return;
    }
    const info = await stat(file).catch(() => undefined);
    if (!info || info.isDirectory()) file = join(staticDir, 'index.html');
    const body = await readFile(file).catch(() => undefined);
    if (!body) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('The UI is not built. Run `npm run web`, which builds it first.');
      return;
    }
    response.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'cache-control': file.endsWith('index.html') ? 'no-store' : 'max-age=3600',
    });
    response.end(body);
  }

  return server;
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  response.end(JSON.stringify(body));
}
