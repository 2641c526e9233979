import { basename, dirname, relative, resolve } from 'node:path';
import { AppError, toWireError } from '../../base/errors/errors';
import type { BitrixClient } from '../../portal/bitrix/bitrix-client';
import { BitrixError } from '../../portal/bitrix/bitrix-error';
import { sendWrites } from '../../portal/bitrix/send-writes';
import type { BatchCommand } from '../../portal/bitrix/types';
import type { RunControl } from '../../base/jobs/types';
import { openJournal } from '../journal/open-journal';
import { loadItems } from '../loader/load-items';
import type { LoadProgress } from '../loader/types';
import type { Mapping, RowAnchor } from '../../sheet/mapping/types';
import { failureOf, resolveContext } from '../migrate/migrate';
import { loadSheet } from '../migrate/load-sheet';
import { groupRowWarnings } from '../../sheet/plan/group-row-warnings';
import { prepareRows, type PreparedRows, type StaleOverride } from '../../sheet/plan/prepare-rows';
import { ensureDealRelation, mapsField, resolveLinks } from '../migrate/setup-clients';
import { createdSink, recordCreatedClients } from '../migrate/created-clients';
import { notesJournalPath, postNotes } from '../../portal/notes/post-notes';
import { resolveItemFields, type ResolveContext } from '../../sheet/plan/resolve-item-fields';
import type { PreparedRow, RowFailure } from '../../sheet/plan/types';
import type { SheetTable } from '../../sheet/spreadsheet/types';
import { readProject, writeProject } from '../../sheet/project/project-file';
import { REASON_HEADER } from '../results/export-failures';
import { WRITE_BACK_HEADERS } from '../results/write-back';
import type { LoadedSheet } from '../migrate/load-sheet';
import type { ProjectFile, ProjectPortal } from '../../sheet/project/types';
import { readUsers } from '../../portal/snapshot/read-snapshot';
import { funnelResolver } from '../migrate/funnel-resolver';
import { setupFields, setupFunnels, setupStages } from '../migrate/setup-smart-process';
import { fillFunnels, funnelSchemaChange, funnelStages, rowFunnels } from '../../sheet/plan/funnels';
import { captureRowStates, rowFieldStates } from './capture-row-states';
import { placedRowKeys } from './pair-changed-rows';
import { diffRows, type ConflictPolicy, type RemovedPolicy, type RowDiff, type RowResolver } from './diff-rows';
import { readItems } from './read-items';
import { applySchemaChanges, detectSchemaChanges, isEmptyChange, skipMissingColumns, type SchemaChanges } from './schema-changes';
import { readSyncState, writeSyncState, type SyncState } from './sync-state';
import { valueWorder, type FieldChange } from './word-values';
import { undoComplete, undoStarted } from '../undo/undo-record';
import { setupNoteText } from '../migrate/setup-note-wording';
import type { SetupNote } from '../migrate/types';

/** What to sync and how. `removed` names a stage by its name (`stage:<name>` on the CLI). */
export interface SyncInput {
  projectPath: string;
  /** The new version of the sheet (default: the project's source file). */
  file?: string;
  client: BitrixClient;
  portal: ProjectPortal;
  dryRun?: boolean;
  removed?: { kind: 'keep' } | { kind: 'delete' } | { kind: 'stage'; name: string };
  conflicts?: ConflictPolicy;
  /** Apply new columns, stage values and list items to the smart process (the CLI asks for this flag). */
  allowSchemaChanges?: boolean;
  /**
   * How many removals (deletions or stage moves of rows gone from the sheet)
   * the person confirmed. Above `removalGuard(items)` a sync refuses to remove
   * more than this, so a shortened or wrong file cannot empty a smart process.
   */
  confirmRemovals?: number;
  /** Who reads the English lines: the app's texts name what to click, never a command-line flag. */
  audience?: 'cli' | 'app';
}

/** The most removals a sync applies without an explicit confirmation: 10% of the items, at least 20. */
export function removalGuard(knownItems: number): number {
  return Math.max(20, Math.ceil(knownItems * 0.1));
}

/** Where a sync is. */
export type SyncProgress =
  | { phase: 'reading' | 'comparing' | 'verifying' | 'done' }
  | { phase: 'schema'; message: string }
  | { phase: 'applying'; done: number; total: number }
  | { phase: 'loading'; load: LoadProgress };

/** One row of the diff as shown to a person. */
export interface SyncChange {
  key: string;
  row?: number;
  action: RowDiff['action'];
  fields: string[];
  /** Each changed field as the portal has it now and as the sync writes it, ids turned back into names. */
  values?: FieldChange[];
  conflicts: string[];
  removal?: RowDiff['removal'];
  /** The card's title: the sheet's for a row in it, the portal's for a row gone from it. */
  title?: string;
  /** For a row gone from the sheet: the row it sat on at the last run. */
  lastRow?: number;
  /** A changed row of a sheet keyed by its content: its key before the change, whose item it updates. */
  pairedFrom?: string;
}

/** The result of a sync (the shape of `sync --json`, a stable contract scripts rely on, plus the diff itself). */
export interface SyncResult {
  dryRun: boolean;
  /** `removed` counts every row gone from the sheet; `kept` those of them whose items stay as they are. */
  items: { created: number; updated: number; unchanged: number; removed: number; kept: number; conflicts: number; failed: number };
  /**
   * The sheet's new shape: new columns, stage values and funnels by name, and
   * per list column the new values with how many rows hold one of them (those
   * rows cannot be sent until the values are added). `pending`: found but not applied.
   */
  changes: {
    fieldsAdded: number;
    stagesAdded: number;
    fields: string[];
    stages: string[];
    listItemsAdded: number;
    lists: Array<{ column: string; items: string[]; rows: number }>;
    missingColumns: string[];
    pending: boolean;
    funnels?: string[];
  };
  diff: SyncChange[];
  /** The sheet has no key column: rows are known by their content, so a changed row that cannot be recognised shows as a new row plus a gone one. */
  rowsByContent?: boolean;
  failures: RowFailure[];
  /** Cells edited in the app's preview that the sheet has changed since: the sheet's text was used (and the edits are dropped when the sync applies). */
  staleEdits: StaleOverride[];
  durationMs: number;
  /** Link values left unlinked, notes refused (rows are still synced). */
  warnings?: string[];
  /** Timeline comments posted for new or changed notes (never for unchanged ones). */
  notes?: { posted: number; unchanged: number; failed: number };
}

/**
 * Brings a migrated smart process in step with a new version of its sheet:
 * a three-way diff (sheet, portal, and both as last synced), new rows
 * created with `crm.item.add` (robots run on a live process), changed
 * fields updated (a stage change moves the item), rows gone from the sheet
 * kept, deleted or moved by policy, portal edits reported as conflicts.
 * Schema changes (new columns, stage values, list items) apply only with
 * `allowSchemaChanges`. `dryRun` computes and returns the diff, changing
 * nothing. A second sync right after a first changes nothing.
 */
export async function sync(input: SyncInput, { signal, onProgress }: RunControl<SyncProgress>): Promise<SyncResult> {
  const started = Date.now();
  const projectPath = resolve(input.projectPath);
  const project = await readProject(projectPath);
  const folder = dirname(projectPath);
  if (undoStarted(project)) {
    throw new AppError('INVALID_INPUT', `The migration of project ${projectPath} was undone${undoComplete(project) ? '' : ' in part'}: syncing would bring back what the undo deleted.`, {
      hint: undoComplete(project) ? 'To start over, migrate the sheet again: spmigrate migrate <file>.' : `Finish the undo first (spmigrate undo ${projectPath}, --force to delete edited items too), then migrate the sheet again.`,
      appHint: undoComplete(project) ? 'To start over, open the file and create the smart process again.' : 'Finish the undo first (edited items included), then create the smart process again.',
      ...(undoComplete(project) ? {} : { followUps: [{ kind: 'undo' as const, project: projectPath }] }),
      where: { file: projectPath },
      params: { reason: undoComplete(project) ? 'syncAfterUndo' : 'syncAfterPartialUndo' },
    });
  }
  if (project.status !== 'done') {
    throw new AppError('INVALID_INPUT', `The migration of project ${projectPath} has not finished.`, { hint: 'Run spmigrate migrate with the same file again to finish it, then sync.', appHint: 'Finish the migration first, then sync.', followUps: [{ kind: 'finish-migration', project: projectPath }], params: { reason: 'syncUnfinished' } });
  }
  if (project.portal.display !== input.portal.display) {
    throw new AppError('INVALID_INPUT', `This project belongs to ${project.portal.display}, not ${input.portal.display}.`, { hint: 'Use the webhook of the portal the project was migrated to.', params: { reason: 'projectOfAnotherPortal', portal: project.portal.display } });
  }
  onProgress({ phase: 'reading' });
  const file = resolve(folder, input.file ?? project.source.file);
  const loaded = await loadSheet(file, project.source.sheet, signal, true, project.source.table);
  // A failures file (rows to fix, exported after a run) holds only some rows: it never implies removals.
  const failuresFile = loaded.table.headers.includes(REASON_HEADER);
  // The columns the tool itself adds (the failures file's reason, the write-back copy's id and link) are never the sheet's data.
  const { table, schema } = withoutColumns(loaded, toolColumns(loaded.table.headers, project.mapping));

  const changes: SchemaChanges = detectSchemaChanges(project.mapping, table, schema);
  // Funnels: a new value of the funnel column is a new funnel, a schema change like a new stage.
  const funnelChange = funnelSchemaChange(project, table);
  const applyChanges = input.allowSchemaChanges === true && (!isEmptyChange(changes) || funnelChange.pending);
  let mapping: Mapping = applyChanges ? fillFunnels(applySchemaChanges(project.mapping, changes), table) : project.mapping;
  mapping = skipMissingColumns(mapping, changes.missingColumns);
  const statePath = resolve(folder, project.state);
  const state = await readSyncState(statePath);
  const allPrepared = withTwinsInPlace(prepareRows(table, mapping), table, mapping, state);
  const failures: RowFailure[] = [...allPrepared.failures];
  const funnelOf = rowFunnels(mapping, table, allPrepared.rows);
  // Rows whose funnel (or whose stage in that funnel) is not on the portal yet are not sent; never into another funnel.
  const funnelMisses = applyChanges ? [] : funnelChange.rows;
  for (const miss of funnelMisses) failures.push(miss.failure);
  const prepared = funnelMisses.length === 0 ? allPrepared : { ...allPrepared, rows: allPrepared.rows.filter((row) => !funnelMisses.some((miss) => miss.key === row.key)) };
  // The app shows these rows with its own choice to add the new values; the CLI names its flag.
  if (!applyChanges && !isEmptyChange(changes) && input.audience !== 'app') {
    for (const failure of failures) {
      if (failure.code === 'INVALID_INPUT') failure.message += ' (new values are added with --allow-schema-changes)';
    }
  }

  const { entityTypeId, typeId, categoryId } = project.smartProcess;
  if (entityTypeId === null || typeId === null || categoryId === null) throw new AppError('INVALID_INPUT', `The project ${projectPath} has no smart process.`, { params: { reason: 'syncNoSmartProcess' } });
  const noop = (): void => undefined;
  if (applyChanges && !input.dryRun) {
    const log = (_step: string, note: SetupNote): void => onProgress({ phase: 'schema', message: setupNoteText(note) });
    project.mapping = applySchemaChanges(project.mapping, changes);
    // The whole mapping, missing columns included, so their fields stay in the project.
    const fieldsBefore = project.smartProcess.existedBefore?.fields;
    const fields = await setupFields(input.client, project.mapping, typeId, log, signal);
    project.fields = fieldsBefore ? fields.map((field) => (fieldsBefore.includes(field.fieldName) ? { ...field, existed: true } : field)) : fields;
    // A funnel that existed before the project (--into) only gets new stages; its own are never resorted.
    const before = project.smartProcess.existedBefore;
    if (project.mapping.funnel) {
      project.mapping = fillFunnels(project.mapping, table);
      project.funnels = await setupFunnels(input.client, project.mapping, entityTypeId, categoryId, funnelStages(project.mapping, allPrepared.rows, funnelOf, project.funnels), false, log, signal);
      project.stages = project.funnels[0]?.stages ?? [];
    } else {
      const stages = await setupStages(input.client, project.mapping, entityTypeId, categoryId, false, log, signal, project.smartProcess.createdByProject === false);
      project.stages = before ? stages.map((stage) => (before.stages.includes(stage.statusId) ? { ...stage, existed: true } : stage)) : stages;
    }
    await writeProject(projectPath, project);
  }

  // A deal column added since the migration needs the deal relation too (one read when it is there).
  if (!input.dryRun && mapsField(mapping, 'parentId2')) await ensureDealRelation(input.client, typeId, noop, signal);
  // Links by name, e-mail/phone (duplicate search first) and deal id/title; missing clients created unless the mapping says not to.
  // Clients this sync creates join the project's record (written even when the sync stops later), so an undo can remove them.
  const created = createdSink();
  let clients;
  try {
    clients = await resolveLinks(input.client, prepared, mapping, { ...(input.dryRun ? { dryRun: true } : {}), log: noop, signal, created });
  } finally {
    if (recordCreatedClients(project, created)) await writeProject(projectPath, project);
  }

  onProgress({ phase: 'comparing' });
  const ctx = resolveContext(project, clients);
  if (applyChanges && input.dryRun) withPlannedListItems(ctx, project, changes);
  const resolveRow = funnelResolver(project, ctx, funnelOf);
  const journal = await openJournal(resolve(folder, project.journal));
  try {
    const known = new Map([...journal.entries()].map((entry) => [entry.key, entry.itemId]));
    const select = selectKeys(prepared.rows, ctx, resolveRow);
    const items = await readItems(input.client, entityTypeId, select, undefined, signal);
    const removed: RemovedPolicy = policyOf(input.removed, mapping);
    const funnels = project.funnels;
    const stageIn = funnels && funnels.length > 0 ? (categoryId: number, code: string) => funnels.find((funnel) => funnel.categoryId === categoryId)?.stages.find((stage) => stage.code === code)?.statusId : undefined;
    const byContent = mapping.key.kind === 'fingerprint';
    const fullDiff = diffRows({
      rows: prepared.rows,
      ctx,
      state,
      known,
      items,
      xmlIdPrefix: project.id,
      conflicts: input.conflicts ?? 'skip',
      removed,
      sheetKeys: new Set(prepared.keys),
      ...(resolveRow ? { resolve: resolveRow } : {}),
      ...(stageIn ? { stageIn } : {}),
      ...(byContent ? { pairByContent: true } : {}),
    });
    const diff = failuresFile ? fullDiff.filter((change) => change.action !== 'remove') : fullDiff;

    const counts = { created: 0, updated: 0, unchanged: 0, removed: 0, kept: 0, conflicts: 0, failed: 0 };
    for (const change of diff) {
      if (change.conflicts.length > 0) counts.conflicts += 1;
      if (change.action === 'unchanged') counts.unchanged += 1;
      if (change.action === 'remove') counts.removed += 1;
      if (change.action === 'remove' && (change.removal === 'keep' || (change.removal === 'stage' && Object.keys(change.fields).length === 0))) counts.kept += 1;
    }
    const word = valueWorder(project, ctx, { mapping, users: await userNames(input.client, diff, ctx, project.mapping, signal) });
    const preparedByKey = new Map(prepared.rows.map((row) => [row.key, row]));
    // How a person knows the row: its card's title (the sheet's for rows in it, the portal's for rows gone from it).
    const titleOf = (change: RowDiff): string | undefined => {
      const row = preparedByKey.get(change.key);
      const title = row ? (resolveRow ? resolveRow(row, 'update') : resolveItemFields(row.values, ctx, 'update'))['title'] : change.itemId === undefined ? undefined : items.get(change.itemId)?.['title'];
      return typeof title === 'string' && title.trim() !== '' ? title.trim() : undefined;
    };
    const destructive = diff.filter((change) => change.action === 'remove' && change.removal !== 'keep').length;
    const guard = removalGuard(known.size);
    if (!input.dryRun && destructive > guard && (input.confirmRemovals ?? 0) < destructive) {
      throw new AppError('INVALID_INPUT', `This sync would ${removed.kind === 'delete' ? 'delete' : 'move'} ${destructive} of ${known.size} items whose rows are not in ${basename(file)}; nothing was changed.`, {
        hint: `Check that this is the whole sheet, not a part of it. If the removals are right, confirm their number: --confirm-removals ${destructive}.`,
        appHint: `Check that this is the whole sheet, not a part of it. If the removals are right, confirm their number (${destructive}) when asked.`,
        where: { file },
        params: { reason: removed.kind === 'delete' ? 'syncWouldDelete' : 'syncWouldMove', count: String(destructive), of: String(known.size), sheetFile: basename(file) },
      });
    }
    const result: SyncResult = {
      dryRun: input.dryRun === true,
      items: counts,
      changes: {
        fieldsAdded: applyChanges ? changes.newColumns.length : 0,
        stagesAdded: applyChanges ? changes.newStages.length : 0,
        fields: changes.newColumns.map((column) => column.header),
        stages: changes.newStages.map((stage) => stage.name),
        listItemsAdded: applyChanges ? changes.newItems.reduce((sum, entry) => sum + entry.items.length, 0) : 0,
        lists: changes.newItems.map(({ header, items, rows }) => ({ column: header, items, rows })),
        missingColumns: changes.missingColumns,
        pending: !applyChanges && (!isEmptyChange(changes) || funnelChange.pending),
        ...(funnelChange.values.length > 0 ? { funnels: funnelChange.values } : {}),
      },
      diff: diff
        .filter((change) => change.action !== 'unchanged')
        .map((change) => {
          const out: SyncChange = { key: change.key, action: change.action, fields: change.action === 'create' || change.action === 'recreate' ? [] : change.changed, conflicts: change.conflicts };
          if (change.sourceRow !== undefined) out.row = change.sourceRow;
          if (change.removal !== undefined) out.removal = change.removal;
          if (change.pairedFrom !== undefined) out.pairedFrom = change.pairedFrom;
          const title = titleOf(change);
          if (title !== undefined) out.title = title;
          const lastRow = change.action === 'remove' ? state.rows[change.key]?.row : undefined;
          if (lastRow !== undefined) out.lastRow = lastRow;
          const before = change.before;
          const item = change.itemId === undefined ? undefined : items.get(change.itemId);
          if (before && change.changed.length > 0) {
            out.values = change.changed.map((field) => ({
              field,
              before: word(field, before[field], field === 'opportunity' ? item?.['currencyId'] : undefined),
              after: word(field, change.fields[field], field === 'opportunity' ? (change.fields['currencyId'] ?? item?.['currencyId']) : undefined),
            }));
          }
          return out;
        }),
      ...(byContent ? { rowsByContent: true } : {}),
      failures,
      staleEdits: prepared.staleOverrides,
      durationMs: 0,
      ...(clients.warnings.length > 0 ? { warnings: groupRowWarnings(clients.warnings) } : {}),
    };
    if (input.dryRun) {
      counts.created = diff.filter((change) => change.action === 'create' || change.action === 'recreate').length;
      counts.updated = diff.filter((change) => change.action === 'update').length;
      counts.failed = failures.length;
      result.durationMs = Date.now() - started;
      onProgress({ phase: 'done' });
      return result;
    }

    // Items found by xmlId rather than through the journal (a lost answer, a recreated row) join the journal.
    // A changed row of a content-keyed sheet joins the journal under its new key only once its item carries that key.
    const found = diff.filter((change) => change.itemId !== undefined && change.pairedFrom === undefined && change.action !== 'recreate' && change.action !== 'remove' && items.has(change.itemId) && known.get(change.key) !== change.itemId);
    await journal.settle(found.map((change) => ({ key: change.key, itemId: change.itemId! })));

    const rowsByKey = new Map(prepared.rows.map((row) => [row.key, row]));
    const touched: Array<{ key: string; itemId: number; row: PreparedRow }> = [];
    // New rows: the exactly-once loader with crm.item.add, so the live process's robots react.
    const creates = diff.filter((change) => change.action === 'create');
    if (creates.length > 0) {
      const summary = await loadItems(
        {
          client: input.client,
          entityTypeId,
          rows: creates.map((change) => ({ key: change.key, fields: withoutHistory(change.fields), ...(change.sourceRow !== undefined ? { sourceRow: change.sourceRow } : {}) })),
          journal,
          xmlIdPrefix: project.id,
          total: creates.length,
          useOriginalUfNames: true,
          strategy: 'add-in-batch',
        },
        { signal, onProgress: (load) => onProgress({ phase: 'loading', load }) },
      );
      for (const row of summary.rows) {
        if (row.status === 'failed') failures.push(failureOf(rowsByKey.get(row.key)?.sourceRow, row.error, mapping, typeId));
        else {
          counts.created += 1;
          touched.push({ key: row.key, itemId: row.itemId, row: rowsByKey.get(row.key)! });
        }
      }
    }

    const writes: Array<{ change: RowDiff; command: BatchCommand }> = [];
    for (const change of diff) {
      if (change.action === 'recreate') writes.push({ change, command: { method: 'crm.item.add', params: { entityTypeId, fields: { ...withoutHistory(change.fields), xmlId: `${project.id}:${change.key}` }, useOriginalUfNames: 'Y' } } });
      else if (change.pairedFrom !== undefined && (change.action === 'update' || change.action === 'unchanged')) {
        // The item takes the row's new key, so a later sync (or a lost answer's retry) finds it by that key.
        writes.push({ change, command: { method: 'crm.item.update', params: { entityTypeId, id: change.itemId, fields: { ...change.fields, xmlId: `${project.id}:${change.key}` }, useOriginalUfNames: 'Y' } } });
      } else if ((change.action === 'update' || (change.action === 'remove' && change.removal === 'stage')) && Object.keys(change.fields).length > 0) {
        writes.push({ change, command: { method: 'crm.item.update', params: { entityTypeId, id: change.itemId, fields: change.fields, useOriginalUfNames: 'Y' } } });
      } else if (change.action === 'remove' && change.removal === 'delete') writes.push({ change, command: { method: 'crm.item.delete', params: { entityTypeId, id: change.itemId } } });
    }
    for (let start = 0; start < writes.length; start += 50) {
      const chunk = writes.slice(start, start + 50);
      // About 50 ms of portal time per written row, the loader's first estimate too.
      // A cleared list cannot travel inside batch (its empty array vanishes from the query string): such updates go as plain calls.
      const outcomes = await sendWrites(input.client, chunk.map((write, i) => ({ ...write.command, key: `w${start + i}` })), { signal, cost: 0.05 });
      const settled: Array<{ key: string; itemId: number }> = [];
      outcomes.forEach((outcome, i) => {
        const { change } = chunk[i]!;
        if (outcome.status !== 'ok') {
          const error = outcome.status === 'error' ? outcome.error : new BitrixError('PORTAL_NETWORK', `The portal did not confirm the change to row “${change.key}”.`, { bitrixCode: outcome.status, httpStatus: 0, hint: 'Run sync again; it compares with the portal first.' });
          failures.push(failureOf(change.sourceRow, toWireError(error), mapping, typeId));
          return;
        }
        if (change.action === 'recreate') {
          const itemId = Number((outcome.result as { item?: { id?: unknown } })?.item?.id);
          settled.push({ key: change.key, itemId });
          counts.created += 1;
          touched.push({ key: change.key, itemId, row: rowsByKey.get(change.key)! });
        } else if (change.action === 'update') {
          counts.updated += 1;
          touched.push({ key: change.key, itemId: change.itemId!, row: rowsByKey.get(change.key)! });
        }
        if (change.pairedFrom !== undefined) {
          settled.push({ key: change.key, itemId: change.itemId! });
          renameRow(state, change.pairedFrom, change.key, change.itemId!);
        }
        if (change.action === 'remove') {
          const rowState = state.rows[change.key] ?? { itemId: change.itemId!, fields: {} };
          rowState.gone = change.removal === 'delete' ? 'deleted' : 'moved';
          state.rows[change.key] = rowState;
        }
      });
      if (settled.length > 0) await journal.settle(settled);
      onProgress({ phase: 'applying', done: Math.min(start + 50, writes.length), total: writes.length });
    }
    for (const change of diff) {
      // A paired row whose write did not go through keeps its old key's state, so the next sync pairs it again.
      if (change.pairedFrom !== undefined && state.rows[change.pairedFrom]?.gone !== 'renamed') continue;
      if (change.action === 'remove' && (change.removal === 'keep' || Object.keys(change.fields).length === 0) && change.removal !== 'delete') {
        const rowState = state.rows[change.key] ?? { itemId: change.itemId!, fields: {} };
        rowState.gone = change.removal === 'stage' ? 'moved' : 'kept';
        state.rows[change.key] = rowState;
      }
      // Unwritten rows: record what both sides hold now, so portal-wins edits are not reported again.
      if (change.action === 'unchanged' || (change.action === 'update' && change.conflicts.length > 0 && input.conflicts === 'portal-wins' && change.changed.length === 0)) {
        const row = rowsByKey.get(change.key);
        const item = change.itemId === undefined ? undefined : items.get(change.itemId);
        // Fields of columns missing this time keep their state for when the column is back.
        if (row && item) state.rows[change.key] = { itemId: change.itemId!, fields: { ...state.rows[change.key]?.fields, ...rowFieldStates(resolveRow ? resolveRow(row, 'update') : resolveItemFields(row.values, ctx, 'update'), item, ctx) } };
      }
    }
    // Notes: a new or changed note adds a timeline comment; an unchanged one is never posted twice (notes journal).
    const noteRows = prepared.rows.flatMap((row) => {
      const itemId = journal.get(row.key)?.itemId;
      const text = row.values['timelineComment'];
      return itemId === undefined || typeof text !== 'string' ? [] : [{ key: row.key, itemId, text, sourceRow: row.sourceRow }];
    });
    if (noteRows.length > 0) {
      const notes = await postNotes({ client: input.client, entityTypeId, rows: noteRows, journalPath: notesJournalPath(resolve(folder, project.journal)), signal });
      result.notes = { posted: notes.posted, unchanged: notes.unchanged, failed: notes.failures.length };
      result.warnings = [...(result.warnings ?? []), ...notes.failures.map((failure) => failure.message)];
    }
    onProgress({ phase: 'verifying' });
    await captureRowStates(input.client, ctx, touched, state, signal, resolveRow);
    // A gone key whose item a row of the sheet now holds (its new key written, the answer lost) names no item.
    const held = new Map(diff.filter((change) => change.itemId !== undefined && change.action !== 'remove' && change.action !== 'create').map((change) => [change.itemId!, change.key]));
    for (const [key, rowState] of Object.entries(state.rows)) {
      const holder = held.get(rowState.itemId);
      if (rowState.gone !== undefined || rowsByKey.has(key) || holder === undefined || holder === key || state.rows[holder]?.itemId !== rowState.itemId) continue;
      state.rows[key] = { itemId: rowState.itemId, fields: {}, gone: 'renamed' };
      // The holder's state last, so it is the one read when an item's state is looked up.
      const holderState = state.rows[holder]!;
      delete state.rows[holder];
      state.rows[holder] = holderState;
    }
    // Where every row sits now: a content-keyed row is recognised by its place once its content changes.
    for (const row of prepared.rows) {
      const rowState = state.rows[row.key];
      if (rowState !== undefined && rowState.gone === undefined) rowState.row = row.sourceRow;
    }
    await writeSyncState(statePath, state);
    project.lastSyncAt = new Date().toISOString();
    // The next plain `sync` (a scheduler's) reads the version synced last, never an older one that would roll changes back.
    if (input.file !== undefined && !failuresFile) project.source.file = relative(folder, file) || file;
    project.mapping = withoutStaleEdits(project.mapping, prepared.staleOverrides);
    // A project from before the sheet's zone was kept gets the zone this sync used, so later syncs agree with it.
    if (project.mapping.timeZone === undefined && ctx.timeZone !== undefined) project.mapping = { ...project.mapping, timeZone: ctx.timeZone };
    await writeProject(projectPath, project);
    counts.failed = failures.length;
    result.durationMs = Date.now() - started;
    onProgress({ phase: 'done' });
    return result;
  } finally {
    await journal.close();
  }
}

/**
 * Prepared rows of a content-keyed sheet with identical rows keyed by where
 * they sit (`placeTwins`), so an edit to one twin never hands its card to the other.
 */
function withTwinsInPlace(prepared: PreparedRows, table: SheetTable, mapping: Mapping, state: SyncState): PreparedRows {
  const keys = placedRowKeys(prepared.keys, table, mapping, state);
  if (keys.every((key, i) => key === prepared.keys[i])) return prepared;
  const renames = new Map(prepared.keys.map((key, i) => [key, keys[i]!]));
  return { ...prepared, keys, rows: prepared.rows.map((row) => ({ ...row, key: renames.get(row.key) ?? row.key })) };
}

/**
 * The names of portal users the diff's values name and no sheet name maps
 * to (a default responsible, someone chosen in the portal), read only when
 * there are any; without them such a person stays `#id`.
 */
async function userNames(client: BitrixClient, diff: readonly RowDiff[], ctx: ResolveContext, mapping: Mapping, signal?: AbortSignal): Promise<Map<number, string>> {
  const named = new Set(Object.values(mapping.users).filter((id): id is number => typeof id === 'number'));
  const personFields = new Set(['assignedById', 'observers', 'createdBy']);
  for (const [suffix, type] of Object.entries(ctx.fieldTypes)) if (type.userTypeId === 'employee' && ctx.fieldNames[suffix]) personFields.add(ctx.fieldNames[suffix]!);
  const unnamed = new Set<number>();
  for (const change of diff) {
    for (const field of change.changed) {
      if (!personFields.has(field)) continue;
      for (const value of [change.before?.[field], change.fields[field]].flat()) {
        const id = Number(value);
        if (value !== null && value !== undefined && value !== '' && Number.isInteger(id) && id > 0 && !named.has(id)) unnamed.add(id);
      }
    }
  }
  const out = new Map<number, string>();
  if (unnamed.size === 0) return out;
  try {
    for (const user of await readUsers(client, signal)) {
      const name = [user.name, user.lastName].filter(Boolean).join(' ');
      if (unnamed.has(user.id) && name !== '') out.set(user.id, name);
    }
  } catch (error) {
    // Names are for reading only: a portal that will not list its users leaves them as ids, and the sync goes on.
    if (signal?.aborted) throw error;
  }
  return out;
}

/**
 * For a dry run that would add list items: each new item gets an id below
 * zero, which no portal item has, so its rows show the new value by name
 * and differ from the portal, as they will once the item exists.
 */
function withPlannedListItems(ctx: ResolveContext, project: ProjectFile, changes: SchemaChanges): void {
  let next = -1;
  for (const { header, items } of changes.newItems) {
    const field = project.fields.find((candidate) => candidate.column === header && candidate.userTypeId === 'enumeration');
    if (!field) continue;
    const ids = { ...(ctx.enumIds[field.suffix] ?? {}) };
    for (const item of items) if (ids[item] === undefined) ids[item] = next--;
    ctx.enumIds[field.suffix] = ids;
  }
}

/**
 * Hands the state of a changed row's old key to its new key (the new key
 * last, so it is the one read when an item's state is looked up) and marks
 * the old key as naming no item.
 */
function renameRow(state: SyncState, from: string, to: string, itemId: number): void {
  const fields = state.rows[from]?.fields ?? {};
  state.rows[from] = { itemId, fields: {}, gone: 'renamed' };
  delete state.rows[to];
  state.rows[to] = { itemId, fields: { ...fields } };
}

/** The mapping without the preview edits the sheet has overruled, so they never come back on a later sync. */
function withoutStaleEdits(mapping: Mapping, stale: readonly StaleOverride[]): Mapping {
  if (stale.length === 0 || mapping.overrides === undefined) return mapping;
  const cellOf = (key: string, column: string, row: RowAnchor | undefined): string => JSON.stringify(row ? [row.index, row.cells, column] : [key, column]);
  const gone = new Set(stale.map((edit) => cellOf(edit.key, edit.column, edit.anchor)));
  return { ...mapping, overrides: mapping.overrides.filter((edit) => !gone.has(cellOf(edit.key, edit.column, edit.row))) };
}

/** Item fields without `createdTime`: only the first migration's import may set history. */
function withoutHistory(fields: Record<string, unknown>): Record<string, unknown> {
  const { createdTime: _history, ...rest } = fields;
  return rest;
}

/** Every portal key the rows write, for the `select` of the item read. */
function selectKeys(rows: readonly PreparedRow[], ctx: ResolveContext, resolve?: RowResolver): string[] {
  const keys = new Set<string>(['stageId', ...Object.values(ctx.fieldNames)]);
  for (const row of rows) for (const key of Object.keys(resolve ? resolve(row, 'update') : resolveItemFields(row.values, ctx, 'update'))) keys.add(key);
  return [...keys];
}

function policyOf(removed: SyncInput['removed'], mapping: Mapping): RemovedPolicy {
  if (removed === undefined || removed.kind === 'keep') return { kind: 'keep' };
  if (removed.kind === 'delete') return { kind: 'delete' };
  const name = removed.name.trim().toLowerCase();
  const stage = mapping.stages.find((candidate) => candidate.name.toLowerCase() === name || candidate.code.toLowerCase() === name);
  if (!stage) {
    throw new AppError('INVALID_INPUT', `--removed stage:${removed.name} names no stage of this smart process.`, { hint: `Use one of: ${mapping.stages.map((s) => s.name).join(', ')}.` });
  }
  return { kind: 'stage', code: stage.code, name: stage.name };
}

/** The sheet without the export's reason column, so it is neither a new field nor a changed value. */
/**
 * Headers of columns the tool added to a file it wrote: the failures
 * export's reason, and the write-back copy's id and link pair (only as a
 * pair, and only when the project maps no column of that name, since
 * “Ссылка” may well be a column of the sheet itself).
 */
function toolColumns(headers: readonly string[], mapping: Mapping): Set<string> {
  const mapped = new Set(mapping.columns.map((column) => column.header));
  const out = new Set<string>();
  if (headers.includes(REASON_HEADER) && !mapped.has(REASON_HEADER)) out.add(REASON_HEADER);
  for (const pair of Object.values(WRITE_BACK_HEADERS)) {
    const at = headers.indexOf(pair.id);
    if (at >= 0 && headers[at + 1] === pair.link && !mapped.has(pair.id) && !mapped.has(pair.link)) {
      out.add(pair.id);
      out.add(pair.link);
    }
  }
  return out;
}

/** The sheet without the given columns (their schema entries re-indexed). */
function withoutColumns(loaded: LoadedSheet, drop: ReadonlySet<string>): Pick<LoadedSheet, 'table' | 'schema'> {
  if (drop.size === 0) return loaded;
  const keep = loaded.table.headers.map((header) => !drop.has(header));
  const table = {
    ...loaded.table,
    headers: loaded.table.headers.filter((_, i) => keep[i]),
    columnNumbers: loaded.table.columnNumbers.filter((_, i) => keep[i]),
    rows: loaded.table.rows.map((row) => row.filter((_, i) => keep[i])),
  };
  const newIndex = (index: number): number => keep.slice(0, index).filter(Boolean).length;
  const schema = { ...loaded.schema, columns: loaded.schema.columns.filter((column) => !drop.has(column.header)).map((column) => ({ ...column, index: newIndex(column.index) })) };
  return { table, schema };
}
