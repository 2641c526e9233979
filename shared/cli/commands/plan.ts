import { runPortalCommand } from '../run-portal-command';
import { formatPlan, mappingFromOptions } from '../../runs/migrate/cli-support';
import { planMigration } from '../../runs/migrate/plan-migration';
import { parseSheetCommand } from '../../runs/migrate/target-options';
import { planWarningText } from '../../sheet/plan/plan-warning-wording';
import type { CliCommand } from '../types';
import { ExitCode } from '../types';

const USAGE = 'Usage: spmigrate plan <file> [--portal URL] [--sheet NAME] [--name TITLE] [--mapping FILE] [--project FILE] [--access open|closed] [--into ENTITY_TYPE_ID] [--funnel COLUMN] [--create-clients|--no-create-clients] [--json]\n';

/**
 * `spmigrate plan`: the exact operations a `migrate` would perform on the
 * portal, changing nothing. `--json` prints `{operations: [{step, method,
 * summary}], summary, warnings}` as the last line.
 */
export const run: CliCommand = async (argv, rawIo) => {
  const parsed = parseSheetCommand('plan', argv, ['json', 'create-clients', 'no-create-clients'], USAGE, rawIo);
  if (!parsed) return ExitCode.badInput;
  const { args, target } = parsed;
  return runPortalCommand(rawIo, args.options, async ({ io, options, json, connect }) => {
    const mapping = await mappingFromOptions(args.options);
    const connection = await connect();
    const planned = await planMigration(
      {
        file: args.positional[0]!,
        client: connection.client,
        portal: connection.portal,
        ...(typeof args.options['sheet'] === 'string' ? { sheet: args.options['sheet'] } : {}),
        ...(typeof args.options['name'] === 'string' ? { title: args.options['name'] } : {}),
        ...(typeof args.options['project'] === 'string' ? { projectPath: args.options['project'] } : {}),
        ...(mapping ? { mapping } : {}),
        dataDir: options.dataDir,
        ...target,
      },
      { signal: io.stopSignal, onProgress: () => undefined },
    );
    const { plan } = planned;
    if (planned.alreadyMigrated) plan.warnings.unshift({ code: 'ALREADY_MIGRATED', params: { project: planned.projectPath } });
    if (planned.resuming) plan.warnings.unshift({ code: 'RESUMING', params: { project: planned.projectPath } });
    io.stdout(formatPlan(plan, `Plan for sheet “${planned.sheet}” on ${connection.portal.display} (project ${planned.projectPath}):`));
    if (json) {
      io.stdout(`${JSON.stringify({ operations: plan.operations.map(({ step, method, summary }) => ({ step, method, summary })), summary: plan.summary, warnings: plan.warnings.map((w) => planWarningText(w)), failures: plan.failures, access: plan.access, ...(plan.into ? { into: plan.into } : {}), ...(plan.funnels ? { funnels: plan.funnels } : {}), mapping: planned.mapping, loadEstimate: plan.loadEstimate })}\n`);
    }
    return ExitCode.ok;
  });
};
