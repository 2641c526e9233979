import type { Bridge, WireResult } from '../../../shared/app/api/wire';
import { decodeWire, encodeWire } from '../../../shared/app/api/wire';

const TOKEN_KEY = 'spm.token';

/**
 * The access token of the browser-mode host: taken from the address the host
 * printed (`#token=…`), kept for this tab, and removed from the address bar.
 */
export function takeHostToken(): string | undefined {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, match[1]!);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

/** A `Bridge` over the browser-mode host: POST for calls, server-sent events for pushes. */
export function createHttpBridge(origin: string, token: string): Bridge {
  return {
    async invoke(channel, input) {
      try {
        const response = await fetch(`${origin}/api/invoke/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-spm-token': token },
          body: JSON.stringify(encodeWire(input)),
        });
        return decodeWire(await response.json()) as WireResult<unknown>;
      } catch {
        return {
          ok: false,
          error: { code: 'INTERNAL', message: 'The app’s local host is not answering.', hint: 'Check that `npm run web` is still running, then reload this page.' },
        };
      }
    },
    subscribe(listener) {
      const source = new EventSource(`${origin}/api/events?token=${encodeURIComponent(token)}`);
      source.onmessage = (message: MessageEvent<string>) => {
        const { name, payload } = JSON.parse(message.data) as { name: string; payload: unknown };
        listener(name, decodeWire(payload));
      };
      return () => source.close();
    },
  };
}
