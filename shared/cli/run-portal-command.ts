import { connectOptions, reportError, safeIo, type ParsedArgs } from '../runs/migrate/cli-support';
import { connectPortal, type ConnectOptions, type PortalConnection } from '../runs/migrate/connect-portal';
import type { CliIo } from './types';

/**
 * What the body of a command that talks to a portal gets: an `io` that never
 * prints the webhook secret, the connection options from the command line,
 * whether `--json` was asked, and `connect`, whose connection is closed when
 * the body ends.
 */
export interface PortalCommand {
  io: CliIo;
  options: ConnectOptions;
  json: boolean;
  connect: (extra?: Partial<ConnectOptions>) => Promise<PortalConnection>;
}

/**
 * Runs the body of a portal command: any error it throws is reported (as
 * JSON too with `--json`) and becomes the exit code, and the portal
 * connection it opened is closed however it ends.
 */
export async function runPortalCommand(rawIo: CliIo, parsed: ParsedArgs['options'], body: (command: PortalCommand) => Promise<number>): Promise<number> {
  const options = connectOptions(parsed, rawIo);
  const io = safeIo(rawIo, options.url);
  const json = parsed['json'] === true;
  let connection: PortalConnection | undefined;
  try {
    return await body({ io, options, json, connect: async (extra = {}) => (connection = await connectPortal({ ...options, ...extra })) });
  } catch (error) {
    return reportError(io, error, json);
  } finally {
    await connection?.close();
  }
}
