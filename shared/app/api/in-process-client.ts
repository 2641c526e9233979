import type { ApiClient, ApiEvents, EventName } from './contract';
import { ApiError } from '../../base/errors/errors';
import type { Core } from './create-core';

/**
 * An `ApiClient` that calls the router directly, for tests of the store and of
 * the contract without any transport.
 */
export function createInProcessClient(core: Core): ApiClient {
  return {
    async invoke(channel, input) {
      const result = await core.dispatch(channel, input, { origin: 'in-process' });
      if (!result.ok) throw new ApiError(result.error);
      return result.value as never;
    },
    on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void) {
      return core.bus.onAny((name, payload) => {
        if (name === event) listener(payload as ApiEvents[E]);
      });
    },
  };
}
