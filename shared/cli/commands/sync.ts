import { resolve } from 'node:path';
import { formatWriteBack, writeBackAfterRun } from '../../runs/results/write-back';
import { withColumnNames } from '../../runs/sync/with-column-names';
import { valueText } from '../../runs/sync/word-values';
import { AppError } from '../../base/errors/errors';
import { parseArgs } from '../../runs/migrate/cli-support';
import { runPortalCommand } from '../run-portal-command';
import { readProject } from '../../sheet/project/project-file';
import type { ConflictPolicy } from '../../runs/sync/diff-rows';
import { sync, type SyncInput, type SyncResult } from '../../runs/sync/sync';
import type { CliCommand } from '../types';
import { ExitCode } from '../types';

const USAGE =
  'Usage: spmigrate sync <project.spm.json> [--file FILE] [--portal URL] [--dry-run] [--removed keep|delete|stage:<name>] [--conflicts sheet-wins|portal-wins|skip] [--allow-schema-changes] [--confirm-removals N] [--no-write-back] [--json]\n';

function confirmedRemovals(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0) throw new AppError('INVALID_INPUT', `--confirm-removals takes the number of removals to allow (got “${value}”).`);
  return count;
}

function removedPolicy(value: string | true | undefined): SyncInput['removed'] {
  if (value === undefined || value === 'keep') return { kind: 'keep' };
  if (value === 'delete') return { kind: 'delete' };
  if (typeof value === 'string' && value.startsWith('stage:') && value.length > 'stage:'.length) return { kind: 'stage', name: value.slice('stage:'.length) };
  throw new AppError('INVALID_INPUT', `--removed must be keep, delete or stage:<name> (got “${String(value)}”).`);
}

function conflictPolicy(value: string | true | undefined): ConflictPolicy {
  if (value === undefined) return 'skip';
  if (value === 'sheet-wins' || value === 'portal-wins' || value === 'skip') return value;
  throw new AppError('INVALID_INPUT', `--conflicts must be sheet-wins, portal-wins or skip (got “${String(value)}”).`);
}

/** The diff and counts as text for a person. */
export function formatSync(result: SyncResult): string {
  const i = result.items;
  const lines = [
    `${result.dryRun ? 'Dry run — nothing was changed. ' : ''}Items: ${i.created} ${result.dryRun ? 'to create' : 'created'}, ${i.updated} ${result.dryRun ? 'to update' : 'updated'}, ${i.unchanged} unchanged, ${i.removed} gone from the sheet, ${i.conflicts} conflict(s), ${i.failed} failed.`,
  ];
  const c = result.changes;
  const funnels = c.funnels ?? [];
  if (c.fields.length > 0 || c.stages.length > 0 || c.lists.length > 0 || funnels.length > 0) {
    const what = [
      c.fields.length > 0 ? `new column(s) ${c.fields.map((f) => `“${f}”`).join(', ')}` : '',
      c.stages.length > 0 ? `new stage value(s) ${c.stages.map((s) => `“${s}”`).join(', ')}` : '',
      ...c.lists.map((list) => `new value(s) of “${list.column}” ${list.items.map((item) => `“${item}”`).join(', ')} (${list.rows} row(s))`),
      funnels.length > 0 ? `new funnel(s) ${funnels.map((f) => `“${f}”`).join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    lines.push(c.pending ? `Schema: ${what} — not applied; re-run with --allow-schema-changes to add them.` : `Schema: ${what}${result.dryRun ? ' — would be added' : ' — added'}.`);
  }
  if (c.missingColumns.length > 0) lines.push(`Columns no longer in the sheet (their fields are left alone): ${c.missingColumns.map((h) => `“${h}”`).join(', ')}.`);
  const unmatchedNew = result.rowsByContent ? result.diff.filter((change) => change.action === 'create').length : 0;
  const unmatchedGone = result.rowsByContent ? result.diff.filter((change) => change.action === 'remove').length : 0;
  if (unmatchedNew > 0 && unmatchedGone > 0) {
    lines.push(`Warning: the sheet has no ID column, so rows are known by their cells; ${unmatchedNew} new and ${unmatchedGone} gone row(s) could not be matched with each other. A row edited among them gets a new item, and its old item follows --removed.`);
  }
  for (const change of result.diff.slice(0, 50)) {
    const where = change.row !== undefined ? `row ${change.row}` : change.lastRow !== undefined ? `gone (was row ${change.lastRow})` : 'gone';
    // A content-keyed sheet's key is an internal fingerprint: the card's title says which row it is.
    const name = result.rowsByContent ? (change.title !== undefined ? ` “${change.title}”` : '') : ` “${change.key}”`;
    const detail =
      change.action === 'remove'
        ? `removed from the sheet → ${change.removal === 'delete' ? 'delete item' : change.removal === 'stage' ? 'move to stage' : 'keep item'}`
        : change.action === 'skip'
          ? `conflict, skipped (${change.conflicts.join(', ')})`
          : `${change.action}${change.fields.length > 0 ? ` ${change.fields.join(', ')}` : ''}${change.conflicts.length > 0 ? ` (conflict: ${change.conflicts.join(', ')})` : ''}`;
    lines.push(`  ${where}${name}: ${detail}${change.pairedFrom !== undefined ? ' (the same item: the row changed)' : ''}`);
    for (const value of change.values ?? []) lines.push(`      ${value.field}: ${valueText(value.before)} → ${valueText(value.after)}`);
  }
  if (result.diff.length > 50) lines.push(`  … and ${result.diff.length - 50} more`);
  for (const f of result.failures.slice(0, 20)) lines.push(`  failed: ${f.message}`);
  for (const edit of result.staleEdits.slice(0, 20)) {
    const why = edit.rowChanged ? 'the row has changed since the edit (no row of the sheet holds what it held)' : `the sheet now says “${edit.sheetNow}”`;
    lines.push(`  edit overruled: row ${edit.row}, column “${edit.column}”: ${why}; the app's edit “${edit.value}” ${result.dryRun ? 'would be' : 'was'} dropped.`);
  }
  if (result.notes && result.notes.posted + result.notes.failed > 0) lines.push(`  notes: ${result.notes.posted} new comment(s) on timelines, ${result.notes.failed} refused`);
  for (const w of (result.warnings ?? []).slice(0, 20)) lines.push(`  warning: ${w}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `spmigrate sync`: re-reads the sheet and applies its changes to the smart
 * process (see `sync`). `--json` prints `{items, changes, failures,
 * durationMs}` (plus the diff) as the last line.
 */
export const run: CliCommand = async (argv, rawIo) => {
  const args = parseArgs(argv, ['file', 'portal', 'removed', 'conflicts', 'confirm-removals'], ['dry-run', 'allow-schema-changes', 'json', 'no-write-back']);
  if (typeof args === 'string' || args.positional.length !== 1) {
    rawIo.stderr(`spmigrate sync: ${typeof args === 'string' ? args : 'give exactly one project file.'}\n${USAGE}`);
    return ExitCode.badInput;
  }
  return runPortalCommand(rawIo, args.options, async ({ io, json, connect }) => {
    const projectPath = args.positional[0]!;
    const removed = removedPolicy(args.options['removed']);
    const conflicts = conflictPolicy(args.options['conflicts']);
    const project = await readProject(projectPath);
    const connection = await connect({ project: project.portal });
    const result = await sync(
      {
        projectPath,
        client: connection.client,
        portal: connection.portal,
        removed,
        conflicts,
        dryRun: args.options['dry-run'] === true,
        allowSchemaChanges: args.options['allow-schema-changes'] === true,
        // Like every other path on the command line, --file is relative to where the command runs, not to the project.
        ...(typeof args.options['file'] === 'string' ? { file: resolve(args.options['file']) } : {}),
        ...(typeof args.options['confirm-removals'] === 'string' ? { confirmRemovals: confirmedRemovals(args.options['confirm-removals']) } : {}),
      },
      { signal: io.stopSignal, onProgress: () => undefined },
    );
    // After a real sync, the copy of the sheet with each row's item id and card link is refreshed.
    const file = args.options['file'];
    const copy = result.dryRun || args.options['no-write-back'] === true || connection.origin === undefined ? undefined : await writeBackAfterRun({ projectPath, portalOrigin: connection.origin, ...(typeof file === 'string' ? { sourceFile: resolve(file) } : {}) });
    // People read column names; the JSON keeps the portal's field names for scripts.
    io.stdout(formatSync(withColumnNames(result, await readProject(projectPath))) + (copy ? `${formatWriteBack(copy)}\n` : ''));
    if (json) {
      const { items, changes, failures, durationMs, diff, dryRun, staleEdits, warnings, notes, rowsByContent } = result;
      io.stdout(`${JSON.stringify({ items, changes, failures, durationMs, dryRun, diff, staleEdits, writeBack: copy ?? null, ...(warnings ? { warnings } : {}), ...(notes ? { notes } : {}), ...(rowsByContent ? { rowsByContent } : {}) })}\n`);
    }
    return result.failures.length > 0 ? ExitCode.rowsFailed : ExitCode.ok;
  });
};
