import { readFile } from 'node:fs/promises';
import { AppError, toWireError, type WireError } from '../../base/errors/errors';
import type { PlanName } from '../../portal/bitrix/rate-limiter';
import { parseWebhookUrl, redactSecret } from '../../portal/bitrix/webhook-url';
import type { CliIo } from './command-io';
import { ExitCode } from './command-io';
import { parseMappingOverride, type MappingOverride } from '../../sheet/mapping/apply-mapping-override';
import { formatLoadEstimate } from '../loader/estimate-load';
import { planWarningText } from '../../sheet/plan/plan-warning-wording';
import type { Plan } from '../../sheet/plan/types';
import { userDataDir } from '../../base/storage/user-data-dir';
import type { ConnectOptions } from './connect-portal';

/** Options of a command line, by name; flags are `true`. */
export type ParsedArgs = { positional: string[]; options: Record<string, string | true> };

/**
 * Parses `argv` against the known option names: `valued` take a value
 * (`--x V` or `--x=V`), `flags` do not. An unknown option is a usage error.
 */
export function parseArgs(argv: readonly string[], valued: readonly string[], flags: readonly string[]): ParsedArgs | string {
  const out: ParsedArgs = { positional: [], options: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      out.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (flags.includes(name)) {
      if (eq >= 0) return `--${name} takes no value.`;
      out.options[name] = true;
    } else if (valued.includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') return `--${name} needs a value.`;
      out.options[name] = value;
    } else {
      return `unknown option “${arg}”.`;
    }
  }
  return out;
}

/** The exit code for an error: portal/auth/network → 3, cancelled or unexpected → 1, the rest (bad input) → 2. */
export function exitCodeFor(error: WireError): number {
  if (error.code.startsWith('PORTAL_')) return ExitCode.portalFailure;
  if (error.code === 'CANCELLED' || error.code === 'INTERNAL') return ExitCode.rowsFailed;
  return ExitCode.badInput;
}

/**
 * Output that can never carry the webhook secret: every line printed goes
 * through `redactSecret` with the secret of the portal URL in use.
 */
export function safeIo(io: CliIo, portalUrl: string | undefined): CliIo {
  let secret = '';
  if (portalUrl) {
    try {
      secret = parseWebhookUrl(portalUrl).secret;
    } catch {
      // An unparsable URL is reported by the connection step.
    }
  }
  return { ...io, stdout: (text) => io.stdout(redactSecret(text, secret)), stderr: (text) => io.stderr(redactSecret(text, secret)) };
}

/** Prints an error: a sentence and a hint on stderr, and with `--json` a last-line `{error}` object. Returns its exit code. */
export function reportError(io: CliIo, error: unknown, json: boolean): number {
  const wire = toWireError(error);
  if (wire.code === 'INTERNAL' && error instanceof Error) io.stderr(`spmigrate: internal error: ${error.message}\n`);
  io.stderr(`spmigrate: ${wire.message}\n${wire.hint ? `  ${wire.hint}\n` : ''}`);
  if (json) io.stdout(`${JSON.stringify({ error: wire })}\n`);
  return exitCodeFor(wire);
}

/** How a command connects: `--portal`, else `SPM_PORTAL`, else the embedded sandbox under the user's data folder. */
export function connectOptions(options: ParsedArgs['options'], io: CliIo): ConnectOptions {
  const url = typeof options['portal'] === 'string' ? options['portal'] : io.env['SPM_PORTAL'];
  const planName = io.env['SPM_PORTAL_PLAN'];
  const plan: PlanName | undefined = planName === 'standard' || planName === 'enterprise' || planName === 'unlimited' ? planName : undefined;
  return { url, dataDir: userDataDir(io.env), ...(plan ? { plan } : {}), openSandbox: io.openSandbox };
}

/** Reads and validates `--mapping FILE`. */
export async function readMappingFile(path: string): Promise<MappingOverride> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new AppError('NOT_FOUND', `The mapping file ${path} cannot be read.`, { where: { file: path } });
  }
  return parseMappingOverride(text, path);
}

/**
 * The mapping decisions a `plan` or `migrate` command line makes: the
 * `--mapping FILE`, with `--create-clients` / `--no-create-clients` laid over
 * its `createClients`. Undefined when the line makes none.
 */
export async function mappingFromOptions(options: ParsedArgs['options']): Promise<MappingOverride | undefined> {
  const fromFile = typeof options['mapping'] === 'string' ? await readMappingFile(options['mapping']) : undefined;
  const createClients = options['no-create-clients'] === true ? false : options['create-clients'] === true ? true : undefined;
  return createClients === undefined ? fromFile : { ...(fromFile ?? {}), createClients };
}

/** The plan as text for a person: one line per operation, then counts and warnings. */
export function formatPlan(plan: Plan, heading: string): string {
  const lines = [heading];
  const width = Math.max(...plan.operations.map((op) => op.method.length), 10);
  for (const op of plan.operations) lines.push(`  ${op.step.padEnd(7)} ${op.method.padEnd(width)}  ${op.summary}`);
  if (plan.operations.length === 0) lines.push('  (nothing to do)');
  const s = plan.summary;
  lines.push(
    '',
    `Summary: ${s.smartProcess === 'create' ? 'create' : s.smartProcess === 'into' ? 'fill the existing' : 'reuse'} smart process “${s.title}”; ${s.fieldsToCreate} field(s) to create; stages +${s.stagesToCreate} ~${s.stagesToUpdate} -${s.stagesToDelete}; ${s.clientsToCreate} client(s) to create; items: ${s.itemsToCreate} to create, ${s.itemsUnchanged} already loaded, ${s.itemsFailed} cannot be sent; users: ${s.usersMatched} matched, ${s.usersUnmatched} unmatched.`,
  );
  if (plan.access) {
    const access = plan.access;
    const text =
      access.mode === 'existing'
        ? `the existing smart process keeps its own setting (${access.existingOpen ? 'open to everyone' : 'closed'})`
        : access.mode === 'open'
          ? "open to everyone (the portal's default; --access closed limits it to administrators and the roles you grant)"
          : 'closed (isSetOpenPermissions=N): administrators and the roles you grant';
    lines.push(`Access: ${text}${access.personalData ? '; the sheet looks like personal data' : ''}.`);
  }
  if (plan.funnels) {
    lines.push(`Funnels (${plan.funnels.length}):`, ...plan.funnels.map((f) => `  “${f.name}”${f.isDefault ? ' (default)' : ''}: ${f.rows} row(s); ${f.stages.join(' → ')}`));
  }
  if (plan.into) {
    const { fields, stages, problems } = plan.into;
    const matched = fields.filter((f) => f.status === 'matched');
    lines.push(`Into “${plan.into.title}” (entityTypeId ${plan.into.entityTypeId}): ${matched.length} column(s) into existing fields, ${fields.filter((f) => f.status === 'new').length} new field(s); ${stages.filter((st) => st.status === 'matched').length} stage(s) existing, ${stages.filter((st) => st.status === 'new').length} new.`);
    for (const f of matched) lines.push(`  “${f.column}” → ${f.fieldName} “${f.label}” (${f.userTypeId})${f.newItems ? `, new list items: ${f.newItems.join(', ')}` : ''}`);
    for (const st of stages) if (st.into) lines.push(`  stage “${st.name}” → existing “${st.into}”`);
    if (problems.length > 0) lines.push('Problems (migrate refuses until each is fixed):', ...problems.map((p) => `  - ${p.message}\n    ${p.hint}`));
  }
  if (plan.loadEstimate && plan.loadEstimate.rows > 0) lines.push(formatLoadEstimate(plan.loadEstimate));
  if (plan.warnings.length > 0) lines.push('Warnings:', ...plan.warnings.map((w) => `  - ${planWarningText(w)}`));
  if (plan.failures.length > 0) lines.push('Rows that cannot be sent:', ...plan.failures.slice(0, 20).map((f) => `  - ${f.message}`), ...(plan.failures.length > 20 ? [`  … and ${plan.failures.length - 20} more`] : []));
  return `${lines.join('\n')}\n`;
}
