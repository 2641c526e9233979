import { createHash } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../../base/errors/errors';
import type { RunControl } from '../../base/jobs/types';
import { openJournal } from '../journal/open-journal';
import { applyMappingOverride } from '../../sheet/mapping/apply-mapping-override';
import { suggestMapping } from '../../sheet/mapping/suggest-mapping';
import { buildPlan, planOperation } from '../../sheet/plan/build-plan';
import { estimatePlanLoad } from '../loader/estimate-load';
import { prepareRows, type PreparedRows } from '../../sheet/plan/prepare-rows';
import { fillFunnels, funnelStages, rowFunnels } from '../../sheet/plan/funnels';
import { matchInto } from '../../sheet/plan/match-into';
import { readSnapshot, readTypeByEntityTypeId } from '../../portal/snapshot/read-snapshot';
import type { PlanWarning, PortalSnapshot } from '../../sheet/plan/types';
import type { Mapping, StageMapping } from '../../sheet/mapping/types';
import type { BitrixClient } from '../../portal/bitrix/bitrix-client';
import { defaultProjectPath, readProject } from '../../sheet/project/project-file';
import type { ProjectFile } from '../../sheet/project/types';
import { undoComplete, undoStarted } from '../undo/undo-record';
import { findLinks, linkRequest, type FoundLinks } from '../../portal/clients/find-links';
import { fillPersonMatches } from '../../sheet/mapping/match-users';
import { HISTORY_FIELDS } from '../../sheet/mapping/types';
import { machineTimeZone, sheetInstant } from '../../sheet/mapping/sheet-time';
import { requirePortalAccess } from '../../portal/portals/check-portal';
import { groupRowNotes } from '../../sheet/plan/group-row-warnings';
import { linkWarnings, mapsField } from './setup-clients';
import { loadSheet, type LoadedSheet } from './load-sheet';
import type { MigrateInput, MigrateProgress, MigrationPlan } from './types';

/** A migration planned, with what the run itself needs. */
export interface PlannedMigration extends MigrationPlan {
  sheetData: LoadedSheet;
  prepared: PreparedRows;
  snapshot: PortalSnapshot;
  existing: ProjectFile | undefined;
  /** The project file of an earlier migration of the sheet that was completely undone (its record of created clients carries over). */
  undone: ProjectFile | undefined;
  /** The webhook's user is a portal administrator, so history columns are imported. */
  historyAllowed: boolean;
  /** The portal records the sheet's link columns name (read once, reused by the run). */
  links: FoundLinks;
  /** Warnings the run's result repeats (history left out, dates clamped, links not found), in words. */
  runWarnings: PlanWarning[];
  /** With a funnel column: each row's funnel (by key) and each funnel's stages. */
  funnelOf: Map<string, string>;
  stagesByFunnel: Map<string, StageMapping[]>;
}

/** True when both files hold the same bytes (a copy of the migrated file is the same sheet). */
async function sameContent(a: string, b: string): Promise<boolean> {
  const [left, right] = await Promise.all([readFile(a).catch(() => undefined), readFile(b).catch(() => undefined)]);
  return left !== undefined && right !== undefined && left.equals(right);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The id of a new project: lower-case, safe as a type `code` and an `xmlId`
 * prefix, and the same for the same portal and project path, so a dry run
 * shows the code the real run will use and a run whose project file was
 * lost finds its smart process again instead of creating another.
 */
export function newProjectId(portal: string, projectPath: string): string {
  return `spm-${createHash('sha256').update(`${portal}\n${projectPath}`).digest('hex').slice(0, 10)}`;
}

/** The journal and state paths of a project, relative to its folder. */
export function projectDataPaths(projectPath: string): { journal: string; state: string } {
  const base = projectPath.replace(/\.spm\.json$/i, '').replace(/\.json$/i, '');
  const name = base.slice(dirname(base).length + 1);
  return { journal: `${name}.spm-data/journal.jsonl`, state: `${name}.spm-data/state.json` };
}

/**
 * Reads the sheet, looks at the portal and computes the exact plan of a
 * migration, changing nothing. An existing unfinished project (a crash) is
 * resumed with its own id and mapping; a finished one is reported so the
 * caller can point to `sync`.
 */
export async function planMigration(input: MigrateInput, { signal, onProgress }: RunControl<MigrateProgress>): Promise<PlannedMigration> {
  onProgress({ phase: 'reading' });
  const file = resolve(input.file);
  const sheetData = await loadSheet(file, input.sheet, signal, false, input.table);
  if (sheetData.table.headerRow > 0 && sheetData.table.rows.length === 0) {
    const name = basename(file);
    throw new AppError('SHEET_NO_DATA', `Sheet “${sheetData.table.name}” of “${name}” has a header in row ${sheetData.table.headerRow} but no data rows below it: there is nothing to migrate.`, {
      hint: 'Check that you chose the right file and sheet (--sheet NAME), or add the rows under the header, save, and run the command again.',
      appHint: 'Check that you opened the right file and sheet, or add the rows under the header, save, and open the file again.',
      where: { file: name, sheet: sheetData.table.name, row: sheetData.table.headerRow },
    });
  }
  const projectPath = resolve(input.projectPath ?? defaultProjectPath(file, sheetData.table.name));
  onProgress({ phase: 'checking' });
  const portalAccess = await requirePortalAccess(input.client, signal);
  let existing: ProjectFile | undefined;
  let undone: ProjectFile | undefined;
  if (await exists(projectPath)) {
    existing = await readProject(projectPath);
    // A completely undone migration left nothing behind: the sheet migrates afresh over its project file.
    if (undoComplete(existing)) [undone, existing] = [existing, undefined];
  }
  if (existing) {
    const existingSource = resolve(dirname(projectPath), existing.source.file);
    if (existingSource !== file && !(await sameContent(existingSource, file))) {
      // Two workbooks with the same sheet name in one folder would share a default project file.
      throw new AppError('INVALID_INPUT', `The project file ${projectPath} belongs to ${existing.source.file}, not to ${basename(file)}.`, {
        hint: `To migrate ${basename(file)} as its own smart process, give it its own project: --project ${join(dirname(projectPath), `${basename(file).replace(/\.[^.]+$/, '')}.spm.json`)}. To bring its rows into the existing one, use: spmigrate sync ${projectPath} --file ${file}`,
        appHint: `To bring the rows of ${basename(file)} into that smart process, open Projects and sync its project with this file; to make a smart process of its own, give this one another name.`,
        followUps: [{ kind: 'sync', project: projectPath, file }],
        params: { reason: 'projectOfAnotherFile', other: existing.source.file },
        where: { file: projectPath },
      });
    }
    if (existing.portal.display !== input.portal.display) {
      throw new AppError('INVALID_INPUT', `The project file ${projectPath} belongs to ${existing.portal.display}, not ${input.portal.display}.`, {
        hint: 'Pass another --project path to migrate this sheet to a second portal.',
      appHint: 'Connect the portal the project was made on, or open Projects to sync it there.',
        where: { file: projectPath },
        params: { reason: 'projectOfAnotherPortal', portal: existing.portal.display },
      });
    }
  }
  onProgress({ phase: 'planning' });
  const projectId = existing?.id ?? newProjectId(input.portal.display, projectPath);
  // Into an existing smart process: the one named by --into, or on a resume the one the project went into.
  const intoId = existing ? (existing.smartProcess.createdByProject === false ? existing.smartProcess.entityTypeId : null) : (input.into ?? null);
  if (existing && input.into !== undefined && intoId !== input.into) {
    throw new AppError('INVALID_INPUT', `The project ${projectPath} already goes ${intoId === null ? 'into a smart process of its own' : `into the smart process ${intoId}`}, not into ${input.into}.`, {
      hint: 'Give another --project path to migrate this sheet somewhere else.',
      appHint: 'Sync or undo that project, or give this one another name to make a smart process of its own.',
      followUps: [{ kind: 'sync', project: projectPath }, { kind: 'undo', project: projectPath }],
      params: { reason: 'projectGoesElsewhere' },
      where: { file: projectPath },
    });
  }
  if (intoId !== null && (await readTypeByEntityTypeId(input.client, intoId, signal)) === null) {
    throw new AppError('NOT_FOUND', `The portal has no smart process with entityTypeId ${intoId}.`, {
      hint: 'The entityTypeId is the number in the smart process\'s address (/crm/type/<entityTypeId>/list/); in the app, pick it from the list of smart processes.',
      params: { reason: 'intoTypeMissing' },
    });
  }
  let snapshot = await readSnapshot(input.client, { projectId, entityTypeId: intoId ?? existing?.smartProcess.entityTypeId ?? null, signal });
  let mapping;
  let userMatches: MigrationPlan['userMatches'] = [];
  const warnings: PlanWarning[] = [];
  if (existing) {
    mapping = existing.mapping;
  } else {
    const suggested = suggestMapping(sheetData.schema, sheetData.table, { users: snapshot.users, ...(input.title ? { title: input.title } : {}) });
    userMatches = suggested.userMatches;
    warnings.push(...suggested.warnings.filter((w) => w.code !== 'UNMATCHED_PEOPLE'));
    const override = input.funnel !== undefined ? { ...input.mapping, funnel: input.funnel } : input.mapping;
    mapping = override ? applyMappingOverride(suggested.mapping, override) : suggested.mapping;
    // Columns the override made person columns (an author → createdBy) get their users matched too.
    userMatches = [...userMatches, ...fillPersonMatches(mapping, sheetData.table, snapshot.users)];
  }
  if (mapping.funnel && intoId !== null) {
    throw new AppError('INVALID_INPUT', 'Funnels from a column (--funnel) are made with a new smart process; migrating into an existing one uses its default funnel.', {
      hint: 'Leave out --funnel (or the mapping\'s "funnel"), or migrate into a new smart process.',
      appHint: 'Choose “New smart process” for the rows, or leave funnels off.',
      params: { reason: 'funnelsIntoExisting' },
    });
  }
  mapping = fillFunnels(mapping, sheetData.table);
  let into;
  if (intoId !== null && snapshot.type !== null) {
    const matched = matchInto(mapping, { type: snapshot.type, fields: snapshot.fields, stages: snapshot.stages });
    mapping = matched.mapping;
    into = matched.into;
  }
  // Rows are read with the mapping as matched onto an existing type (field types, list spellings, stage codes).
  const prepared = prepareRows(sheetData.table, mapping);
  const runWarnings: PlanWarning[] = [];
  const historyColumns = mapping.columns.filter((column) => column.target.kind === 'builtin' && HISTORY_FIELDS.includes(column.target.field)).map((column) => column.header);
  if (!portalAccess.isAdmin && historyColumns.length > 0) {
    // Only a portal administrator may import history: leave it out, load the rest.
    for (const row of prepared.rows) for (const field of HISTORY_FIELDS) delete row.values[field];
    prepared.warnings = prepared.warnings.filter((warning) => warning.column === undefined || !historyColumns.includes(warning.column));
    runWarnings.push({ code: 'HISTORY_LEFT_OUT', params: { columns: historyColumns } });
  }
  if (intoId !== null && portalAccess.isAdmin && historyColumns.length > 0 && !existing) await keepHistoryAfterNewest(input.client, intoId, prepared, mapping, signal);
  const links = await findLinks(input.client, linkRequest(prepared), mapping.language, signal);
  snapshot = { ...snapshot, companies: links.companies, contacts: links.contacts };
  const funnelOf = rowFunnels(mapping, sheetData.table, prepared.rows);
  const stagesByFunnel = funnelStages(mapping, prepared.rows, funnelOf);
  let loadedKeys = new Set<string>();
  if (existing) {
    const journal = await openJournal(resolve(dirname(projectPath), existing.journal));
    loadedKeys = new Set([...journal.entries()].map((entry) => entry.key));
    await journal.close();
  }
  const access = existing ? (existing.smartProcess.access ?? 'open') : (input.access ?? 'open');
  const plan = buildPlan({ mapping, prepared, snapshot, projectId, loadedKeys, access, sheet: sheetData.table.name, ...(into ? { into } : {}), ...(mapping.funnel ? { funnels: { stagesByFunnel, funnelOf } } : {}) });
  plan.warnings.unshift(...warnings);
  plan.loadEstimate = await estimatePlanLoad(plan, input);
  if (mapsField(mapping, 'parentId2') && (snapshot.type === null || !existing || existing.status !== 'done')) {
    const at = plan.operations.findIndex((op) => op.step !== 'type');
    plan.operations.splice(at < 0 ? plan.operations.length : at, 0, planOperation('type', 'crm.type.update', { code: 'TYPE_LINK_DEALS', params: {} }));
  }
  // One line per distinct message, naming its rows (the rows are still loaded).
  const rowWarnings = groupRowNotes([...prepared.warnings, ...linkWarnings(prepared, mapping, links, mapping.createClients !== false)]);
  if (runWarnings.length > 0) plan.warnings.unshift(...runWarnings);
  runWarnings.push(...rowWarnings);
  plan.warnings.push(...rowWarnings);
  if (!portalAccess.isAdmin && snapshot.type === null) {
    plan.warnings.unshift({ code: 'NOT_ADMIN_CREATE', params: {} });
  }
  const notes = prepared.rows.filter((row) => typeof row.values['timelineComment'] === 'string').length;
  if (notes > 0) plan.operations.push(planOperation('items', 'crm.timeline.comment.add', { code: 'TIMELINE_NOTES', params: { count: notes } }));
  return {
    projectId,
    projectPath,
    // An undo that did not finish left part of the old migration in the portal: neither sync nor resume may touch it.
    alreadyMigrated: existing?.status === 'done' && !undoStarted(existing),
    resuming: existing !== undefined && existing.status !== 'done' && !undoStarted(existing),
    undonePartly: existing !== undefined && undoStarted(existing),
    mapping,
    userMatches,
    plan,
    sheet: sheetData.table.name,
    sheetData,
    prepared,
    snapshot,
    existing,
    undone,
    historyAllowed: portalAccess.isAdmin,
    links,
    runWarnings,
    funnelOf,
    stagesByFunnel,
  };
}

/** The JSON-safe part of a planned migration (what crosses IPC/HTTP to the app). */
export function publicPlan(planned: PlannedMigration): MigrationPlan {
  const { projectId, projectPath, alreadyMigrated, resuming, undonePartly, mapping, userMatches, plan, sheet } = planned;
  return { projectId, projectPath, alreadyMigrated, resuming, undonePartly, mapping, userMatches, plan, sheet };
}

/**
 * The portal imports history only in ascending order: an item's `createdTime`
 * may not be earlier than that of any item already in the smart process.
 * Going into an existing smart process, rows created before
 * its newest item therefore lose their creation and stage dates (they get the
 * time of loading) with a warning per row, instead of failing.
 */
async function keepHistoryAfterNewest(client: BitrixClient, entityTypeId: number, prepared: PreparedRows, mapping: Mapping, signal: AbortSignal): Promise<void> {
  const { result } = await client.call<{ items: Array<{ createdTime?: string }> }>('crm.item.list', { entityTypeId, select: ['id', 'createdTime'], order: { createdTime: 'DESC' }, start: 0 }, { write: false, signal });
  const newest = Date.parse(result?.items?.[0]?.createdTime ?? '');
  if (!Number.isFinite(newest)) return;
  const column = mapping.columns.find((candidate) => candidate.target.kind === 'builtin' && candidate.target.field === 'createdTime')?.header;
  for (const row of prepared.rows) {
    const created = row.values['createdTime'];
    if (typeof created !== 'string') continue;
    const at = sheetInstant(created, mapping.timeZone ?? machineTimeZone());
    if (!(at < newest)) continue;
    delete row.values['createdTime'];
    delete row.values['movedTime'];
    prepared.warnings.push({
      row: row.sourceRow,
      ...(column ? { column } : {}),
      code: 'CREATED_BEFORE_NEWEST_ITEM',
      params: { newest: new Date(newest).toISOString().slice(0, 10) },
    });
  }
}
