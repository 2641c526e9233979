import type { ProjectFile } from '../../sheet/project/types';
import type { SyncResult } from './sync';

/**
 * The diff with the sheet's column headers in place of portal field names
 * (`stageId` → “Статус”, `UF_CRM_3_NOTE` → “Note”), as a person reads it.
 */
export function withColumnNames(result: SyncResult, project: ProjectFile): SyncResult {
  const names = new Map<string, string>();
  for (const column of project.mapping.columns) {
    if (column.target.kind === 'builtin') names.set(column.target.field, column.header);
    if (column.target.kind === 'builtin' && column.target.field === 'opportunity') names.set('currencyId', column.header);
  }
  for (const field of project.fields) names.set(field.fieldName, field.column);
  const label = (field: string): string => names.get(field) ?? field;
  return {
    ...result,
    diff: result.diff.map((change) => ({ ...change, fields: [...new Set(change.fields.map(label))], ...(change.values ? { values: change.values.map((value) => ({ ...value, field: label(value.field) })) } : {}), conflicts: [...new Set(change.conflicts.map(label))] })),
  };
}
