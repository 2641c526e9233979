import type { OpenEmbeddedPortal } from '../../portal/portals/types';
/**
 * What a command-line run may touch of the outside world, injected so tests can
 * run commands in-process and read what they printed. Defined in the core so the
 * core's command helpers never import the CLI; the CLI re-exports it.
 */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); long-running commands await it. */
  stopSignal: AbortSignal;
  /** Starts the embedded sandbox portal; `runCli` supplies it, so the core never imports the emulator. */
  openSandbox?: OpenEmbeddedPortal;
}

/**
 * Exit codes of `spmigrate`, stable so scripts can branch on them: 0 ok,
 * 1 finished with failed rows, 2 bad input or usage, 3 portal/auth/network failure.
 */
export const ExitCode = { ok: 0, rowsFailed: 1, badInput: 2, portalFailure: 3 } as const;
