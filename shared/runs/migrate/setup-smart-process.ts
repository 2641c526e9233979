import { AppError } from '../../base/errors/errors';
import type { BitrixClient } from '../../portal/bitrix/bitrix-client';
import { writeChecked } from '../../portal/bitrix/write-checked';
import type { Mapping, StageMapping } from '../../sheet/mapping/types';
import { openPermissionsFlag } from '../../sheet/plan/build-plan';
import { fieldSpecs } from '../../sheet/plan/field-specs';
import { planFields } from '../../sheet/plan/plan-fields';
import { planStages, planStagesInto } from '../../sheet/plan/plan-stages';
import { defaultCategoryId, findType, readTypeByEntityTypeId, readFields, readStages, toSnapshotType } from '../../portal/snapshot/read-snapshot';
import { missingFlags, requiredFlags } from '../../sheet/plan/required-flags';
import type { SnapshotStage, SnapshotType } from '../../sheet/plan/types';
import type { ProjectField, ProjectFunnel, ProjectStage } from '../../sheet/project/types';
import type { SetupCheck, SetupNote } from './types';

/** Reports one finished setup step, in words a person understands (also the "what was done" list after a failure). */
export type SetupLog = (step: 'type' | 'fields' | 'stages' | 'clients', note: SetupNote) => void;

/** The smart process's ids after setup. */
export interface SetupType {
  type: SnapshotType;
  categoryId: number;
}

/**
 * Finds the project's smart process by its code or creates it with the
 * flags the mapping needs, then reads it back and switches on any flag that
 * did not take; fails loudly when one still is off (a portal can accept a flag and not keep it).
 */
export async function setupType(
  client: BitrixClient,
  mapping: Mapping,
  projectId: string,
  entityTypeId: number | null,
  log: SetupLog,
  signal: AbortSignal,
  access: 'open' | 'closed' = 'open',
): Promise<SetupType> {
  const flags = requiredFlags(mapping);
  let type = await findType(client, { projectId, entityTypeId, signal });
  if (type === null) {
    const fields = { title: mapping.title, code: projectId, ...flags, isSetOpenPermissions: openPermissionsFlag(access) };
    // The project id is the type's code: a type whose answer was lost is found by it.
    const added = await writeChecked<{ type: Record<string, unknown> }, SnapshotType>(client, 'crm.type.add', { fields }, {
      what: `create the smart process “${mapping.title}”`,
      lookUp: async () => (await findType(client, { projectId, entityTypeId: null, signal })) ?? undefined,
      signal,
    });
    type = added.answered ? toSnapshotType(added.result.type) : added.found;
    log('type', { code: 'TYPE_CREATED', params: { title: type.title, entityTypeId: type.entityTypeId, id: type.id, open: access !== 'closed' }, ...checkOf(added) });
  }
  const readBack = async (id: number): Promise<SnapshotType> => toSnapshotType((await client.call<{ type: Record<string, unknown> }>('crm.type.get', { id }, { write: false, signal })).result.type);
  type = await readBack(type.id);
  let missing = missingFlags(mapping, type.flags);
  if (missing.length > 0) {
    const typeId = type.id;
    const switched = await writeChecked(client, 'crm.type.update', { id: typeId, fields: Object.fromEntries(missing.map((flag) => [flag, 'Y'])) }, {
      what: `switch on ${missing.join(', ')}`,
      lookUp: async () => {
        const current = await readBack(typeId);
        return missingFlags(mapping, current.flags).length === 0 ? current : undefined;
      },
      signal,
    });
    type = await readBack(type.id);
    log('type', { code: 'TYPE_SWITCHED_ON', params: { flags: [...missing] }, ...checkOf(switched) });
    missing = missingFlags(mapping, type.flags);
    if (missing.length > 0) {
      throw new AppError('PORTAL_ERROR', `The portal did not switch on ${missing.join(', ')} for “${type.title}” although it was asked to.`, {
        hint: 'The plan may not allow these features (workflows and automation rules need a commercial plan). Switch them on in the smart process settings, then run again.',
        params: { reason: 'switchesNotOn', title: type.title, switches: missing.join(', ') },
      });
    }
  }
  const categoryId = await defaultCategoryId(client, type.entityTypeId, signal);
  return { type, categoryId };
}

/**
 * The existing smart process a project migrates into (`--into`), read back
 * and never changed: no flag is switched, so the plan's warnings are all
 * that is said about settings that are off.
 */
export async function setupInto(client: BitrixClient, entityTypeId: number, log: SetupLog, signal: AbortSignal): Promise<SetupType> {
  const type = await readTypeByEntityTypeId(client, entityTypeId, signal);
  if (type === null) {
    throw new AppError('NOT_FOUND', `The smart process with entityTypeId ${entityTypeId} is no longer on the portal.`, { hint: 'Check that it was not deleted, or migrate into a new smart process (without --into).', appHint: 'Check that it was not deleted, or choose “New smart process” in the Create tab.', params: { reason: 'typeGone', entityTypeId: String(entityTypeId) } });
  }
  log('type', { code: 'TYPE_EXISTING', params: { title: type.title, entityTypeId: type.entityTypeId, id: type.id } });
  return { type, categoryId: await defaultCategoryId(client, type.entityTypeId, signal) };
}

/** Creates the custom fields the mapping needs (looked up by name first) and adds missing list items; returns them as created. */
export async function setupFields(client: BitrixClient, mapping: Mapping, typeId: number, log: SetupLog, signal: AbortSignal): Promise<ProjectField[]> {
  const specs = fieldSpecs(mapping);
  const existing = await readFields(client, typeId, signal);
  for (const op of planFields(specs, existing, typeId, mapping.language)) {
    if (op.kind === 'add') {
      // A field is found by its name (UF_CRM_<typeId>_<suffix>), which the portal keeps as sent.
      const added = await writeChecked(client, 'userfieldconfig.add', { moduleId: 'crm', field: op.field }, {
        what: `create the field ${op.fieldName}`,
        lookUp: async () => (await readFields(client, typeId, signal)).find((field) => field.fieldName === op.fieldName),
        signal,
      });
      log('fields', { code: 'FIELD_CREATED', params: { fieldName: op.fieldName, label: op.spec.label, userTypeId: op.spec.userTypeId, multiple: op.spec.multiple }, ...checkOf(added) });
    } else {
      const current = existing.find((field) => field.id === op.id)!;
      const start = current.items.length;
      const items = [...current.items.map((item) => ({ id: item.id, value: item.value })), ...op.items.map((value, i) => ({ value, sort: (start + i + 1) * 10, def: 'N' }))];
      // List items are found by their values: sending the list again after it was applied would add each value twice.
      const updated = await writeChecked(client, 'userfieldconfig.update', { moduleId: 'crm', id: op.id, field: { userTypeId: 'enumeration', enum: items } }, {
        what: `add list items to ${op.fieldName}`,
        lookUp: async () => {
          const field = (await readFields(client, typeId, signal)).find((candidate) => candidate.id === op.id);
          const values = new Set(field?.items.map((item) => item.value));
          return field && op.items.every((value) => values.has(value)) ? field : undefined;
        },
        signal,
      });
      log('fields', { code: 'FIELD_ITEMS_ADDED', params: { fieldName: op.fieldName, label: op.spec.label, count: op.items.length }, ...checkOf(updated) });
    }
  }
  const fields = await readFields(client, typeId, signal);
  return specs.map((spec) => {
    const field = fields.find((candidate) => candidate.fieldName === `UF_CRM_${typeId}_${spec.suffix}`);
    if (!field) throw new AppError('PORTAL_ERROR', `The field UF_CRM_${typeId}_${spec.suffix} is missing after it was created.`, { params: { reason: 'fieldMissingAfterCreate', field: `UF_CRM_${typeId}_${spec.suffix}`, column: spec.column } });
    const out: ProjectField = { column: spec.column, suffix: spec.suffix, fieldName: field.fieldName, id: field.id, userTypeId: spec.userTypeId, multiple: field.multiple };
    if (spec.userTypeId === 'enumeration') out.items = Object.fromEntries(field.items.map((item) => [item.value, item.id]));
    return out;
  });
}

/**
 * Lays the funnel's stages out as the mapping says (renames, sorts, adds,
 * and on the first migration removes unused defaults) and returns them.
 */
export async function setupStages(
  client: BitrixClient,
  mapping: Mapping,
  entityTypeId: number,
  categoryId: number,
  deleteUnused: boolean,
  log: SetupLog,
  signal: AbortSignal,
  /** A funnel that existed before the project: only add what is missing (`planStagesInto`). */
  addOnly = false,
): Promise<ProjectStage[]> {
  const entityId = `DYNAMIC_${entityTypeId}_STAGE_${categoryId}`;
  const existing = await readStages(client, entityTypeId, categoryId, signal);
  // A stage is found by its id (updates, deletes) or its STATUS_ID in this funnel's ENTITY_ID (adds).
  const stageNow = async (match: (stage: SnapshotStage) => boolean): Promise<SnapshotStage | undefined> => (await readStages(client, entityTypeId, categoryId, signal)).find(match);
  for (const op of addOnly ? planStagesInto(mapping.stages, existing) : planStages(mapping.stages, existing, deleteUnused)) {
    if (op.kind === 'delete') {
      const removed = await writeChecked(client, 'crm.status.delete', { id: op.id, ...(op.system ? { params: { FORCED: 'Y' } } : {}) }, {
        what: `remove the stage “${op.name}”`,
        lookUp: async () => ((await stageNow((stage) => stage.id === op.id)) === undefined ? true : undefined),
        signal,
      });
      log('stages', { code: 'STAGE_REMOVED', params: { name: op.name }, ...checkOf(removed) });
    } else if (op.kind === 'update') {
      const updated = await writeChecked(client, 'crm.status.update', { id: op.id, fields: op.fields }, {
        what: `rename the stage ${op.code} to “${op.fields.NAME}”`,
        lookUp: () => stageNow((stage) => stage.id === op.id && stage.name === op.fields.NAME && stage.sort === Number(op.fields.SORT)),
        signal,
      });
      log('stages', { code: 'STAGE_RENAMED', params: { code: op.code, name: String(op.fields.NAME) }, ...checkOf(updated) });
    } else {
      const statusId = `DT${entityTypeId}_${categoryId}:${op.code}`;
      const added = await writeChecked(client, 'crm.status.add', { fields: { ENTITY_ID: entityId, STATUS_ID: statusId, ...op.fields } }, {
        what: `add the stage “${op.fields.NAME}”`,
        lookUp: () => stageNow((stage) => stage.statusId === statusId),
        signal,
      });
      log('stages', { code: 'STAGE_ADDED', params: { name: String(op.fields.NAME) }, ...checkOf(added) });
    }
  }
  const stages = await readStages(client, entityTypeId, categoryId, signal);
  return stages.map((stage) => ({ code: stage.code, statusId: stage.statusId, name: stage.name, semantics: stage.semantics }));
}

/** Companies and contacts live in setup-clients.ts (links: by name, e-mail or phone); re-exported for existing callers. */
export { setupClients } from './setup-clients';

/**
 * Lays out the funnels of a funnel column: the type's default
 * funnel is renamed to the first funnel, the others are found by name or
 * added (`crm.category.add`, which fills them with the default stages), and
 * each gets the stages its rows use (`setupStages` on its own
 * `DYNAMIC_<etid>_STAGE_<categoryId>`; unused defaults removed when
 * `deleteUnused`, never during sync). Re-runnable: nothing is created twice.
 */
export async function setupFunnels(
  client: BitrixClient,
  mapping: Mapping,
  entityTypeId: number,
  defaultCategory: number,
  stagesOf: ReadonlyMap<string, StageMapping[]>,
  deleteUnused: boolean,
  log: SetupLog,
  signal: AbortSignal,
): Promise<ProjectFunnel[]> {
  const funnel = mapping.funnel;
  if (!funnel) return [];
  const list = async (): Promise<Array<{ id: number; name: string; isDefault: boolean }>> => {
    const { result } = await client.call<{ categories: Array<Record<string, unknown>> }>('crm.category.list', { entityTypeId }, { write: false, signal });
    return (result?.categories ?? []).map((raw) => ({ id: Number(raw['id']), name: String(raw['name'] ?? ''), isDefault: raw['isDefault'] === 'Y' || raw['isDefault'] === true }));
  };
  let categories = await list();
  const out: ProjectFunnel[] = [];
  for (const [index, category] of funnel.categories.entries()) {
    let id: number;
    let created = false;
    if (index === 0) {
      id = defaultCategory;
      const current = categories.find((candidate) => candidate.id === id);
      if (current && current.name !== category.name) {
        const renamed = await writeChecked(client, 'crm.category.update', { entityTypeId, id, fields: { name: category.name } }, {
          what: `rename the default funnel to “${category.name}”`,
          lookUp: async () => (await list()).find((candidate) => candidate.id === id && candidate.name === category.name),
          signal,
        });
        log('stages', { code: 'FUNNEL_DEFAULT_RENAMED', params: { name: category.name }, ...checkOf(renamed) });
      }
    } else {
      const found = categories.find((candidate) => candidate.name === category.name && candidate.id !== defaultCategory);
      if (found) id = found.id;
      else {
        // A funnel is found by its name (never the default one, which was renamed to the first funnel).
        const added = await writeChecked<{ category: Record<string, unknown> }, { id: number }>(client, 'crm.category.add', { entityTypeId, fields: { name: category.name, sort: (index + 1) * 100 } }, {
          what: `add the funnel “${category.name}”`,
          lookUp: async () => (await list()).find((candidate) => candidate.name === category.name && candidate.id !== defaultCategory),
          signal,
        });
        id = added.answered ? Number(added.result.category['id']) : added.found.id;
        created = true;
        log('stages', { code: 'FUNNEL_ADDED', params: { name: category.name, categoryId: id }, ...checkOf(added) });
        categories = await list();
      }
    }
    // A funnel made just now holds only the portal's default stages and no items: its unused ones go even during sync.
    const stages = await setupStages(client, { ...mapping, stages: stagesOf.get(category.name) ?? [] }, entityTypeId, id, deleteUnused || created, log, signal);
    out.push({ name: category.name, categoryId: id, isDefault: index === 0, stages });
  }
  return out;
}

/** How a write was confirmed when its answer was lost (nothing when it answered the first time). */
export function checkOf(outcome: { answered: boolean; lostAnswers: number }): { check?: SetupCheck } {
  if (!outcome.answered) return { check: 'applied' };
  return outcome.lostAnswers > 0 ? { check: outcome.lostAnswers } : {};
}
