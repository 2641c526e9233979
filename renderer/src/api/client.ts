import type { ApiClient, ApiEvents, EventName } from '../../../shared/app/api/contract';
import { ApiError } from '../../../shared/base/errors/errors';
import type { Bridge } from '../../../shared/app/api/wire';
import { createHttpBridge, takeHostToken } from './http-transport';

declare global {
  interface Window {
    bridge?: Bridge;
  }
}

/** Which transport the page found at start. */
export type TransportKind = 'ipc' | 'http' | 'none';

/**
 * Builds the `ApiClient` over whichever transport exists: the Electron preload's
 * bridge, or the browser-mode host. Chosen at run time, so the bundle that
 * ships is the bundle tested in the browser.
 */
export function createApiClient(): { client: ApiClient; transport: TransportKind } {
  let bridge: Bridge | undefined = window.bridge;
  let transport: TransportKind = bridge ? 'ipc' : 'none';
  if (!bridge) {
    const token = takeHostToken();
    if (token) {
      bridge = createHttpBridge(window.location.origin, token);
      transport = 'http';
    }
  }
  const target = bridge;
  const client: ApiClient = {
    async invoke(channel, input) {
      if (!target) throw new ApiError({ code: 'FORBIDDEN', message: 'This page has no connection to the app.', hint: 'Open the address that `npm run web` printed: it carries an access token.' });
      const result = await target.invoke(channel, input);
      if (!result.ok) throw new ApiError(result.error);
      return result.value as never;
    },
    on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void) {
      if (!target) return () => undefined;
      return target.subscribe((name, payload) => {
        if (name === event) listener(payload as ApiEvents[E]);
      });
    },
  };
  return { client, transport };
}
