import { fieldDescription as f } from './field-description';
import { compileFilter, compileOrder, type FilterField } from './list-filter';
import type { CallContext, MethodDef } from './method-types';
import { ok } from './method-types';
import type { CategoryRecord, StatusRecord } from './portal-data';
import { optionalObject, param, requireInt, requireObject, toInt } from './params';
import { RestError } from './rest-error';

/** The `SOURCE` dictionary (read-only here), which `sourceId` values come from. */
const SOURCES: ReadonlyArray<[string, string]> = [
  ['CALL', 'Call'],
  ['EMAIL', 'E-Mail'],
  ['WEB', 'Website'],
  ['ADVERTISING', 'Advertising'],
  ['PARTNER', 'Existing client'],
  ['RECOMMENDATION', 'By recommendation'],
  ['TRADE_SHOW', 'Show/exhibition'],
  ['OTHER', 'Other'],
];

/** Source ids valid for `sourceId`. */
export const SOURCE_IDS = new Set(SOURCES.map(([id]) => id));

const SOURCE_RECORDS: StatusRecord[] = SOURCES.map(([statusId, name], index) => ({
  id: 1 + index,
  entityId: 'SOURCE',
  statusId,
  name,
  nameInit: name,
  sort: (index + 1) * 10,
  system: true,
  categoryId: 0,
  color: '',
  semantics: null,
}));

function semanticsWord(semantics: StatusRecord['semantics']): string {
  return semantics === 'S' ? 'success' : semantics === 'F' ? 'failure' : 'process';
}

/** A stage row as `crm.status.list` returns it: numbers as strings. */
export function statusToJson(status: StatusRecord): Record<string, unknown> {
  const stage = status.entityId !== 'SOURCE';
  return {
    ID: String(status.id),
    ENTITY_ID: status.entityId,
    STATUS_ID: status.statusId,
    NAME: status.name,
    NAME_INIT: status.nameInit ?? '',
    SORT: String(status.sort),
    SYSTEM: status.system ? 'Y' : 'N',
    CATEGORY_ID: stage ? String(status.categoryId) : null,
    COLOR: status.color,
    SEMANTICS: status.semantics,
    EXTRA: stage ? { SEMANTICS: semanticsWord(status.semantics), COLOR: status.color } : undefined,
  };
}

function allStatuses(ctx: CallContext): StatusRecord[] {
  return [...SOURCE_RECORDS, ...ctx.portal.data.statuses];
}

function categoryOfDictionary(ctx: CallContext, entityId: string): CategoryRecord | undefined {
  const match = /^DYNAMIC_(\d+)_STAGE_(\d+)$/.exec(entityId);
  if (match === null) return undefined;
  return ctx.portal.data.categories.find((c) => c.entityTypeId === Number(match[1]) && c.id === Number(match[2]));
}

// Legacy crm.status.* put their refusals under ERROR_CORE.
function coreError(message: string): RestError {
  return new RestError(400, 'ERROR_CORE', message);
}

function requireSettingsRight(ctx: CallContext): void {
  if (!ctx.isCrmAdmin) throw coreError('Access denied.');
}

const STATUS_FIELDS: Record<string, FilterField<StatusRecord>> = {
  ID: { kind: 'int', get: (s) => s.id },
  ENTITY_ID: { kind: 'string', get: (s) => s.entityId },
  STATUS_ID: { kind: 'string', get: (s) => s.statusId },
  NAME: { kind: 'string', get: (s) => s.name },
  SORT: { kind: 'int', get: (s) => s.sort },
  SYSTEM: { kind: 'string', get: (s) => (s.system ? 'Y' : 'N') },
  CATEGORY_ID: { kind: 'int', get: (s) => s.categoryId },
  SEMANTICS: { kind: 'string', get: (s) => s.semantics },
  COLOR: { kind: 'string', get: (s) => s.color },
};

function findStatus(ctx: CallContext): StatusRecord {
  const id = requireInt(ctx.params, 'id', 'ID');
  const status = ctx.portal.data.statuses.find((s) => s.id === id);
  if (status === undefined) throw coreError('Status is not found.');
  return status;
}

/** `crm.status.*` over SPA stage dictionaries. */
export const crmStatusMethods: MethodDef[] = [
  {
    name: 'crm.status.list',
    scope: ['crm'],
    write: false,
    handler: (ctx) => {
      const resolve = (name: string) => STATUS_FIELDS[name.toUpperCase()];
      const predicate = compileFilter(optionalObject(ctx.params, 'filter', 'FILTER'), resolve);
      const compare = compileOrder(optionalObject(ctx.params, 'order', 'ORDER'), resolve, STATUS_FIELDS['SORT'] as FilterField<StatusRecord>);
      const rows = allStatuses(ctx).filter(predicate).sort(compare);
      return { result: rows.map(statusToJson), total: rows.length };
    },
  },
  {
    name: 'crm.status.get',
    scope: ['crm'],
    write: false,
    handler: (ctx) => ok(statusToJson(findStatus(ctx))),
  },
  {
    name: 'crm.status.entity.items',
    scope: ['crm'],
    write: false,
    handler: (ctx) => {
      const entityId = param(ctx.params, 'entityId', 'ENTITY_ID');
      if (typeof entityId !== 'string' || entityId === '') throw new RestError(400, 'ERROR_CORE', 'The parameter entityId is not defined');
      const rows = allStatuses(ctx)
        .filter((s) => s.entityId === entityId)
        .sort((a, b) => a.sort - b.sort);
      return ok(rows.map((s) => ({ NAME: s.name, SORT: s.sort, STATUS_ID: s.statusId })));
    },
  },
  {
    name: 'crm.status.entity.types',
    scope: ['crm'],
    write: false,
    handler: (ctx) => {
      const out: unknown[] = [{ ID: 'SOURCE', NAME: 'Sources' }];
      for (const category of ctx.portal.data.categories) {
        const type = ctx.portal.typeByEntityTypeId(category.entityTypeId);
        out.push({
          ID: `DYNAMIC_${category.entityTypeId}_STAGE_${category.id}`,
          NAME: `${type?.title ?? ''} stages (${category.name})`,
          SEMANTIC_INFO: {},
          PREFIX: `DT${category.entityTypeId}_${category.id}`,
          FIELD_ATTRIBUTE_SCOPE: `category_${category.id}`,
          ENTITY_TYPE_ID: category.entityTypeId,
          IS_RECYCLEBIN: false,
          CATEGORY_ID: category.id,
          CATEGORY_NAME: category.name,
          IS_DEFAULT_CATEGORY: category.isDefault,
        });
      }
      return ok(out);
    },
  },
  {
    name: 'crm.status.fields',
    scope: ['crm'],
    write: false,
    handler: () => {
      return ok({
        ID: f('integer', 'ID', { isReadOnly: true }),
        ENTITY_ID: f('string', 'Entity type', { isRequired: true, isImmutable: true }),
        STATUS_ID: f('string', 'Status ID', { isRequired: true, isImmutable: true }),
        NAME: f('string', 'Title', { isRequired: true }),
        NAME_INIT: f('string', 'Initial name', { isReadOnly: true }),
        SORT: f('integer', 'Sort'),
        SYSTEM: f('char', 'System', { isReadOnly: true }),
        CATEGORY_ID: f('integer', 'Category ID', { isReadOnly: true }),
        COLOR: f('string', 'Color'),
        SEMANTICS: f('string', 'Semantics', { isImmutable: true }),
      });
    },
  },
  {
    name: 'crm.status.add',
    scope: ['crm'],
    write: true,
    handler: (ctx) => {
      const fields = requireObject(ctx.params, 'fields', 'FIELDS');
      requireSettingsRight(ctx);
      const entityId = String(fields['ENTITY_ID'] ?? '');
      const category = categoryOfDictionary(ctx, entityId);
      if (category === undefined) throw coreError('Specified entity type is not supported.');
      const name = typeof fields['NAME'] === 'string' ? fields['NAME'].trim() : '';
      if (name === '') throw coreError('The field Title is required.');
      const rawStatusId = typeof fields['STATUS_ID'] === 'string' ? fields['STATUS_ID'].trim() : '';
      if (rawStatusId === '') throw coreError('The field Status ID is required.');
      const prefix = `DT${category.entityTypeId}_${category.id}:`;
      // A bare CODE gets the funnel prefix.
      const statusId = rawStatusId.startsWith(prefix) ? rawStatusId : rawStatusId.includes(':') ? rawStatusId : `${prefix}${rawStatusId}`;
      if (!statusId.startsWith(prefix)) throw coreError('The specified status ID does not belong to this entity type.');
      if (statusId.length > 50) throw coreError('The field Status ID must be no longer than 50 characters.');
      if (ctx.portal.data.statuses.some((s) => s.entityId === entityId && s.statusId === statusId)) {
        throw coreError('The specified status ID already exists.');
      }
      const semanticsRaw = fields['SEMANTICS'];
      const semantics = semanticsRaw === 'S' || semanticsRaw === 'F' ? semanticsRaw : null;
      // The success group holds exactly one stage.
      if (semantics === 'S' && ctx.portal.data.statuses.some((s) => s.entityId === entityId && s.semantics === 'S')) {
        throw coreError('There can be only one success stage.');
      }
      const color = typeof fields['COLOR'] === 'string' && /^#[0-9A-Fa-f]{6}$/.test(fields['COLOR']) ? fields['COLOR'].toUpperCase() : '#39A8EF';
      const record: StatusRecord = {
        id: ctx.portal.nextId('status'),
        entityId,
        statusId,
        name,
        nameInit: null,
        sort: toInt(fields['SORT']) ?? 10,
        // New stages are never system ones.
        system: false,
        categoryId: category.id,
        color,
        semantics,
      };
      ctx.portal.data.statuses.push(record);
      ctx.rowsWritten += 1;
      return ok(record.id);
    },
  },
  {
    name: 'crm.status.update',
    scope: ['crm'],
    write: true,
    handler: (ctx) => {
      const status = findStatus(ctx);
      const fields = requireObject(ctx.params, 'fields', 'FIELDS');
      requireSettingsRight(ctx);
      if (fields['NAME'] !== undefined) {
        const name = String(fields['NAME']).trim();
        if (name === '') throw coreError('The field Title is required.');
        status.name = name;
      }
      const sort = toInt(fields['SORT']);
      if (sort !== undefined) status.sort = sort;
      if (typeof fields['COLOR'] === 'string' && /^#[0-9A-Fa-f]{6}$/.test(fields['COLOR'])) status.color = fields['COLOR'].toUpperCase();
      // SEMANTICS is not an update field and is ignored.
      ctx.rowsWritten += 1;
      return ok(true);
    },
  },
  {
    name: 'crm.status.delete',
    scope: ['crm'],
    write: true,
    handler: (ctx) => {
      const status = findStatus(ctx);
      requireSettingsRight(ctx);
      const params = optionalObject(ctx.params, 'params', 'PARAMS') ?? {};
      if (status.system && params['FORCED'] !== 'Y') {
        throw coreError('CRM System Status can be deleted only if parameter FORCED is specified and equal to "Y".');
      }
      const category = categoryOfDictionary(ctx, status.entityId);
      if (category !== undefined) {
        for (const item of ctx.portal.items(category.entityTypeId).values()) {
          if (item.values['stageId'] === status.statusId) throw coreError('There are active items in this status.');
        }
      }
      // [inferred wording] each funnel keeps at least one stage of each group.
      const sameGroup = ctx.portal.data.statuses.filter((s) => s.entityId === status.entityId && s.semantics === status.semantics);
      if (sameGroup.length <= 1) throw coreError('The last stage of a semantic group cannot be deleted.');
      ctx.portal.data.statuses = ctx.portal.data.statuses.filter((s) => s !== status);
      ctx.rowsWritten += 1;
      return ok(true);
    },
  },
];
