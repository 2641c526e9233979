/**
 * The one adapter between the mapping/project and the automation plan: if
 * the mapping's shape changes, only this file follows it.
 */
import { AppError } from '../../base/errors/errors';
import type { ColumnMapping, Mapping } from '../../sheet/mapping/types';
import type { ProjectField, ProjectStage } from '../../sheet/project/types';
import type { AutomationFieldInput, AutomationInput } from './types';

/** Where the smart process lives; `stages`/`fields` are what the portal created, when known. */
export interface AutomationTarget {
  entityTypeId: number;
  /** The type's `id` (names custom fields `UF_CRM_<id>_…`); null before the type exists. */
  typeId: number | null;
  categoryId: number;
  stages?: readonly ProjectStage[];
  fields?: readonly ProjectField[];
}

const BUILTIN_CODES: Record<string, string> = {
  title: 'TITLE',
  stageId: 'STAGE_ID',
  assignedById: 'ASSIGNED_BY_ID',
  opportunity: 'OPPORTUNITY',
  begindate: 'BEGINDATE',
  closedate: 'CLOSEDATE',
  companyId: 'COMPANY_ID',
  contactIds: 'CONTACT_IDS',
  observers: 'OBSERVER_IDS',
};

const DUE_WORDS = /срок|дедлайн|крайн|действует до|оплатить до|\bдо\b|due|deadline|expir|valid until/i;
const DEAL_WORDS = /сделк|\bdeals?\b/i;

function kindOf(column: ColumnMapping): AutomationFieldInput['kind'] {
  switch (column.type) {
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'integer':
    case 'double':
      return 'number';
    case 'money':
      return 'money';
    case 'employee':
      return 'employee';
    case 'boolean':
      return 'boolean';
    case 'enumeration':
      return 'enumeration';
    case 'text':
      return 'text';
    default:
      return 'other';
  }
}

function fieldOf(column: ColumnMapping, target: AutomationTarget): AutomationFieldInput | null {
  const t = column.target;
  if (t.kind === 'skip') return null;
  if (t.kind === 'builtin') {
    const code = BUILTIN_CODES[t.field];
    return code === undefined ? null : { code, label: column.header, kind: kindOf(column) };
  }
  const created = target.fields?.find((field) => field.suffix === t.suffix || field.column === column.header);
  const code = created?.fieldName ?? `UF_CRM_${target.typeId ?? 0}_${t.suffix}`;
  return { code: code.toUpperCase(), label: t.label || column.header, kind: kindOf(column) };
}

/**
 * Builds the plan's input from a mapping and where its smart process lives.
 *
 * The due date is the column mapped to `closedate`, else a date column whose
 * header reads like a deadline; the deal link is a column whose header names
 * deals and that is not the title. Stage ids come from the created stages,
 * else `DT<entityTypeId>_<categoryId>:<code>`.
 */
export function automationInputFromMapping(mapping: Mapping, target: AutomationTarget): AutomationInput {
  const fields: AutomationFieldInput[] = [];
  let dueDate: AutomationFieldInput | null = null;
  let dueGuess: AutomationFieldInput | null = null;
  let dealLink: AutomationInput['dealLink'] = null;
  for (const column of mapping.columns) {
    const field = fieldOf(column, target);
    if (field === null) continue;
    if (mapping.key.kind !== 'fingerprint' && mapping.key.columns.length === 1 && mapping.key.columns[0] === column.header) field.isKey = true;
    if (field.code !== 'STAGE_ID') fields.push(field);
    const t = column.target;
    if (t.kind === 'builtin' && t.field === 'closedate') dueDate = field;
    else if (dueGuess === null && (field.kind === 'date' || field.kind === 'datetime') && DUE_WORDS.test(column.header)) dueGuess = field;
    if (dealLink === null && DEAL_WORDS.test(column.header) && field.code !== 'TITLE') dealLink = { column: column.header, field };
  }
  const stages = mapping.stages.map((stage) => {
    const created = target.stages?.find((s) => s.code === stage.code);
    return { code: stage.code, statusId: created?.statusId ?? `DT${target.entityTypeId}_${target.categoryId}:${stage.code}`, name: stage.name, semantics: stage.semantics };
  });
  return {
    title: mapping.title,
    language: mapping.language,
    entityTypeId: target.entityTypeId,
    categoryId: target.categoryId,
    stages,
    hasResponsible: mapping.columns.some((column) => column.target.kind === 'builtin' && column.target.field === 'assignedById'),
    dueDate: dueDate ?? dueGuess,
    fields,
    dealLink,
  };
}

/** The plan's input from a saved project; `NOT_FOUND` while the smart process does not exist yet. */
export function automationInputFromProject(project: {
  mapping: Mapping;
  smartProcess: { entityTypeId: number | null; typeId: number | null; categoryId: number | null };
  stages: readonly ProjectStage[];
  fields: readonly ProjectField[];
  funnels?: readonly unknown[];
}): AutomationInput {
  const { entityTypeId, typeId, categoryId } = project.smartProcess;
  if (entityTypeId === null) {
    throw new AppError('NOT_FOUND', 'The smart process of this project has not been created yet.', { hint: 'Run spmigrate migrate first; starter automation is attached after the items are loaded.', appHint: 'Create the smart process first (the Create tab); starter automation is attached after the items are loaded.', params: { reason: 'typeNotCreated' } });
  }
  // With a funnel column each funnel has only the stages its rows use: the default funnel's are the project's stages.
  const mapping = project.funnels && project.funnels.length > 0 ? { ...project.mapping, stages: project.mapping.stages.filter((stage) => project.stages.some((created) => created.code === stage.code)) } : project.mapping;
  return automationInputFromMapping(mapping, { entityTypeId, typeId, categoryId: categoryId ?? 0, stages: project.stages, fields: project.fields });
}
