import type { BitrixClient } from '../bitrix/bitrix-client';
import type { StageSemantics } from '../../sheet/inference/types';
import { toPortalUsers, type PortalUser } from '../../sheet/mapping/match-users';
import type { PortalSnapshot, SnapshotField, SnapshotStage, SnapshotType } from '../../sheet/plan/types';

/** Which smart process to look for: by project id (its `code`) or by `entityTypeId`. */
export interface SnapshotQuery {
  projectId: string;
  entityTypeId?: number | null;
  /** Company and contact names the rows use. */
  companies?: readonly string[];
  contacts?: readonly string[];
  language?: 'ru' | 'en';
  signal?: AbortSignal;
}

const TYPE_FLAGS = [
  'isCategoriesEnabled',
  'isStagesEnabled',
  'isBeginCloseDatesEnabled',
  'isClientEnabled',
  'isUseInUserfieldEnabled',
  'isLinkWithProductsEnabled',
  'isMycompanyEnabled',
  'isDocumentsEnabled',
  'isSourceEnabled',
  'isObserversEnabled',
  'isRecyclebinEnabled',
  'isAutomationEnabled',
  'isBizProcEnabled',
  'isSetOpenPermissions',
];

/** Reads a `crm.type.*` type object. */
export function toSnapshotType(raw: Record<string, unknown>): SnapshotType {
  const flags: Record<string, string> = {};
  for (const flag of TYPE_FLAGS) flags[flag] = raw[flag] === 'Y' || raw[flag] === true ? 'Y' : 'N';
  return { id: Number(raw['id']), entityTypeId: Number(raw['entityTypeId']), title: String(raw['title'] ?? ''), code: String(raw['code'] ?? ''), flags };
}

/** True for the portal's “no such smart process” answers: `NOT_FOUND`, or error `0` “SPA not found” (HTTP 400). */
function isTypeNotFound(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === 'PORTAL_NOT_FOUND' || code === 'PORTAL_ERROR' || (code === 'PORTAL_VALIDATION' && /not found/i.test(message ?? ''));
}

/** The smart process with this `entityTypeId`, or null when the portal has none (`crm.type.getByEntityTypeId`). */
export async function readTypeByEntityTypeId(client: BitrixClient, entityTypeId: number, signal?: AbortSignal): Promise<SnapshotType | null> {
  try {
    const { result } = await client.call<{ type: Record<string, unknown> }>('crm.type.getByEntityTypeId', { entityTypeId }, { write: false, ...(signal ? { signal } : {}) });
    return result?.type ? toSnapshotType(result.type) : null;
  } catch (error) {
    if (isTypeNotFound(error)) return null;
    throw error;
  }
}

/** The smart process whose `code` is the project id (how a setup that crashed finds its type again instead of creating another), or null. */
export async function findType(client: BitrixClient, query: SnapshotQuery): Promise<SnapshotType | null> {
  const signal = query.signal ? { signal: query.signal } : {};
  if (query.entityTypeId) {
    try {
      const { result } = await client.call<{ type: Record<string, unknown> }>('crm.type.getByEntityTypeId', { entityTypeId: query.entityTypeId }, { write: false, ...signal });
      if (result?.type) return toSnapshotType(result.type);
    } catch (error) {
      if (!isTypeNotFound(error)) throw error;
    }
  }
  const { result } = await client.call<{ types: Array<Record<string, unknown>> }>('crm.type.list', { filter: { code: query.projectId } }, { write: false, ...signal });
  const found = (result?.types ?? []).find((type) => type['code'] === query.projectId);
  return found ? toSnapshotType(found) : null;
}

/** The default funnel of a type. */
export async function defaultCategoryId(client: BitrixClient, entityTypeId: number, signal?: AbortSignal): Promise<number> {
  const { result } = await client.call<{ categories: Array<Record<string, unknown>> }>('crm.category.list', { entityTypeId }, { write: false, ...(signal ? { signal } : {}) });
  const categories = result?.categories ?? [];
  const found = categories.find((category) => category['isDefault'] === 'Y' || category['isDefault'] === true) ?? categories[0];
  return Number(found?.['id'] ?? 0);
}

/** The label languages read for matching columns to existing fields by label. */
const LABEL_LANGUAGES = ['ru', 'en'] as const;

function labelTexts(row: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const key of ['editFormLabel', 'listColumnLabel']) {
    const map = row[key];
    if (map === null || typeof map !== 'object') continue;
    for (const text of Object.values(map as Record<string, unknown>)) if (typeof text === 'string' && text.trim() !== '') out.push(text);
  }
  return out;
}

/**
 * Custom fields of a type (`CRM_<id>`), with enumeration items and their
 * labels. `userfieldconfig.list` returns neither list items nor labels
 * unless asked: labels come per language with `select: {0: '*', language}`
 * (read for ru and en), list items from `userfieldconfig.get`.
 */
export async function readFields(client: BitrixClient, typeId: number, signal?: AbortSignal): Promise<SnapshotField[]> {
  const opts = { write: false, ...(signal ? { signal } : {}) };
  const byId = new Map<string, { row: Record<string, unknown>; labels: string[] }>();
  for (const language of LABEL_LANGUAGES) {
    for (let start: number | undefined = 0; start !== undefined; ) {
      const page: { result: { fields?: Array<Record<string, unknown>> }; next?: number } = await client.call(
        'userfieldconfig.list',
        { moduleId: 'crm', select: { 0: '*', language }, filter: { entityId: `CRM_${typeId}` }, start },
        opts,
      );
      for (const row of page.result?.fields ?? []) {
        const id = String(row['id']);
        const seen = byId.get(id);
        if (seen) seen.labels.push(...labelTexts(row));
        else byId.set(id, { row, labels: labelTexts(row) });
      }
      start = page.next;
    }
  }
  const out: SnapshotField[] = [];
  for (const { row, labels } of byId.values()) {
    let enumRows = Array.isArray(row['enum']) ? (row['enum'] as Array<Record<string, unknown>>) : undefined;
    if (row['userTypeId'] === 'enumeration' && enumRows === undefined) {
      const { result } = await client.call<{ field: Record<string, unknown> }>('userfieldconfig.get', { moduleId: 'crm', id: row['id'] }, opts);
      enumRows = Array.isArray(result?.field?.['enum']) ? (result.field['enum'] as Array<Record<string, unknown>>) : [];
    }
    const unique = [...new Set(labels)];
    out.push({
      id: Number(row['id']),
      fieldName: String(row['fieldName']),
      userTypeId: String(row['userTypeId']),
      multiple: row['multiple'] === 'Y',
      label: unique[0] ?? '',
      items: (enumRows ?? []).map((item) => ({ id: Number(item['id']), value: String(item['value']) })),
      labels: unique,
    });
  }
  return out;
}

/** The stages of a funnel, in sort order. */
export async function readStages(client: BitrixClient, entityTypeId: number, categoryId: number, signal?: AbortSignal): Promise<SnapshotStage[]> {
  const entityId = `DYNAMIC_${entityTypeId}_STAGE_${categoryId}`;
  const { result } = await client.call<Array<Record<string, unknown>>>('crm.status.list', { filter: { ENTITY_ID: entityId }, order: { SORT: 'ASC' } }, { write: false, ...(signal ? { signal } : {}) });
  return (result ?? [])
    .filter((row) => row['ENTITY_ID'] === undefined || row['ENTITY_ID'] === entityId)
    .map((row) => {
      const statusId = String(row['STATUS_ID']);
      const semantics: StageSemantics = row['SEMANTICS'] === 'S' ? 'success' : row['SEMANTICS'] === 'F' ? 'failure' : 'process';
      return {
        id: Number(row['ID']),
        statusId,
        code: statusId.includes(':') ? statusId.slice(statusId.indexOf(':') + 1) : statusId,
        name: String(row['NAME'] ?? ''),
        sort: Number(row['SORT'] ?? 0),
        semantics,
        color: String(row['COLOR'] ?? ''),
        system: row['SYSTEM'] === 'Y',
      };
    })
    .sort((a, b) => a.sort - b.sort);
}

/** Every portal user `user.get` returns (dismissed ones included; matching skips them). */
export async function readUsers(client: BitrixClient, signal?: AbortSignal): Promise<PortalUser[]> {
  const rows: Array<Record<string, unknown>> = [];
  for (let start: number | undefined = 0; start !== undefined; ) {
    const page: { result: Array<Record<string, unknown>>; next?: number } = await client.call('user.get', { sort: 'ID', order: 'ASC', start }, { write: false, ...(signal ? { signal } : {}) });
    rows.push(...(page.result ?? []));
    start = page.next;
  }
  return toPortalUsers(rows);
}

/** A person's name as a CRM contact's first and last name, in the sheet's usual order (ru: surname first). */
export function splitContactName(value: string, language: 'ru' | 'en'): { NAME: string; LAST_NAME: string } {
  const parts = value.trim().split(/\s+/);
  if (parts.length === 1) return { NAME: parts[0] ?? '', LAST_NAME: '' };
  if (language === 'ru') return { LAST_NAME: parts[0] ?? '', NAME: parts.slice(1).join(' ') };
  return { NAME: parts.slice(0, -1).join(' '), LAST_NAME: parts[parts.length - 1] ?? '' };
}

/** Ids of existing companies (by exact title) and contacts (by first + last name) with the given names. */
export async function readClients(
  client: BitrixClient,
  companies: readonly string[],
  contacts: readonly string[],
  language: 'ru' | 'en',
  signal?: AbortSignal,
): Promise<{ companies: Record<string, number>; contacts: Record<string, number> }> {
  const out = { companies: {} as Record<string, number>, contacts: {} as Record<string, number> };
  const commands = [
    ...companies.map((name, i) => ({ key: `co${i}`, method: 'crm.company.list', params: { filter: { '=TITLE': name }, select: ['ID', 'TITLE'] }, name, kind: 'companies' as const })),
    ...contacts.map((name, i) => ({ key: `ct${i}`, method: 'crm.contact.list', params: { filter: splitContactName(name, language), select: ['ID', 'NAME', 'LAST_NAME'] }, name, kind: 'contacts' as const })),
  ];
  for (let start = 0; start < commands.length; start += 50) {
    const chunk = commands.slice(start, start + 50);
    const outcomes = await client.batch(chunk, { write: false, ...(signal ? { signal } : {}) });
    outcomes.forEach((outcome, index) => {
      const command = chunk[index]!;
      if (outcome.status === 'error') throw outcome.error;
      if (outcome.status !== 'ok' || !Array.isArray(outcome.result)) return;
      const first = (outcome.result as Array<Record<string, unknown>>)[0];
      if (first) out[command.kind][command.name] = Number(first['ID']);
    });
  }
  return out;
}

/**
 * A snapshot of what the plan needs from a portal: the project's smart
 * process (found by code), its default funnel, fields and stages, the users,
 * and the clients the sheet names. Reads only.
 */
export async function readSnapshot(client: BitrixClient, query: SnapshotQuery): Promise<PortalSnapshot> {
  const type = await findType(client, query);
  const users = await readUsers(client, query.signal);
  const clients = await readClients(client, query.companies ?? [], query.contacts ?? [], query.language ?? 'ru', query.signal);
  if (type === null) return { portal: client.portal, type: null, categoryId: null, fields: [], stages: [], users, ...clients };
  const categoryId = await defaultCategoryId(client, type.entityTypeId, query.signal);
  const fields = await readFields(client, type.id, query.signal);
  const stages = await readStages(client, type.entityTypeId, categoryId, query.signal);
  return { portal: client.portal, type, categoryId, fields, stages, users, ...clients };
}
