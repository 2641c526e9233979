import { SOURCE_IDS } from './crm-status-methods';
import { categoriesOf, defaultCategory, stagesOf } from './funnels';
import { isEnabled, itemFieldModel, type ItemFieldSpec } from './item-fields';
import { compileFilter, compileOrder, paginate, type FilterField, type FilterKind } from './list-filter';
import type { CallContext, MethodDef } from './method-types';
import { ok } from './method-types';
import type { FileValue, ItemRecord, TypeRecord } from './portal-data';
import { formatPortalDate, formatPortalDateTime, parseDate, parseDateTime } from './portal-time';
import { optionalObject, param, requireInt, requireObject, toInt, toYesNo, useOriginalNames } from './params';
import { RestError, missingParameter } from './rest-error';
import { SEED_USERS } from './seed-users';

const CURRENCIES = new Set(['RUB', 'USD', 'EUR', 'UAH', 'BYN', 'KZT', 'GBP', 'CNY']);
/** The most rows `crm.item.batchImport` takes. */
export const MAX_IMPORT_ROWS = 20;

function invalid(spec: ItemFieldSpec): RestError {
  return new RestError(400, 'CRM_FIELD_ERROR_VALUE_NOT_VALID', `Invalid value for field "${spec.title}"`);
}

function required(spec: ItemFieldSpec): RestError {
  return new RestError(400, 'CRM_FIELD_ERROR_REQUIRED', `The field "${spec.title}" is required.`);
}

function phpType(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'double';
  if (typeof value === 'boolean') return 'boolean';
  if (value === null) return 'NULL';
  return typeof value === 'object' ? 'array' : 'string';
}

function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function resolveType(ctx: CallContext): TypeRecord {
  const entityTypeId = requireInt(ctx.params, 'entityTypeId');
  const type = ctx.portal.typeByEntityTypeId(entityTypeId);
  if (type === undefined) throw new RestError(400, 'NOT_FOUND', 'Smart process not found');
  return type;
}

function userExists(id: number): boolean {
  return SEED_USERS.some((u) => Number(u.ID) === id);
}

/** Converts one incoming value to its stored form; throws the portal's validation error. */
function convertOne(ctx: CallContext, type: TypeRecord, spec: ItemFieldSpec, value: unknown): unknown {
  const uf = spec.uf;
  switch (spec.type) {
    case 'string':
    case 'text':
    case 'url':
    case 'address':
    case 'iblock_section':
    case 'iblock_element': {
      if (typeof value === 'object' && value !== null) throw invalid(spec);
      const text = String(value);
      if (uf !== undefined) {
        const max = Number(uf.settings['MAX_LENGTH'] ?? 0);
        const min = Number(uf.settings['MIN_LENGTH'] ?? 0);
        if (max > 0 && text.length > max) throw invalid(spec);
        if (min > 0 && text.length < min) throw invalid(spec);
        const regexp = uf.settings['REGEXP'];
        if (typeof regexp === 'string' && regexp !== '') {
          const body = /^\/(.*)\/([a-z]*)$/s.exec(regexp);
          try {
            const re = body === null ? new RegExp(regexp) : new RegExp(body[1] ?? '', (body[2] ?? '').replace(/[^gimsuy]/g, ''));
            if (!re.test(text)) throw invalid(spec);
          } catch (error) {
            if (error instanceof RestError) throw error;
          }
        }
      }
      return text;
    }
    case 'integer': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
      if (!Number.isFinite(n) || !Number.isInteger(n)) throw invalid(spec);
      checkRange(spec, n);
      return n;
    }
    case 'double': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value.replace(',', '.')) : Number.NaN;
      if (!Number.isFinite(n)) throw invalid(spec);
      checkRange(spec, n);
      return n;
    }
    case 'boolean': {
      const yn = toYesNo(value);
      if (yn === undefined) throw invalid(spec);
      return uf !== undefined ? yn === 'Y' : yn;
    }
    case 'date': {
      const date = parseDate(value);
      if (date === undefined) throw invalid(spec);
      return date;
    }
    case 'datetime': {
      const ms = parseDateTime(value);
      if (ms === undefined) throw invalid(spec);
      return ms;
    }
    case 'money': {
      // Custom money fields take "amount|CUR".
      if (typeof value !== 'string' || !/^-?\d+(?:\.\d+)?\|[A-Z]{3}$/.test(value)) throw invalid(spec);
      return value;
    }
    case 'enumeration': {
      const id = toInt(value);
      if (id === undefined || uf === undefined || !uf.enum.some((item) => item.id === id)) throw invalid(spec);
      return id;
    }
    case 'employee':
    case 'user': {
      const id = toInt(value);
      if (id === undefined || !userExists(id)) throw invalid(spec);
      return id;
    }
    case 'crm': {
      if (typeof value !== 'string' || !/^(?:L|C|CO|D|Q|O|SI|T[0-9a-f]+)_\d+$/.test(value)) throw invalid(spec);
      return value;
    }
    case 'crm_status': {
      if (spec.key === 'sourceId') {
        if (typeof value !== 'string' || !SOURCE_IDS.has(value)) throw invalid(spec);
        return value;
      }
      if (typeof value !== 'string' || value === '') throw invalid(spec);
      return value;
    }
    case 'crm_category': {
      const id = toInt(value);
      if (id === undefined || !categoriesOf(ctx.portal, type.entityTypeId).some((c) => c.id === id)) throw invalid(spec);
      return id;
    }
    case 'crm_currency': {
      if (typeof value !== 'string' || !CURRENCIES.has(value)) throw invalid(spec);
      return value;
    }
    case 'crm_company':
    case 'crm_contact': {
      const id = toInt(value);
      const list = ctx.portal.clients(spec.type === 'crm_company' ? 'company' : 'contact');
      if (id === undefined || (id !== 0 && !list.some((c) => c.ID === id))) throw invalid(spec);
      return id;
    }
    case 'crm_entity': {
      const id = toInt(value);
      if (id === undefined) throw invalid(spec);
      const parent = spec.parentEntityTypeId;
      if (id !== 0 && parent !== undefined && ctx.portal.typeByEntityTypeId(parent) !== undefined && !ctx.portal.items(parent).has(id)) throw invalid(spec);
      // A parent deal must exist too (deals live in the legacy crm.deal store).
      if (id !== 0 && parent === 2 && !ctx.portal.clients('deal').some((deal) => deal.ID === id)) throw invalid(spec);
      return id;
    }
    case 'file': {
      // `[name, base64]` uploads; `{id}` keeps the current file.
      if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
        if (!/^[A-Za-z0-9+/=\s]*$/.test(value[1])) throw invalid(spec);
        const file: FileValue = { id: ctx.portal.nextId('file'), name: value[0], size: Math.floor((value[1].replace(/\s|=/g, '').length * 3) / 4) };
        return file;
      }
      if (value !== null && typeof value === 'object' && toInt((value as Record<string, unknown>)['id']) !== undefined) {
        return { keep: toInt((value as Record<string, unknown>)['id']) };
      }
      throw invalid(spec);
    }
    default:
      if (typeof value === 'object' && value !== null) throw invalid(spec);
      return String(value);
  }
}

function checkRange(spec: ItemFieldSpec, n: number): void {
  const uf = spec.uf;
  if (uf === undefined) return;
  const min = Number(uf.settings['MIN_VALUE'] ?? 0);
  const max = Number(uf.settings['MAX_VALUE'] ?? 0);
  // Zero means "no limit" in Bitrix settings.
  if (min !== 0 && n < min) throw invalid(spec);
  if (max !== 0 && n > max) throw invalid(spec);
}

function convertValue(ctx: CallContext, type: TypeRecord, spec: ItemFieldSpec, value: unknown, previous: unknown): unknown {
  if (spec.multiple) {
    if (value === '' || value === null) return [];
    if (!Array.isArray(value)) {
      if (value !== null && typeof value === 'object') value = Object.values(value);
      // Exactly the message and code the portal uses (code 100).
      else throw new RestError(400, 100, `Expected iterable value for multiple field, but got ${phpType(value)} instead`);
    }
    const list = (value as unknown[]).filter((v) => v !== '' && v !== null);
    const converted = list.map((v) => convertOne(ctx, type, spec, v));
    if (spec.type === 'file') return resolveKeptFiles(converted, previous);
    return converted;
  }
  if (value === '' || value === null) return null;
  if (Array.isArray(value) && spec.type !== 'file') throw invalid(spec);
  const converted = convertOne(ctx, type, spec, value);
  if (spec.type === 'file') return resolveKeptFiles([converted], previous)[0] ?? null;
  return converted;
}

function resolveKeptFiles(values: unknown[], previous: unknown): FileValue[] {
  const old = (Array.isArray(previous) ? previous : previous ? [previous] : []) as FileValue[];
  const out: FileValue[] = [];
  for (const v of values) {
    const keep = (v as { keep?: number }).keep;
    if (keep !== undefined) {
      const found = old.find((f) => f.id === keep);
      if (found !== undefined) out.push(found);
    } else out.push(v as FileValue);
  }
  return out;
}

/** Maps request keys (camel or original names) to field specs. */
function lookup(model: ItemFieldSpec[]): Map<string, ItemFieldSpec> {
  const map = new Map<string, ItemFieldSpec>();
  for (const spec of model) {
    map.set(spec.camel, spec);
    if (spec.uf !== undefined) map.set(spec.upper, spec);
  }
  return map;
}

interface WriteMode {
  kind: 'add' | 'update' | 'import';
}

/** Applies `fields` to an item (new or existing); returns whether anything changed. */
function applyFields(ctx: CallContext, type: TypeRecord, item: ItemRecord, fields: Record<string, unknown>, mode: WriteMode): boolean {
  const model = itemFieldModel(ctx.portal, type);
  const byName = lookup(model);
  const original = useOriginalNames(ctx.params);
  const changes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    const spec = byName.get(name);
    // Unknown fields are silently ignored, and so are disabled ones.
    if (spec === undefined || !isEnabled(spec, type)) continue;
    // With useOriginalUfNames=Y a camel UF name is unknown, and vice versa is still accepted.
    if (original && spec.uf !== undefined && name !== spec.upper && spec.camel !== spec.upper) continue;
    if (spec.key === 'id' || spec.key === 'previousStageId' || spec.key === 'lastActivityBy' || spec.key === 'lastActivityTime') continue;
    if (spec.importOnly) {
      if (mode.kind !== 'import') continue;
      // Only an administrator may set history fields.
      if (!ctx.isAdmin) throw invalid(spec);
    }
    changes[spec.key] = convertValue(ctx, type, spec, value, item.values[spec.key]);
  }

  const isNew = mode.kind !== 'update';
  // Funnel and stage: default funnel's first stage unless told otherwise.
  const currentCategory = typeof item.values['categoryId'] === 'number' ? item.values['categoryId'] : undefined;
  const categoryId = (changes['categoryId'] as number | undefined) ?? currentCategory ?? defaultCategory(ctx.portal, type.entityTypeId)?.id;
  if (categoryId === undefined) throw new RestError(400, 'NOT_FOUND', 'Category not found');
  const stages = stagesOf(ctx.portal, type.entityTypeId, categoryId);
  const categoryChanged = changes['categoryId'] !== undefined && changes['categoryId'] !== currentCategory;
  let stageId = changes['stageId'] as string | undefined;
  if (stageId !== undefined && !stages.some((s) => s.statusId === stageId)) throw invalid(model.find((s) => s.key === 'stageId') as ItemFieldSpec);
  if (stageId === undefined && (isNew || categoryChanged)) stageId = stages[0]?.statusId;
  if (stageId !== undefined) changes['stageId'] = stageId;
  changes['categoryId'] = categoryId;

  const before = { ...item.values };
  const stageChanged = !isNew && stageId !== undefined && stageId !== before['stageId'];
  let changed = isNew;
  for (const [key, value] of Object.entries(changes)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(value)) changed = true;
    item.values[key] = value;
  }
  if (isNew) fillDefaults(ctx, type, item, model, mode);

  // Required fields: all on create; on update the ones being emptied, or all on a stage move.
  for (const spec of model) {
    if (!spec.required || !isEnabled(spec, type)) continue;
    const check = isNew || stageChanged || Object.prototype.hasOwnProperty.call(changes, spec.key);
    if (check && isEmptyValue(item.values[spec.key])) {
      item.values = before;
      throw required(spec);
    }
  }
  if (!changed) return false;
  if (stageChanged) {
    item.values['previousStageId'] = before['stageId'] ?? null;
    item.values['movedTime'] = ctx.wallNow;
    item.values['movedBy'] = Number(ctx.user.ID);
  }
  if (mode.kind === 'update') {
    item.values['updatedTime'] = ctx.wallNow;
    item.values['updatedBy'] = Number(ctx.user.ID);
  }
  return true;
}

function fillDefaults(ctx: CallContext, type: TypeRecord, item: ItemRecord, model: ItemFieldSpec[], mode: WriteMode): void {
  const v = item.values;
  const userId = Number(ctx.user.ID);
  v['id'] = item.id;
  if (v['createdTime'] === undefined || v['createdTime'] === null) v['createdTime'] = ctx.wallNow;
  if (v['createdBy'] === undefined || v['createdBy'] === null) v['createdBy'] = userId;
  if (v['updatedTime'] === undefined || v['updatedTime'] === null) v['updatedTime'] = v['createdTime'];
  if (v['updatedBy'] === undefined || v['updatedBy'] === null) v['updatedBy'] = v['createdBy'];
  if (v['movedTime'] === undefined || v['movedTime'] === null) v['movedTime'] = v['createdTime'];
  if (v['movedBy'] === undefined || v['movedBy'] === null) v['movedBy'] = v['createdBy'];
  if (isEmptyValue(v['title'])) v['title'] = `${type.title} #${item.id}`;
  if (isEmptyValue(v['opened'])) v['opened'] = 'Y';
  if (isEmptyValue(v['assignedById'])) v['assignedById'] = userId;
  if (type.flags.isBeginCloseDatesEnabled === 'Y') {
    const created = new Date(v['createdTime'] as number);
    if (isEmptyValue(v['begindate'])) v['begindate'] = created.toISOString().slice(0, 10);
    if (isEmptyValue(v['closedate'])) v['closedate'] = new Date(created.getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
  }
  if (type.flags.isLinkWithProductsEnabled === 'Y') {
    if (isEmptyValue(v['currencyId'])) v['currencyId'] = 'RUB';
    if (isEmptyValue(v['opportunity'])) v['opportunity'] = 0;
    if (isEmptyValue(v['isManualOpportunity'])) v['isManualOpportunity'] = 'N';
  }
  // Custom-field defaults the portal fills in on create.
  for (const spec of model) {
    const uf = spec.uf;
    if (uf === undefined || !isEmptyValue(v[spec.key])) continue;
    if (uf.userTypeId === 'enumeration') {
      const defs = uf.enum.filter((e) => e.def === 'Y').map((e) => e.id);
      if (defs.length > 0) v[spec.key] = spec.multiple ? defs : defs[0];
    } else if (uf.userTypeId === 'boolean') {
      v[spec.key] = Number(uf.settings['DEFAULT_VALUE']) === 1;
    } else if ((uf.userTypeId === 'string' || uf.userTypeId === 'integer' || uf.userTypeId === 'double') && !isEmptyValue(uf.settings['DEFAULT_VALUE'])) {
      const d = uf.userTypeId === 'string' ? String(uf.settings['DEFAULT_VALUE']) : Number(uf.settings['DEFAULT_VALUE']);
      v[spec.key] = spec.multiple ? [d] : d;
    }
  }
  if (mode.kind === 'import') checkHistoryDates(ctx, type, item, model);
}

/** Import date rules: ascending createdTime, nothing in the future, created ≤ moved ≤ updated. */
function checkHistoryDates(ctx: CallContext, type: TypeRecord, item: ItemRecord, model: ItemFieldSpec[]): void {
  const v = item.values;
  const spec = (key: string) => model.find((s) => s.key === key) as ItemFieldSpec;
  const created = v['createdTime'] as number;
  const updated = v['updatedTime'] as number;
  const moved = v['movedTime'] as number;
  const now = ctx.wallNow + 1000;
  if (created > now) throw invalid(spec('createdTime'));
  if (updated > now) throw invalid(spec('updatedTime'));
  if (moved > now) throw invalid(spec('movedTime'));
  if (updated < created) throw invalid(spec('updatedTime'));
  if (moved < created || moved > updated) throw invalid(spec('movedTime'));
  const newest = ctx.portal.newestCreatedTime(type.entityTypeId);
  if (newest !== undefined && newest > created) {
    // Wording observed on live portals (third-party integration notes); the docs only say "ascending".
    throw new RestError(400, 'CRM_FIELD_ERROR_VALUE_NOT_VALID', `The value of "${spec('createdTime').title}" cannot be less than that of any other items`);
  }
}

/** How a stored value reads back. */
function present(spec: ItemFieldSpec, value: unknown): unknown {
  if (spec.multiple) {
    const list = Array.isArray(value) ? value : [];
    return list.map((v) => presentOne(spec, v));
  }
  if (value === undefined || value === null) return null;
  return presentOne(spec, value);
}

function presentOne(spec: ItemFieldSpec, value: unknown): unknown {
  switch (spec.type) {
    case 'datetime':
      return typeof value === 'number' ? formatPortalDateTime(value) : value;
    case 'date':
      // Custom date fields come back as a datetime at 00:00 UTC.
      return spec.uf !== undefined ? formatPortalDate(String(value)) : `${String(value)}T00:00:00+03:00`;
    case 'boolean':
      return spec.uf !== undefined ? (value === true ? 'Y' : 'N') : value;
    case 'file': {
      const file = value as FileValue;
      return { id: file.id, url: `/bitrix/components/bitrix/crm.controller.item.file/?fileId=${file.id}`, urlMachine: `/rest/crm.controller.item.getFile?fileId=${file.id}` };
    }
    default:
      return value;
  }
}

/** The item as `crm.item.*` returns it; `select` limits the keys. */
export function itemToJson(model: ItemFieldSpec[], type: TypeRecord, item: ItemRecord, original: boolean, select?: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of model) {
    const key = original && spec.uf !== undefined ? spec.upper : spec.camel;
    if (select !== undefined && !select.has(key) && !select.has(spec.upper) && !select.has(spec.camel) && spec.key !== 'id') continue;
    // Disabled fields come back as null.
    out[key] = isEnabled(spec, type) ? present(spec, item.values[spec.key]) : null;
  }
  if (select === undefined || select.has('entityTypeId')) out['entityTypeId'] = type.entityTypeId;
  return out;
}

function filterKind(spec: ItemFieldSpec): FilterKind {
  switch (spec.type) {
    case 'integer':
    case 'user':
    case 'employee':
    case 'enumeration':
    case 'crm_category':
    case 'crm_company':
    case 'crm_contact':
    case 'crm_entity':
      return 'int';
    case 'double':
      return 'float';
    case 'datetime':
      return 'datetime';
    case 'date':
      return 'date';
    case 'boolean':
      return spec.uf !== undefined ? 'bool' : 'string';
    default:
      return 'string';
  }
}

function filterResolver(model: ItemFieldSpec[]): (name: string) => FilterField<ItemRecord> | undefined {
  const byName = lookup(model);
  return (name) => {
    const spec = byName.get(name);
    if (spec === undefined) return undefined;
    return { kind: filterKind(spec), get: (item) => item.values[spec.key] };
  };
}

function readSelect(ctx: CallContext): Set<string> | undefined {
  const raw = param(ctx.params, 'select');
  if (raw === undefined || raw === null || raw === '') return undefined;
  const list = Array.isArray(raw) ? raw : typeof raw === 'object' ? Object.values(raw) : [raw];
  const names = list.map(String);
  if (names.length === 0 || names.includes('*')) return undefined;
  return new Set(names);
}

function createItem(ctx: CallContext, type: TypeRecord, fields: Record<string, unknown>, mode: WriteMode): ItemRecord {
  const seqName = `item:${type.entityTypeId}`;
  const draft: ItemRecord = { id: (ctx.portal.data.seq[seqName] ?? 0) + 1, values: {} };
  applyFields(ctx, type, draft, fields, mode);
  // The id is taken only once the row is valid, so failed rows leave no gaps in sequence.
  ctx.portal.nextId(seqName);
  ctx.portal.addItem(type.entityTypeId, draft);
  ctx.portal.touch();
  ctx.rowsWritten += 1;
  return draft;
}

function findItem(ctx: CallContext, type: TypeRecord): ItemRecord {
  const id = requireInt(ctx.params, 'id');
  const item = ctx.portal.items(type.entityTypeId).get(id);
  if (item === undefined) throw new RestError(400, 'NOT_FOUND', 'Item not found');
  return item;
}

function requireFields(ctx: CallContext): Record<string, unknown> {
  return requireObject(ctx.params, 'fields');
}

function errorBody(error: unknown): { error: string | number; error_description: string } {
  if (error instanceof RestError) return error.toBody();
  throw error;
}

/** `crm.item.*` for smart processes. */
export const crmItemMethods: MethodDef[] = [
  {
    name: 'crm.item.add',
    scope: ['crm'],
    write: true,
    handler: (ctx) => {
      const type = resolveType(ctx);
      const fields = requireFields(ctx);
      const item = createItem(ctx, type, fields, { kind: 'add' });
      return ok({ item: itemToJson(itemFieldModel(ctx.portal, type), type, item, useOriginalNames(ctx.params)) });
    },
  },
  {
    name: 'crm.item.import',
    scope: ['crm'],
    write: true,
    handler: (ctx) => {
      const type = resolveType(ctx);
      const fields = requireFields(ctx);
      const item = createItem(ctx, type, fields, { kind: 'import' });
      return ok({ item: { id: item.id } });
    },
  },
  {
    name: 'crm.item.batchImport',
    scope: ['crm'],
    write: true,
    handler: (ctx) => {
      const type = resolveType(ctx);
      const raw = ctx.params['data'];
      if (raw === undefined || raw === null || raw === '') throw missingParameter('data');
      const rows = Array.isArray(raw) ? raw : typeof raw === 'object' ? Object.values(raw) : undefined;
      if (rows === undefined) throw new RestError(400, 100, `Invalid value {${String(raw)}} to match with parameter {data}. Should be value of type array.`);
      if (rows.length > MAX_IMPORT_ROWS) throw new RestError(400, 'MAX_IMPORT_BATCH_SIZE_EXCEEDED', 'You cannot import more than 20 items');
      // One entry per input row, in order: the new id or that row's error.
      const items = rows.map((row) => {
        try {
          if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new RestError(400, 100, 'Could not find value for parameter {fields}');
          return { item: { id: createItem(ctx, type, row as Record<string, unknown>, { kind: 'import' }).id } };
        } catch (error) {
          return errorBody(error);
        }
      });
      return ok({ items });
    },
  },
  {
    name: 'crm.item.update',
    scope: ['crm'],
    write: true,
    handler: (ctx) => {
      const type = resolveType(ctx);
      const item = findItem(ctx, type);
      const fields = requireFields(ctx);
      const draft: ItemRecord = { id: item.id, values: { ...item.values } };
      if (applyFields(ctx, type, draft, fields, { kind: 'update' })) {
        item.values = draft.values;
        ctx.portal.touch();
        ctx.rowsWritten += 1;
      }
      return ok({ item: itemToJson(itemFieldModel(ctx.portal, type), type, item, useOriginalNames(ctx.params)) });
    },
  },
  {
    name: 'crm.item.get',
    scope: ['crm'],
    write: false,
    handler: (ctx) => {
      const type = resolveType(ctx);
      const item = findItem(ctx, type);
      return ok({ item: itemToJson(itemFieldModel(ctx.portal, type), type, item, useOriginalNames(ctx.params)) });
    },
  },
  {
    name: 'crm.item.delete',
    scope: ['crm'],
    write: true,
    handler: (ctx) => {
      const type = resolveType(ctx);
      const item = findItem(ctx, type);
      ctx.portal.deleteItem(type.entityTypeId, item.id);
      ctx.portal.touch();
      ctx.rowsWritten += 1;
      return ok([]);
    },
  },
  {
    name: 'crm.item.list',
    scope: ['crm'],
    write: false,
    handler: (ctx) => {
      const type = resolveType(ctx);
      const model = itemFieldModel(ctx.portal, type);
      const resolve = filterResolver(model);
      const predicate = compileFilter(optionalObject(ctx.params, 'filter'), resolve);
      const idField = resolve('id') as FilterField<ItemRecord>;
      const compare = compileOrder(optionalObject(ctx.params, 'order'), resolve, idField);
      const rows = [...ctx.portal.items(type.entityTypeId).values()].filter(predicate).sort(compare);
      const { page, total, next } = paginate(rows, param(ctx.params, 'start'));
      const select = readSelect(ctx);
      const original = useOriginalNames(ctx.params);
      return { result: { items: page.map((item) => itemToJson(model, type, item, original, select)) }, total, next };
    },
  },
  {
    name: 'crm.item.fields',
    scope: ['crm'],
    write: false,
    handler: (ctx) => {
      const type = resolveType(ctx);
      const original = useOriginalNames(ctx.params);
      const fields: Record<string, unknown> = {};
      for (const spec of itemFieldModel(ctx.portal, type)) {
        if (!isEnabled(spec, type)) continue;
        const description: Record<string, unknown> = {
          type: spec.type,
          isRequired: spec.required,
          isReadOnly: spec.readOnly,
          isImmutable: spec.immutable,
          isMultiple: spec.multiple,
          isDynamic: spec.uf !== undefined,
          title: spec.title,
          upperName: spec.upper,
        };
        if (spec.uf !== undefined) {
          description['listLabel'] = spec.title;
          description['formLabel'] = spec.title;
          description['filterLabel'] = spec.title;
          description['settings'] = spec.uf.settings;
          if (spec.uf.userTypeId === 'enumeration') description['items'] = spec.uf.enum.map((e) => ({ ID: String(e.id), VALUE: e.value }));
        }
        if (spec.parentEntityTypeId !== undefined) description['settings'] = { parentEntityTypeId: spec.parentEntityTypeId };
        fields[original && spec.uf !== undefined ? spec.upper : spec.camel] = description;
      }
      return ok({ fields });
    },
  },
];
