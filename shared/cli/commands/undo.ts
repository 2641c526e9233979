import { parseArgs } from '../../runs/migrate/cli-support';
import { runPortalCommand } from '../run-portal-command';
import { readProject } from '../../sheet/project/project-file';
import type { UndoResult } from '../../runs/undo/types';
import { undoMigration } from '../../runs/undo/undo-migration';
import type { CliCommand } from '../types';
import { ExitCode } from '../types';

const USAGE = 'Usage: spmigrate undo <project.spm.json> [--portal URL] [--dry-run] [--force] [--json]\n';

const STAGE_REASONS: Record<string, string> = {
  'not-created-by-project': 'they existed before this migration',
  'has-items': 'items remain in them',
  system: 'system stages stay while the smart process exists',
  'last-of-group': 'a funnel keeps one stage of each kind',
};
const FIELD_REASONS: Record<string, string> = { 'not-created-by-project': 'they existed before this migration', 'has-values': 'remaining items hold values in them' };

/** What an undo did or would do, as text for a person. */
export function formatUndo(result: UndoResult): string {
  const { plan } = result;
  if (plan.alreadyUndone) return `This migration was undone already; nothing is left to delete.\n`;
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
  for (const warning of plan.warnings) lines.push(`Note: ${warning}`);
  for (const failure of result.failures.slice(0, 20)) lines.push(`  failed: ${failure.message}`);
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
 * `spmigrate undo`: deletes what a migration created (see `undoMigration`).
 * `--json` prints `{dryRun, complete, items, fields, stages, type, kept,
 * failures, plan, durationMs}` as the last line. Exit 1 when something was
 * kept or failed.
 */
export const run: CliCommand = async (argv, rawIo) => {
  const args = parseArgs(argv, ['portal'], ['dry-run', 'force', 'json']);
  if (typeof args === 'string' || args.positional.length !== 1) {
    rawIo.stderr(`spmigrate undo: ${typeof args === 'string' ? args : 'give exactly one project file.'}\n${USAGE}`);
    return ExitCode.badInput;
  }
  return runPortalCommand(rawIo, args.options, async ({ io, json, connect }) => {
    const projectPath = args.positional[0]!;
    const project = await readProject(projectPath);
    const connection = await connect({ project: project.portal });
    const dryRun = args.options['dry-run'] === true;
    const result = await undoMigration(
      { projectPath, client: connection.client, portal: connection.portal, dryRun, force: args.options['force'] === true },
      { signal: io.stopSignal, onProgress: () => undefined },
    );
    io.stdout(formatUndo(result));
    if (json) io.stdout(`${JSON.stringify(result)}\n`);
    if (dryRun) return ExitCode.ok;
    return result.complete ? ExitCode.ok : ExitCode.rowsFailed;
  });
};
