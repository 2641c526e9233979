import { loadAppCredentials, saveRotatedTokens } from '../../runs/automation/app-credentials-store';
import { runPortalCommand } from '../run-portal-command';
import { formatPlan, mappingFromOptions } from '../../runs/migrate/cli-support';
import { migrate } from '../../runs/migrate/migrate';
import { formatLoadOutcome } from '../../runs/loader/estimate-load';
import { formatWriteBack, writeBackAfterRun } from '../../runs/results/write-back';
import { planMigration } from '../../runs/migrate/plan-migration';
import { parseSheetCommand } from '../../runs/migrate/target-options';
import type { MigrateAutomation, MigrateInput, MigrateProgress } from '../../runs/migrate/types';
import { planWarningText } from '../../sheet/plan/plan-warning-wording';
import type { CliCommand, CliIo } from '../types';
import { ExitCode } from '../types';

const USAGE =
  'Usage: spmigrate migrate <file> [--portal URL] [--sheet NAME] [--name TITLE] [--mapping FILE] [--project FILE] [--access open|closed] [--into ENTITY_TYPE_ID] [--funnel COLUMN] [--no-automation] [--create-clients|--no-create-clients] [--no-write-back] [--yes] [--json]\n';

function progressPrinter(io: CliIo): (progress: MigrateProgress) => void {
  let lastLoad = 0;
  return (progress) => {
    if (progress.phase === 'setup') io.stderr(`  ${progress.step}: ${progress.message}\n`);
    else if (progress.phase === 'loading') {
      const now = Date.now();
      if (now - lastLoad < 1000 && progress.load.phase === 'loading') return;
      lastLoad = now;
      const total = progress.load.total ?? 0;
      io.stderr(`  items: ${progress.load.done + progress.load.failed}/${total}${progress.load.waitingFor ? ` (waiting for ${progress.load.waitingFor}${progress.load.waitSeconds !== undefined && progress.load.waitSeconds >= 3 ? `, about ${progress.load.waitSeconds} s` : ''})` : ''}\n`);
    } else if (progress.phase === 'automation') io.stderr(`  automation: ${progress.message}\n`);
  };
}

/** The automation lines of the human output: what is on the portal, and what the admin still does by hand. */
function automationLines(automation: MigrateAutomation, project: string): string[] {
  if (automation.mode === 'skipped') {
    // Skipped by choice (--no-automation), or because the smart process existed before (--into): the warning says which.
    if (automation.warnings.length > 0) return ['  automation: skipped', ...automation.warnings.map((warning) => `  ${warning}`)];
    return [`  automation: skipped (--no-automation); later: spmigrate automation ${project} --install`];
  }
  const lines =
    automation.mode === 'application'
      ? [`  automation: starter workflows on the portal (application mode): ${automation.installed.map((name) => `“${name}”`).join(', ')}`]
      : [`  automation: checklist mode — no starter workflow was installed${automation.refusal ? `: ${automation.refusal.message}` : '.'}`];
  // Robots are never placed by REST in either mode, so the checklist is always the next step for them.
  if (automation.checklist) lines.push(`  robots to add by hand: ${automation.checklistFile}`, `  automation page: ${automation.checklist.automationUrl}`);
  for (const warning of automation.warnings) lines.push(`  warning: ${warning}`);
  return lines;
}

/**
 * `spmigrate migrate`: creates the smart process, its fields and stages and
 * loads every row. On a real portal it first shows the plan and needs
 * `--yes`; the embedded sandbox needs no confirmation. After the rows, it
 * runs starter automation unless `--no-automation`: application mode with
 * `SPM_APP_CLIENT_ID`/`_SECRET`/`_REFRESH_TOKEN` (or the embedded sandbox's
 * own app), else the checklist. `--json` prints the result object (with
 * `automation`) as the last line.
 */
export const run: CliCommand = async (argv, rawIo) => {
  const parsed = parseSheetCommand('migrate', argv, ['json', 'yes', 'no-automation', 'create-clients', 'no-create-clients', 'no-write-back'], USAGE, rawIo);
  if (!parsed) return ExitCode.badInput;
  const { args, target } = parsed;
  return runPortalCommand(rawIo, args.options, async ({ io, options, json, connect }) => {
    const mapping = await mappingFromOptions(args.options);
    const automation = args.options['no-automation'] !== true;
    const credentials = automation ? await loadAppCredentials(io.env, options.dataDir) : null;
    const connection = await connect({
      appCredentials: credentials,
      ...(credentials ? { onAppTokens: saveRotatedTokens(options.dataDir, credentials.clientId, io.env['SPM_APP_REFRESH_TOKEN'] ?? '') } : {}),
    });
    const input: MigrateInput = {
      file: args.positional[0]!,
      client: connection.client,
      portal: connection.portal,
      ...(typeof args.options['sheet'] === 'string' ? { sheet: args.options['sheet'] } : {}),
      ...(typeof args.options['name'] === 'string' ? { title: args.options['name'] } : {}),
      ...(typeof args.options['project'] === 'string' ? { projectPath: args.options['project'] } : {}),
      ...(mapping ? { mapping } : {}),
      ...target,
      automation,
      ...(connection.app ? { app: connection.app } : {}),
      ...(connection.origin !== undefined ? { portalOrigin: connection.origin } : {}),
      dataDir: options.dataDir,
    };
    if (connection.portal.kind === 'webhook' && args.options['yes'] !== true) {
      const planned = await planMigration(input, { signal: io.stopSignal, onProgress: () => undefined });
      io.stdout(formatPlan(planned.plan, `Plan for sheet “${planned.sheet}” on ${connection.portal.display}:`));
      io.stderr('spmigrate: nothing was changed. Re-run with --yes to apply this plan to the portal.\n');
      if (json) {
        // Scripts get the plan as the last line too, marked as not applied.
        const { operations, summary } = planned.plan;
        const warnings = planned.plan.warnings.map((w) => planWarningText(w));
        io.stdout(`${JSON.stringify({ applied: false, reason: 'Re-run with --yes to apply this plan to the portal.', operations: operations.map(({ step, method, summary: text }) => ({ step, method, summary: text })), summary, warnings, access: planned.plan.access, ...(planned.plan.into ? { into: planned.plan.into } : {}), ...(planned.plan.funnels ? { funnels: planned.plan.funnels } : {}), loadEstimate: planned.plan.loadEstimate })}\n`);
      }
      return ExitCode.badInput;
    }
    io.stderr(`Migrating to ${connection.portal.display} …\n`);
    const result = await migrate(input, { signal: io.stopSignal, onProgress: progressPrinter(io) });
    // After the run, a copy of the sheet with each row's item id and card link (never the original).
    const copy = args.options['no-write-back'] === true || connection.origin === undefined ? undefined : await writeBackAfterRun({ projectPath: result.project, portalOrigin: connection.origin, sourceFile: input.file });
    io.stdout(
      [
        `Smart process “${result.title}” (entityTypeId ${result.entityTypeId}, id ${result.typeId}) on ${result.portal}`,
        `  workflows ${result.flags['isBizProcEnabled'] === 'Y' ? 'on' : 'off'}, automation rules ${result.flags['isAutomationEnabled'] === 'Y' ? 'on' : 'off'}, access ${result.flags['isSetOpenPermissions'] === 'N' ? 'closed' : 'open to everyone'}`,
        `  fields: ${result.fields.map((f) => `${f.field} (${f.userTypeId}${f.multiple ? ', multiple' : ''}) ← “${f.column}”`).join('; ') || 'none'}`,
        ...(result.funnels
          ? result.funnels.map((f) => `  funnel “${f.name}” (category ${f.categoryId}): ${f.stages.map((s) => `${s.name}${s.semantics === 'process' ? '' : ` [${s.semantics}]`}`).join(' → ')}`)
          : [`  stages: ${result.stages.map((s) => `${s.name}${s.semantics === 'process' ? '' : ` [${s.semantics}]`}`).join(' → ')}`]),
        `  items: ${result.items.created} created, ${result.items.updated} updated, ${result.items.unchanged} unchanged, ${result.items.failed} failed`,
        ...(result.load ? [formatLoadOutcome(result.load)] : []),
        ...(copy ? [formatWriteBack(copy)] : []),
        ...result.failures.slice(0, 20).map((f) => `  failed: ${f.message}`),
        ...(result.notes ? [`  notes: ${result.notes.posted} posted to timelines, ${result.notes.unchanged} already there, ${result.notes.failed} refused`] : []),
        ...(result.warnings ?? []).slice(0, 20).map((w) => `  warning: ${planWarningText(w)}`),
        ...((result.warnings?.length ?? 0) > 20 ? [`  … and ${result.warnings!.length - 20} more warning(s) (see --json)`] : []),
        ...automationLines(result.automation, result.project),
        `  project: ${result.project}  (next time: spmigrate sync ${result.project})`,
        '',
      ].join('\n'),
    );
    if (json) io.stdout(`${JSON.stringify({ ...result, ...(result.warnings ? { warnings: result.warnings.map((w) => planWarningText(w)) } : {}), writeBack: copy ?? null })}\n`);
    return result.failures.length > 0 ? ExitCode.rowsFailed : ExitCode.ok;
  });
};
