import { normalizeText } from '../inference/normalize-text';
import { splitMulti } from '../mapping/split-multi';
import { stageCode } from '../mapping/stage-code';
import type { BuiltinField, ColumnMapping, Mapping, StageMapping, UserTypeId } from '../mapping/types';
import { ufFieldName } from '../mapping/uf-field-name';
import type { IntoFieldMatch, IntoProblem, IntoStageMatch, PlanInto, SnapshotField, SnapshotStage, SnapshotType } from './types';

/** The existing smart process a sheet goes into: the type, its default funnel's stages and its custom fields. */
export interface IntoTarget {
  type: SnapshotType;
  fields: readonly SnapshotField[];
  stages: readonly SnapshotStage[];
}

const USER_TYPES: readonly string[] = ['string', 'integer', 'double', 'boolean', 'date', 'datetime', 'enumeration', 'money', 'url', 'employee'];

/** What the portal calls each type, for sentences. */
const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  integer: 'whole number',
  double: 'number',
  boolean: 'yes/no',
  date: 'date',
  datetime: 'date and time',
  enumeration: 'list',
  money: 'money',
  url: 'link',
  employee: 'employee',
};

/** Field types that can hold a column's values without losing or inventing anything. */
const FITS: Record<UserTypeId, readonly string[]> = {
  string: ['string'],
  url: ['url', 'string'],
  integer: ['integer', 'double', 'money', 'string'],
  double: ['double', 'money', 'string'],
  money: ['money', 'string'],
  boolean: ['boolean', 'string'],
  date: ['date', 'datetime', 'string'],
  datetime: ['datetime', 'string'],
  enumeration: ['enumeration', 'string'],
  employee: ['employee'],
};

/** Built-in fields that exist only when a type setting is on, with the setting's name in the portal. */
const BUILTIN_FLAGS: Partial<Record<BuiltinField, { flag: string; setting: string }>> = {
  stageId: { flag: 'isStagesEnabled', setting: 'Use custom stages and kanban' },
  companyId: { flag: 'isClientEnabled', setting: 'Client field' },
  contactIds: { flag: 'isClientEnabled', setting: 'Client field' },
  begindate: { flag: 'isBeginCloseDatesEnabled', setting: 'Start and end dates' },
  closedate: { flag: 'isBeginCloseDatesEnabled', setting: 'Start and end dates' },
  opportunity: { flag: 'isLinkWithProductsEnabled', setting: 'Link with products' },
  observers: { flag: 'isObserversEnabled', setting: 'Observers' },
};

/** A label as a person compares it: case, ё/е, spaces and punctuation do not matter. */
export function labelKey(text: string): string {
  return normalizeText(text);
}

function typeWord(userTypeId: string): string {
  return TYPE_WORDS[userTypeId] ?? userTypeId;
}

/**
 * Maps a sheet onto a smart process that already exists (`migrate --into`):
 * each custom column goes into the existing field with the same label (edit
 * form or list label, ru or en; case, ё/е and spaces ignored) when the
 * field's type can hold its values (a date column into a date-and-time
 * field, whole numbers into a number field; never text into a number); list
 * values become the field's items where they match, the rest are added;
 * stage values go into the funnel's stages of the same name, the success
 * value into its one success stage, the rest become new stages. Only what
 * is missing is created; existing fields, stages and type settings are never
 * changed. Columns that cannot go where their label points are problems,
 * not coerced. Pure.
 */
export function matchInto(mapping: Mapping, target: IntoTarget): { mapping: Mapping; into: PlanInto } {
  const out: Mapping = structuredClone(mapping);
  const { type } = target;
  const prefix = `UF_CRM_${type.id}_`;
  const problems: IntoProblem[] = [];
  const fields: IntoFieldMatch[] = [];
  const used = new Set<number>();
  const byLabel = new Map<string, SnapshotField[]>();
  for (const field of target.fields) {
    for (const label of new Set([field.label, ...(field.labels ?? [])].map(labelKey))) {
      if (label === '') continue;
      byLabel.set(label, [...(byLabel.get(label) ?? []), field]);
    }
  }
  const existingNames = new Set(target.fields.map((field) => field.fieldName));

  for (const column of out.columns) {
    const t = column.target;
    if (t.kind === 'builtin') {
      const needs = BUILTIN_FLAGS[t.field];
      if (needs && type.flags[needs.flag] !== 'Y') {
        problems.push({
          column: column.header,
          field: t.field,
          message: `Column “${column.header}” goes to ${t.field}, which is off in “${type.title}” (${needs.flag}=N).`,
          hint: `Switch on “${needs.setting}” in the smart process's settings and plan again, or skip the column (in a --mapping file: "columns": {"${column.header}": "skip"}).`,
          appHint: `Switch on “${needs.setting}” in the smart process's settings and check again, or skip the column in the Fields tab.`,
        });
      }
      continue;
    }
    if (t.kind !== 'custom') continue;
    const candidates = [...(byLabel.get(labelKey(column.header)) ?? []), ...(byLabel.get(labelKey(t.label)) ?? [])].filter((field) => !used.has(field.id));
    // The same field name (a field this tool made before) counts only when it can hold the values; else the new field gets another name.
    const byName = target.fields.find((field) => field.fieldName === ufFieldName(type.id, t.suffix) && !used.has(field.id) && fits(column, field));
    const field = byName ?? candidates.find((candidate) => fits(column, candidate)) ?? candidates[0];
    if (field === undefined) {
      // A new field: its name must not take an existing field's.
      let suffix = t.suffix;
      for (let n = 2; existingNames.has(ufFieldName(type.id, suffix)); n += 1) suffix = `${t.suffix.slice(0, 40)}_${n}`;
      t.suffix = suffix;
      existingNames.add(ufFieldName(type.id, suffix));
      fields.push({ column: column.header, status: 'new', fieldName: ufFieldName(type.id, suffix), label: t.label, userTypeId: t.userTypeId });
      continue;
    }
    used.add(field.id);
    const why = misfit(column, field);
    if (why !== null) {
      fields.push({ column: column.header, status: 'conflict', fieldName: field.fieldName, label: field.label.trim(), userTypeId: field.userTypeId });
      problems.push({
        column: column.header,
        field: field.fieldName,
        message: `Column “${column.header}” matches the field “${field.label.trim()}” (${field.fieldName}) of “${type.title}”, but ${why}; its values are not converted.`,
        hint: `Skip the column, or give it a field of its own under another label (in a --mapping file: "columns": {"${column.header}": {"type": "${t.userTypeId}", "label": "${column.header} (${typeWord(t.userTypeId)})"}}).`,
        appHint: `Skip the column, or give it a field of its own under another name (“${column.header} (${typeWord(t.userTypeId)})”) in the Fields tab.`,
      });
      continue;
    }
    t.suffix = field.fieldName.startsWith(prefix) ? field.fieldName.slice(prefix.length) : t.suffix;
    t.userTypeId = field.userTypeId as UserTypeId;
    // A field that holds several values gets each cell split, so its list needs the parts ("опт", "срочно"), not the whole cell "опт, срочно".
    const splitsCells = field.multiple && !t.multiple;
    t.multiple = field.multiple;
    t.label = field.label.trim() || t.label;
    const match: IntoFieldMatch = { column: column.header, status: 'matched', fieldName: field.fieldName, label: t.label, userTypeId: field.userTypeId };
    if (field.userTypeId === 'enumeration') {
      const existing = new Map(field.items.map((item) => [labelKey(item.value), item.value]));
      const values = splitsCells ? [...new Set((t.items ?? []).flatMap((item) => splitMulti(item)))] : (t.items ?? []);
      const items = values.map((item) => existing.get(labelKey(item)) ?? item);
      t.items = [...new Set([...field.items.map((item) => item.value), ...items])];
      const added = items.filter((item) => !existing.has(labelKey(item)));
      if (added.length > 0) match.newItems = added;
    } else {
      delete t.items;
    }
    fields.push(match);
  }

  const stages = matchStages(out, target.stages, type);
  const settingsOff: string[] = [];
  if (type.flags['isBizProcEnabled'] !== 'Y') settingsOff.push('isBizProcEnabled');
  if (type.flags['isAutomationEnabled'] !== 'Y') settingsOff.push('isAutomationEnabled');
  return { mapping: out, into: { entityTypeId: type.entityTypeId, typeId: type.id, title: type.title, fields, stages, problems, settingsOff } };
}

/** Null when the field can hold the column's values, else why not (for a sentence). */
function misfit(column: ColumnMapping, field: SnapshotField): string | null {
  if (column.target.kind !== 'custom') return null;
  const t = column.target;
  if (!USER_TYPES.includes(field.userTypeId)) return `the field is of type “${field.userTypeId}”, which this tool does not fill`;
  if (!FITS[t.userTypeId].includes(field.userTypeId)) return `the column holds ${typeWord(t.userTypeId)} values and the field is a ${typeWord(field.userTypeId)} field`;
  if (t.multiple && !field.multiple) return 'the column holds several values per row and the field holds one';
  return null;
}

function fits(column: ColumnMapping, field: SnapshotField): boolean {
  return misfit(column, field) === null;
}

/**
 * Points the mapping's stages at the funnel's: same name → that stage; the
 * success stage → the funnel's success stage (there is only one); the rest
 * get new codes (new stages). Existing stages keep their names and colours.
 */
function matchStages(mapping: Mapping, existing: readonly SnapshotStage[], type: SnapshotType): IntoStageMatch[] {
  if (mapping.stages.length === 0 || type.flags['isStagesEnabled'] !== 'Y') return [];
  const taken = new Set(existing.map((stage) => stage.code));
  const claimed = new Set<string>();
  const matches: IntoStageMatch[] = [];
  for (const stage of mapping.stages) {
    const found =
      existing.find((candidate) => !claimed.has(candidate.code) && [stage.name, ...stage.values].some((name) => labelKey(name) === labelKey(candidate.name))) ??
      (stage.semantics === 'success' ? existing.find((candidate) => candidate.semantics === 'success' && !claimed.has(candidate.code)) : undefined);
    if (found) {
      claimed.add(found.code);
      const match: IntoStageMatch = { name: stage.name, status: 'matched', semantics: found.semantics };
      if (found.name !== stage.name) match.into = found.name;
      matches.push(match);
      if (!stage.values.includes(stage.name)) stage.values = [...stage.values, stage.name];
      Object.assign(stage, { code: found.code, name: found.name, color: found.color || stage.color, semantics: found.semantics } satisfies Partial<StageMapping>);
      continue;
    }
    stage.code = stageCode(stage.name, taken);
    matches.push({ name: stage.name, status: 'new', semantics: stage.semantics });
  }
  return matches;
}
