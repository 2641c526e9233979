import { resolve } from 'node:path';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxPlan } from '../../../sandbox/types';
import type { CliCommand } from '../types';
import { ExitCode } from '../types';

const USAGE = 'Usage: spmigrate sandbox [--port N] [--data DIR] [--plan standard|enterprise|unlimited] [--time-scale N] [--admin]\n';

interface SandboxArgs {
  port?: number;
  dataDir?: string;
  plan?: SandboxPlan;
  timeScale?: number;
  admin: boolean;
}

function parseArgs(argv: string[]): SandboxArgs | string {
  const args: SandboxArgs = { admin: false };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    const needValue = (): string | undefined => {
      i += 1;
      return value;
    };
    switch (flag) {
      case '--port': {
        const n = Number(needValue());
        if (!Number.isInteger(n) || n < 0 || n > 65535) return `--port needs a port number (0–65535), got “${value ?? ''}”.`;
        args.port = n;
        break;
      }
      case '--data': {
        const dir = needValue();
        if (dir === undefined || dir === '') return '--data needs a folder.';
        args.dataDir = dir;
        break;
      }
      case '--plan': {
        const plan = needValue();
        if (plan !== 'standard' && plan !== 'enterprise' && plan !== 'unlimited') return `--plan must be standard, enterprise or unlimited, got “${plan ?? ''}”.`;
        args.plan = plan;
        break;
      }
      case '--time-scale': {
        const n = Number(needValue());
        if (!(n > 0) || !Number.isFinite(n)) return `--time-scale needs a positive number, got “${value ?? ''}”.`;
        args.timeScale = n;
        break;
      }
      case '--admin':
        args.admin = true;
        break;
      default:
        return `unknown option “${flag ?? ''}”.`;
    }
  }
  return args;
}

/**
 * `spmigrate sandbox`: serves a sandbox portal until stopped and prints one
 * JSON line with its webhook (plus `adminUrl` with `--admin`), so scripts
 * and tests can read where to connect.
 */
export const run: CliCommand = async (argv, io) => {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.stderr(`spmigrate sandbox: ${args}\n${USAGE}`);
    return ExitCode.badInput;
  }
  let handle;
  try {
    handle = await startSandbox({
      port: args.port,
      dataDir: args.dataDir === undefined ? undefined : resolve(io.cwd, args.dataDir),
      plan: args.plan,
      timeScale: args.timeScale,
      adminEndpoint: args.admin,
    });
  } catch (error) {
    io.stderr(`spmigrate sandbox: could not start: ${(error as Error).message}\n`);
    return ExitCode.badInput;
  }
  const line: Record<string, string> = { webhook: handle.webhook };
  if (handle.adminUrl !== undefined) line['adminUrl'] = handle.adminUrl;
  io.stdout(`${JSON.stringify(line)}\n`);
  await new Promise<void>((done) => {
    if (io.stopSignal.aborted) done();
    else io.stopSignal.addEventListener('abort', () => done(), { once: true });
  });
  await handle.close();
  return ExitCode.ok;
};
