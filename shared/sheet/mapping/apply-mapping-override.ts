import { z } from 'zod';
import { AppError } from '../../base/errors/errors';
import { fieldSuffix, MAX_SUFFIX_LENGTH } from './field-suffix';
import { stageCode } from './stage-code';
import { USER_TYPE_FOR_COLUMN, type BuiltinField, type CellOverride, type ColumnTarget, type Mapping, type StageMapping, type UserTypeId } from './types';
import { isTimeZone } from './sheet-time';

const BUILTINS = ['title', 'stageId', 'assignedById', 'opportunity', 'begindate', 'closedate', 'companyId', 'contactIds', 'observers', 'createdTime', 'createdBy', 'movedTime', 'parentId2', 'timelineComment'] as const;
const USER_TYPES = ['string', 'integer', 'double', 'boolean', 'date', 'datetime', 'enumeration', 'money', 'url', 'employee'] as const;
/** Text fields whose values must look like e-mail addresses or phone numbers (a row with another value cannot be sent). */
const CHECKED_TEXT_TYPES = ['email', 'phone'] as const;

const customSchema = z
  .object({
    type: z.enum([...USER_TYPES, ...CHECKED_TEXT_TYPES]),
    suffix: z
      .string()
      .regex(/^[A-Z0-9_]+$/, 'a suffix holds only A-Z, 0-9 and _')
      .max(MAX_SUFFIX_LENGTH)
      .optional(),
    multiple: z.boolean().optional(),
    label: z.string().min(1).optional(),
    items: z.array(z.string().min(1)).optional(),
    /** Sheet value → list item, for enumerations. */
    values: z.record(z.string(), z.string().min(1)).optional(),
  })
  .strict();

/** The sheet row a preview edit is tied to. */
export const rowAnchorSchema = z.object({ index: z.number().int().min(0), sourceRow: z.number().int().min(1), cells: z.string().min(1).max(64), copies: z.number().int().min(2).optional() }).strict();

/** A new custom field as a mapping file describes it. */
export type CustomFieldSpec = z.infer<typeof customSchema>;

const stageSchema = z
  .object({
    name: z.string().trim().min(1),
    semantics: z.enum(['process', 'success', 'failure']),
    values: z.array(z.string()).optional(),
    code: z
      .string()
      .regex(/^[A-Z0-9_]+$/)
      .max(24)
      .optional(),
    color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/)
      .optional(),
  })
  .strict();

/**
 * The `--mapping FILE` format: every key optional, only what differs from
 * the suggestion. `columns` maps a header to `"skip"`, a built-in field
 * name, or a custom field `{type, suffix?, multiple?, label?, items?}`;
 * `stages`, when given, replaces the whole kanban in order.
 */
export const mappingOverrideSchema = z
  .object({
    title: z.string().trim().min(1).max(255).optional(),
    key: z.object({ kind: z.enum(['column', 'composite', 'fingerprint']), columns: z.array(z.string()).min(1) }).strict().optional(),
    titleTemplate: z.string().min(1).optional(),
    columns: z.record(z.string(), z.union([z.literal('skip'), z.enum(BUILTINS), customSchema])).optional(),
    stages: z.array(stageSchema).min(1).optional(),
    users: z.record(z.string(), z.number().int().positive().nullable()).optional(),
    defaultUserId: z.number().int().positive().nullable().optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    /**
     * Cells edited in the app's preview: row key (or, with `key` empty, the sheet row `row`) + column → the text
     * to use while the sheet still says `sheetValue`.
     */
    overrides: z
      .array(
        z
          .object({ key: z.string(), row: rowAnchorSchema.optional(), column: z.string().min(1), value: z.string(), sheetValue: z.string() })
          .strict()
          .refine((edit) => edit.key !== '' || edit.row !== undefined, 'an edited cell names its row key, or its sheet row'),
      )
      .optional(),
    /** Create missing companies/contacts (default true); false links only what exists. */
    createClients: z.boolean().optional(),
    /** A column whose values split the rows into funnels (pipelines). */
    funnel: z.string().trim().min(1).optional(),
    /** The IANA time zone the sheet's dates and times are written in (default: this computer's). */
    timeZone: z.string().min(1).max(64).refine(isTimeZone, 'not a known IANA time zone such as "Europe/Moscow"').optional(),
  })
  .strict();

/** A validated `--mapping` file. */
export type MappingOverride = z.infer<typeof mappingOverrideSchema>;

/**
 * Validates a `--mapping` file's JSON text. Throws `INVALID_INPUT` naming
 * the first bad key (`columns.Сумма.type: …`).
 */
export function parseMappingOverride(text: string, fileName = 'mapping file'): MappingOverride {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError('INVALID_INPUT', `${fileName} is not valid JSON: ${(error as Error).message}`, { where: { file: fileName } });
  }
  const parsed = mappingOverrideSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.map(String).join('.') ?? '';
    throw new AppError('INVALID_INPUT', `${fileName}: ${path ? `${path}: ` : ''}${issue?.message ?? 'invalid mapping'}`, {
      hint: 'See the mapping format in the README (columns, stages, users, key).',
      where: { file: fileName },
    });
  }
  return parsed.data;
}

/**
 * The suggested mapping with the user's decisions laid over it, checked:
 * every named header exists, a built-in field is fed by one column at most,
 * the kanban has exactly one success stage, and key columns exist.
 */
export function applyMappingOverride(base: Mapping, override: MappingOverride): Mapping {
  const mapping: Mapping = structuredClone(base);
  const headers = new Set(mapping.columns.map((column) => column.header));
  const bad = (message: string): AppError => new AppError('INVALID_INPUT', `Mapping: ${message}`, { hint: 'Fix the mapping file and run again.' });
  if (override.title !== undefined) mapping.title = override.title;
  if (override.currency !== undefined) mapping.currency = override.currency;
  if (override.titleTemplate !== undefined) mapping.titleTemplate = override.titleTemplate;
  if (override.defaultUserId !== undefined) mapping.defaultUserId = override.defaultUserId;
  if (override.users) Object.assign(mapping.users, override.users);
  if (override.createClients !== undefined) mapping.createClients = override.createClients;
  if (override.timeZone !== undefined) mapping.timeZone = override.timeZone;

  if (override.columns) {
    const taken = new Set(mapping.columns.flatMap((column) => (column.target.kind === 'custom' ? [column.target.suffix] : [])));
    for (const [header, spec] of Object.entries(override.columns)) {
      const column = mapping.columns.find((candidate) => candidate.header === header);
      if (!column) throw bad(`the sheet has no column “${header}” (columns: ${[...headers].map((h) => `“${h}”`).join(', ')}).`);
      if (column.target.kind === 'custom') taken.delete(column.target.suffix);
      let target: ColumnTarget;
      if (spec === 'skip') target = { kind: 'skip' };
      else if (typeof spec === 'string') target = { kind: 'builtin', field: spec as BuiltinField };
      else {
        const previous = column.target.kind === 'custom' ? column.target : undefined;
        const suffix = spec.suffix ?? previous?.suffix ?? fieldSuffix(header, taken);
        if (spec.suffix !== undefined && taken.has(spec.suffix)) throw bad(`the field suffix ${spec.suffix} is used twice.`);
        taken.add(suffix);
        const checkedText = spec.type === 'email' || spec.type === 'phone';
        target = {
          kind: 'custom',
          suffix,
          userTypeId: checkedText ? 'string' : (spec.type as UserTypeId),
          multiple: spec.multiple ?? previous?.multiple ?? false,
          label: spec.label ?? previous?.label ?? header,
        };
        const items = spec.items ?? previous?.items;
        if (spec.type === 'enumeration') target.items = items ?? [];
        if (spec.values !== undefined) {
          const known = new Set(target.items ?? []);
          for (const [value, item] of Object.entries(spec.values)) {
            if (!known.has(item)) throw bad(`the value “${value}” of “${header}” maps to “${item}”, which is not one of its list items.`);
          }
          column.valueMap = { ...spec.values };
        }
        // The values are read as the field's type (long text stays text), so an e-mail column set to plain text is no longer checked as e-mails.
        column.type = spec.type === 'string' && column.type === 'text' ? 'text' : spec.type;
      }
      column.target = target;
    }
    // A built-in field the file gives to one column is taken from a column the file does not name
    // (inference made it the title, say): that column keeps its values as a field of its own,
    // as when a person picks another title in the app, instead of the file being refused.
    const claimed = new Set<string>(Object.values(override.columns).flatMap((spec) => (typeof spec === 'string' && spec !== 'skip' ? [spec] : [])));
    for (const column of mapping.columns) {
      if (column.target.kind !== 'builtin' || !claimed.has(column.target.field) || Object.hasOwn(override.columns, column.header)) continue;
      const userTypeId = USER_TYPE_FOR_COLUMN[column.type];
      // A list would need its items; the values then go as text, which loses nothing.
      column.target = { kind: 'custom', suffix: fieldSuffix(column.header, taken), userTypeId: userTypeId === 'enumeration' ? 'string' : userTypeId, multiple: false, label: column.header };
    }
  }
  const seen = new Map<BuiltinField, string>();
  for (const column of mapping.columns) {
    if (column.target.kind !== 'builtin') continue;
    const other = seen.get(column.target.field);
    if (other !== undefined) throw bad(`the built-in field ${column.target.field} is fed by both “${other}” and “${column.header}”.`);
    seen.set(column.target.field, column.header);
  }

  if (override.stages) {
    const taken = new Set<string>();
    const stages: StageMapping[] = override.stages.map((stage) => {
      if (stage.code !== undefined) {
        if (taken.has(stage.code)) throw bad(`the stage code ${stage.code} is used twice.`);
        taken.add(stage.code);
      }
      return {
        code: stage.code ?? '',
        name: stage.name,
        semantics: stage.semantics,
        color: stage.color ?? (stage.semantics === 'success' ? '#7BD500' : stage.semantics === 'failure' ? '#FF5752' : '#39A8EF'),
        values: stage.values ?? [stage.name],
      };
    });
    const defaults = { success: 'SUCCESS', failure: 'FAIL' } as const;
    let firstProcess = true;
    for (const stage of stages) {
      if (stage.code !== '') continue;
      if (stage.semantics === 'process' && firstProcess && !taken.has('NEW')) stage.code = 'NEW';
      else if (stage.semantics !== 'process' && !taken.has(defaults[stage.semantics])) stage.code = defaults[stage.semantics];
      else stage.code = stageCode(stage.name, taken);
      taken.add(stage.code);
      if (stage.semantics === 'process') firstProcess = false;
    }
    mapping.stages = orderStages(stages);
  }
  checkStages(mapping.stages, bad);

  if (override.key) {
    for (const header of override.key.columns) if (!headers.has(header)) throw bad(`the key column “${header}” is not in the sheet.`);
    if (override.key.kind === 'column' && override.key.columns.length !== 1) throw bad('a “column” key names exactly one column; use “composite” for several.');
    mapping.key = { kind: override.key.kind, columns: [...override.key.columns] };
  }
  if (override.overrides) mapping.overrides = checkOverrides(override.overrides, headers, mapping, bad);
  if (override.funnel !== undefined) {
    // The column's values pick each row's funnel; the funnels themselves are read from the sheet when planning.
    const column = mapping.columns.find((candidate) => candidate.header === override.funnel);
    if (!column) throw bad(`the funnel column “${override.funnel}” is not in the sheet (columns: ${[...headers].map((h) => `“${h}”`).join(', ')}).`);
    if (mapping.key.columns.includes(column.header)) throw bad(`the funnel column “${column.header}” is part of the row key; a row that changes funnel would look like a new row.`);
    if (column.target.kind === 'builtin' && column.target.field === 'stageId') throw bad(`“${column.header}” holds the stages; pick another column for the funnels.`);
    column.target = { kind: 'skip' };
    mapping.funnel = { column: column.header, categories: mapping.funnel?.column === column.header ? mapping.funnel.categories : [] };
  }
  return mapping;
}

/**
 * Preview edits must name a column of the sheet and never a column of a key
 * column or composite key (the key is what finds the row again, so it is fixed
 * in the sheet; a fingerprint is taken from the sheet's own text, so an edit
 * never changes which row it is); a later edit of the same cell replaces an earlier one.
 */
function checkOverrides(overrides: NonNullable<MappingOverride['overrides']>, headers: Set<string>, mapping: Mapping, bad: (message: string) => AppError): CellOverride[] {
  const byCell = new Map<string, CellOverride>();
  for (const edit of overrides) {
    if (!headers.has(edit.column)) throw bad(`an edited cell names the column “${edit.column}”, which is not in the sheet.`);
    if (mapping.key.kind !== 'fingerprint' && mapping.key.columns.includes(edit.column)) {
      throw bad(`the cell “${edit.column}” of ${edit.row ? `row ${edit.row.sourceRow}` : `row “${edit.key}”`} is part of the row key and cannot be edited here; change it in the sheet.`);
    }
    byCell.set(JSON.stringify(edit.row ? [edit.row.index, edit.row.cells, edit.column] : [edit.key, edit.column]), structuredClone(edit));
  }
  return [...byCell.values()];
}

/** In-progress stages first, then the success stage, then failures (the portal's required order). */
function orderStages(stages: StageMapping[]): StageMapping[] {
  const rank = { process: 0, success: 1, failure: 2 } as const;
  return stages.map((stage, index) => ({ stage, index })).sort((a, b) => rank[a.stage.semantics] - rank[b.stage.semantics] || a.index - b.index).map(({ stage }) => stage);
}

function checkStages(stages: readonly StageMapping[], bad: (message: string) => AppError): void {
  if (stages.length === 0) return;
  const successes = stages.filter((stage) => stage.semantics === 'success');
  if (successes.length !== 1) {
    throw bad(`a kanban has exactly one success stage; this one has ${successes.length}${successes.length > 1 ? ` (${successes.map((s) => `“${s.name}”`).join(', ')}): make the others in-progress stages` : ''}.`);
  }
  if (!stages.some((stage) => stage.semantics === 'failure')) throw bad('a kanban needs at least one failure stage.');
  if (!stages.some((stage) => stage.semantics === 'process')) throw bad('a kanban needs at least one in-progress stage.');
  const values = new Map<string, string>();
  for (const stage of stages) {
    for (const value of stage.values) {
      const other = values.get(value);
      if (other !== undefined) throw bad(`the value “${value}” is mapped to both stages “${other}” and “${stage.name}”.`);
      values.set(value, stage.name);
    }
  }
}
