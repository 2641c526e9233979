import { compileFilter, compileOrder, paginate, type FilterField } from './list-filter';
import type { CallContext, MethodDef } from './method-types';
import { ok } from './method-types';
import type { ClientRecord } from './portal-data';
import { formatPortalDateTime } from './portal-time';
import { optionalObject, param, requireObject, toInt } from './params';
import { RestError } from './rest-error';

const MULTI_FIELDS = ['PHONE', 'EMAIL', 'WEB', 'IM'] as const;
const AUDIT_FIELDS = ['DATE_MODIFY', 'CREATED_BY_ID', 'MODIFY_BY_ID'] as const;
const CONTACT_FIELDS = ['NAME', 'LAST_NAME', 'SECOND_NAME', 'POST', 'COMMENTS', 'COMPANY_ID', 'ASSIGNED_BY_ID', 'SOURCE_ID', 'TYPE_ID', 'OPENED', 'XML_ID'];
const COMPANY_FIELDS = ['TITLE', 'COMPANY_TYPE', 'INDUSTRY', 'COMMENTS', 'ASSIGNED_BY_ID', 'OPENED', 'XML_ID'];
const DEAL_FIELDS = ['TITLE', 'STAGE_ID', 'CATEGORY_ID', 'OPPORTUNITY', 'CURRENCY_ID', 'COMPANY_ID', 'CONTACT_ID', 'ASSIGNED_BY_ID', 'COMMENTS', 'OPENED', 'XML_ID'];

function multiValues(record: ClientRecord, kind: string): string[] {
  const list = record.fields[kind];
  return Array.isArray(list) ? list.map((entry) => String((entry as Record<string, unknown>)['VALUE'] ?? '')) : [];
}

/** Digits of a phone without an extension, the way duplicate search compares them. */
function normalizePhone(value: string): string {
  const withoutExtension = value.split(/(?:ext|доб|#|,)/i)[0] ?? value;
  return withoutExtension.replace(/\D/g, '');
}

function readMulti(value: unknown): Array<{ ID: string; VALUE: string; VALUE_TYPE: string; TYPE_ID: string }> {
  const entries = Array.isArray(value) ? value : value !== null && typeof value === 'object' ? Object.values(value) : [];
  return entries
    .filter((e): e is Record<string, unknown> => e !== null && typeof e === 'object')
    .filter((e) => typeof e['VALUE'] === 'string' && e['VALUE'] !== '')
    .map((e, index) => ({ ID: String(index + 1), VALUE: String(e['VALUE']), VALUE_TYPE: typeof e['VALUE_TYPE'] === 'string' ? e['VALUE_TYPE'] : 'WORK', TYPE_ID: '' }));
}

function clientMethods(kind: 'contact' | 'company' | 'deal'): MethodDef[] {
  const scalarFields = kind === 'contact' ? CONTACT_FIELDS : kind === 'company' ? COMPANY_FIELDS : DEAL_FIELDS;
  const toJson = (record: ClientRecord, select: Set<string> | undefined): Record<string, unknown> => {
    const out: Record<string, unknown> = { ID: String(record.ID) };
    for (const name of scalarFields) if (select === undefined || select.has(name) || select.has('*')) out[name] = record.fields[name] ?? null;
    out['DATE_CREATE'] = formatPortalDateTime(Number(record.fields['DATE_CREATE'] ?? 0));
    // Who created and last changed the record, and when: the portal keeps these itself (never writable).
    for (const name of AUDIT_FIELDS) if (select === undefined || select.has(name) || select.has('*')) out[name] = name === 'DATE_MODIFY' ? formatPortalDateTime(Number(record.fields[name] ?? record.fields['DATE_CREATE'] ?? 0)) : String(record.fields[name] ?? '');
    // `*` leaves the multi-fields out; they must be named.
    for (const name of MULTI_FIELDS) {
      if (select !== undefined && select.has(name)) {
        const list = record.fields[name];
        out[name] = Array.isArray(list) ? list.map((e) => ({ ...(e as object), TYPE_ID: name })) : [];
      }
    }
    return out;
  };
  const resolve = (name: string): FilterField<ClientRecord> | undefined => {
    const upper = name.toUpperCase();
    if (upper === 'ID') return { kind: 'int', get: (r) => r.ID };
    if ((MULTI_FIELDS as readonly string[]).includes(upper)) return { kind: 'string', get: (r) => multiValues(r, upper) };
    if (upper === 'DATE_CREATE' || upper === 'DATE_MODIFY') return { kind: 'datetime', get: (r) => r.fields[upper] ?? r.fields['DATE_CREATE'] };
    if (upper === 'CREATED_BY_ID' || upper === 'MODIFY_BY_ID') return { kind: 'int', get: (r) => r.fields[upper] };
    if (scalarFields.includes(upper)) return { kind: upper.endsWith('_ID') ? 'int' : 'string', get: (r) => r.fields[upper] };
    return undefined;
  };
  return [
    {
      name: `crm.${kind}.add`,
      scope: ['crm'],
      write: true,
      handler: (ctx: CallContext) => {
        const fields = requireObject(ctx.params, 'fields', 'FIELDS');
        const record: ClientRecord = { ID: ctx.portal.nextId(kind), fields: { DATE_CREATE: ctx.wallNow, DATE_MODIFY: ctx.wallNow, CREATED_BY_ID: Number(ctx.user.ID), MODIFY_BY_ID: Number(ctx.user.ID) } };
        for (const name of scalarFields) if (fields[name] !== undefined) record.fields[name] = fields[name];
        if (kind !== 'deal') for (const name of MULTI_FIELDS) if (fields[name] !== undefined) record.fields[name] = readMulti(fields[name]);
        // A deal without a title gets "Deal #<id>", as the portal names it.
        if (kind === 'deal' && !record.fields['TITLE']) record.fields['TITLE'] = `Deal #${record.ID}`;
        if (kind === 'contact' && !record.fields['NAME'] && !record.fields['LAST_NAME']) record.fields['NAME'] = 'Unnamed';
        if (kind === 'company' && !record.fields['TITLE']) throw new RestError(400, '', 'The "Company name" field is required.');
        ctx.portal.clients(kind).push(record);
        ctx.portal.touch();
        ctx.rowsWritten += 1;
        return ok(record.ID);
      },
    },
    {
      name: `crm.${kind}.list`,
      scope: ['crm'],
      write: false,
      handler: (ctx: CallContext) => {
        const predicate = compileFilter(optionalObject(ctx.params, 'filter', 'FILTER'), resolve);
        const compare = compileOrder(optionalObject(ctx.params, 'order', 'ORDER'), resolve, resolve('ID') as FilterField<ClientRecord>);
        const rawSelect = param(ctx.params, 'select', 'SELECT');
        const selectList = Array.isArray(rawSelect) ? rawSelect.map(String) : undefined;
        const select = selectList === undefined || selectList.length === 0 ? undefined : new Set(selectList.map((s) => s.toUpperCase()));
        const rows = ctx.portal.clients(kind).filter(predicate).sort(compare);
        const { page, total, next } = paginate(rows, param(ctx.params, 'start', 'START'));
        return { result: page.map((r) => toJson(r, select)), total, next };
      },
    },
    ...(kind === 'deal' ? [] : changeMethods(kind, scalarFields)),
  ];
}

/** The record a legacy `update`/`delete` names by `id`, or the portal's answer when there is none. */
function recordOf(ctx: CallContext, kind: 'contact' | 'company'): ClientRecord {
  const id = toInt(param(ctx.params, 'id', 'ID'));
  if (id === undefined || id <= 0) throw new RestError(400, '', 'ID is not defined or invalid.');
  const record = ctx.portal.clients(kind).find((candidate) => candidate.ID === id);
  if (record === undefined) throw kind === 'company' ? new RestError(400, '', 'Company is not found.') : new RestError(400, 'ERROR_CORE', 'Element not found.');
  return record;
}

/** `crm.contact|company.update` (the portal stamps DATE_MODIFY and MODIFY_BY_ID) and `.delete` (links to the record go with it). */
function changeMethods(kind: 'contact' | 'company', scalarFields: readonly string[]): MethodDef[] {
  return [
    {
      name: `crm.${kind}.update`,
      scope: ['crm'],
      write: true,
      handler: (ctx: CallContext) => {
        const record = recordOf(ctx, kind);
        const fields = requireObject(ctx.params, 'fields', 'FIELDS');
        for (const name of scalarFields) if (fields[name] !== undefined) record.fields[name] = fields[name];
        for (const name of MULTI_FIELDS) if (fields[name] !== undefined) record.fields[name] = readMulti(fields[name]);
        if (kind === 'company' && record.fields['TITLE'] === '') throw new RestError(400, '', 'The "Company name" field is required.');
        record.fields['DATE_MODIFY'] = ctx.wallNow;
        record.fields['MODIFY_BY_ID'] = Number(ctx.user.ID);
        ctx.portal.touch();
        ctx.rowsWritten += 1;
        return ok(true);
      },
    },
    {
      name: `crm.${kind}.delete`,
      scope: ['crm'],
      write: true,
      handler: (ctx: CallContext) => {
        const record = recordOf(ctx, kind);
        const list = ctx.portal.clients(kind);
        list.splice(list.indexOf(record), 1);
        // Items and deals that named it lose the link; they stay.
        for (const type of ctx.portal.data.types) {
          for (const item of ctx.portal.items(type.entityTypeId).values()) {
            if (kind === 'company' && Number(item.values['companyId']) === record.ID) item.values['companyId'] = null;
            const contacts = item.values['contactIds'];
            if (kind === 'contact' && Array.isArray(contacts)) item.values['contactIds'] = contacts.filter((id) => Number(id) !== record.ID);
            if (kind === 'contact' && Number(item.values['contactId']) === record.ID) item.values['contactId'] = null;
          }
        }
        const link = kind === 'company' ? 'COMPANY_ID' : 'CONTACT_ID';
        for (const other of [...ctx.portal.clients('deal'), ...(kind === 'company' ? ctx.portal.clients('contact') : [])]) {
          if (Number(other.fields[link]) === record.ID) delete other.fields[link];
        }
        ctx.portal.touch();
        ctx.rowsWritten += 1;
        return ok(true);
      },
    },
  ];
}

/** `crm.contact.add|list|update|delete`, `crm.company.*` likewise, `crm.deal.add|list` (enough to link clients and parent deals) and `crm.duplicate.findbycomm`. */
export const crmClientMethods: MethodDef[] = [
  ...clientMethods('contact'),
  ...clientMethods('company'),
  ...clientMethods('deal'),
  {
    name: 'crm.duplicate.findbycomm',
    scope: ['crm'],
    write: false,
    handler: (ctx) => {
      const type = String(param(ctx.params, 'type', 'TYPE') ?? '').toUpperCase();
      if (type !== 'EMAIL' && type !== 'PHONE') throw new RestError(400, '', `Communication type '${type}' is not supported in current context.`);
      const raw = param(ctx.params, 'values', 'VALUES');
      const values = (Array.isArray(raw) ? raw : raw !== null && typeof raw === 'object' ? Object.values(raw) : []).map(String);
      if (values.length === 0) throw new RestError(400, '', 'Communication values are not defined.');
      // [inferred wording] the 20-value cap.
      if (values.length > 20) throw new RestError(400, '', 'Communication values are too many. The maximum is 20.');
      const entityType = String(param(ctx.params, 'entity_type', 'ENTITY_TYPE') ?? '').toUpperCase();
      const norm = (v: string) => (type === 'PHONE' ? normalizePhone(v) : v.trim().toLowerCase());
      const wanted = new Set(values.map(norm));
      const result: Record<string, number[]> = {};
      for (const [kind, key] of [
        ['contact', 'CONTACT'],
        ['company', 'COMPANY'],
      ] as const) {
        if (entityType !== '' && entityType !== key) continue;
        const ids = ctx.portal
          .clients(kind)
          .filter((record) => multiValues(record, type).some((value) => wanted.has(norm(value))))
          .map((record) => record.ID);
        if (ids.length > 0) result[key] = ids;
      }
      // No hits: an empty PHP array, i.e. [].
      return ok(Object.keys(result).length === 0 ? [] : result);
    },
  },
];
