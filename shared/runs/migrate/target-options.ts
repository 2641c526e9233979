import type { CliIo } from './command-io';
import { parseArgs, type ParsedArgs } from './cli-support';
import type { MigrateInput } from './types';

/** The part of `MigrateInput` that `--access` and `--into` decide. */
export type TargetOptions = Pick<MigrateInput, 'access' | 'into' | 'funnel'>;

/**
 * Reads `--access open|closed`, `--into ENTITY_TYPE_ID` and `--funnel COLUMN` of `plan` and
 * `migrate`; returns a usage error as a sentence when a value is wrong.
 */
export function targetOptions(options: ParsedArgs['options']): TargetOptions | string {
  const out: TargetOptions = {};
  const access = options['access'];
  if (access !== undefined) {
    if (access !== 'open' && access !== 'closed') return `--access takes “open” (everyone on the portal sees the smart process, the portal's default) or “closed” (administrators and the roles you grant), not “${String(access)}”.`;
    out.access = access;
  }
  const into = options['into'];
  if (into !== undefined) {
    const id = typeof into === 'string' && /^\d+$/.test(into) ? Number(into) : NaN;
    if (!Number.isSafeInteger(id) || id <= 0) return `--into takes the entityTypeId of an existing smart process (the number in its address, /crm/type/<entityTypeId>/…), not “${String(into)}”.`;
    out.into = id;
  }
  if (typeof options['funnel'] === 'string') out.funnel = options['funnel'];
  if (out.access !== undefined && out.into !== undefined) return '--access applies to a new smart process; with --into the existing one keeps its own access settings.';
  return out;
}

/** The valued options `plan` and `migrate` share: where the portal and sheet are, and what the run targets. */
const SHEET_COMMAND_OPTIONS = ['portal', 'sheet', 'name', 'mapping', 'project', 'access', 'into', 'funnel'] as const;

/**
 * Parses a `plan` or `migrate` command line: one spreadsheet, the shared
 * valued options plus the command's `flags`, and a valid target. On a usage
 * error it writes the reason and the usage to stderr and returns undefined.
 */
export function parseSheetCommand(command: string, argv: readonly string[], flags: readonly string[], usage: string, io: CliIo): { args: ParsedArgs; target: TargetOptions } | undefined {
  const args = parseArgs(argv, SHEET_COMMAND_OPTIONS, flags);
  if (typeof args === 'string' || args.positional.length !== 1) {
    io.stderr(`spmigrate ${command}: ${typeof args === 'string' ? args : 'give exactly one spreadsheet file.'}\n${usage}`);
    return undefined;
  }
  const target = targetOptions(args.options);
  if (typeof target === 'string') {
    io.stderr(`spmigrate ${command}: ${target}\n${usage}`);
    return undefined;
  }
  return { args, target };
}
