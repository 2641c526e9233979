/**
 * `spmigrate automation <project.spm.json> [--install] [--json]`: prints the
 * starter automation plan, writes the checklist, the `.bpt` files and the
 * installer app next to the project, and with `--install` installs the
 * workflow templates where an application context exists.
 *
 * Application context: on the embedded sandbox, its emulated app token; on a
 * real portal, `SPM_APP_CLIENT_ID`, `SPM_APP_CLIENT_SECRET` and
 * `SPM_APP_REFRESH_TOKEN` (the rotated token is kept in the user's data
 * folder). Without one, the webhook is tried and its refusal ends in the
 * checklist (exit 0), as it must on a real portal.
 *
 * Recipe edits may be saved in the project as
 * `"automation": {"recipes": [{"id": "notify-on-entry:NEW", "enabled": false, "text": "…"}]}`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createBitrixClient } from '../../portal/bitrix/bitrix-client';
import { planLimits } from '../../portal/bitrix/rate-limiter';
import { loadAppCredentials, saveRotatedTokens } from '../../runs/automation/app-credentials-store';
import { automationPlanFromProject } from '../../runs/automation/automation-plan-from-project';
import { createAppSession } from '../../runs/automation/create-app-session';
import type { RestCaller } from '../../runs/automation/install-templates';
import { sandboxAppSession } from '../../runs/automation/sandbox-app-session';
import { runStarterAutomation, type StarterAutomationResult } from '../../runs/automation/run-starter-automation';
import type { AutomationPlan } from '../../runs/automation/types';
import { connectOptions, parseArgs, reportError, safeIo } from '../../runs/migrate/cli-support';
import { connectPortal } from '../../runs/migrate/connect-portal';
import { readProject } from '../../sheet/project/project-file';
import type { ProjectFile } from '../../sheet/project/types';
import { openEmbeddedSandbox } from '../../../sandbox/embedded-sandbox';
import { userDataDir } from '../../base/storage/user-data-dir';
import type { CliCommand, CliIo } from '../types';
import { ExitCode } from '../types';

const USAGE = 'Usage: spmigrate automation <project.spm.json> [--install] [--portal URL] [--json]\n';

/** The `--json` shape: operations, a summary and warnings. */
export interface AutomationJson {
  operations: Array<{ step: 'install' | 'manual' | 'file'; method: string; summary: string }>;
  summary: {
    mode: 'application' | 'checklist' | 'plan-only';
    recipes: number;
    enabled: number;
    templates: number;
    installed: number;
    alreadyInstalled: number;
    failed: number;
    automationUrl: string;
    folder: string;
  };
  warnings: string[];
}

interface Connected {
  origin: string;
  app?: RestCaller;
  webhook?: RestCaller;
  close(): Promise<void>;
}

/** The portal's origin from the project's display URL (`https://x.bitrix24.ru/rest/1/***`). */
function originOf(project: ProjectFile, fallback: string): string {
  if (project.portal.kind !== 'webhook') return fallback;
  try {
    return new URL(project.portal.display).origin;
  } catch {
    return fallback;
  }
}

async function connect(project: ProjectFile, options: Record<string, string | true>, io: CliIo): Promise<Connected> {
  const dataDir = userDataDir(io.env);
  if (project.portal.kind === 'sandbox') {
    const sandbox = await openEmbeddedSandbox(dataDir);
    const app = sandboxAppSession(sandbox.appEndpoint, sandbox.appAccessToken);
    const webhook = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
    return { origin: sandbox.origin, app, webhook, close: () => sandbox.close() };
  }
  const connection = await connectPortal({ ...connectOptions(options, io), project: project.portal });
  const origin = originOf(project, '');
  const credentials = await loadAppCredentials(io.env, dataDir);
  const out: Connected = { origin, webhook: connection.client, close: () => connection.close() };
  if (credentials !== null) {
    out.app = createAppSession({
      credentials,
      // Tokens go only to the project's own portal, whatever the OAuth server says.
      clientEndpoint: `${origin}/rest/`,
      onTokens: saveRotatedTokens(dataDir, credentials.clientId, io.env['SPM_APP_REFRESH_TOKEN'] ?? ''),
    });
  }
  return out;
}

function toJson(plan: AutomationPlan, result: StarterAutomationResult, installRequested: boolean, folder: string): AutomationJson {
  const operations: AutomationJson['operations'] = [];
  for (const template of result.templates) {
    const outcome = result.installed.find((t) => t.key === template.key);
    operations.push({
      step: 'install',
      method: 'bizproc.workflow.template.add',
      summary: `${template.name} (AUTO_EXECUTE "${template.autoExecute}"${template.waits ? ', waits; starts on create only' : ''})${outcome ? ` — ${outcome.status}${outcome.templateId ? ` #${outcome.templateId}` : ''}` : ''}`,
    });
  }
  for (const stage of result.checklist.stages) {
    for (const step of stage.steps) operations.push({ step: 'manual', method: 'automation page', summary: `${stage.name}: ${step.robot} — ${step.title}${step.coveredBy ? ' (covered by the installed workflow)' : ''}` });
  }
  for (const step of result.checklist.general) operations.push({ step: 'manual', method: 'automation page', summary: `${step.robot} — ${step.title}` });
  for (const file of result.files) operations.push({ step: 'file', method: 'write', summary: join(folder, file.name) });
  const warnings: string[] = [];
  if (result.refusal) warnings.push(result.refusal.message);
  for (const failed of result.installed.filter((t) => t.status === 'failed')) warnings.push(`${failed.name}: ${failed.error ?? 'failed'}`);
  return {
    operations,
    summary: {
      mode: installRequested ? result.mode : 'plan-only',
      recipes: plan.recipes.length,
      enabled: plan.recipes.filter((r) => r.enabled).length,
      templates: result.templates.length,
      installed: result.installed.filter((t) => t.status === 'installed').length,
      alreadyInstalled: result.installed.filter((t) => t.status === 'already-installed').length,
      failed: result.installed.filter((t) => t.status === 'failed').length,
      automationUrl: result.checklist.automationUrl,
      folder,
    },
    warnings,
  };
}

function printHuman(io: CliIo, json: AutomationJson, checklistPath: string): void {
  const lines = [`Starter automation (${json.summary.mode}): ${json.summary.enabled} of ${json.summary.recipes} recipes on, ${json.summary.templates} workflow template(s).`];
  for (const op of json.operations) if (op.step !== 'file') lines.push(`  ${op.step.padEnd(7)} ${op.method.padEnd(30)} ${op.summary}`);
  lines.push(`Robots are never placed by REST: follow ${checklistPath}`, `Automation page: ${json.summary.automationUrl}`);
  for (const warning of json.warnings) lines.push(`warning: ${warning}`);
  io.stdout(`${lines.join('\n')}\n`);
}

/** `spmigrate automation`: see the module comment. */
export const run: CliCommand = async (argv, rawIo) => {
  const args = parseArgs(argv, ['portal'], ['install', 'json']);
  if (typeof args === 'string' || args.positional.length !== 1) {
    rawIo.stderr(`spmigrate automation: ${typeof args === 'string' ? args : 'give exactly one project file.'}\n${USAGE}`);
    return ExitCode.badInput;
  }
  const json = args.options['json'] === true;
  const install = args.options['install'] === true;
  const portalUrl = typeof args.options['portal'] === 'string' ? args.options['portal'] : rawIo.env['SPM_PORTAL'];
  const io = safeIo(rawIo, portalUrl);
  const projectPath = resolve(io.cwd, args.positional[0] as string);
  let connected: Connected | undefined;
  try {
    const project = await readProject(projectPath);
    const { plan, unknownEdits: unknown } = automationPlanFromProject(project);
    if (install) connected = await connect(project, args.options, io);
    const origin = connected?.origin ?? originOf(project, 'http://127.0.0.1');
    const input: Parameters<typeof runStarterAutomation>[0] = { plan, portalOrigin: origin, install };
    if (connected?.app) input.app = connected.app;
    if (connected?.webhook) input.webhook = connected.webhook;
    const result = await runStarterAutomation(input, {
      signal: io.stopSignal,
      onProgress: (p) => {
        if (!json && p.current !== '') io.stderr(`installing ${p.done + 1}/${p.total}: ${p.current}\n`);
      },
    });
    const folder = join(dirname(projectPath), `${project.id}-automation`);
    await mkdir(folder, { recursive: true });
    for (const file of result.files) await writeFile(join(folder, file.name), file.data);
    const out = toJson(plan, result, install, folder);
    for (const id of unknown) out.warnings.push(`The project edits name an unknown recipe “${id}”.`);
    if (json) io.stdout(`${JSON.stringify(out)}\n`);
    else printHuman(io, out, join(folder, 'automation-checklist.md'));
    return out.summary.failed > 0 ? ExitCode.rowsFailed : ExitCode.ok;
  } catch (error) {
    return reportError(io, error, json);
  } finally {
    await connected?.close();
  }
};
