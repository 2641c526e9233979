import { stat } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { AppError } from '../../base/errors/errors';
import { isUnknownOutcome } from '../../portal/bitrix/write-checked';
import type { RunControl } from '../../base/jobs/types';
import { openJournal } from '../journal/open-journal';
import { findByXmlId } from '../loader/find-by-xml-id';
import { loadItems } from '../loader/load-items';
import type { LoadRow, LoadSummary } from '../loader/types';
import type { Mapping } from '../../sheet/mapping/types';
import { groupRowNotes } from '../../sheet/plan/group-row-warnings';
import { setupNoteText } from './setup-note-wording';
import { importOrder } from '../../sheet/plan/import-order';
import { machineTimeZone } from '../../sheet/mapping/sheet-time';
import { learnedCost, rememberLoadCost } from '../results/load-costs';
import { fieldMaps, resolveItemFields, type ResolveContext } from '../../sheet/plan/resolve-item-fields';
import type { PlanWarning, RowFailure } from '../../sheet/plan/types';
import type { ProjectWithAutomation } from '../automation/project-automation';
import { writeProject } from '../../sheet/project/project-file';
import type { ProjectField, ProjectFile, ProjectStage } from '../../sheet/project/types';
import { captureRowStates } from '../sync/capture-row-states';
import { readSyncState, writeSyncState } from '../sync/sync-state';
import { columnForField } from './column-for-field';
import { planMigration, projectDataPaths } from './plan-migration';
import { runMigrateAutomation, SKIPPED_AUTOMATION } from './run-migrate-automation';
import { postNotes, notesJournalPath, type NotesSummary } from '../../portal/notes/post-notes';
import { NOT_ADMIN_SETUP_HINT } from '../../portal/portals/check-portal';
import { funnelResolver } from './funnel-resolver';
import { ensureDealRelation, mapsField, resolveLinks } from './setup-clients';
import { carriedCreatedClients, createdSink, recordCreatedClients, type ProjectWithClients } from './created-clients';
import { setupFields, setupFunnels, setupInto, setupStages, setupType, type SetupLog } from './setup-smart-process';
import type { MigrateInput, MigrateProgress, MigrateResult } from './types';

/** The context that turns prepared rows into item fields, from a project's setup. */
export function resolveContext(project: ProjectFile, clients: { companies: Record<string, number>; contacts: Record<string, number>; deals?: Record<string, number> }): ResolveContext {
  const { typeId, entityTypeId, categoryId } = project.smartProcess;
  if (typeId === null || entityTypeId === null || categoryId === null) throw new AppError('INTERNAL', 'The project has no smart process yet.', { params: { reason: 'noSmartProcessYet' } });
  const specs = project.fields.map((field) => ({ column: field.column, suffix: field.suffix, userTypeId: field.userTypeId, multiple: field.multiple, label: field.column, items: [] }));
  return {
    entityTypeId,
    categoryId,
    ...fieldMaps(specs, typeId),
    enumIds: Object.fromEntries(project.fields.filter((field) => field.items).map((field) => [field.suffix, field.items!])),
    stageIds: Object.fromEntries(project.stages.map((stage) => [stage.code, stage.statusId])),
    companies: clients.companies,
    contacts: clients.contacts,
    ...(clients.deals ? { deals: clients.deals } : {}),
    timeZone: project.mapping.timeZone ?? machineTimeZone(),
  };
}

/** The portal's code and own words of a refusal, when the error carried them. */
function portalWords(params: Record<string, string> | undefined): { portalCode?: string; portalText?: string } {
  const out: { portalCode?: string; portalText?: string } = {};
  if (params?.portalCode !== undefined) out.portalCode = params.portalCode;
  if (params?.portalText !== undefined) out.portalText = params.portalText;
  return out;
}

/**
 * The items a migration created, across its runs. A resumed run finds the
 * rows an earlier run of the same migration loaded (before a pause or a
 * crash) in the journal, as unchanged or, when the sheet changed meanwhile,
 * updated: they are this migration's items all the same, so they count as
 * created, and the updated ones also as updated. Items found in the portal
 * by their `xmlId` because the journal was lost are reported as found
 * (unchanged): nothing on disk says which run made them.
 */
export function migrationCounts(summary: Pick<LoadSummary, 'created' | 'updated' | 'unchanged'>, journalExisted: boolean): { created: number; updated: number; unchanged: number } {
  if (!journalExisted) return { created: summary.created, updated: summary.updated, unchanged: summary.unchanged };
  return { created: summary.created + summary.updated + summary.unchanged, updated: summary.updated, unchanged: 0 };
}

/**
 * A row's load failure in the shape of the JSON output, pointing at the
 * sheet column behind the field the portal names (when `mapping` is given).
 */
export function failureOf(
  row: number | undefined,
  error: { code: string; message: string; where?: { column?: string }; params?: Record<string, string> | undefined },
  mapping?: Mapping,
  typeId: number | null = null,
): RowFailure {
  const field = error.where?.column;
  const column = field === undefined ? undefined : mapping === undefined ? field : (columnForField(field, mapping, typeId) ?? field);
  const place = row === undefined ? '' : `Row ${row}${column !== undefined ? `, column “${column}”` : ''}: `;
  const failure: RowFailure = { row: row ?? 0, code: error.code, message: `${place}${error.message}`, detail: error.message };
  if (column !== undefined) failure.column = column;
  if (error.params !== undefined) failure.params = error.params;
  return failure;
}

/**
 * Migrates a sheet into a new smart process: checks the webhook, plans,
 * writes the project file before the first portal write, sets up the type
 * (workflows and automation on, read back), fields, stages and clients,
 * loads every row through the exactly-once loader (`crm.item.batchImport`),
 * then records each item's field state for later syncs, and finally runs
 * starter automation (unless `automation: false`). Every step can be
 * re-run after a crash; a finished project is refused with a pointer to
 * `sync`. A portal failure mid-setup says what was done and how to finish.
 */
export async function migrate(input: MigrateInput, control: RunControl<MigrateProgress>): Promise<MigrateResult> {
  const { signal, onProgress } = control;
  const started = Date.now();
  const planned = await planMigration(input, control);
  const { projectPath, projectId, mapping, prepared } = planned;
  if (planned.alreadyMigrated && planned.existing) {
    const sp = planned.existing.smartProcess;
    throw new AppError('INVALID_INPUT', `This sheet was already migrated to ${input.portal.display}: smart process “${sp.title}” (entityTypeId ${sp.entityTypeId}). Running migrate again would not create a second one.`, {
      hint: `To bring the sheet's changes over, run: spmigrate sync ${projectPath}`,
      appHint: 'To bring the sheet’s changes over, sync this project with the open file.',
      followUps: [{ kind: 'sync', project: projectPath }],
      where: { file: projectPath },
      params: { reason: 'alreadyMigrated', title: sp.title, portal: input.portal.display },
    });
  }
  if (planned.undonePartly) {
    throw new AppError('INVALID_INPUT', `The undo of this sheet's migration (${projectPath}) did not finish: part of the old smart process is still in the portal, and migrating again now would mix with it.`, {
      hint: `Finish the undo first: spmigrate undo ${projectPath} (--force to delete edited items too), then migrate the sheet again.`,
      appHint: 'Finish the undo in Projects first, then migrate the sheet again.',
      followUps: [{ kind: 'undo', project: projectPath }],
      where: { file: projectPath },
      params: { reason: 'undonePartly' },
    });
  }
  const into = planned.plan.into;
  if (into !== undefined && into.problems.length > 0) {
    const [first] = into.problems;
    throw new AppError('INVALID_INPUT', `${into.problems.length} column(s) cannot go into “${into.title}” as they are: ${into.problems.map((p) => p.message).join(' ')}`, {
      hint: `${first!.hint} Nothing was changed in the portal; see the plan for each column.`,
      appHint: `${first!.appHint} Nothing was changed in the portal; the Create tab lists each column.`,
      ...(first!.column !== undefined ? { where: { column: first!.column } } : {}),
      params: { reason: 'intoColumnsDoNotFit', count: String(into.problems.length), title: into.title, columns: into.problems.flatMap((p) => (p.column === undefined ? [] : [p.column])).join('», «') },
    });
  }
  const folder = dirname(projectPath);
  const paths = planned.existing ? { journal: planned.existing.journal, state: planned.existing.state } : projectDataPaths(projectPath);
  const now = new Date().toISOString();
  const project: ProjectFile = planned.existing ?? {
    format: 'spm-project',
    version: 1,
    id: projectId,
    status: 'setup',
    createdAt: now,
    updatedAt: now,
    source: { file: relative(folder, resolve(input.file)) || resolve(input.file), sheet: planned.sheet, ...(input.table ? { table: input.table } : {}) },
    portal: input.portal,
    smartProcess:
      into === undefined
        ? { title: mapping.title, entityTypeId: null, typeId: null, categoryId: null, access: input.access ?? 'open' }
        : {
            title: into.title,
            entityTypeId: into.entityTypeId,
            typeId: into.typeId,
            categoryId: planned.snapshot.categoryId,
            // Recorded before the first write, so nothing this project did not create is ever taken for its own.
            createdByProject: false,
            existedBefore: { fields: planned.snapshot.fields.map((field) => field.fieldName), stages: planned.snapshot.stages.map((stage) => stage.statusId) },
          },
    // The sheet's zone is fixed now, so every later sync reads its datetimes the same way.
    mapping: mapping.timeZone === undefined ? { ...mapping, timeZone: machineTimeZone() } : mapping,
    fields: [],
    stages: [],
    journal: paths.journal,
    state: paths.state,
  };
  // A new project records from the start which companies and contacts it creates, so an undo can offer to remove exactly those.
  // After an undo that left some of them (not chosen, or still used), the earlier run's record carries over, so they can still be removed later.
  if (!planned.existing) (project as ProjectWithClients).createdClients = carriedCreatedClients((planned.undone as ProjectWithClients | undefined)?.createdClients, now);
  // Written before the first portal write: a crash from here on is resumed, never duplicated.
  await writeProject(projectPath, project);

  const done: string[] = [];
  const log: SetupLog = (step, note) => {
    const message = setupNoteText(note);
    done.push(message);
    onProgress({ phase: 'setup', step, note, message });
  };
  let type;
  let clients;
  const created = createdSink();
  try {
    const intoExisting = project.smartProcess.createdByProject === false;
    const setup =
      intoExisting && project.smartProcess.entityTypeId !== null
        ? await setupInto(input.client, project.smartProcess.entityTypeId, log, signal)
        : await setupType(input.client, mapping, projectId, project.smartProcess.entityTypeId, log, signal, project.smartProcess.access ?? 'open');
    type = setup.type;
    project.smartProcess = { ...project.smartProcess, title: type.title, entityTypeId: type.entityTypeId, typeId: type.id, categoryId: setup.categoryId };
    await writeProject(projectPath, project);
    const before = project.smartProcess.existedBefore;
    const fields: ProjectField[] = await setupFields(input.client, mapping, type.id, log, signal);
    project.fields = before ? fields.map((field) => (before.fields.includes(field.fieldName) ? { ...field, existed: true } : field)) : fields;
    if (mapping.funnel) {
      project.funnels = await setupFunnels(input.client, mapping, type.entityTypeId, setup.categoryId, planned.stagesByFunnel, true, log, signal);
      project.stages = project.funnels[0]?.stages ?? [];
    } else {
      const stages: ProjectStage[] = await setupStages(input.client, mapping, type.entityTypeId, setup.categoryId, !intoExisting, log, signal, intoExisting);
      project.stages = before ? stages.map((stage) => (before.stages.includes(stage.statusId) ? { ...stage, existed: true } : stage)) : stages;
    }
    if (mapsField(mapping, 'parentId2')) await ensureDealRelation(input.client, type.id, log, signal);
    clients = await resolveLinks(input.client, prepared, mapping, { found: planned.links, log, signal, created });
    recordCreatedClients(project, created);
    project.status = 'loading';
    await writeProject(projectPath, project);
  } catch (error) {
    // Clients created before the failure are the project's own: the next run finds them in the portal and would not know.
    if (recordCreatedClients(project, created)) await writeProject(projectPath, project);
    if (!(error instanceof AppError) || error.code === 'CANCELLED') throw error;
    // Only what is known: a write whose answer was lost and could not be checked may have been applied.
    const unsure = isUnknownOutcome(error) ? `The portal may have applied the last request (${error.where?.method ?? 'a setup write'}); the next run reads the portal back before sending it again.` : undefined;
    const earlier = planned.existing !== undefined || planned.snapshot.type !== null;
    const hintParts = [
      done.length > 0 ? `Done so far: ${done.join('; ')}.` : unsure === undefined ? (earlier ? 'This run created nothing new in the portal.' : 'Nothing was created in the portal.') : '',
      ...(unsure === undefined ? [] : [unsure]),
      `Fix the cause, then run the same migrate command again: the project file ${projectPath} remembers what exists, so nothing is created twice.`,
    ].filter((part) => part !== '');
    if (error.hint) hintParts.unshift(error.hint);
    if (error.code === 'PORTAL_ACCESS' && !planned.historyAllowed) hintParts.unshift(NOT_ADMIN_SETUP_HINT);
    const message = error.code === 'PORTAL_ACCESS' && !planned.historyAllowed ? `The portal refused to set up the smart process: the webhook's user is not a portal administrator and lacks CRM settings rights (${error.message}).` : error.message;
    throw new AppError(error.code, message, { hint: hintParts.join(' '), ...(error.where ? { where: error.where } : {}), cause: error });
  }

  // History goes only into the first migration's import, and only as an administrator (planMigration left it out otherwise).
  const ctx: ResolveContext = { ...resolveContext(project, clients), writeHistory: planned.historyAllowed };
  // With funnels, each row carries its funnel's categoryId and stage ids.
  const byFunnel = funnelResolver(project, ctx, planned.funnelOf);
  const bySourceRow = new Map(prepared.rows.map((row) => [row.key, row]));
  const history = planned.historyAllowed && prepared.rows.some((row) => typeof row.values['createdTime'] === 'string');
  const rows: LoadRow[] = importOrder(prepared.rows).map((row) => ({ key: row.key, sourceRow: row.sourceRow, fields: byFunnel ? byFunnel(row, 'create') : resolveItemFields(row.values, ctx, 'create') }));
  const journalPath = resolve(folder, project.journal);
  // A journal on disk is authoritative (flushed after every acknowledged request; in-flight rows are marked pending).
  const journalExisted = await stat(journalPath).then(() => true, () => false);
  const journal = await openJournal(journalPath);
  let summary;
  try {
    if (planned.snapshot.type !== null && !journalExisted) {
      // The smart process existed before this run but its journal is gone (a lost project file or journal): adopt items that carry our xmlIds.
      const found = await findByXmlId(input.client, ctx.entityTypeId, rows.filter((row) => !journal.get(row.key)).map((row) => `${projectId}:${row.key}`), 0, signal);
      const prefix = `${projectId}:`;
      await journal.settle([...found].map(([xmlId, ids]) => ({ key: xmlId.slice(prefix.length), itemId: Math.min(...ids) })));
    }
    summary = await loadItems(
      // With history dates, one request at a time keeps the portal's ascending-createdTime rule.
      { client: input.client, entityTypeId: ctx.entityTypeId, rows, journal, xmlIdPrefix: projectId, total: rows.length, useOriginalUfNames: true, ...(history ? { concurrency: 1 } : {}), ...learnedCost(planned.plan) },
      { signal, onProgress: (load) => onProgress({ phase: 'loading', load }) },
    );
  } finally {
    await journal.close();
  }
  if (input.dataDir !== undefined) await rememberLoadCost(input.dataDir, input.portal.display, summary.costPerRowSeconds, summary.created + summary.updated);
  if (summary.cancelled) {
    throw new AppError('CANCELLED', `The migration was paused after ${summary.created} new item(s).`, { hint: 'Run the same migrate command again to continue; rows already loaded are not sent twice.', appHint: 'Click “Create in portal” again to continue; rows already loaded are not sent twice.' });
  }

  // Notes go to the timeline once the items exist; the notes journal makes this exactly once across runs.
  const noteRows = summary.rows.flatMap((result) => {
    const row = bySourceRow.get(result.key);
    const text = row?.values['timelineComment'];
    return result.status === 'failed' || typeof text !== 'string' ? [] : [{ key: result.key, itemId: result.itemId, text, sourceRow: row!.sourceRow }];
  });
  const notes: NotesSummary = noteRows.length > 0 ? await postNotes({ client: input.client, entityTypeId: ctx.entityTypeId, rows: noteRows, journalPath: notesJournalPath(journalPath), signal }) : { posted: 0, unchanged: 0, failures: [] };

  onProgress({ phase: 'verifying' });
  const loaded = summary.rows.flatMap((result) => (result.status === 'failed' ? [] : [{ key: result.key, itemId: result.itemId }]));
  const state = await readSyncState(resolve(folder, project.state));
  await captureRowStates(input.client, ctx, loaded.map(({ key, itemId }) => ({ key, itemId, row: bySourceRow.get(key)! })), state, signal, byFunnel);
  await writeSyncState(resolve(folder, project.state), state);

  // After loading, never before: robots and auto-run workflows must not fire on historical rows.
  let automation = SKIPPED_AUTOMATION;
  if (project.smartProcess.createdByProject === false) {
    // An existing smart process has its own automation: starter workflows are added only when asked for.
    automation = {
      ...SKIPPED_AUTOMATION,
      warnings: [
        input.audience === 'app'
          ? 'Starter automation is not added to an existing smart process, which keeps its own robots and workflows.'
          : `Starter automation is not added to an existing smart process. To add it: spmigrate automation ${projectPath} --install`,
      ],
    };
  } else if (input.automation !== false) {
    const ran = await runMigrateAutomation(project, projectPath, input, control);
    automation = ran.summary;
    (project as ProjectWithAutomation).automation = ran.record;
  }
  project.status = 'done';
  project.lastSyncAt = new Date().toISOString();
  await writeProject(projectPath, project);
  onProgress({ phase: 'done' });

  const failures: RowFailure[] = [
    ...prepared.failures,
    ...summary.rows.flatMap((result) => (result.status === 'failed' ? [failureOf(bySourceRow.get(result.key)?.sourceRow ?? result.error.where?.row, result.error, mapping, type.id)] : [])),
  ];
  const historySent = planned.historyAllowed && prepared.rows.some((row) => ['createdTime', 'createdBy', 'movedTime'].some((field) => row.values[field] !== null && row.values[field] !== undefined));
  // crm.item.add (the fallback when the portal refuses crm.item.batchImport) cannot set history.
  const historyLost: PlanWarning[] = historySent && summary.strategy === 'add-in-batch' ? [{ code: 'HISTORY_NOT_KEPT', params: {} }] : [];
  const alreadyWarned = new Set(planned.runWarnings.map((warning) => JSON.stringify(warning)));
  const linkLines = groupRowNotes(clients.warnings).filter((warning) => !alreadyWarned.has(JSON.stringify(warning)));
  const warnings: PlanWarning[] = [...historyLost, ...planned.runWarnings, ...linkLines, ...notes.failures.map((failure): PlanWarning => ({ code: 'NOTE_FAILED', params: { row: failure.row, message: failure.message, ...(failure.detail !== undefined ? { detail: failure.detail } : {}), ...portalWords(failure.params) } }))];
  return {
    portal: input.portal.display,
    entityTypeId: type.entityTypeId,
    typeId: type.id,
    title: type.title,
    categoryId: ctx.categoryId,
    flags: type.flags,
    fields: project.fields.map((field) => ({ column: field.column, field: field.fieldName, userTypeId: field.userTypeId, multiple: field.multiple })),
    stages: project.stages.map((stage) => ({ name: stage.name, statusId: stage.statusId, semantics: stage.semantics })),
    ...(project.funnels
      ? { funnels: project.funnels.map((funnel) => ({ name: funnel.name, categoryId: funnel.categoryId, stages: funnel.stages.map((stage) => ({ name: stage.name, statusId: stage.statusId, semantics: stage.semantics })) })) }
      : {}),
    items: { ...migrationCounts(summary, journalExisted), failed: failures.length },
    failures,
    project: projectPath,
    durationMs: Date.now() - started,
    automation,
    load: { seconds: summary.elapsedMs / 1000, ...(planned.plan.loadEstimate ? { estimate: planned.plan.loadEstimate } : {}), ...(summary.costPerRowSeconds !== undefined ? { costPerRowSeconds: summary.costPerRowSeconds } : {}) },
    // Added only when they apply, so the JSON shape of a plain migration, which scripts rely on, stays as it was.
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(noteRows.length > 0 ? { notes: { posted: notes.posted, unchanged: notes.unchanged, failed: notes.failures.length } } : {}),
  };
}
