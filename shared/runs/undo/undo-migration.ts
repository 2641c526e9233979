import { rename } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { AppError } from '../../base/errors/errors';
import { BitrixError } from '../../portal/bitrix/bitrix-error';
import type { BatchCommand, BatchOutcome, CallResult, Params } from '../../portal/bitrix/types';
import type { RestCaller } from '../automation/install-templates';
import type { RunControl } from '../../base/jobs/types';
import { openJournal } from '../journal/open-journal';
import { readProject, writeProject } from '../../sheet/project/project-file';
import { readSyncState } from '../sync/sync-state';
import { emptyUndoPlan, finishPlan, planUndo } from './plan-undo';
import { isUnknownOutcome } from '../../portal/bitrix/write-checked';
import { undoComplete } from './undo-record';
import type { ProjectWithAutomation } from '../automation/project-automation';
import type { ProjectWithUndo, UndoClient, UndoFailure, UndoInput, UndoPlan, UndoProgress, UndoResult, UndoWorkflow } from './types';

/** Deletes per `batch` request, at most (the portal's batch limit). */
const DELETES_PER_BATCH = 50;
/** A command the portal never ran or never answered is sent again this many times (a delete is safe to repeat). */
const RESENDS = 2;

/**
 * Undoes a migration: deletes the items the project created (journal ids
 * and its `xmlId` prefix), keeping those edited in the portal since unless
 * `force`; then, if created by this project and no longer used, its custom
 * fields (`userfieldconfig.delete`), stages (`crm.status.delete`) and the
 * smart process (`crm.type.delete`), in that order, which the portal
 * accepts. Re-running after an interruption finishes the job (an item
 * already gone is counted, not failed). `dryRun` plans and changes nothing.
 * A complete undo marks the project file undone and sets its journal aside,
 * so `sync` refuses it and `migrate` of the sheet starts afresh.
 */
export async function undoMigration(input: UndoInput, { signal, onProgress }: RunControl<UndoProgress>): Promise<UndoResult> {
  const started = Date.now();
  const projectPath = resolve(input.projectPath);
  const project = (await readProject(projectPath)) as ProjectWithUndo;
  if (project.portal.display !== input.portal.display) {
    throw new AppError('INVALID_INPUT', `This project belongs to ${project.portal.display}, not ${input.portal.display}.`, { hint: 'Use the webhook of the portal the project was migrated to.', where: { file: projectPath }, params: { reason: 'projectOfAnotherPortal', portal: project.portal.display } });
  }
  const force = input.force === true;
  const choices = {
    clients: { remove: input.removeClients === true, force: input.removeClients === true && input.forceClients === true },
    workflows: { remove: input.removeWorkflows === true, canUseApplication: input.app !== undefined },
  };
  if (undoComplete(project)) return alreadyUndone(input, project, choices, force, started, signal, onProgress);
  onProgress({ phase: 'reading' });
  const folder = dirname(projectPath);
  const state = await readSyncState(resolve(folder, project.state));
  // The journal's lock also keeps a migrate or sync of this project from running alongside.
  const journalPath = resolve(folder, project.journal);
  const journal = await openJournal(journalPath);
  let journalOpen = true;
  try {
    const plan = await planUndo({ project, journal, state, client: input.client, force, assumeItemsDeleted: true, ...choices, signal });
    const result: UndoResult = {
      dryRun: input.dryRun === true,
      complete: false,
      items: { deleted: 0, alreadyGone: plan.items.alreadyGone, kept: plan.items.keptEdited.length, failed: 0 },
      fields: { deleted: 0, kept: plan.fields.kept.filter((field) => field.reason !== 'gone').length },
      stages: { deleted: 0, kept: plan.stages.kept.filter((stage) => stage.reason !== 'gone').length },
      type: plan.type.action === 'gone' ? 'gone' : 'kept',
      clients: clientCounts(plan),
      workflows: workflowCounts(plan),
      kept: plan.items.keptEdited,
      failures: [],
      plan,
      durationMs: 0,
    };
    if (input.dryRun) {
      planned(result);
      result.items.deleted = plan.items.toDelete.length;
      result.fields.deleted = plan.fields.toDelete.length;
      result.stages.deleted = plan.stages.toDelete.length;
      if (plan.type.action === 'delete') result.type = 'deleted';
      goneWithType(result);
      result.durationMs = Date.now() - started;
      onProgress({ phase: 'done' });
      return result;
    }

    if (input.confirmItems !== undefined && plan.items.toDelete.length > input.confirmItems) {
      throw new AppError('INVALID_INPUT', `The portal changed since the preview: ${plan.items.toDelete.length} items would be deleted, not ${input.confirmItems}. Nothing was deleted.`, {
        hint: 'Look at the new preview and confirm again.',
        where: { file: projectPath },
        params: { reason: 'undoItemsChanged', count: String(plan.items.toDelete.length), confirmed: String(input.confirmItems) },
      });
    }
    checkConfirmedClients(input, plan, projectPath);
    // From here the portal changes: a sync must not recreate what is being deleted.
    project.undo = { ...project.undo, startedAt: project.undo?.startedAt ?? new Date().toISOString() };
    delete project.undo.finishedAt;
    delete project.undo.complete;
    await writeProject(projectPath, project);

    if (plan.entityTypeId !== null && plan.items.toDelete.length > 0) {
      await deleteItems(input, plan.entityTypeId, plan, result, signal, onProgress);
    }
    // Decide about fields, stages and the type from the portal as it is now: an item that did not go keeps them.
    const after = plan.type.action === 'gone' ? plan : await planUndo({ project, journal, state, client: input.client, force, assumeItemsDeleted: false, ...choices, signal });
    // Clients after items (an item of ours still linking a client is gone by now, or keeps it), before the structure.
    result.plan = { ...plan, clients: after.clients, workflows: after.workflows, ...(after.stays ? { stays: after.stays } : {}) };
    result.clients = clientCounts(after);
    if (after.clients.remove) await deleteClients(input, after.clients.removable, result, signal, onProgress);
    await deleteStructure(input, after, result, signal, onProgress);
    goneWithType(result);
    // Workflow templates only once their smart process is really gone: while it stays, they serve its items.
    if (after.workflows.remove && result.type !== 'kept' && after.entityTypeId !== null) forgetWorkflows(project, await deleteWorkflows(input, after.entityTypeId, after.workflows.removable, result, signal, onProgress));
    else result.workflows.kept = after.workflows.kept.length + after.workflows.removable.length;

    // Complete: nothing this project created is left that an undo could delete (items of others keep their type, fields and stages).
    result.complete = result.failures.length === 0 && result.items.kept === 0 && after.items.toDelete.length === 0;
    project.undo = {
      ...project.undo,
      finishedAt: new Date().toISOString(),
      complete: result.complete,
      itemsDeleted: result.items.deleted,
      itemsKept: result.items.kept,
      failed: result.failures.length,
      typeKept: result.type === 'kept',
      clientsLeft: result.clients.kept + result.clients.failed,
    };
    if (result.complete) {
      // Set aside, not deleted: the record of what existed stays with the user; a new migrate starts with an empty journal.
      await journal.close();
      journalOpen = false;
      const stamp = project.undo.finishedAt!.replace(/[:.]/g, '-');
      await setAside(journalPath, stamp);
      await setAside(resolve(folder, project.state), stamp);
    }
    await writeProject(projectPath, project);
    result.durationMs = Date.now() - started;
    onProgress({ phase: 'done' });
    return result;
  } finally {
    if (journalOpen) await journal.close();
  }
}

type Choices = { clients: { remove: boolean; force: boolean }; workflows: { remove: boolean; canUseApplication: boolean } };

/**
 * A project undone before: nothing of its smart process is left, but the
 * companies, contacts and workflow templates it created may be, when they
 * were not chosen then (or a removal failed): they can still be removed.
 */
async function alreadyUndone(input: UndoInput, project: ProjectWithUndo, choices: Choices, force: boolean, started: number, signal: AbortSignal, onProgress: (progress: UndoProgress) => void): Promise<UndoResult> {
  const plan = emptyUndoPlan(project, force, true);
  await finishPlan(plan, { project, client: input.client, ...choices, signal }, []);
  const result: UndoResult = {
    dryRun: input.dryRun === true,
    complete: true,
    items: { deleted: 0, alreadyGone: 0, kept: 0, failed: 0 },
    fields: { deleted: 0, kept: 0 },
    stages: { deleted: 0, kept: 0 },
    type: 'gone',
    clients: clientCounts(plan),
    workflows: workflowCounts(plan),
    kept: [],
    failures: [],
    plan,
    durationMs: 0,
  };
  if (input.dryRun) planned(result);
  else {
    checkConfirmedClients(input, plan, input.projectPath);
    if (plan.clients.remove) await deleteClients(input, plan.clients.removable, result, signal, onProgress);
    if (plan.workflows.remove && plan.entityTypeId !== null) forgetWorkflows(project, await deleteWorkflows(input, plan.entityTypeId, plan.workflows.removable, result, signal, onProgress));
    // The project card tells what stays in the portal from the file alone.
    if (project.undo !== undefined) project.undo.clientsLeft = result.clients.kept + result.clients.failed;
    await writeProject(resolve(input.projectPath), project);
  }
  result.durationMs = Date.now() - started;
  onProgress({ phase: 'done' });
  return result;
}

/** Templates no longer on the portal leave the project's record of installed workflows, so a later undo does not offer them again. */
function forgetWorkflows(project: ProjectWithUndo, removed: ReadonlySet<string>): void {
  const automation = (project as ProjectWithAutomation).automation;
  if (automation?.installed === undefined || removed.size === 0) return;
  automation.installed = automation.installed.filter((template) => !removed.has(template.name));
}

/** Before anything is removed: the created clients that stay (all of them when removing them was not chosen). */
function clientCounts(plan: UndoPlan): UndoResult['clients'] {
  const kept = plan.clients.kept.length + (plan.clients.remove ? 0 : plan.clients.removable.length);
  return { deleted: 0, kept, alreadyGone: plan.clients.alreadyGone, failed: 0 };
}

function workflowCounts(plan: UndoPlan): UndoResult['workflows'] {
  return { deleted: 0, kept: plan.workflows.kept.length + (plan.workflows.remove ? 0 : plan.workflows.removable.length), failed: 0 };
}

/** A dry run's counts of clients and templates: what would be removed. */
function planned(result: UndoResult): void {
  const { plan } = result;
  if (plan.clients.remove) result.clients.deleted = plan.clients.removable.length;
  if (plan.workflows.remove && plan.type.action !== 'keep') result.workflows.deleted = plan.workflows.removable.length;
}

/** More clients would go now than the person confirmed (the portal changed since the preview): nothing is deleted. */
function checkConfirmedClients(input: UndoInput, plan: UndoPlan, projectPath: string): void {
  const count = plan.clients.remove ? plan.clients.removable.length : 0;
  if (input.confirmClients === undefined || count <= input.confirmClients) return;
  throw new AppError('INVALID_INPUT', `The portal changed since the preview: ${count} companies and contacts would be removed, not ${input.confirmClients}. Nothing was deleted.`, {
    hint: 'Look at the new preview and confirm again.',
    where: { file: projectPath },
    params: { reason: 'undoClientsChanged', count: String(count), confirmed: String(input.confirmClients) },
  });
}

/** A client delete the portal answered "not found" to: it is gone already (someone deleted it, or a lost answer's retry). */
function clientGone(error: BitrixError): boolean {
  return error.code === 'PORTAL_NOT_FOUND' || /not found/i.test(error.message);
}

/**
 * Removes created companies and contacts, 50 `crm.company.delete` /
 * `crm.contact.delete` per batch; a client already gone is counted as
 * such; an answer lost is asked again (a repeated delete answers "not
 * found"), and after that becomes a failure a re-run settles by reading
 * the portal first.
 */
async function deleteClients(input: UndoInput, clients: readonly UndoClient[], result: UndoResult, signal: AbortSignal, onProgress: (progress: UndoProgress) => void): Promise<void> {
  const total = clients.length;
  if (total === 0) return;
  onProgress({ phase: 'clients', done: 0, total });
  for (let start = 0; start < total; start += DELETES_PER_BATCH) {
    if (signal.aborted) {
      throw new AppError('CANCELLED', `The undo was stopped after removing ${result.clients.deleted} companies and contacts.`, { hint: 'Run the same undo again to finish it; what is already removed is not a failure.' });
    }
    let pending = clients.slice(start, start + DELETES_PER_BATCH);
    for (let attempt = 0; attempt <= RESENDS && pending.length > 0; attempt += 1) {
      const commands: BatchCommand[] = pending.map((entry) => ({ key: `${entry.kind}${entry.id}`, method: `crm.${entry.kind}.delete`, params: { id: entry.id } }));
      let outcomes: BatchOutcome[];
      try {
        outcomes = await input.client.batch(commands, { write: true, signal, cost: commands.length * 0.05 });
      } catch (error) {
        if (!isUnknownOutcome(error) || signal.aborted) throw error;
        outcomes = commands.map((command) => ({ key: command.key ?? '', status: 'unknown' as const }));
      }
      const again: typeof pending = [];
      outcomes.forEach((outcome, index) => {
        const entry = pending[index]!;
        const label = `${entry.kind === 'company' ? 'Company' : 'Contact'} ${entry.id} “${entry.name}”`;
        if (outcome.status === 'ok') result.clients.deleted += 1;
        else if (outcome.status === 'error' && clientGone(outcome.error)) result.clients.alreadyGone += 1;
        else if (outcome.status === 'error') {
          result.clients.failed += 1;
          result.failures.push({ what: entry.kind, target: String(entry.id), name: entry.name, code: outcome.error.code, detail: outcome.error.message, ...portalParams(outcome.error), method: `crm.${entry.kind}.delete`, message: `${label}: ${outcome.error.message}` });
        } else if (attempt < RESENDS) again.push(entry);
        else {
          result.clients.failed += 1;
          result.failures.push({ what: entry.kind, target: String(entry.id), name: entry.name, code: 'PORTAL_NETWORK', method: `crm.${entry.kind}.delete`, message: `${label}: the portal did not confirm the deletion. Run undo again; it checks the portal first.` });
        }
      });
      pending = again;
    }
    onProgress({ phase: 'clients', done: Math.min(start + DELETES_PER_BATCH, total), total });
  }
}

/**
 * Removes the workflow templates the migration installed on the (deleted)
 * smart process, in application context: the portal lets only the
 * application that added a template delete it. Each is looked up first by
 * its recorded id or name on that smart process's document type, so no
 * other template is ever touched. Returns the names no longer on the portal.
 */
async function deleteWorkflows(input: UndoInput, entityTypeId: number, templates: readonly UndoWorkflow[], result: UndoResult, signal: AbortSignal, onProgress: (progress: UndoProgress) => void): Promise<Set<string>> {
  const removed = new Set<string>();
  if (input.app === undefined || templates.length === 0) return removed;
  const app = patientCaller(input.app);
  const found = new Map<string, number>();
  const ids = new Set<number>();
  let start: number | undefined = 0;
  while (start !== undefined) {
    const page: { result: Array<{ ID?: unknown; NAME?: unknown }>; next?: number } = await app.call<Array<{ ID?: unknown; NAME?: unknown }>>('bizproc.workflow.template.list', { SELECT: ['ID', 'NAME'], FILTER: { DOCUMENT_TYPE: `DYNAMIC_${entityTypeId}` }, start }, { signal });
    for (const row of page.result ?? []) {
      ids.add(Number(row.ID));
      if (typeof row.NAME === 'string') found.set(row.NAME, Number(row.ID));
    }
    // A page that does not move forward ends the listing, so a portal repeating itself cannot hold the undo forever.
    start = page.next !== undefined && page.next > start ? page.next : undefined;
  }
  for (const template of templates) {
    const id = template.templateId !== undefined && ids.has(template.templateId) ? template.templateId : found.get(template.name);
    if (id === undefined) {
      result.workflows.deleted += 1;
      removed.add(template.name);
      continue;
    }
    try {
      await app.call('bizproc.workflow.template.delete', { ID: id }, { signal });
      result.workflows.deleted += 1;
      removed.add(template.name);
      onProgress({ phase: 'structure', step: 'workflows', message: `deleted workflow template “${template.name}”` });
    } catch (error) {
      if (!(error instanceof BitrixError)) throw error;
      if (error.bitrixCode === 'ERROR_TEMPLATE_NOT_FOUND') {
        result.workflows.deleted += 1;
        removed.add(template.name);
        continue;
      }
      result.workflows.failed += 1;
      result.failures.push({ what: 'workflow', target: String(id), name: template.name, code: error.code, detail: error.message, ...portalParams(error), method: 'bizproc.workflow.template.delete', message: `Workflow template ${id} “${template.name}”: ${error.message}` });
    }
  }
  return removed;
}

/**
 * The application session has no rate limiter of its own, and it shares the
 * portal's request budget with the webhook that just removed clients: a
 * "too many requests" answer is waited out and asked again (each call here
 * is a read or an idempotent delete), a few times at most.
 */
function patientCaller(app: RestCaller): RestCaller {
  return {
    async call<T>(method: string, params?: Params, options?: { signal?: AbortSignal }): Promise<CallResult<T>> {
      for (let attempt = 0; ; attempt += 1) {
        try {
          return await app.call<T>(method, params, options);
        } catch (error) {
          if (!(error instanceof BitrixError) || error.code !== 'PORTAL_RATE_LIMIT' || attempt >= RATE_RETRIES || options?.signal?.aborted) throw error;
          await new Promise((done) => setTimeout(done, 1000 * (attempt + 1)));
        }
      }
    },
  };
}

const RATE_RETRIES = 4;

/** A deleted type takes its remaining (system) stages and fields with it: they count as deleted, not kept. */
function goneWithType(result: UndoResult): void {
  if (result.type !== 'deleted') return;
  result.stages.deleted += result.stages.kept;
  result.stages.kept = 0;
  result.fields.deleted += result.fields.kept;
  result.fields.kept = 0;
}

async function setAside(path: string, stamp: string): Promise<void> {
  await rename(path, `${path}.undone-${stamp}`).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

function isGone(outcome: BatchOutcome): boolean {
  return outcome.status === 'error' && outcome.error.code === 'PORTAL_NOT_FOUND';
}

/** Items in batches of 50 `crm.item.delete`; an item already gone is counted as such, a lost answer is asked again. */
async function deleteItems(input: UndoInput, entityTypeId: number, plan: UndoPlan, result: UndoResult, signal: AbortSignal, onProgress: (progress: UndoProgress) => void): Promise<void> {
  const total = plan.items.toDelete.length;
  onProgress({ phase: 'items', done: 0, total });
  for (let start = 0; start < total; start += DELETES_PER_BATCH) {
    if (signal.aborted) {
      throw new AppError('CANCELLED', `The undo was stopped after deleting ${result.items.deleted} item(s).`, { hint: 'Run the same undo again to finish it; items already deleted are not a failure.' });
    }
    let pending = plan.items.toDelete.slice(start, start + DELETES_PER_BATCH);
    for (let attempt = 0; attempt <= RESENDS && pending.length > 0; attempt += 1) {
      const commands: BatchCommand[] = pending.map((item) => ({ key: `d${item.itemId}`, method: 'crm.item.delete', params: { entityTypeId, id: item.itemId } }));
      // About 50 ms of portal time per deleted row, the loader's estimate for a written row.
      const outcomes = await input.client.batch(commands, { write: true, signal, cost: commands.length * 0.05 });
      const again: typeof pending = [];
      outcomes.forEach((outcome, index) => {
        const item = pending[index]!;
        if (outcome.status === 'ok') result.items.deleted += 1;
        else if (isGone(outcome)) result.items.alreadyGone += 1;
        else if (outcome.status === 'error') {
          result.items.failed += 1;
          result.failures.push({ what: 'item', target: String(item.itemId), row: item.key, code: outcome.error.code, detail: outcome.error.message, ...portalParams(outcome.error), message: `Item ${item.itemId} (row “${item.key}”): ${outcome.error.message}` });
        } else if (attempt < RESENDS) again.push(item);
        else {
          result.items.failed += 1;
          result.failures.push({ what: 'item', target: String(item.itemId), row: item.key, code: 'PORTAL_NETWORK', message: `Item ${item.itemId} (row “${item.key}”): the portal did not confirm the deletion. Run undo again; it checks the portal first.` });
        }
      });
      pending = again;
    }
    onProgress({ phase: 'items', done: Math.min(start + DELETES_PER_BATCH, total), total });
  }
}

/** Fields, then stages, then the type: one call each, the order the portal accepts. */
async function deleteStructure(input: UndoInput, plan: UndoPlan, result: UndoResult, signal: AbortSignal, onProgress: (progress: UndoProgress) => void): Promise<void> {
  const attempt = async (what: UndoFailure['what'], target: string, run: () => Promise<unknown>): Promise<'done' | 'gone' | 'failed'> => {
    try {
      await run();
      return 'done';
    } catch (error) {
      if (!(error instanceof BitrixError)) throw error;
      // A type deleted meanwhile answers `0` "…not found", not NOT_FOUND.
      if (error.code === 'PORTAL_NOT_FOUND' || (what === 'type' && error.bitrixCode === '0' && /not found/i.test(error.message))) return 'gone';
      // A portal-wide failure (auth, network, limits) stops the undo; a re-run finishes it.
      if (error.code !== 'PORTAL_ERROR' && error.code !== 'PORTAL_VALIDATION' && error.code !== 'PORTAL_ACCESS') throw error;
      result.failures.push({
        what,
        target,
        code: error.code,
        detail: error.message,
        ...portalParams(error),
        ...(error.where?.method ? { method: error.where.method } : {}),
        message: `${error.message}${error.where?.method ? ` (${error.where.method})` : ''}`,
      });
      return 'failed';
    }
  };
  const options = { write: true, signal };
  result.fields.kept = plan.fields.kept.filter((field) => field.reason !== 'gone').length;
  result.stages.kept = plan.stages.kept.filter((stage) => stage.reason !== 'gone').length;
  for (const field of plan.fields.toDelete) {
    const outcome = await attempt('field', field.fieldName, () => input.client.call('userfieldconfig.delete', { moduleId: 'crm', id: field.id }, options));
    if (outcome === 'failed') result.fields.kept += 1;
    else if (outcome === 'done') {
      result.fields.deleted += 1;
      onProgress({ phase: 'structure', step: 'fields', message: `deleted field ${field.fieldName} “${field.column}”` });
    }
  }
  for (const stage of plan.stages.toDelete) {
    const outcome = await attempt('stage', stage.statusId, () => input.client.call('crm.status.delete', { id: stage.id }, options));
    if (outcome === 'failed') result.stages.kept += 1;
    else if (outcome === 'done') {
      result.stages.deleted += 1;
      onProgress({ phase: 'structure', step: 'stages', message: `deleted stage “${stage.name}”` });
    }
  }
  if (plan.type.action === 'delete' && plan.typeId !== null) {
    const typeId = plan.typeId;
    const outcome = await attempt('type', String(typeId), () => input.client.call('crm.type.delete', { id: typeId }, options));
    result.type = outcome === 'failed' ? 'kept' : outcome === 'gone' ? 'gone' : 'deleted';
    if (outcome === 'done') onProgress({ phase: 'structure', step: 'type', message: `deleted smart process “${plan.title}”` });
  } else {
    result.type = plan.type.action === 'gone' ? 'gone' : 'kept';
  }
}

/** The portal's code and words of a refusal as separate facts, when the error carries them. */
function portalParams(error: { params?: Record<string, string> | undefined }): { params?: Record<string, string> } {
  return error.params === undefined ? {} : { params: error.params };
}
