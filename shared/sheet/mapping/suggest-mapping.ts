import type { ColumnSchema, Schema, StageSemantics } from '../inference/types';
import { cellText } from '../spreadsheet/cell-text';
import type { PlanWarning } from '../plan/types';
import type { SheetTable } from '../spreadsheet/types';
import { fieldSuffix } from './field-suffix';
import { matchUsers, type PortalUser } from './match-users';
import { splitMulti } from './split-multi';
import { DEFAULT_STAGE_CODES, stageCode } from './stage-code';
import { USER_TYPE_FOR_COLUMN, type BuiltinField, type ColumnMapping, type ColumnTarget, type KeySpec, type Mapping, type StageMapping, type UserMatch } from './types';

/** Options of `suggestMapping`. `users` are the portal's users, for matching person columns. */
export interface SuggestOptions {
  title?: string;
  users?: readonly PortalUser[];
}

/** A suggested mapping, the user matches behind it, and what the person should check. */
export interface SuggestedMapping {
  mapping: Mapping;
  userMatches: UserMatch[];
  warnings: PlanWarning[];
}

const USER_TYPE = USER_TYPE_FOR_COLUMN;

const CREATED_HEADER = /^(дата создания|дата регистрации|дата поступления|создан[оа]?|зарегистрирован[оа]?|created|created at|created on|date created|creation date|opened|opened on|date opened)$/;

const STAGE_COLORS: Record<StageSemantics, string> = { process: '#39A8EF', success: '#7BD500', failure: '#FF5752' };

const DEFAULT_NAMES = {
  ru: { first: 'Новая', success: 'Успешно', failure: 'Отказ' },
  en: { first: 'New', success: 'Success', failure: 'Failure' },
};

/** ru when the headers are mostly Cyrillic. */
export function headerLanguage(headers: readonly string[]): 'ru' | 'en' {
  const cyrillic = headers.filter((header) => /[\u0400-\u04ff]/.test(header)).length;
  return cyrillic * 2 >= headers.length && cyrillic > 0 ? 'ru' : 'en';
}

/**
 * The mapping the tool proposes for an inferred schema: roles become
 * built-in fields (title, stage, responsible, amount + currency, dates,
 * company, contacts), every other column a new custom field of its type;
 * stages get codes and exactly one success stage; person values are matched
 * to portal users; the key column becomes the row key.
 */
export function suggestMapping(schema: Schema, table: SheetTable, options: SuggestOptions = {}): SuggestedMapping {
  const warnings: PlanWarning[] = [];
  const language = headerLanguage(table.headers);
  const currency = schema.columns.find((column) => column.currency)?.currency ?? (language === 'ru' ? 'RUB' : 'USD');
  const taken = new Set<string>();
  const used = new Set<BuiltinField>();
  const builtin = (field: BuiltinField): ColumnTarget | undefined => {
    if (used.has(field)) return undefined;
    used.add(field);
    return { kind: 'builtin', field };
  };

  const columns: ColumnMapping[] = schema.columns.map((column) => {
    const target = roleTarget(column, schema, builtin) ?? customTarget(column, table, taken);
    const mapped: ColumnMapping = { header: column.header, type: column.type, target };
    if (column.format !== undefined) mapped.format = column.format;
    if (column.type === 'money' || target.kind === 'builtin' && target.field === 'opportunity') mapped.currency = column.currency ?? currency;
    return mapped;
  });

  const stages = suggestStages(schema, language, warnings);
  const key = suggestKey(schema, table, warnings);
  const userMatches = matchUsers(personValues(columns, table), options.users ?? []);
  const users: Record<string, number | null> = {};
  for (const match of userMatches) users[match.value] = match.userId;
  const unmatched = userMatches.filter((match) => match.userId === null);
  if (unmatched.length > 0) {
    warnings.push({ code: 'UNMATCHED_PEOPLE', params: { count: unmatched.length, values: unmatched.slice(0, 10).map((match) => match.value), defaultUserId: null } });
  }

  const mapping: Mapping = {
    version: 1,
    title: options.title ?? schema.sheet,
    language,
    key,
    columns,
    stages,
    users,
    defaultUserId: null,
    currency,
  };
  if (schema.title?.column === null && schema.title.template !== undefined) mapping.titleTemplate = schema.title.template;
  return { mapping, userMatches, warnings };
}

function roleTarget(column: ColumnSchema, schema: Schema, builtin: (field: BuiltinField) => ColumnTarget | undefined): ColumnTarget | undefined {
  if (schema.stage?.column === column.index) return builtin('stageId');
  if (schema.title?.column === column.index) return builtin('title');
  // An author column is history even when inference took it for the responsible person (no other person column).
  if ((column.role === null || column.role === 'assignee') && isAuthorColumn(column)) return builtin('createdBy');
  switch (column.role) {
    case 'title':
      return builtin('title');
    case 'stage':
      // Without an inferred pipeline there are no stages to map values to.
      return schema.stage === null ? undefined : builtin('stageId');
    case 'assignee':
      return builtin(column.multiple ? 'observers' : 'assignedById');
    case 'amount':
      return column.type === 'money' || column.type === 'double' || column.type === 'integer' ? builtin('opportunity') : undefined;
    case 'startDate':
      return column.type === 'date' ? builtin('begindate') : undefined;
    case 'dueDate':
      return column.type === 'date' ? builtin('closedate') : undefined;
    case 'company':
      return column.multiple ? undefined : builtin('companyId');
    case 'contact':
      return builtin('contactIds');
    default:
      // A creation date keeps the item's history (imported as createdTime on the first migration).
      if ((column.type === 'date' || column.type === 'datetime') && CREATED_HEADER.test(column.header.toLowerCase())) return builtin('createdTime');
      return historyTarget(column, builtin);
  }
}

// History by header, for columns no role claimed. Deal links and notes are
// offered as targets but never suggested: an unmatched deal or a timeline comment would take
// the data out of the item's fields, which a person should choose knowingly.
const AUTHOR_HEADER = /^(автор|создал[аи]?|кем создан[оа]?|создатель|инициатор записи|author|created by|creator|owner of record)$/;
const MOVED_HEADER = /^(дата (перехода|смены|изменения) (статуса|стадии|этапа)|дата перехода|стадия изменена|статус изменен|stage changed|status changed|stage changed on|moved|moved on|date moved)$/;

function normalizedHeader(column: ColumnSchema): string {
  return column.header.toLowerCase().replace(/ё/g, 'е').replace(/[:*]+$/, '').trim();
}

function isAuthorColumn(column: ColumnSchema): boolean {
  return !column.multiple && (column.type === 'string' || column.type === 'employee' || column.type === 'email') && AUTHOR_HEADER.test(normalizedHeader(column));
}

function historyTarget(column: ColumnSchema, builtin: (field: BuiltinField) => ColumnTarget | undefined): ColumnTarget | undefined {
  const header = normalizedHeader(column);
  if ((column.type === 'date' || column.type === 'datetime') && MOVED_HEADER.test(header)) return builtin('movedTime');
  return undefined;
}

/** A new custom field for a column: its type from the schema, a unique suffix from its header, list items for enumerations. */
export function customTarget(column: ColumnSchema, table: SheetTable, taken: Set<string>): ColumnTarget {
  const userTypeId = USER_TYPE[column.type];
  const target: ColumnTarget = { kind: 'custom', suffix: fieldSuffix(column.header, taken), userTypeId, multiple: column.multiple, label: column.header };
  if (userTypeId === 'enumeration') target.items = column.values ? [...column.values] : distinctValues(table, column.index, column.multiple);
  return target;
}

/** Distinct trimmed values of a column in order of first appearance (split when multiple). */
export function distinctValues(table: SheetTable, index: number, multiple: boolean): string[] {
  const seen = new Set<string>();
  for (const row of table.rows) {
    const text = cellText(row[index] ?? null).trim();
    if (text === '') continue;
    for (const value of multiple ? splitMulti(text) : [text]) seen.add(value);
  }
  return [...seen];
}

function personValues(columns: readonly ColumnMapping[], table: SheetTable): string[] {
  const values: string[] = [];
  columns.forEach((column, index) => {
    const target = column.target;
    const person =
      (target.kind === 'builtin' && (target.field === 'assignedById' || target.field === 'observers' || target.field === 'createdBy')) ||
      (target.kind === 'custom' && target.userTypeId === 'employee');
    if (!person) return;
    const multiple = target.kind === 'builtin' ? target.field === 'observers' : target.kind === 'custom' && target.multiple;
    values.push(...distinctValues(table, index, multiple));
  });
  return values;
}

/**
 * Stages in kanban order with codes: the first in-progress stage reuses
 * `NEW`, the next two `PREPARATION` and `CLIENT`, the success stage
 * `SUCCESS`, the first failure `FAIL`; others get codes from their names.
 * A funnel needs one stage of each group, so a missing group gets a default.
 */
function suggestStages(schema: Schema, language: 'ru' | 'en', warnings: PlanWarning[]): StageMapping[] {
  if (schema.stage === null) return [];
  const names = DEFAULT_NAMES[language];
  const inferred = schema.stage.stages;
  const successes = inferred.filter((stage) => stage.semantics === 'success');
  if (successes.length > 1) {
    warnings.push({ code: 'SEVERAL_SUCCESS_VALUES', params: { values: successes.map((stage) => stage.name), success: successes[0]!.name } });
  }
  const process = inferred.filter((stage) => stage.semantics === 'process' || (stage.semantics === 'success' && stage !== successes[0]));
  const failures = inferred.filter((stage) => stage.semantics === 'failure');
  const taken = new Set<string>(['NEW', 'PREPARATION', 'CLIENT', 'SUCCESS', 'FAIL']);
  const out: StageMapping[] = [];
  const make = (name: string, semantics: StageSemantics, code: string, values: string[], color?: string): StageMapping => ({
    code,
    name,
    semantics,
    color: semantics === 'process' ? (color ?? STAGE_COLORS.process) : STAGE_COLORS[semantics],
    values,
  });
  if (process.length === 0) out.push(make(names.first, 'process', DEFAULT_STAGE_CODES.first, []));
  process.forEach((stage, index) => {
    const code = index === 0 ? DEFAULT_STAGE_CODES.first : (DEFAULT_STAGE_CODES.process[index - 1] ?? stageCode(stage.name, taken));
    out.push(make(stage.name, 'process', code, [stage.name], stage.color));
  });
  const success = successes[0];
  out.push(success ? make(success.name, 'success', DEFAULT_STAGE_CODES.success, [success.name]) : make(names.success, 'success', DEFAULT_STAGE_CODES.success, []));
  if (failures.length === 0) out.push(make(names.failure, 'failure', DEFAULT_STAGE_CODES.failure, []));
  failures.forEach((stage, index) => {
    out.push(make(stage.name, 'failure', index === 0 ? DEFAULT_STAGE_CODES.failure : stageCode(stage.name, taken), [stage.name]));
  });
  return out;
}

/**
 * The row key: the key column when its values are unique and filled, else
 * the title column when it is; else a fingerprint of those columns, with a
 * warning that edits to them look like delete + create.
 */
function suggestKey(schema: Schema, table: SheetTable, warnings: PlanWarning[]): KeySpec {
  const candidates = [
    schema.columns.find((column) => column.role === 'key'),
    schema.title?.column !== null && schema.title?.column !== undefined ? schema.columns[schema.title.column] : undefined,
  ];
  for (const column of candidates) {
    if (column && isUniqueFilled(table, column.index)) return { kind: 'column', columns: [column.header] };
  }
  const identity = candidates.filter((column): column is ColumnSchema => column !== undefined).map((column) => column.header);
  const columns = identity.length > 0 ? [...new Set(identity)] : schema.columns.map((column) => column.header);
  warnings.push({ code: 'ROWS_BY_FINGERPRINT', params: { columns } });
  return { kind: 'fingerprint', columns };
}

function isUniqueFilled(table: SheetTable, index: number): boolean {
  const seen = new Set<string>();
  for (const row of table.rows) {
    const text = cellText(row[index] ?? null).trim();
    if (text === '' || seen.has(text)) return false;
    seen.add(text);
  }
  return seen.size > 0;
}
