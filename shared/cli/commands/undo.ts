import { loadAppCredentials, saveRotatedTokens } from '../../runs/automation/app-credentials-store';
import { parseArgs } from '../../runs/migrate/cli-support';
import { runPortalCommand } from '../run-portal-command';
import { readProject } from '../../sheet/project/project-file';
import type { UndoResult } from '../../runs/undo/types';
import { undoMigration } from '../../runs/undo/undo-migration';
import type { CliCommand } from '../types';
import { ExitCode } from '../types';

const USAGE = 'Usage: spmigrate undo <project.spm.json> [--portal URL] [--dry-run] [--force] [--remove-clients] [--remove-workflows] [--json]\n';

const STAGE_REASONS: Record<string, string> = {
  'not-created-by-project': 'they existed before this migration',
  'has-items': 'items remain in them',
  system: 'system stages stay while the smart process exists',
  'last-of-group': 'a funnel keeps one stage of each kind',
};
const FIELD_REASONS: Record<string, string> = { 'not-created-by-project': 'they existed before this migration', 'has-values': 'remaining items hold values in them' };

const CLIENT_REASONS: Record<string, string> = {
  edited: 'edited in the portal since the migration created it (--force with --remove-clients removes it too)',
  linked: 'linked from',
  'used-by-item': 'an item that stays links it:',
  unchecked: 'the portal did not let the webhook read deals and contacts, so what uses it is unknown',
};

function names(list: ReadonlyArray<{ name: string }>): string {
  const shown = list.slice(0, 10).map((entry) => `“${entry.name}”`).join(', ');
  return list.length > 10 ? `${shown} and ${list.length - 10} more` : shown;
}

/** The companies and contacts this migration created: what goes, what stays and why. */
function clientLines(result: UndoResult): string[] {
  const { clients } = result.plan;
  if (!clients.recorded) {
    return result.plan.stays && result.plan.stays.clientColumns.length > 0 ? ['Companies and contacts: the project file does not record which ones the migration created (it was migrated before that record existed), so none is removed.'] : [];
  }
  const all = [...clients.removable, ...clients.kept];
  if (all.length === 0 && clients.alreadyGone === 0) return [];
  const count = (list: ReadonlyArray<{ kind: string }>): string => `${list.filter((entry) => entry.kind === 'company').length} companies and ${list.filter((entry) => entry.kind === 'contact').length} contacts`;
  const lines = [`Clients: ${count(all)} this migration created${all.length > 0 ? ` (${names(all)})` : ''}${clients.alreadyGone > 0 ? `; ${clients.alreadyGone} already gone` : ''}.`];
  if (!clients.remove) {
    if (clients.removable.length > 0) lines.push(`  they stay; --remove-clients removes the ${clients.removable.length} that nothing else uses.`);
  } else {
    const verb = result.dryRun ? 'would be removed' : 'removed';
    lines.push(`  ${result.clients.deleted} ${verb}${result.clients.failed > 0 ? `, ${result.clients.failed} failed` : ''}${!result.dryRun && result.clients.alreadyGone > clients.alreadyGone ? `, ${result.clients.alreadyGone - clients.alreadyGone} found gone` : ''}.`);
  }
  for (const entry of clients.kept) {
    const why = entry.reason === 'edited' || entry.reason === 'unchecked' ? CLIENT_REASONS[entry.reason] : `${CLIENT_REASONS[entry.reason ?? ''] ?? ''} ${(entry.links ?? []).map((link) => `${link.kind} ${link.id}`).join(', ')}`;
    lines.push(`  kept ${entry.kind} ${entry.id} “${entry.name}”: ${why}`);
  }
  return lines;
}

/** The workflow templates the migration installed: removed, or why they stay. */
function workflowLines(result: UndoResult): string[] {
  const { workflows } = result.plan;
  const lines: string[] = [];
  if (workflows.removable.length > 0) {
    if (!workflows.remove) lines.push(`Workflow templates ${names(workflows.removable)} would be left without their smart process; --remove-workflows removes them.`);
    else lines.push(`Workflow templates: ${result.workflows.deleted} ${result.dryRun ? 'would be removed' : 'removed'}${result.workflows.failed > 0 ? `, ${result.workflows.failed} failed` : ''} (${names(workflows.removable)}).`);
  }
  const kept = workflows.kept.filter((template) => template.reason === 'needs-application');
  if (kept.length > 0) lines.push(`Workflow templates ${names(kept)} stay: only the application that installed them may delete them (give its SPM_APP_* credentials to remove them).`);
  const serving = workflows.kept.filter((template) => template.reason === 'type-kept');
  if (serving.length > 0) lines.push(`Workflow templates ${names(serving)} stay with the smart process, which stays.`);
  return lines;
}

/** What an undo did or would do, as text for a person. */
export function formatUndo(result: UndoResult): string {
  const { plan } = result;
  if (plan.alreadyUndone) {
    const rest = [...clientLines(result), ...workflowLines(result)];
    const failed = result.failures.slice(0, 20).map((failure) => `  failed: ${failure.message}`);
    return `This migration was undone already; nothing of its smart process is left to delete.\n${[...rest, ...failed].map((line) => `${line}\n`).join('')}`;
  }
  const verb = result.dryRun ? 'would be deleted' : 'deleted';
  const lines = [
    `${result.dryRun ? 'Dry run — nothing was changed. ' : ''}Smart process “${plan.title}”${plan.entityTypeId !== null ? ` (entityTypeId ${plan.entityTypeId})` : ''}.`,
    `Items: ${result.items.deleted} ${verb}, ${result.items.kept} edited in the portal and kept, ${result.items.alreadyGone} already gone${result.items.failed > 0 ? `, ${result.items.failed} failed` : ''}.`,
    `Fields: ${result.fields.deleted} ${verb}, ${result.fields.kept} kept. Stages: ${result.stages.deleted} ${verb}, ${result.stages.kept} kept.`,
    `Smart process: ${result.type === 'deleted' ? (result.dryRun ? 'would be deleted' : 'deleted') : result.type === 'gone' ? 'already gone' : `kept (${plan.type.reason === 'not-created-by-project' ? 'it existed before this migration' : 'items remain in it'})`}.`,
  ];
  if (result.kept.length > 0) {
    lines.push(`Edited in the portal since the migration, kept (--force deletes them too):`);
    for (const item of result.kept.slice(0, 50)) lines.push(`  item ${item.itemId} “${item.title ?? item.key}” (row “${item.key}”): ${item.editedColumns.join(', ')}`);
    if (result.kept.length > 50) lines.push(`  … and ${result.kept.length - 50} more`);
  }
  if (plan.force && plan.items.toDelete.some((item) => item.editedColumns.length > 0)) {
    lines.push(`--force: ${plan.items.toDelete.filter((item) => item.editedColumns.length > 0).length} item(s) edited in the portal ${result.dryRun ? 'would be' : 'were'} deleted too.`);
  }
  if (result.type !== 'deleted') {
    // One line per reason: which stages and fields stay, and why.
    for (const [reason, text] of Object.entries(STAGE_REASONS)) {
      const names = plan.stages.kept.filter((stage) => stage.reason === reason).map((stage) => `“${stage.name}”`);
      if (names.length > 0) lines.push(`  kept stage(s) ${names.join(', ')}: ${text}`);
    }
    for (const [reason, text] of Object.entries(FIELD_REASONS)) {
      const names = plan.fields.kept.filter((field) => field.reason === reason).map((field) => `“${field.column}”`);
      if (names.length > 0) lines.push(`  kept field(s) ${names.join(', ')}: ${text}`);
    }
  }
  lines.push(...clientLines(result), ...workflowLines(result));
  for (const warning of plan.warnings) lines.push(`Note: ${warning}`);
  for (const failure of result.failures.slice(0, 20)) lines.push(`  failed: ${failure.message}${failure.method !== undefined && !failure.message.includes(failure.method) ? ` (${failure.method})` : ''}`);
  if (!result.dryRun) {
    lines.push(
      result.complete
        ? 'The migration is undone. The project file is marked so; migrate the sheet again to start afresh.'
        : result.failures.length > 0
          ? 'Not everything was deleted. Fix the cause, then run the same undo again; it continues where it stopped.'
          : 'Edited items were kept. Run undo again with --force to delete them too.',
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `spmigrate undo`: deletes what a migration created (see `undoMigration`);
 * `--remove-clients` also removes the companies and contacts it created that
 * nothing else uses (`--force` then includes those edited in the portal),
 * `--remove-workflows` the workflow templates it installed when the smart
 * process goes. `--json` prints `{dryRun, complete, items, fields, stages,
 * type, clients, workflows, kept, failures, plan, durationMs}` as the last
 * line. Exit 1 when something was kept or failed.
 */
export const run: CliCommand = async (argv, rawIo) => {
  const args = parseArgs(argv, ['portal'], ['dry-run', 'force', 'remove-clients', 'remove-workflows', 'json']);
  if (typeof args === 'string' || args.positional.length !== 1) {
    rawIo.stderr(`spmigrate undo: ${typeof args === 'string' ? args : 'give exactly one project file.'}\n${USAGE}`);
    return ExitCode.badInput;
  }
  return runPortalCommand(rawIo, args.options, async ({ io, options, json, connect }) => {
    const projectPath = args.positional[0]!;
    const project = await readProject(projectPath);
    const removeWorkflows = args.options['remove-workflows'] === true;
    // Only the application that installed a workflow template may delete it: its credentials, when given.
    const credentials = removeWorkflows && project.portal.kind === 'webhook' ? await loadAppCredentials(io.env, options.dataDir) : null;
    const connection = await connect({
      project: project.portal,
      appCredentials: credentials,
      ...(credentials ? { onAppTokens: saveRotatedTokens(options.dataDir, credentials.clientId, io.env['SPM_APP_REFRESH_TOKEN'] ?? '') } : {}),
    });
    const dryRun = args.options['dry-run'] === true;
    const force = args.options['force'] === true;
    const removeClients = args.options['remove-clients'] === true;
    const result = await undoMigration(
      {
        projectPath,
        client: connection.client,
        portal: connection.portal,
        dryRun,
        force,
        removeClients,
        forceClients: removeClients && force,
        removeWorkflows,
        ...(connection.app ? { app: connection.app } : {}),
      },
      { signal: io.stopSignal, onProgress: () => undefined },
    );
    io.stdout(formatUndo(result));
    if (json) io.stdout(`${JSON.stringify(result)}\n`);
    if (dryRun) return ExitCode.ok;
    return result.complete ? ExitCode.ok : ExitCode.rowsFailed;
  });
};
