import type { Mapping } from '../../sheet/mapping/types';

// Titles the portal uses for standard fields in its messages (as `crm.item.fields` and the English UI name them).
const STANDARD_TITLES: Record<string, string> = {
  name: 'title',
  title: 'title',
  stage: 'stageId',
  'responsible person': 'assignedById',
  responsible: 'assignedById',
  amount: 'opportunity',
  currency: 'currencyId',
  'start date': 'begindate',
  'end date': 'closedate',
  company: 'companyId',
  contacts: 'contactIds',
  contact: 'contactIds',
  observers: 'observers',
  'created on': 'createdTime',
  created: 'createdTime',
};

/**
 * The sheet column behind a field a portal error names (its key, its UF
 * name or its title), so a failure points at a column a person knows.
 * Undefined when no column feeds it.
 */
export function columnForField(field: string, mapping: Mapping, typeId: number | null): string | undefined {
  const lower = field.toLowerCase();
  const builtin = STANDARD_TITLES[lower] ?? field;
  for (const column of mapping.columns) {
    const target = column.target;
    if (target.kind === 'builtin' && (target.field === builtin || (builtin === 'currencyId' && target.field === 'opportunity'))) return column.header;
    if (target.kind === 'custom' && (target.label === field || target.suffix === field || (typeId !== null && `UF_CRM_${typeId}_${target.suffix}` === field))) return column.header;
  }
  return undefined;
}
