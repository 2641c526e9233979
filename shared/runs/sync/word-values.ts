import { fieldKinds, type ResolveContext } from '../../sheet/plan/resolve-item-fields';
import type { Mapping } from '../../sheet/mapping/types';
import type { ProjectFile } from '../../sheet/project/types';

/**
 * A field value as a person reads it, without a language: ids are already
 * names (stages, list items, people, companies), while yes/no and dates stay
 * typed so the app words them in its own language and the CLI in English.
 */
export type SyncValue =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'yes' }
  | { kind: 'no' }
  | { kind: 'date'; iso: string }
  | { kind: 'datetime'; iso: string }
  | { kind: 'number'; value: number }
  | { kind: 'money'; amount: number; currency: string };

/** What the worder knows beyond the project: the mapping this sync uses (stages and list items it is about to add) and portal users' names. */
export interface WorderExtras {
  mapping?: Mapping;
  /** Portal user id → name, for people no sheet name maps to (a default responsible, a portal edit). */
  users?: ReadonlyMap<number, string>;
}

/** One field of one row as it is in the portal now (`before`) and as the sync would write it (`after`). */
export interface FieldChange {
  field: string;
  before: SyncValue;
  after: SyncValue;
}

/**
 * Turns portal field values back into what the sheet means: a stage id into
 * the stage's name (any funnel), a list item id into its text, a user id into
 * the person's name from the sheet, a company or contact id into the value
 * that named it. An id nobody named stays a number with a hash sign in front, never a guess.
 */
export function valueWorder(project: ProjectFile, ctx: ResolveContext, extras: WorderExtras = {}): (field: string, value: unknown, currency?: unknown) => SyncValue {
  const kinds = fieldKinds(ctx);
  const stages = new Map<string, string>();
  // A stage this sync is about to add has no status id yet: its code stands in for it, and names it here.
  for (const stage of [...(project.mapping.stages ?? []), ...(extras.mapping?.stages ?? [])]) stages.set(stage.code, stage.name);
  for (const stage of project.stages) stages.set(stage.statusId, stage.name);
  for (const funnel of project.funnels ?? []) for (const stage of funnel.stages) stages.set(stage.statusId, stage.name);
  const users = inverse(project.mapping.users);
  for (const [id, name] of extras.users ?? []) if (!users.has(id)) users.set(id, name);
  const companies = inverse(ctx.companies);
  const contacts = inverse(ctx.contacts);
  const deals = inverse(ctx.deals ?? {});
  const listItems = new Map<string, Map<number, string>>();
  for (const [suffix, items] of Object.entries(ctx.enumIds)) {
    const name = ctx.fieldNames[suffix];
    if (name) listItems.set(name, inverse(items));
  }
  const userFields = new Set(['assignedById', 'observers', 'createdBy']);
  for (const [suffix, type] of Object.entries(ctx.fieldTypes)) if (type.userTypeId === 'employee' && ctx.fieldNames[suffix]) userFields.add(ctx.fieldNames[suffix]!);

  const idName = (field: string, id: number): string | undefined => {
    if (field === 'stageId') return undefined;
    if (userFields.has(field)) return users.get(id);
    if (field === 'companyId') return companies.get(id);
    if (field === 'contactIds') return contacts.get(id);
    if (field === 'parentId2') return deals.get(id);
    return listItems.get(field)?.get(id);
  };
  const one = (field: string, value: unknown): string => {
    if (field === 'stageId') return stages.get(String(value)) ?? stages.get(String(value).split(':').pop()!) ?? String(value);
    const id = Number(value);
    if (kinds[field] === 'id' && Number.isFinite(id)) return idName(field, id) ?? `#${id}`;
    return String(value);
  };

  return (field, value, currency) => {
    const empty = value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0) || (kinds[field] === 'id' && (value === 0 || value === '0'));
    const kind = kinds[field] ?? 'text';
    // A yes/no field holds no third state: emptied, it reads “no” in the portal.
    if (empty) return kind === 'bool' ? { kind: 'no' } : { kind: 'empty' };
    if (kind === 'bool') return value === true || value === 'Y' || value === 1 || value === '1' ? { kind: 'yes' } : { kind: 'no' };
    if (kind === 'date' && typeof value === 'string') return { kind: 'date', iso: value.slice(0, 10) };
    if (kind === 'datetime' && typeof value === 'string') return { kind: 'datetime', iso: value };
    if (kind === 'money' && typeof value === 'string') {
      const [amount = '', code = ''] = value.split('|');
      return amount.trim() !== '' && Number.isFinite(Number(amount)) && code !== '' ? { kind: 'money', amount: Number(amount), currency: code } : { kind: 'text', text: value.replace('|', ' ') };
    }
    if (kind === 'number' && !Array.isArray(value) && String(value).trim() !== '' && Number.isFinite(Number(value))) {
      // The item's amount is money in the item's currency.
      return typeof currency === 'string' && currency !== '' ? { kind: 'money', amount: Number(value), currency } : { kind: 'number', value: Number(value) };
    }
    const values = Array.isArray(value) ? value : [value];
    return { kind: 'text', text: values.map((entry) => one(field, entry)).join(', ') };
  };
}

/** English wording of a value (the CLI's). */
export function valueText(value: SyncValue): string {
  switch (value.kind) {
    case 'empty':
      return '(empty)';
    case 'yes':
      return 'yes';
    case 'no':
      return 'no';
    case 'date':
    case 'datetime':
      return value.iso;
    case 'number':
      return String(value.value);
    case 'money':
      return `${value.amount} ${value.currency}`;
    case 'text':
      return value.text;
  }
}

function inverse(names: Record<string, number | null>): Map<number, string> {
  const out = new Map<number, string>();
  for (const [name, id] of Object.entries(names)) if (id !== null && !out.has(id)) out.set(id, name);
  return out;
}
