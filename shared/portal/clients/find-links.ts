import type { BitrixClient } from '../bitrix/bitrix-client';
import type { BatchCommand } from '../bitrix/types';
import type { PreparedRows } from '../../sheet/plan/prepare-rows';
import { readClients } from '../snapshot/read-snapshot';
import { contactGroups, contactIdentity, contactValue, phoneDigits, type ContactValue } from '../../sheet/mapping/contact-values';

export { contactGroups, contactIdentity, contactValue, phoneDigits, type ContactValue };

/** What the rows link to, as the sheet writes it: company names, contact names/e-mails/phones, deal ids or titles. */
export interface LinkRequest {
  companies: string[];
  contacts: string[];
  deals: string[];
}

/**
 * Portal ids of the linked records, keyed by the sheet's own value (so a
 * contact given by e-mail is found under that e-mail). `ambiguousDeals`:
 * titles several deals share (never guessed).
 */
export interface FoundLinks {
  companies: Record<string, number>;
  contacts: Record<string, number>;
  deals: Record<string, number>;
  ambiguousDeals: string[];
}

/** `123` or `D_123`: a deal by id (the `D_` prefix is how CRM binding fields write deals). */
const DEAL_ID = /^(?:D_)?(\d+)$/i;
/** `crm.duplicate.findbycomm` takes at most 20 values a call. */
const FIND_BY_COMM_VALUES = 20;

/** The deal id a value names directly (`123`, `D_123`), or undefined for a title. */
export function dealIdOf(value: string): number | undefined {
  const match = DEAL_ID.exec(value.trim());
  return match ? Number(match[1]) : undefined;
}

/** Every distinct link value the prepared rows use. */
export function linkRequest(prepared: Pick<PreparedRows, 'rows'>): LinkRequest {
  const companies = new Set<string>();
  const contacts = new Set<string>();
  const deals = new Set<string>();
  for (const row of prepared.rows) {
    const company = row.values['companyId'];
    if (typeof company === 'string' && company !== '') companies.add(company);
    const names = row.values['contactIds'];
    if (Array.isArray(names)) for (const name of names) if (String(name) !== '') contacts.add(String(name));
    const deal = row.values['parentId2'];
    if (typeof deal === 'string' && deal !== '') deals.add(deal);
  }
  return { companies: [...companies], contacts: [...contacts], deals: [...deals] };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

async function runBatches(client: BitrixClient, commands: BatchCommand[], signal: AbortSignal | undefined): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const chunk of chunks(commands, 50)) {
    const outcomes = await client.batch(chunk, { write: false, ...(signal ? { signal } : {}) });
    for (const outcome of outcomes) {
      if (outcome.status === 'error') throw outcome.error;
      results.push(outcome.status === 'ok' ? outcome.result : undefined);
    }
  }
  return results;
}

function multiValues(record: Record<string, unknown>, kind: 'EMAIL' | 'PHONE'): string[] {
  const list = record[kind];
  return Array.isArray(list) ? list.map((entry) => String((entry as Record<string, unknown>)['VALUE'] ?? '')) : [];
}

/**
 * Contacts by e-mail or phone: `crm.duplicate.findbycomm` (≤ 20 values a
 * call, contacts only) gives the ids of contacts holding any of them, and one
 * `crm.contact.list` of those ids with their multi-fields says which value
 * is whose (the duplicate search returns ids only). When
 * several contacts share a value, the oldest one is used.
 */
async function findContactsByComm(client: BitrixClient, raws: readonly string[], signal: AbortSignal | undefined): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const values = raws.map(contactValue);
  const emails = values.flatMap((value) => (value.kind === 'email' ? [value.email] : []));
  const phones = values.flatMap((value) => (value.kind === 'phone' ? [value.phone] : []));
  const commands: BatchCommand[] = [
    ...chunks([...new Set(emails)], FIND_BY_COMM_VALUES).map((chunk, i) => ({ key: `e${i}`, method: 'crm.duplicate.findbycomm', params: { type: 'EMAIL', values: chunk, entity_type: 'CONTACT' } })),
    ...chunks([...new Set(phones)], FIND_BY_COMM_VALUES).map((chunk, i) => ({ key: `p${i}`, method: 'crm.duplicate.findbycomm', params: { type: 'PHONE', values: chunk, entity_type: 'CONTACT' } })),
  ];
  if (commands.length === 0) return out;
  const ids = new Set<number>();
  for (const result of await runBatches(client, commands, signal)) {
    // No hits come back as [] (an empty PHP array).
    const found = result !== null && typeof result === 'object' && !Array.isArray(result) ? (result as Record<string, unknown>)['CONTACT'] : undefined;
    if (Array.isArray(found)) for (const id of found) ids.add(Number(id));
  }
  if (ids.size === 0) return out;
  const lists = await runBatches(
    client,
    chunks([...ids].sort((a, b) => a - b), 50).map((chunk, i) => ({ key: `c${i}`, method: 'crm.contact.list', params: { filter: { '@ID': chunk }, select: ['ID', 'EMAIL', 'PHONE'], order: { ID: 'ASC' } } })),
    signal,
  );
  const contacts = lists.flatMap((result) => (Array.isArray(result) ? (result as Array<Record<string, unknown>>) : [])).sort((a, b) => Number(a['ID']) - Number(b['ID']));
  values.forEach((value, index) => {
    if (value.kind === 'name') return;
    const match =
      value.kind === 'email'
        ? contacts.find((contact) => multiValues(contact, 'EMAIL').some((email) => email.trim().toLowerCase() === value.email.toLowerCase()))
        : contacts.find((contact) => multiValues(contact, 'PHONE').some((phone) => phoneDigits(phone) === phoneDigits(value.phone)));
    // Keyed by the cell's own text (`Name <mail>` included), as the rows hold it.
    if (match) out[raws[index]!] = Number(match['ID']);
  });
  return out;
}

/** Deals by id (checked to exist) and by exact title (`crm.deal.list`); a title two deals share is ambiguous. */
async function findDeals(client: BitrixClient, values: readonly string[], signal: AbortSignal | undefined): Promise<{ deals: Record<string, number>; ambiguous: string[] }> {
  const deals: Record<string, number> = {};
  const ambiguous: string[] = [];
  const byId = values.filter((value) => dealIdOf(value) !== undefined);
  const byTitle = values.filter((value) => dealIdOf(value) === undefined);
  const ids = [...new Set(byId.map((value) => dealIdOf(value)!))];
  const existing = new Set<number>();
  const idResults = await runBatches(client, chunks(ids, 50).map((chunk, i) => ({ key: `d${i}`, method: 'crm.deal.list', params: { filter: { '@ID': chunk }, select: ['ID'] } })), signal);
  for (const result of idResults) if (Array.isArray(result)) for (const row of result as Array<Record<string, unknown>>) existing.add(Number(row['ID']));
  for (const value of byId) if (existing.has(dealIdOf(value)!)) deals[value] = dealIdOf(value)!;
  const titleResults = await runBatches(client, byTitle.map((title, i) => ({ key: `t${i}`, method: 'crm.deal.list', params: { filter: { '=TITLE': title }, select: ['ID', 'TITLE'] } })), signal);
  titleResults.forEach((result, i) => {
    const rows = Array.isArray(result) ? (result as Array<Record<string, unknown>>).filter((row) => String(row['TITLE'] ?? '') === byTitle[i]) : [];
    if (rows.length === 1) deals[byTitle[i]!] = Number(rows[0]!['ID']);
    else if (rows.length > 1) ambiguous.push(byTitle[i]!);
  });
  return { deals, ambiguous };
}

/**
 * Finds, read-only, the portal records the sheet's link values name:
 * companies by exact title, contacts by e-mail/phone (duplicate search
 * first) or by name, deals by id or exact title.
 */
export async function findLinks(client: BitrixClient, request: LinkRequest, language: 'ru' | 'en', signal?: AbortSignal): Promise<FoundLinks> {
  const contactValues = request.contacts.map(contactValue);
  const names = request.contacts.filter((_, i) => contactValues[i]!.kind === 'name');
  const byName = await readClients(client, request.companies, names, language, signal);
  const byComm = await findContactsByComm(client, request.contacts, signal);
  const { deals, ambiguous } = await findDeals(client, request.deals, signal);
  return { companies: byName.companies, contacts: { ...byName.contacts, ...byComm }, deals, ambiguousDeals: ambiguous };
}

/** Link values the portal lacks: companies and contacts that could be created, deals that never are. */
export function missingLinks(request: LinkRequest, found: Pick<FoundLinks, 'companies' | 'contacts' | 'deals'>): LinkRequest {
  return {
    companies: request.companies.filter((name) => found.companies[name] === undefined),
    contacts: request.contacts.filter((value) => found.contacts[value] === undefined),
    deals: request.deals.filter((value) => found.deals[value] === undefined),
  };
}
