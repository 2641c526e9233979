import { contactGroups } from '../mapping/contact-values';
import type { Mapping, StageMapping } from '../mapping/types';
import { fieldSpecs } from './field-specs';
import { planFields, type FieldOp } from './plan-fields';
import { importOrder } from './import-order';
import { planStages, planStagesInto, type StageOp } from './plan-stages';
import type { PreparedRows } from './prepare-rows';
import { detectPersonalData } from './personal-data';
import { missingFlags, requiredFlags } from './required-flags';
import { operationText } from './operation-wording';
import type { OperationNote, Plan, PlanAccess, PlanFunnel, PlanInto, PlanOperation, PlanWarning, PortalSnapshot, SnapshotStage } from './types';

/** Input of `buildPlan`: the mapping, the prepared rows, the portal as it is, and which rows were already loaded. */
export interface PlanInput {
  mapping: Mapping;
  prepared: PreparedRows;
  snapshot: PortalSnapshot;
  projectId: string;
  /** Keys the journal already holds (a resumed migration); they are not created again. */
  loadedKeys?: ReadonlySet<string>;
  /** Who sees a new smart process (default `open`, the portal's default). */
  access?: 'open' | 'closed';
  /** The sheet's name (a personal-data hint besides the title and headers). */
  sheet?: string;
  /** Into an existing smart process (`--into`): the match of the (already matched) mapping onto it. */
  into?: PlanInto;
  /** With a funnel column: each funnel's stages and each row's funnel (by key). */
  funnels?: { stagesByFunnel: ReadonlyMap<string, StageMapping[]>; funnelOf: ReadonlyMap<string, string> };
}

/** Warnings for the type settings an existing smart process has off (never switched on by this tool). */
export function settingsOffWarnings(into: PlanInto): PlanWarning[] {
  return into.settingsOff.map((setting) => ({ code: 'SETTING_OFF', params: { title: into.title, setting } }));
}

/** `isSetOpenPermissions` for an access choice: open (the portal's default) or closed. */
export function openPermissionsFlag(access: 'open' | 'closed' | undefined): 'Y' | 'N' {
  return access === 'closed' ? 'N' : 'Y';
}

/** The access part of a plan: the choice (or the existing type's setting) and the personal-data signal. */
export function planAccess(input: Pick<PlanInput, 'mapping' | 'snapshot' | 'access' | 'sheet'>, into = false): PlanAccess {
  const personalData = detectPersonalData(input.mapping, input.sheet);
  if (into && input.snapshot.type !== null) return { mode: 'existing', existingOpen: input.snapshot.type.flags['isSetOpenPermissions'] === 'Y', personalData };
  return { mode: input.access ?? 'open', personalData };
}

/** The five stages a new funnel comes with. */
const DEFAULT_STAGES: SnapshotStage[] = [
  { id: 0, statusId: 'NEW', code: 'NEW', name: 'Start', sort: 10, semantics: 'process', color: '#39A8EF', system: true },
  { id: 0, statusId: 'PREPARATION', code: 'PREPARATION', name: 'Preparation', sort: 20, semantics: 'process', color: '#2FC6F6', system: false },
  { id: 0, statusId: 'CLIENT', code: 'CLIENT', name: 'Approval', sort: 30, semantics: 'process', color: '#55D0E0', system: false },
  { id: 0, statusId: 'SUCCESS', code: 'SUCCESS', name: 'Success', sort: 40, semantics: 'success', color: '#7BD500', system: true },
  { id: 0, statusId: 'FAIL', code: 'FAIL', name: 'Failure', sort: 50, semantics: 'failure', color: '#FF5752', system: true },
];

/** Rows per `crm.item.batchImport` command. */
export const IMPORT_CHUNK = 20;

export { compactRows } from './plan-warning-wording';

/** A plan operation: its step, method and parameters, and what it does as a note and in English. */
export function planOperation(step: PlanOperation['step'], method: string, note: OperationNote, params?: Record<string, unknown>): PlanOperation {
  return { step, method, summary: operationText(note), note, ...(params === undefined ? {} : { params }) };
}

/** A plan operation for a field step. */
export function fieldOperation(op: FieldOp): PlanOperation {
  if (op.kind === 'add') {
    const note: OperationNote = {
      code: 'FIELD_ADD',
      params: { fieldName: op.fieldName, label: op.spec.label, userTypeId: op.spec.userTypeId, multiple: op.spec.multiple, ...(op.spec.userTypeId === 'enumeration' ? { items: op.spec.items.length } : {}) },
    };
    return planOperation('fields', 'userfieldconfig.add', note, { moduleId: 'crm', field: op.field });
  }
  return planOperation('fields', 'userfieldconfig.update', { code: 'FIELD_ITEMS_ADD', params: { fieldName: op.fieldName, label: op.spec.label, items: [...op.items] } }, { id: op.id });
}

/** A plan operation for a stage step (of the funnel `funnel` when rows are split into funnels). */
export function stageOperation(op: StageOp, funnel?: string): PlanOperation {
  const inFunnel = funnel === undefined ? {} : { funnel };
  switch (op.kind) {
    case 'delete':
      return planOperation('stages', 'crm.status.delete', { code: 'STAGE_DELETE', params: { code: op.code, name: op.name }, ...inFunnel }, { id: op.id });
    case 'update':
      return planOperation('stages', 'crm.status.update', { code: 'STAGE_UPDATE', params: { code: op.code, name: String(op.fields.NAME), sort: Number(op.fields.SORT), semantics: op.stage.semantics }, ...inFunnel }, { id: op.id, fields: op.fields });
    case 'add':
      return planOperation('stages', 'crm.status.add', { code: 'STAGE_ADD', params: { code: op.code, name: String(op.fields.NAME), sort: Number(op.fields.SORT), semantics: op.stage.semantics }, ...inFunnel }, { fields: op.fields });
  }
}

/** Client names the rows use that the portal does not have yet. */
export function missingClients(prepared: PreparedRows, snapshot: Pick<PortalSnapshot, 'companies' | 'contacts'>): { companies: string[]; contacts: string[] } {
  const companies = new Set<string>();
  const contacts = new Set<string>();
  for (const row of prepared.rows) {
    const company = row.values['companyId'];
    if (typeof company === 'string' && snapshot.companies[company] === undefined) companies.add(company);
    const names = row.values['contactIds'];
    if (Array.isArray(names)) for (const name of names) if (snapshot.contacts[String(name)] === undefined) contacts.add(String(name));
  }
  // Cells naming one contact (`Name <a@b.ru>` and `a@b.ru`) create it once.
  return { companies: [...companies], contacts: contactGroups([...contacts]).map((group) => group.representative) };
}

/**
 * The exact operations a first migration (or its resumption) performs on
 * this portal: create or reuse the smart process and set its flags, create
 * the fields, lay out the stages, create missing clients, and import the
 * rows not yet loaded in chunks of 20. Pure: the same inputs give the same
 * plan, and the run executes these same steps.
 */
export function buildPlan(input: PlanInput): Plan {
  const { mapping, prepared, snapshot } = input;
  const operations: PlanOperation[] = [];
  const warnings: PlanWarning[] = [];
  const type = snapshot.type;
  const flags = requiredFlags(mapping);
  const flagsToSet = type === null ? Object.keys(flags) : missingFlags(mapping, type.flags);
  const into = input.into;
  const access = planAccess(input, into !== undefined);
  if (into !== undefined) {
    // An existing smart process keeps its settings: nothing is switched on (the plan says what is off).
    flagsToSet.length = 0;
  } else if (type === null) {
    const open = openPermissionsFlag(input.access);
    operations.push(
      planOperation('type', 'crm.type.add', { code: 'TYPE_ADD', params: { title: mapping.title, projectId: input.projectId, flags: Object.keys(flags), open: open === 'Y' } }, { fields: { title: mapping.title, code: input.projectId, ...flags, isSetOpenPermissions: open } }),
    );
  } else if (flagsToSet.length > 0) {
    operations.push(planOperation('type', 'crm.type.update', { code: 'TYPE_SWITCH_ON', params: { title: type.title, flags: [...flagsToSet] } }, { id: type.id, fields: Object.fromEntries(flagsToSet.map((flag) => [flag, 'Y'])) }));
  }

  const conflicts = new Set((into?.fields ?? []).filter((field) => field.status === 'conflict').map((field) => field.column));
  const fieldOps = planFields(
    fieldSpecs(mapping).filter((spec) => !conflicts.has(spec.column)),
    snapshot.fields,
    type?.id ?? null,
    mapping.language,
  );
  operations.push(...fieldOps.map(fieldOperation));

  const existingStages = type === null ? DEFAULT_STAGES : snapshot.stages;
  const stageOps: StageOp[] = [];
  const funnelPlan: PlanFunnel[] = [];
  if (mapping.funnel && input.funnels) {
    // One funnel per value: the default one renamed, the others added with the five default stages, then each laid out.
    for (const [index, category] of mapping.funnel.categories.entries()) {
      const stages = input.funnels.stagesByFunnel.get(category.name) ?? [];
      const rows = [...input.funnels.funnelOf.values()].filter((name) => name === category.name).length;
      funnelPlan.push({ name: category.name, isDefault: index === 0, rows, stages: stages.map((stage) => stage.name) });
      operations.push(
        index === 0
          ? planOperation('funnels', 'crm.category.update', { code: 'FUNNEL_DEFAULT', params: { name: category.name, rows } }, { fields: { name: category.name } })
          : planOperation('funnels', 'crm.category.add', { code: 'FUNNEL_ADD', params: { name: category.name, rows } }, { fields: { name: category.name, sort: (index + 1) * 100 } }),
      );
      const ops = planStages(stages, index === 0 ? existingStages : DEFAULT_STAGES, true);
      stageOps.push(...ops);
      operations.push(...ops.map((op) => stageOperation(op, category.name)));
    }
  } else {
    stageOps.push(...(into !== undefined ? planStagesInto(mapping.stages, snapshot.stages) : planStages(mapping.stages, existingStages, true)));
    operations.push(...stageOps.map((op) => stageOperation(op)));
  }

  // With creating clients off, nothing is created; the unlinked values are reported per row instead.
  const clients = mapping.createClients === false ? { companies: [], contacts: [] } : missingClients(prepared, snapshot);
  for (const name of clients.companies) operations.push(planOperation('clients', 'crm.company.add', { code: 'COMPANY_ADD', params: { name } }));
  for (const name of clients.contacts) operations.push(planOperation('clients', 'crm.contact.add', { code: 'CONTACT_ADD', params: { name } }));

  const loaded = input.loadedKeys ?? new Set<string>();
  const toCreate = importOrder(prepared.rows).filter((row) => !loaded.has(row.key));
  const history = toCreate.some((row) => typeof row.values['createdTime'] === 'string' || typeof row.values['createdBy'] === 'number' || typeof row.values['movedTime'] === 'string');
  for (let start = 0; start < toCreate.length; start += IMPORT_CHUNK) {
    const chunk = toCreate.slice(start, start + IMPORT_CHUNK);
    const rows = chunk.map((row) => row.sourceRow);
    operations.push(planOperation('items', 'crm.item.batchImport', { code: 'ITEMS_IMPORT', params: { count: chunk.length, rows, projectId: input.projectId, firstKey: chunk[0]!.key, history } }));
  }

  if (prepared.blankStageRows.length > 0) {
    const first = mapping.stages.find((stage) => stage.semantics === 'process');
    warnings.push({ code: 'BLANK_STAGE_ROWS', params: { rows: [...prepared.blankStageRows], stage: first?.name ?? '' } });
  }
  if (prepared.unmatchedPeople.size > 0) {
    warnings.push({ code: 'UNMATCHED_PEOPLE', params: { count: prepared.unmatchedPeople.size, values: [...prepared.unmatchedPeople].slice(0, 10), defaultUserId: mapping.defaultUserId } });
  }
  if (prepared.failures.length > 0) warnings.push({ code: 'ROWS_CANNOT_BE_SENT', params: { count: prepared.failures.length } });
  if (prepared.overriddenCells > 0) warnings.push({ code: 'PREVIEW_EDITS_SENT', params: { count: prepared.overriddenCells } });
  for (const stale of prepared.staleOverrides.slice(0, 20)) {
    warnings.push({ code: 'PREVIEW_EDIT_STALE', params: { row: stale.row, column: stale.column, value: stale.value, sheetValue: stale.sheetValue, sheetNow: stale.sheetNow, ...(stale.rowChanged ? { rowChanged: true as const } : {}) } });
  }
  if (access.personalData !== null && type === null) warnings.push({ code: 'PERSONAL_DATA', params: { ...access.personalData, access: input.access ?? 'open' } });
  if (into !== undefined) warnings.push(...settingsOffWarnings(into));

  const matched = Object.values(mapping.users).filter((id) => id !== null).length;
  return {
    operations,
    summary: {
      smartProcess: into !== undefined ? 'into' : type === null ? 'create' : 'reuse',
      title: type?.title ?? mapping.title,
      flagsToSet,
      fieldsToCreate: fieldOps.filter((op) => op.kind === 'add').length,
      fieldsToUpdate: fieldOps.filter((op) => op.kind === 'add-items').length,
      stagesToCreate: stageOps.filter((op) => op.kind === 'add').length,
      stagesToUpdate: stageOps.filter((op) => op.kind === 'update').length,
      stagesToDelete: stageOps.filter((op) => op.kind === 'delete').length,
      clientsToCreate: clients.companies.length + clients.contacts.length,
      itemsToCreate: toCreate.length,
      itemsToUpdate: 0,
      itemsUnchanged: prepared.rows.length - toCreate.length,
      itemsFailed: prepared.failures.length,
      usersMatched: matched,
      usersUnmatched: Object.keys(mapping.users).length - matched,
    },
    warnings,
    failures: prepared.failures,
    access,
    ...(into !== undefined ? { into } : {}),
    ...(funnelPlan.length > 0 ? { funnels: funnelPlan } : {}),
  };
}
