import { request } from 'node:http';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../electron/host/start-host';
import { decodeWire, encodeWire } from '../../shared/app/api/wire';

let host: RunningHost;
let token: string;
let base: string;

beforeAll(async () => {
  const staticDir = await mkdtemp(join(tmpdir(), 'spm-static-'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
  host = await startHost({ staticDir, version: '9.9.9', dataDir: await mkdtemp(join(tmpdir(), 'spm-data-')) });
  token = new URL(host.url).hash.replace('#token=', '');
  base = `http://127.0.0.1:${host.port}`;
});
afterAll(() => host.close());

/** A raw request, so tests can forge Host and Origin headers as an attacker would. */
function raw(path: string, { method = 'GET', headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

async function invoke(channel: string, input: unknown, headers: Record<string, string> = { 'x-spm-token': token }): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${base}/api/invoke/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(encodeWire(input)) });
  return { status: response.status, body: decodeWire(await response.json()) };
}

describe('browser-mode host', () => {
  it('prints a loopback address that carries the token in the fragment', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{32}$/);
  });

  it('serves the router over HTTP, bytes included', async () => {
    expect(await invoke('app.info', {})).toEqual({ status: 200, body: { ok: true, value: { name: 'Smart Process Migrator', version: '9.9.9', mode: 'browser' } } });
    const opened = await invoke('workbook.open', { fileName: 'a.csv', bytes: new TextEncoder().encode('A,B\n1,2\n') });
    expect(opened.body).toMatchObject({ ok: true, value: { fileName: 'a.csv', sheets: [{ headers: ['A', 'B'], rowCount: 1 }] } });
  });

  it('refuses calls without the token, or with a wrong one', async () => {
    expect((await invoke('app.info', {}, {})).status).toBe(401);
    expect((await invoke('app.info', {}, { 'x-spm-token': 'x'.repeat(token.length) })).status).toBe(401);
  });

  it('refuses a foreign Host (DNS rebinding) even with the token', async () => {
    const response = await raw('/api/invoke/app.info', { method: 'POST', headers: { host: 'evil.example:80', 'x-spm-token': token, 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(403);
  });

  it('refuses a foreign Origin (another web page) even with the token', async () => {
    const response = await raw('/api/invoke/app.info', {
      method: 'POST',
      headers: { host: `127.0.0.1:${host.port}`, origin: 'https://evil.example', 'x-spm-token': token, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(403);
  });

  it('answers malformed JSON and unknown routes as data', async () => {
    const bad = await raw('/api/invoke/app.info', { method: 'POST', headers: { host: `127.0.0.1:${host.port}`, 'x-spm-token': token }, body: '{not json' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const unknown = await invoke('nope.nothing', {});
    expect(unknown.body).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('serves the UI with a strict CSP and never serves files outside its folder', async () => {
    const page = await raw('/');
    expect(page.status).toBe(200);
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'self'");
    const traversal = await raw('/..%2f..%2f..%2fetc%2fpasswd');
    expect(traversal.text).not.toContain('root:');
  });

  it('streams events to a client with the token, and only then', async () => {
    expect((await fetch(`${base}/api/events`)).status).toBe(401);
    const controller = new AbortController();
    const response = await fetch(`${base}/api/events?token=${token}`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    await reader.read(); // the ": connected" comment
    const opened = invoke('workbook.open', { fileName: 'b.csv', bytes: new TextEncoder().encode('A\n1\n'), jobId: 'job-1' });
    let text = '';
    while (!text.includes('"phase":"finishing"')) text += new TextDecoder().decode((await reader.read()).value);
    const first = JSON.parse(/data: (.*)\n/.exec(text)![1]!) as { name: string; payload: { jobId: string } };
    expect(first).toMatchObject({ name: 'job.progress', payload: { jobId: 'job-1', kind: 'read' } });
    expect((await opened).body).toMatchObject({ ok: true });
    controller.abort();
  });
});
