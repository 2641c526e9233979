import { AppError } from '../../base/errors/errors';
import type { BitrixClient } from '../../portal/bitrix/bitrix-client';
import { BitrixError } from '../../portal/bitrix/bitrix-error';
import { isUnknownOutcome, unknownOutcome, writeChecked } from '../../portal/bitrix/write-checked';
import { contactGroups, contactValue, findLinks, linkRequest, missingLinks, type FoundLinks } from '../../portal/clients/find-links';
import type { Mapping } from '../../sheet/mapping/types';
import type { PreparedRows } from '../../sheet/plan/prepare-rows';
import { splitContactName } from '../../portal/snapshot/read-snapshot';
import type { RowNote, RowWarning } from '../../sheet/plan/types';
import type { CreatedSink } from './created-clients';
import type { SetupNote } from './types';

/** Reports one finished setup step (the same shape as `SetupLog` of setup-smart-process). */
export type ClientsLog = (step: 'type' | 'clients', note: SetupNote) => void;

/** The legacy `crm.contact.add` fields for a sheet value: a name, or an e-mail/phone kept in the contact's multi-field. */
export function contactFields(value: string, language: 'ru' | 'en'): Record<string, unknown> {
  const parsed = contactValue(value);
  if (parsed.kind === 'name') return splitContactName(parsed.name, language);
  // A contact known only by its e-mail or phone is named by it, so it can be found and renamed in the portal.
  const name = parsed.name !== undefined ? splitContactName(parsed.name, language) : { NAME: parsed.kind === 'email' ? parsed.email : parsed.phone, LAST_NAME: '' };
  const multi = parsed.kind === 'email' ? { EMAIL: [{ VALUE: parsed.email, VALUE_TYPE: 'WORK' }] } : { PHONE: [{ VALUE: parsed.phone, VALUE_TYPE: 'WORK' }] };
  return { ...name, ...multi };
}

/**
 * Creates the companies and contacts the rows name that the portal lacks
 * (contacts given by e-mail or phone carry it in their multi-field); returns
 * sheet value → id for all of them. Each one it creates (an answer lost and
 * then found by searching included) is added to `created` as soon as it is
 * known, so a run that fails later still records it.
 */
export async function setupClients(
  client: BitrixClient,
  missing: { companies: string[]; contacts: string[] },
  known: { companies: Record<string, number>; contacts: Record<string, number> },
  language: 'ru' | 'en',
  log: ClientsLog,
  signal: AbortSignal,
  created?: CreatedSink,
): Promise<{ companies: Record<string, number>; contacts: Record<string, number> }> {
  const out = { companies: { ...known.companies }, contacts: { ...known.contacts } };
  // Cells naming one contact (`Name <a@b.ru>` and `a@b.ru`) create it once.
  const groups = contactGroups(missing.contacts);
  const commands = [
    ...missing.companies.map((name, i) => ({ key: `co${i}`, method: 'crm.company.add', params: { fields: { TITLE: name } }, name, values: [name], kind: 'companies' as const })),
    ...groups.map((group, i) => ({ key: `ct${i}`, method: 'crm.contact.add', params: { fields: contactFields(group.representative, language) }, name: group.representative, values: group.values, kind: 'contacts' as const })),
  ];
  type Command = (typeof commands)[number];
  const record = (command: Command, id: number): void => {
    for (const value of command.values) out[command.kind][value] = id;
    // Only missing clients get a command, so a client found after a lost answer was created by this run too.
    created?.[command.kind].push({ id, name: command.name });
  };
  let todo: Command[] = commands;
  let checked = 0;
  let lost: BitrixError | undefined;
  for (let attempt = 1; todo.length > 0; attempt += 1) {
    if (attempt > ATTEMPTS) {
      throw new BitrixError('PORTAL_NETWORK', `crm.company.add / crm.contact.add: ${ATTEMPTS} requests to create ${clientNames(todo)} got no usable answer (${lost?.bitrixCode ?? 'no answer'}); searched for after each, the portal does not have them.`, {
        bitrixCode: lost?.bitrixCode ?? 'NO_ANSWER',
        httpStatus: lost?.httpStatus ?? 0,
        where: { method: todo[0]!.method },
        hint: 'Check the network connection, then run the same command again; existing clients are found by name, e-mail or phone first, so none is created twice.',
        appHint: 'Check the network connection, then click the same button again; existing clients are found by name, e-mail or phone first, so none is created twice.',
      });
    }
    const unsure: Command[] = [];
    for (let start = 0; start < todo.length; start += 50) {
      const chunk = todo.slice(start, start + 50);
      let outcomes;
      try {
        outcomes = await client.batch(chunk, { write: true, signal });
      } catch (error) {
        if (!isUnknownOutcome(error) || signal.aborted) throw error;
        lost = error;
        unsure.push(...chunk);
        continue;
      }
      outcomes.forEach((outcome, index) => {
        const command = chunk[index]!;
        if (outcome.status === 'error') throw outcome.error;
        if (outcome.status === 'ok') record(command, Number(outcome.result));
        else unsure.push(command);
      });
    }
    if (unsure.length === 0) break;
    // The answer was lost: look the clients up by the same keys that found the existing ones (title, e-mail, phone, name).
    let found: FoundLinks;
    try {
      found = await findLinks(client, { companies: unsure.filter((c) => c.kind === 'companies').map((c) => c.name), contacts: unsure.filter((c) => c.kind === 'contacts').map((c) => c.name), deals: [] }, language, signal);
    } catch (readError) {
      throw unknownOutcome(unsure[0]!.method, `create ${clientNames(unsure)}`, lost, `searching the portal for them failed: ${readError instanceof Error ? readError.message : String(readError)}`);
    }
    todo = [];
    for (const command of unsure) {
      const id = found[command.kind][command.name];
      if (id === undefined) todo.push(command);
      else {
        record(command, id);
        checked += 1;
      }
    }
  }
  if (commands.length > 0) {
    const companies = missing.companies.length;
    const contacts = groups.length;
    log('clients', { code: 'CLIENTS_CREATED', params: { companies, contacts, checked } });
  }
  return out;
}

const ATTEMPTS = 3;

function clientNames(commands: ReadonlyArray<{ name: string }>): string {
  const names = commands.slice(0, 3).map((command) => `“${command.name}”`).join(', ');
  return commands.length > 3 ? `${names} and ${commands.length - 3} more` : names;
}

/** True when a column of the mapping feeds the given built-in field. */
export function mapsField(mapping: Mapping, field: string): boolean {
  return mapping.columns.some((column) => column.target.kind === 'builtin' && column.target.field === field);
}

/**
 * Makes deals a parent of the smart process, so its items have `parentId2`.
 * `relations` is overwritten as a whole
 * on update and a bad relation is silently dropped by the portal: the full current
 * set is sent with the deal added, then read back.
 */
export async function ensureDealRelation(client: BitrixClient, typeId: number, log: ClientsLog, signal: AbortSignal): Promise<void> {
  type Relation = { entityTypeId: number; isChildrenListEnabled?: unknown };
  const read = async (): Promise<{ parent: Relation[]; child: Relation[] }> => {
    const { result } = await client.call<{ type: { relations?: { parent?: Relation[]; child?: Relation[] } } }>('crm.type.get', { id: typeId }, { write: false, signal });
    return { parent: result.type.relations?.parent ?? [], child: result.type.relations?.child ?? [] };
  };
  const current = await read();
  if (current.parent.some((relation) => Number(relation.entityTypeId) === 2)) return;
  const asParam = (relation: Relation) => ({ entityTypeId: Number(relation.entityTypeId), isChildrenListEnabled: relation.isChildrenListEnabled === 'Y' || relation.isChildrenListEnabled === true || relation.isChildrenListEnabled === 'true' ? 'true' : 'false' });
  const relations = {
    // Only the strings "true"/"false" work here; the deal card lists the linked items.
    parent: [...current.parent.map(asParam), { entityTypeId: 2, isChildrenListEnabled: 'true' }],
    child: current.child.map(asParam),
  };
  // Sending the same full set again is harmless, but a lost answer is still settled by reading the relations back.
  const linked = await writeChecked(client, 'crm.type.update', { id: typeId, fields: { relations } }, {
    what: 'link deals to the smart process',
    lookUp: async () => ((await read()).parent.some((relation) => Number(relation.entityTypeId) === 2) ? true : undefined),
    signal,
  });
  const after = await read();
  if (!after.parent.some((relation) => Number(relation.entityTypeId) === 2)) {
    throw new AppError('PORTAL_ERROR', 'The portal did not link deals to the smart process although it was asked to (crm.type.update relations).', {
      hint: 'In the smart process settings, add Deals under “Link to CRM entities” (as a parent), then run again.',
      where: { method: 'crm.type.update' },
      params: { reason: 'dealsNotLinked' },
    });
  }
  log('type', { code: 'DEALS_LINKED', params: {}, ...(linked.answered ? {} : { check: 'applied' as const }) });
}

/**
 * The row-by-row report of link values that stay unlinked: deals not found
 * or ambiguous, and companies/contacts the portal lacks when creating them is
 * off. The item is created without that link.
 */
export function linkWarnings(prepared: Pick<PreparedRows, 'rows'>, mapping: Mapping, found: Pick<FoundLinks, 'companies' | 'contacts' | 'deals' | 'ambiguousDeals'>, creating: boolean): RowWarning[] {
  const header = (field: string): string | undefined => mapping.columns.find((column) => column.target.kind === 'builtin' && column.target.field === field)?.header;
  const warnings: RowWarning[] = [];
  const add = (row: number, field: string, note: RowNote): void => {
    const column = header(field);
    warnings.push({ row, ...(column ? { column } : {}), ...note });
  };
  const ambiguous = new Set(found.ambiguousDeals);
  for (const row of prepared.rows) {
    const deal = row.values['parentId2'];
    if (typeof deal === 'string' && deal !== '' && found.deals[deal] === undefined) {
      add(row.sourceRow, 'parentId2', { code: ambiguous.has(deal) ? 'DEAL_AMBIGUOUS' : 'DEAL_NOT_FOUND', params: { deal } });
    }
    if (creating) continue;
    const company = row.values['companyId'];
    if (typeof company === 'string' && company !== '' && found.companies[company] === undefined) add(row.sourceRow, 'companyId', { code: 'COMPANY_NOT_FOUND', params: { company } });
    const contacts = row.values['contactIds'];
    if (Array.isArray(contacts)) {
      const missing = contacts.map(String).filter((value) => value !== '' && found.contacts[value] === undefined);
      if (missing.length > 0) add(row.sourceRow, 'contactIds', { code: 'CONTACTS_NOT_FOUND', params: { contacts: missing } });
    }
  }
  return warnings;
}

/**
 * Finds the records the rows link to and, when the mapping allows it (the
 * default), creates the missing companies and contacts (added to
 * `created`); deals are never created. `dryRun` only looks. Used by
 * migrate's setup and by sync.
 */
export async function resolveLinks(
  client: BitrixClient,
  prepared: Pick<PreparedRows, 'rows'>,
  mapping: Mapping,
  options: { dryRun?: boolean; found?: FoundLinks; log?: ClientsLog; signal: AbortSignal; created?: CreatedSink },
): Promise<{ companies: Record<string, number>; contacts: Record<string, number>; deals: Record<string, number>; warnings: RowWarning[] }> {
  const request = linkRequest(prepared);
  const found = options.found ?? (await findLinks(client, request, mapping.language, options.signal));
  const creating = mapping.createClients !== false;
  const missing = missingLinks(request, found);
  let clients = { companies: found.companies, contacts: found.contacts };
  if (creating && !options.dryRun) clients = await setupClients(client, missing, clients, mapping.language, options.log ?? (() => undefined), options.signal, options.created);
  const warnings = linkWarnings(prepared, mapping, { ...found, ...clients }, creating);
  return { ...clients, deals: found.deals, warnings };
}
