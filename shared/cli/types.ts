import type { CliIo } from '../runs/migrate/command-io';

export { type CliIo, ExitCode } from '../runs/migrate/command-io';

/** A CLI command: its arguments after the command name, and the io to use. Returns the exit code. */
export type CliCommand = (argv: string[], io: CliIo) => Promise<number>;
