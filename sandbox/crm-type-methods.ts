import { fieldDescription } from './field-description';
import { createFunnel } from './funnels';
import { compileFilter, compileOrder, paginate, type FilterField } from './list-filter';
import type { CallContext, MethodDef } from './method-types';
import { ok } from './method-types';
import { formatPortalDateTime } from './portal-time';
import { TYPE_FLAGS, type RelationRecord, type TypeFlag, type TypeRecord } from './portal-data';
import { optionalObject, param, requireInt, requireObject, toInt, toYesNo, zeroError } from './params';
import { RestError, missingParameter } from './rest-error';

/** CRM types a relation may point at besides smart processes: lead, deal, contact, company, quote, smart invoice. */
const STATIC_RELATION_TYPES = new Set([1, 2, 3, 4, 7, 31]);
const LINKED_USER_FIELD_KEYS = ['CALENDAR_EVENT|UF_CRM_CAL_EVENT', 'TASKS_TASK|UF_CRM_TASK', 'TASKS_TASK_TEMPLATE|UF_CRM_TASK'];

/** Valid `entityTypeId`: 128–192 or an even number ≥ 1030. */
export function isAllowedEntityTypeId(value: number): boolean {
  return (value >= 128 && value <= 192) || (value >= 1030 && value % 2 === 0);
}

/** The type object as `crm.type.*` returns it. */
export function typeToJson(type: TypeRecord): Record<string, unknown> {
  const linked: Record<string, string> = {};
  for (const [key, value] of Object.entries(type.linkedUserFields)) linked[key] = value === 'true' ? 'Y' : 'N';
  return {
    id: type.id,
    createdBy: type.createdBy,
    entityTypeId: type.entityTypeId,
    title: type.title,
    code: type.code,
    ...type.flags,
    isPaymentsEnabled: 'N',
    isCountersEnabled: 'N',
    isInitialized: 'Y',
    createdTime: formatPortalDateTime(type.createdTime),
    updatedTime: formatPortalDateTime(type.updatedTime),
    updatedBy: type.updatedBy,
    relations: { parent: type.relations.parent, child: type.relations.child },
    linkedUserFields: Object.keys(linked).length === 0 ? [] : linked,
    customSections: [],
    customSectionId: null,
  };
}

function requireCrmAdmin(ctx: CallContext): void {
  // Not a CRM admin answers 400, not 403, as the real portal does.
  if (!ctx.isCrmAdmin) throw new RestError(400, 'ACCESS_DENIED', 'Access denied');
}

function notFound(): RestError {
  return zeroError('SPA not found');
}

function readRelations(ctx: CallContext, raw: unknown, self: number): { parent: RelationRecord[]; child: RelationRecord[] } {
  const out = { parent: [] as RelationRecord[], child: [] as RelationRecord[] };
  if (raw === null || typeof raw !== 'object') return out;
  for (const side of ['parent', 'child'] as const) {
    const list = (raw as Record<string, unknown>)[side];
    const entries = Array.isArray(list) ? list : list !== null && typeof list === 'object' ? Object.values(list) : [];
    for (const entry of entries) {
      if (entry === null || typeof entry !== 'object') continue;
      const etid = toInt((entry as Record<string, unknown>)['entityTypeId']);
      // A bad relation is silently not saved.
      if (etid === undefined || etid === self) continue;
      if (!STATIC_RELATION_TYPES.has(etid) && ctx.portal.typeByEntityTypeId(etid) === undefined) continue;
      // Only the strings "true"/"false" count here; Y/N read as false.
      const enabled = (entry as Record<string, unknown>)['isChildrenListEnabled'];
      out[side].push({ entityTypeId: etid, isChildrenListEnabled: enabled === 'true' || enabled === true ? 'Y' : 'N', isPredefined: 'N' });
    }
  }
  return out;
}

function readLinkedUserFields(raw: unknown): Record<string, 'true' | 'false'> {
  const out: Record<string, 'true' | 'false'> = {};
  if (raw === null || typeof raw !== 'object') return out;
  for (const key of LINKED_USER_FIELD_KEYS) {
    const value = (raw as Record<string, unknown>)[key];
    if (value === undefined) continue;
    out[key] = value === 'true' || value === true ? 'true' : 'false';
  }
  return out;
}

function applyFlags(target: Record<TypeFlag, 'Y' | 'N'>, fields: Record<string, unknown>): void {
  for (const flag of TYPE_FLAGS) {
    if (fields[flag] === undefined) continue;
    const yn = toYesNo(fields[flag]);
    if (yn === undefined) throw new RestError(400, 'INVALID_ARG_VALUE', `Invalid value for field "${flag}"`);
    target[flag] = yn;
  }
}

const TYPE_FILTER_FIELDS: Record<string, FilterField<TypeRecord>> = {
  id: { kind: 'int', get: (t) => t.id },
  entityTypeId: { kind: 'int', get: (t) => t.entityTypeId },
  title: { kind: 'string', get: (t) => t.title },
  code: { kind: 'string', get: (t) => t.code },
  createdBy: { kind: 'int', get: (t) => t.createdBy },
  createdTime: { kind: 'datetime', get: (t) => t.createdTime },
  updatedTime: { kind: 'datetime', get: (t) => t.updatedTime },
  ...Object.fromEntries(TYPE_FLAGS.map((flag) => [flag, { kind: 'string', get: (t: TypeRecord) => t.flags[flag] } as FilterField<TypeRecord>])),
};

/** `crm.type.*`. */
export const crmTypeMethods: MethodDef[] = [
  {
    name: 'crm.type.add',
    scope: ['crm'],
    write: true,
    handler: (ctx) => {
      const fields = requireObject(ctx.params, 'fields');
      requireCrmAdmin(ctx);
      const title = typeof fields['title'] === 'string' ? fields['title'].trim() : '';
      if (title === '') throw zeroError('The "Title" field is required');
      if (ctx.maxTypes !== undefined && ctx.portal.data.types.length >= ctx.maxTypes) {
        throw new RestError(400, 'CREATE_DYNAMIC_TYPE_RESTRICTED', 'Maximum number of SPAs exceeded');
      }
      let entityTypeId: number;
      if (fields['entityTypeId'] !== undefined && fields['entityTypeId'] !== null && fields['entityTypeId'] !== '') {
        const requested = toInt(fields['entityTypeId']);
        if (requested === undefined || !isAllowedEntityTypeId(requested)) {
          throw new RestError(400, 'INVALID_ARG_VALUE', 'entityTypeId is out of allowed range');
        }
        // [inferred] the portal refuses a taken entityTypeId; the wording is ours.
        if (ctx.portal.typeByEntityTypeId(requested) !== undefined) throw zeroError(`Smart process with entityTypeId ${requested} already exists`);
        entityTypeId = requested;
      } else {
        entityTypeId = 1030;
        while (ctx.portal.typeByEntityTypeId(entityTypeId) !== undefined) entityTypeId += 2;
      }
      const flags = Object.fromEntries(TYPE_FLAGS.map((flag) => [flag, flag === 'isSetOpenPermissions' ? 'Y' : 'N'])) as Record<TypeFlag, 'Y' | 'N'>;
      applyFlags(flags, fields);
      const type: TypeRecord = {
        id: ctx.portal.nextId('type'),
        entityTypeId,
        title,
        code: typeof fields['code'] === 'string' ? fields['code'] : '',
        flags,
        relations: readRelations(ctx, fields['relations'], entityTypeId),
        // linkedUserFields are only read when isUseInUserfieldEnabled=Y.
        linkedUserFields: flags.isUseInUserfieldEnabled === 'Y' ? readLinkedUserFields(fields['linkedUserFields']) : {},
        createdBy: Number(ctx.user.ID),
        updatedBy: Number(ctx.user.ID),
        createdTime: ctx.wallNow,
        updatedTime: ctx.wallNow,
      };
      ctx.portal.data.types.push(type);
      // Every SPA gets a default funnel with the five default stages.
      createFunnel(ctx.portal, entityTypeId, { name: 'General', sort: 500, isDefault: true }, ctx.wallNow);
      ctx.rowsWritten += 1;
      return ok({ type: typeToJson(type) });
    },
  },
  {
    name: 'crm.type.update',
    scope: ['crm'],
    write: true,
    handler: (ctx) => {
      const id = requireInt(ctx.params, 'id');
      const fields = requireObject(ctx.params, 'fields');
      requireCrmAdmin(ctx);
      const type = ctx.portal.typeById(id);
      if (type === undefined) throw notFound();
      if (typeof fields['title'] === 'string') {
        if (fields['title'].trim() === '') throw zeroError('The "Title" field is required');
        type.title = fields['title'].trim();
      }
      if (typeof fields['code'] === 'string') type.code = fields['code'];
      // entityTypeId is immutable: a different value is ignored like any read-only key.
      applyFlags(type.flags, fields);
      // relations are overwritten completely when passed.
      if (fields['relations'] !== undefined) type.relations = readRelations(ctx, fields['relations'], type.entityTypeId);
      if (fields['linkedUserFields'] !== undefined && type.flags.isUseInUserfieldEnabled === 'Y') {
        type.linkedUserFields = { ...type.linkedUserFields, ...readLinkedUserFields(fields['linkedUserFields']) };
      }
      type.updatedTime = ctx.wallNow;
      type.updatedBy = Number(ctx.user.ID);
      ctx.rowsWritten += 1;
      return ok({ type: typeToJson(type) });
    },
  },
  {
    name: 'crm.type.get',
    scope: ['crm'],
    write: false,
    handler: (ctx) => {
      const type = ctx.portal.typeById(requireInt(ctx.params, 'id'));
      if (type === undefined) throw notFound();
      return ok({ type: typeToJson(type) });
    },
  },
  {
    name: 'crm.type.getByEntityTypeId',
    scope: ['crm'],
    write: false,
    handler: (ctx) => {
      const type = ctx.portal.typeByEntityTypeId(requireInt(ctx.params, 'entityTypeId'));
      if (type === undefined) throw notFound();
      return ok({ type: typeToJson(type) });
    },
  },
  {
    name: 'crm.type.list',
    scope: ['crm'],
    write: false,
    handler: (ctx) => {
      const resolve = (name: string) => TYPE_FILTER_FIELDS[name];
      const predicate = compileFilter(optionalObject(ctx.params, 'filter'), resolve);
      const compare = compileOrder(optionalObject(ctx.params, 'order'), resolve, TYPE_FILTER_FIELDS['id'] as FilterField<TypeRecord>);
      const rows = ctx.portal.data.types.filter(predicate).sort(compare);
      const { page, total, next } = paginate(rows, param(ctx.params, 'start'));
      return { result: { types: page.map(typeToJson) }, total, next };
    },
  },
  {
    name: 'crm.type.delete',
    scope: ['crm'],
    write: true,
    handler: (ctx) => {
      const raw = ctx.params['id'];
      if (raw === undefined || raw === null || raw === '') throw missingParameter('id');
      const id = requireInt(ctx.params, 'id');
      requireCrmAdmin(ctx);
      const type = ctx.portal.typeById(id);
      if (type === undefined) throw notFound();
      if (ctx.portal.items(type.entityTypeId).size > 0) {
        throw new RestError(400, 'BX_ERROR', 'You cannot delete an entity type that has elements');
      }
      const portal = ctx.portal;
      portal.data.types = portal.data.types.filter((t) => t !== type);
      const categoryIds = new Set(portal.data.categories.filter((c) => c.entityTypeId === type.entityTypeId).map((c) => c.id));
      portal.data.categories = portal.data.categories.filter((c) => c.entityTypeId !== type.entityTypeId);
      portal.data.statuses = portal.data.statuses.filter((s) => !categoryIds.has(s.categoryId) || !s.entityId.startsWith(`DYNAMIC_${type.entityTypeId}_`));
      portal.data.userFields = portal.data.userFields.filter((f) => f.entityId !== `CRM_${type.id}`);
      portal.dropItems(type.entityTypeId);
      ctx.rowsWritten += 1;
      // Success is an empty PHP array, which JSON shows as [].
      return ok([]);
    },
  },
  {
    name: 'crm.type.fields',
    scope: ['crm'],
    write: false,
    handler: () => {
      const fields: Record<string, unknown> = {
        id: fieldDescription('integer', 'ID', { isReadOnly: true }),
        title: fieldDescription('string', 'Title', { isRequired: true }),
        code: fieldDescription('string', 'Code'),
        createdBy: fieldDescription('user', 'Created by', { isReadOnly: true }),
        entityTypeId: fieldDescription('integer', 'Entity type ID', { isRequired: true, isImmutable: true }),
        customSectionId: fieldDescription('integer', 'Custom section ID'),
        isCategoriesEnabled: fieldDescription('boolean', 'Enable custom pipelines'),
        isStagesEnabled: fieldDescription('boolean', 'Use custom stages and kanban'),
        isBeginCloseDatesEnabled: fieldDescription('boolean', 'Use "Start date" and "End date" fields'),
        isClientEnabled: fieldDescription('boolean', 'Use "Client" field'),
        isUseInUserfieldEnabled: fieldDescription('boolean', 'Make SPA available in custom fields'),
        isLinkWithProductsEnabled: fieldDescription('boolean', 'Link catalog products'),
        isMycompanyEnabled: fieldDescription('boolean', 'Use "Your company details" field'),
        isDocumentsEnabled: fieldDescription('boolean', 'Print documents'),
        isSourceEnabled: fieldDescription('boolean', 'Use "Source" field'),
        isObserversEnabled: fieldDescription('boolean', 'Use "Observers" field'),
        isRecyclebinEnabled: fieldDescription('boolean', 'Use recycle bin'),
        isAutomationEnabled: fieldDescription('boolean', 'Use Automation rules and triggers in the smart process'),
        isBizProcEnabled: fieldDescription('boolean', 'Use business process designer in the smart process'),
        isSetOpenPermissions: fieldDescription('boolean', 'Make new pipelines available to everyone'),
        isPaymentsEnabled: fieldDescription('boolean', 'Payments', { isReadOnly: true }),
        isCountersEnabled: fieldDescription('boolean', 'Counters', { isReadOnly: true }),
        createdTime: fieldDescription('datetime', 'Created on', { isReadOnly: true }),
        updatedTime: fieldDescription('datetime', 'Modified on', { isReadOnly: true }),
        updatedBy: fieldDescription('user', 'Modified by', { isReadOnly: true }),
      };
      return ok({ fields });
    },
  },
];
