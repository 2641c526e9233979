import { runCli } from '../../../shared/cli/main';

/** What one in-process `spmigrate` run printed and returned; `json` is the last stdout line parsed, when it is JSON. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json: Record<string, unknown> | undefined;
}

/** Runs `spmigrate <argv>` in-process with the given environment. */
export async function cli(argv: string[], env: Record<string, string | undefined>, cwd = process.cwd()): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env,
    cwd,
    stopSignal: new AbortController().signal,
  });
  const last = stdout.trimEnd().split('\n').pop() ?? '';
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(last) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { code, stdout, stderr, json };
}
