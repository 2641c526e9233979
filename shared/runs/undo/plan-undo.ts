import type { BitrixClient } from '../../portal/bitrix/bitrix-client';
import type { Journal } from '../journal/open-journal';
import { columnForField } from '../migrate/column-for-field';
import { resolveContext } from '../migrate/migrate';
import { fieldKinds, sameAsStored, type ValueKind } from '../../sheet/plan/resolve-item-fields';
import { findType, readFields, readStages } from '../../portal/snapshot/read-snapshot';
import type { SnapshotField, SnapshotStage, SnapshotType } from '../../sheet/plan/types';
import type { ProjectFile } from '../../sheet/project/types';
import type { ProjectWithAutomation } from '../automation/project-automation';
import { readItems } from '../sync/read-items';
import type { SyncState } from '../sync/sync-state';
import type { ProjectWithClients } from '../migrate/created-clients';
import { emptyClientsPlan, planClients, type ClientChoice } from './plan-clients';
import type { UndoField, UndoItem, UndoPlan, UndoStage, UndoWorkflow, UndoWorkflowsPlan } from './types';

/** What the planner reads: the project, its journal and sync state, and the portal. */
export interface UndoPlanInput {
  project: ProjectFile;
  journal: Journal;
  state: SyncState;
  client: BitrixClient;
  force: boolean;
  /**
   * Whether the items this project would delete count as gone when deciding
   * about fields, stages and the type: true for the plan shown before
   * deleting; false once deleting is over, so an item the portal refused to
   * delete keeps its stage, fields and type.
   */
  assumeItemsDeleted: boolean;
  /** What to do with the companies and contacts the project created. */
  clients?: ClientChoice;
  /** Remove the workflow templates the project installed (when the type goes); `canUseApplication`: an application session is at hand. */
  workflows?: { remove: boolean; canUseApplication: boolean };
  signal?: AbortSignal;
}

/**
 * Whether the portal's type is the one this project created: the project
 * must not say it went into an existing smart process, and the type must
 * carry the project's id as its `code` (only `setupType` of this project
 * gives a type that code). Without that proof the type and everything that
 * was on it before are kept.
 */
export function typeCreatedByProject(project: ProjectFile, type: SnapshotType): boolean {
  const recorded = (project.smartProcess as { createdByProject?: unknown }).createdByProject;
  return recorded !== false && type.code === project.id;
}

/** A field or stage the project file marks as created by it (set by a migration into an existing type). */
function markedCreated(entry: object): boolean {
  return (entry as { createdByProject?: unknown }).createdByProject === true;
}

/** Empty the way a person means it: nothing typed, nothing chosen, a box left unticked. */
function isEmptyValue(value: unknown, userTypeId: string): boolean {
  if (value === null || value === undefined || value === '' || value === false) return true;
  if (Array.isArray(value)) return value.every((entry) => isEmptyValue(entry, userTypeId));
  if (userTypeId === 'boolean') return value === 0 || value === '0' || value === 'N';
  return false;
}

/** An undo plan that deletes nothing yet (`alreadyUndone`: the project was undone before). */
export function emptyUndoPlan(project: Pick<ProjectFile, 'id' | 'smartProcess'>, force: boolean, alreadyUndone: boolean): UndoPlan {
  return {
    projectId: project.id,
    title: project.smartProcess.title,
    entityTypeId: project.smartProcess.entityTypeId,
    typeId: project.smartProcess.typeId,
    typeCreatedByProject: false,
    alreadyUndone,
    force,
    items: { toDelete: [], keptEdited: [], alreadyGone: 0, notOurs: 0 },
    fields: { toDelete: [], kept: [] },
    stages: { toDelete: [], kept: [] },
    type: { action: 'gone' },
    clients: emptyClientsPlan(project, { remove: false, force: false }),
    workflows: { remove: false, removable: [], kept: [] },
    warnings: [],
  };
}

/**
 * Reads the project's items, fields, stages and type from the portal and
 * decides what an undo deletes and keeps: items this project created (by
 * journal id or by its `xmlId` prefix), except those edited in the portal
 * since the tool last wrote them (unless `force`); then, only if created by
 * this project and no remaining item uses them, its fields and stages; and
 * the type itself only if created by this project and left without items.
 * Changes nothing.
 */
export async function planUndo(input: UndoPlanInput): Promise<UndoPlan> {
  const { project, journal, state, client, force, signal } = input;
  const plan = emptyUndoPlan(project, force, false);
  const type = await findType(client, { projectId: project.id, entityTypeId: project.smartProcess.entityTypeId, ...(signal ? { signal } : {}) });
  if (type === null) {
    // The type is gone (deleted by an earlier undo or by hand): so are its items, fields and stages.
    plan.items.alreadyGone = journal.size;
    await finishPlan(plan, input, []);
    return plan;
  }
  plan.entityTypeId = type.entityTypeId;
  plan.typeId = type.id;
  plan.title = type.title;
  plan.typeCreatedByProject = typeCreatedByProject(project, type);

  const projectFieldNames = project.fields.map((field) => field.fieldName);
  const select = new Set<string>(['title', 'stageId', ...projectFieldNames]);
  for (const row of Object.values(state.rows)) for (const key of Object.keys(row.fields)) select.add(key);
  // A created client that an item which stays links must stay too.
  if (hasCreatedClients(project)) for (const key of ['companyId', 'contactId', 'contactIds']) select.add(key);
  const items = await readItems(client, type.entityTypeId, [...select], undefined, signal);

  // Ours: every item the journal names, and every item carrying this project's xmlId prefix (a lost answer).
  const prefix = `${project.id}:`;
  const keyOfItem = new Map<number, string>();
  for (const entry of journal.entries()) keyOfItem.set(entry.itemId, entry.key);
  for (const [id, item] of items) {
    const xmlId = item['xmlId'];
    if (typeof xmlId === 'string' && xmlId.startsWith(prefix) && !keyOfItem.has(id)) keyOfItem.set(id, xmlId.slice(prefix.length));
  }
  const stateByItem = new Map<number, SyncState['rows'][string]>();
  for (const row of Object.values(state.rows)) stateByItem.set(row.itemId, row);

  const kinds = kindsOf(project);
  const remaining: Array<Record<string, unknown>> = [];
  let unverified = 0;
  for (const [itemId, key] of keyOfItem) {
    const item = items.get(itemId);
    if (!item) {
      plan.items.alreadyGone += 1;
      continue;
    }
    const rowState = stateByItem.get(itemId);
    if (!rowState) unverified += 1;
    const edited = rowState ? editedFields(rowState, item, kinds) : [];
    const entry: UndoItem = { key, itemId, editedColumns: edited.map((field) => columnLabel(field, project, type.id)) };
    if (typeof item['title'] === 'string' && item['title'] !== '') entry.title = item['title'];
    if (edited.length > 0 && !force) {
      plan.items.keptEdited.push(entry);
      remaining.push(item);
    } else {
      plan.items.toDelete.push(entry);
      if (!input.assumeItemsDeleted) remaining.push(item);
    }
  }
  for (const [itemId, item] of items) {
    if (keyOfItem.has(itemId)) continue;
    plan.items.notOurs += 1;
    remaining.push(item);
  }
  if (unverified > 0) {
    plan.warnings.push(`${unverified} item(s) have no record of what the tool last wrote (the migration stopped before checking them), so edits to them cannot be told apart; they are treated as unedited.`);
  }
  if (plan.items.notOurs > 0) plan.warnings.push(`${plan.items.notOurs} item(s) in “${type.title}” were not created by this migration; they are never deleted.`);

  const created = plan.typeCreatedByProject;
  const portalFields = await readFields(client, type.id, signal);
  for (const field of project.fields) {
    const current = portalFields.find((candidate) => candidate.id === field.id || candidate.fieldName === field.fieldName);
    const view: UndoField = { column: field.column, fieldName: field.fieldName, id: current?.id ?? field.id };
    const reason = fieldKeepReason(current, created || markedCreated(field), remaining);
    if (reason) plan.fields.kept.push({ ...view, reason });
    else plan.fields.toDelete.push(view);
  }

  const categoryId = project.smartProcess.categoryId;
  const portalStages = categoryId === null ? [] : await readStages(client, type.entityTypeId, categoryId, signal);
  const left = [...portalStages];
  for (const stage of project.stages) {
    const current = portalStages.find((candidate) => candidate.statusId === stage.statusId);
    const view: UndoStage = { name: current?.name ?? stage.name, statusId: stage.statusId, id: current?.id ?? 0 };
    const reason = stageKeepReason(current, created || markedCreated(stage), remaining, left);
    if (reason) plan.stages.kept.push({ ...view, reason });
    else {
      plan.stages.toDelete.push(view);
      left.splice(left.indexOf(current!), 1);
    }
  }

  const added = portalFields.filter((field) => !project.fields.some((own) => own.id === field.id || own.fieldName === field.fieldName));
  if (created && remaining.length === 0 && added.length > 0) {
    plan.warnings.push(`${added.length} field(s) added in the portal since the migration (${added.map((field) => `“${field.label || field.fieldName}”`).join(', ')}) go with the smart process; no item holds a value in them.`);
  }
  if (!created) plan.type = { action: 'keep', reason: 'not-created-by-project' };
  else if (remaining.length > 0) plan.type = { action: 'keep', reason: 'has-items' };
  else plan.type = { action: 'delete' };
  await finishPlan(plan, input, remaining);
  return plan;
}

function hasCreatedClients(project: object): boolean {
  const record = (project as ProjectWithClients).createdClients;
  return record !== undefined && record.companies.length + record.contacts.length > 0;
}

/**
 * Fills in the plan's clients and workflow templates (reading the created
 * clients from the portal), and what stays in the portal as chosen: the clients found there always; the created ones unless
 * removed; the templates unless removed with the type.
 */
export async function finishPlan(plan: UndoPlan, input: Pick<UndoPlanInput, 'project' | 'client' | 'clients' | 'workflows' | 'signal'>, remaining: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  const { project } = input;
  const choice = input.clients ?? { remove: false, force: false };
  plan.clients = await planClients(input.client, project, remaining, choice, input.signal);
  plan.workflows = planWorkflows(project, plan.type.action, input.workflows ?? { remove: false, canUseApplication: false });

  const clientColumns = project.mapping.columns.filter((column) => column.target.kind === 'builtin' && (column.target.field === 'companyId' || column.target.field === 'contactIds')).map((column) => column.header);
  const removing = plan.clients.remove && plan.clients.recorded;
  const createdKept = removing ? plan.clients.kept.length : plan.clients.kept.length + plan.clients.removable.length;
  if (clientColumns.length > 0) {
    plan.warnings.push(
      removing
        ? 'Companies and contacts the migration found in the portal stay in the CRM: other deals and items may use them.'
        : 'Companies and contacts the migration found or created stay in the CRM: other deals and items may use them.',
    );
  }
  if (!plan.clients.recorded && clientColumns.length > 0) {
    plan.warnings.push('This project was migrated before the tool recorded which companies and contacts it created, so none can be told apart from those already in the portal; undo removes none of them.');
  } else if (plan.clients.recordedSince !== undefined) {
    plan.warnings.push(`Companies and contacts are recorded only since ${plan.clients.recordedSince}; any the migration created before then stay.`);
  }
  const workflows = [...plan.workflows.kept, ...(plan.workflows.remove ? [] : plan.workflows.removable)].map((template) => template.name);
  if (clientColumns.length > 0 || workflows.length > 0) plan.stays = { clientColumns, foundOnly: removing, createdKept, workflows };
}

/**
 * What happens to the workflow templates the project installed: they run on
 * the smart process's items, so while the type stays they stay; when it
 * goes they would be left on a document type that no longer exists, and
 * can be removed — but only by the application that installed them.
 */
function planWorkflows(project: ProjectFile, typeAction: UndoPlan['type']['action'], choice: { remove: boolean; canUseApplication: boolean }): UndoWorkflowsPlan {
  const installed = (project as ProjectWithAutomation).automation?.installed ?? [];
  const plan: UndoWorkflowsPlan = { remove: choice.remove, removable: [], kept: [] };
  for (const template of installed) {
    const view: UndoWorkflow = template.templateId === undefined ? { name: template.name } : { name: template.name, templateId: template.templateId };
    if (typeAction === 'keep') plan.kept.push({ ...view, reason: 'type-kept' });
    else if (!choice.canUseApplication) plan.kept.push({ ...view, reason: 'needs-application' });
    else plan.removable.push(view);
  }
  return plan;
}

function fieldKeepReason(current: SnapshotField | undefined, created: boolean, remaining: ReadonlyArray<Record<string, unknown>>): UndoField['reason'] {
  if (!current) return 'gone';
  if (!created) return 'not-created-by-project';
  if (remaining.some((item) => !isEmptyValue(item[current.fieldName], current.userTypeId))) return 'has-values';
  return undefined;
}

function stageKeepReason(current: SnapshotStage | undefined, created: boolean, remaining: ReadonlyArray<Record<string, unknown>>, left: readonly SnapshotStage[]): UndoStage['reason'] {
  if (!current) return 'gone';
  if (!created) return 'not-created-by-project';
  // System stages need FORCED and go with the type anyway; a kept type keeps its system stages.
  if (current.system) return 'system';
  if (remaining.some((item) => item['stageId'] === current.statusId)) return 'has-items';
  if (left.filter((stage) => stage.semantics === current.semantics).length <= 1) return 'last-of-group';
  return undefined;
}

/** The sheet column(s) behind a portal field, as a person knows them (`title` built from a template names its columns). */
function columnLabel(field: string, project: ProjectFile, typeId: number): string {
  const custom = project.fields.find((entry) => entry.fieldName === field);
  if (custom) return custom.column;
  const column = columnForField(field, project.mapping, typeId);
  if (column !== undefined) return column;
  const template = project.mapping.titleTemplate;
  if (field === 'title' && template) {
    const columns = [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
    if (columns.length > 0) return columns.join(' + ');
  }
  return field;
}

/** Portal key → how its values compare, from the project's setup (empty when setup never finished). */
function kindsOf(project: ProjectFile): Record<string, ValueKind> {
  try {
    return fieldKinds(resolveContext(project, { companies: {}, contacts: {} }));
  } catch {
    return {};
  }
}

/**
 * The fields whose portal value now differs from the value the portal held
 * right after the tool last wrote them (a field comparison, never
 * `updatedTime`, which robots change too). A stage set by sync's "move
 * removed rows" policy is the tool's own write.
 */
function editedFields(rowState: SyncState['rows'][string], item: Record<string, unknown>, kinds: Record<string, ValueKind>): string[] {
  const out: string[] = [];
  for (const [key, field] of Object.entries(rowState.fields)) {
    if (key === 'stageId' && rowState.gone === 'moved') continue;
    if (!sameAsStored(kinds[key] ?? 'text', item[key], field.portal)) out.push(key);
  }
  return out;
}
