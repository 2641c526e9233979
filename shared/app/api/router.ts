import type { Channel, In, Out } from './contract';
import { toWireError } from '../../base/errors/errors';
import type { WireResult } from './wire';
import { schemas } from './schemas';

/** Who is calling: used for logging and for origin-specific checks. */
export interface CallContext {
  origin: 'ipc' | 'http' | 'in-process';
}

/** A handler per channel; leaving one out is a compile error. */
export type Handlers = { [C in Channel]: (input: In<C>, ctx: CallContext) => Promise<Out<C>> };

/** Dispatches one call: validates, runs the handler, and returns the result as data. */
export type Dispatch = (channel: string, input: unknown, ctx: CallContext) => Promise<WireResult<unknown>>;

function isChannel(channel: string): channel is Channel {
  return Object.prototype.hasOwnProperty.call(schemas, channel);
}

/**
 * Builds the one router every adapter uses (Electron IPC, the HTTP host, the
 * in-process client of tests).
 *
 * Unknown channels and invalid inputs come back as `UNKNOWN_CHANNEL` and
 * `INVALID_INPUT` errors; a handler's thrown error becomes a `WireError`.
 * It never throws.
 */
export function createRouter(handlers: Handlers): Dispatch {
  return async (channel, input, ctx) => {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `There is no channel “${channel.slice(0, 100)}”.` } };
    }
    const checked = schemas[channel].safeParse(input);
    if (!checked.success) {
      const first = checked.error.issues[0];
      const path = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
      // The validator's own text is English from a library: the params carry what the app knows (which request, which field).
      return { ok: false, error: { code: 'INVALID_INPUT', message: `Invalid input for ${channel}: ${path}${first?.message ?? 'rejected'}.`, params: { reason: 'requestRejected', channel, field: first?.path.join('.') ?? '' } } };
    }
    try {
      const handler = handlers[channel] as (input: unknown, ctx: CallContext) => Promise<unknown>;
      return { ok: true, value: await handler(checked.data, ctx) };
    } catch (error) {
      return { ok: false, error: toWireError(error, 'app') };
    }
  };
}
