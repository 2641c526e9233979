import type { BitrixClient } from '../../portal/bitrix/bitrix-client';
import { BitrixError } from '../../portal/bitrix/bitrix-error';
import { listById } from '../../portal/bitrix/list-by-id';
import type { ProjectWithClients } from '../migrate/created-clients';
import type { UndoClient, UndoClientsPlan } from './types';

/** How the undo treats the clients the project created. */
export interface ClientChoice {
  /** Remove the created clients that nothing else uses. */
  remove: boolean;
  /** Remove those edited in the portal since they were created too. */
  force: boolean;
}

/** The clients part of a plan that removes nothing (a project file without the record says so). */
export function emptyClientsPlan(project: object, choice: ClientChoice): UndoClientsPlan {
  const record = (project as ProjectWithClients).createdClients;
  return {
    recorded: record !== undefined,
    ...(record !== undefined && !record.fromStart ? { recordedSince: record.since } : {}),
    remove: choice.remove,
    force: choice.force,
    removable: [],
    kept: [],
    alreadyGone: 0,
  };
}

const KINDS = [
  { kind: 'company', key: 'companies', method: 'crm.company.list', select: ['ID', 'TITLE', 'DATE_CREATE', 'DATE_MODIFY', 'CREATED_BY_ID', 'MODIFY_BY_ID'] },
  { kind: 'contact', key: 'contacts', method: 'crm.contact.list', select: ['ID', 'NAME', 'LAST_NAME', 'DATE_CREATE', 'DATE_MODIFY', 'CREATED_BY_ID', 'MODIFY_BY_ID'] },
] as const;

/** Rows of a legacy list method whose `field` is one of `ids`, 50 ids per filter. */
async function rowsWith(client: BitrixClient, method: string, field: string, ids: readonly number[], select: readonly string[], signal?: AbortSignal): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for (let start = 0; start < ids.length; start += 50) {
    for await (const page of listById<Record<string, unknown>>(client, method, { idKey: 'ID', params: { filter: { [field]: ids.slice(start, start + 50) }, select }, ...(signal ? { signal } : {}) })) out.push(...page);
  }
  return out;
}

/** The smart process this project migrated into, when the project file names it. */
function ownEntityTypeId(project: object): number | undefined {
  const id = Number((project as { smartProcess?: { entityTypeId?: unknown } }).smartProcess?.entityTypeId);
  return Number.isFinite(id) && id > 0 ? id : undefined;
}

/** Every other smart process of the portal whose items can link companies and contacts (all pages of `crm.type.list`). */
async function otherClientTypes(client: BitrixClient, own: number | undefined, signal?: AbortSignal): Promise<number[]> {
  const out: number[] = [];
  for (let start: number | undefined = 0; start !== undefined; ) {
    const page: { result: { types?: Array<Record<string, unknown>> }; next?: number } = await client.call('crm.type.list', { order: { id: 'ASC' }, start }, { write: false, ...(signal ? { signal } : {}) });
    for (const type of page.result?.types ?? []) {
      const entityTypeId = Number(type['entityTypeId']);
      const clients = type['isClientEnabled'] === true || type['isClientEnabled'] === 'Y';
      if (clients && entityTypeId !== own) out.push(entityTypeId);
    }
    start = page.next !== undefined && page.next > start ? page.next : undefined;
  }
  return out;
}

/** The items of one smart process whose company (or primary contact) is one of `ids`. */
async function itemsWith(client: BitrixClient, entityTypeId: number, field: 'companyId' | 'contactId', ids: readonly number[], signal?: AbortSignal): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for (let start = 0; start < ids.length; start += 50) {
    const params = { entityTypeId, filter: { [field]: ids.slice(start, start + 50) }, select: ['id', field] };
    for await (const page of listById<Record<string, unknown>>(client, 'crm.item.list', { idKey: 'id', itemsKey: 'items', params, ...(signal ? { signal } : {}) })) out.push(...page);
  }
  return out;
}

/**
 * Edited in the portal since it was created: the portal stamped a later
 * change time, or someone other than its creator changed it. Both stamps
 * come from the portal's own clock, so this computer's clock plays no part.
 */
function editedSinceCreated(row: Record<string, unknown>): boolean {
  const created = Date.parse(String(row['DATE_CREATE'] ?? ''));
  const modified = Date.parse(String(row['DATE_MODIFY'] ?? ''));
  if (Number.isFinite(created) && Number.isFinite(modified) && modified > created) return true;
  const by = String(row['MODIFY_BY_ID'] ?? '');
  return by !== '' && by !== '0' && by !== String(row['CREATED_BY_ID'] ?? '');
}

/**
 * Decides, for every company and contact the project file records as
 * created by this migration, whether an undo may remove it: it must still
 * exist, must not be linked from a deal, from a contact of someone else's,
 * from an item of the smart process that stays (`remaining`), or from an item
 * of another smart process with clients switched on — when the
 * portal refuses to show deals or contacts, none is removed — and must
 * not have been edited in the portal since it was created (unless
 * `choice.force`). Clients found in the portal are never in the record, so
 * they are never candidates. Reads only; changes nothing.
 */
export async function planClients(
  client: BitrixClient,
  project: object,
  remaining: ReadonlyArray<Record<string, unknown>>,
  choice: ClientChoice,
  signal?: AbortSignal,
): Promise<UndoClientsPlan> {
  const plan = emptyClientsPlan(project, choice);
  const record = (project as ProjectWithClients).createdClients;
  if (record === undefined || (record.companies.length === 0 && record.contacts.length === 0)) return plan;

  const present = new Map<string, Record<string, unknown>>();
  for (const { kind, key, method, select } of KINDS) {
    const ids = record[key].map((entry) => entry.id);
    if (ids.length === 0) continue;
    for (const row of await rowsWith(client, method, 'ID', ids, select, signal)) present.set(`${kind}:${Number(row['ID'])}`, row);
  }
  const ours = new Set(present.keys());

  // What else links them: deals, contacts that are not this migration's (a contact's company), items that stay.
  type Link = NonNullable<UndoClient['links']>[number];
  const links = new Map<string, Link[]>();
  const link = (target: string, by: Link): void => {
    if (!ours.has(target)) return;
    links.set(target, [...(links.get(target) ?? []), by]);
  };
  // A contact of ours that works at a company of ours: the company goes only if the contact goes too.
  const companyOfOurContact = new Map<number, number>();
  const companyIds = record.companies.map((entry) => entry.id).filter((id) => ours.has(`company:${id}`));
  const contactIds = record.contacts.map((entry) => entry.id).filter((id) => ours.has(`contact:${id}`));
  // A webhook whose user may not read deals or contacts cannot tell what uses them: then none is removed.
  const readLinks = async (): Promise<void> => {
    if (companyIds.length > 0) {
      for (const deal of await rowsWith(client, 'crm.deal.list', 'COMPANY_ID', companyIds, ['ID', 'COMPANY_ID'], signal)) link(`company:${Number(deal['COMPANY_ID'])}`, { kind: 'deal', id: Number(deal['ID']) });
      for (const contact of await rowsWith(client, 'crm.contact.list', 'COMPANY_ID', companyIds, ['ID', 'COMPANY_ID'], signal)) {
        if (!ours.has(`contact:${Number(contact['ID'])}`)) link(`company:${Number(contact['COMPANY_ID'])}`, { kind: 'contact', id: Number(contact['ID']) });
        else companyOfOurContact.set(Number(contact['ID']), Number(contact['COMPANY_ID']));
      }
    }
    if (contactIds.length > 0) {
      for (const deal of await rowsWith(client, 'crm.deal.list', 'CONTACT_ID', contactIds, ['ID', 'CONTACT_ID'], signal)) link(`contact:${Number(deal['CONTACT_ID'])}`, { kind: 'deal', id: Number(deal['ID']) });
    }
    // Another smart process (another sheet's migration, or one the team keeps) may have found and linked them.
    if (companyIds.length + contactIds.length === 0) return;
    for (const entityTypeId of await otherClientTypes(client, ownEntityTypeId(project), signal)) {
      for (const [field, ids, kind] of [['companyId', companyIds, 'company'], ['contactId', contactIds, 'contact']] as const) {
        if (ids.length === 0) continue;
        for (const item of await itemsWith(client, entityTypeId, field, ids, signal)) link(`${kind}:${Number(item[field])}`, { kind: 'item', id: Number(item['id']) });
      }
    }
  };
  let unchecked = false;
  try {
    await readLinks();
  } catch (error) {
    if (!(error instanceof BitrixError) || (error.code !== 'PORTAL_ACCESS' && error.code !== 'PORTAL_SCOPE')) throw error;
    unchecked = true;
  }
  const usedByItems = new Map<string, number[]>();
  for (const item of remaining) {
    const targets = [`company:${Number(item['companyId'])}`, ...(Array.isArray(item['contactIds']) ? item['contactIds'].map((id) => `contact:${Number(id)}`) : []), `contact:${Number(item['contactId'])}`];
    for (const target of new Set(targets)) if (ours.has(target)) usedByItems.set(target, [...(usedByItems.get(target) ?? []), Number(item['id'])]);
  }

  for (const { kind, key } of KINDS) {
    for (const entry of record[key]) {
      const row = present.get(`${kind}:${entry.id}`);
      if (row === undefined) {
        plan.alreadyGone += 1;
        continue;
      }
      const view: UndoClient = { kind, id: entry.id, name: nameOf(kind, row, entry.name) };
      const target = `${kind}:${entry.id}`;
      const items = usedByItems.get(target);
      const others = links.get(target);
      if (items !== undefined) plan.kept.push({ ...view, reason: 'used-by-item', links: items.slice(0, 5).map((id) => ({ kind: 'item' as const, id })) });
      else if (others !== undefined) plan.kept.push({ ...view, reason: 'linked', links: others.slice(0, 5) });
      else if (unchecked) plan.kept.push({ ...view, reason: 'unchecked' });
      else if (editedSinceCreated(row)) (choice.force ? plan.removable : plan.kept).push({ ...view, reason: 'edited' });
      else plan.removable.push(view);
    }
  }
  for (const kept of [...plan.kept]) {
    const company = kept.kind === 'contact' ? companyOfOurContact.get(kept.id) : undefined;
    const at = plan.removable.findIndex((entry) => entry.kind === 'company' && entry.id === company);
    if (at >= 0) plan.kept.push({ ...plan.removable.splice(at, 1)[0]!, reason: 'linked', links: [{ kind: 'contact', id: kept.id }] });
  }
  return plan;
}

/** The client's name as the portal has it now (it may have been renamed), else the sheet value it was created for. */
function nameOf(kind: 'company' | 'contact', row: Record<string, unknown>, fallback: string): string {
  const name = kind === 'company' ? String(row['TITLE'] ?? '') : [row['NAME'], row['LAST_NAME']].filter((part) => typeof part === 'string' && part !== '').join(' ');
  return name.trim() === '' ? fallback : name.trim();
}
