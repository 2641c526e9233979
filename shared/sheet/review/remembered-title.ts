import type { ColumnTarget, Mapping } from '../mapping/types';

/**
 * The mapping with `header` as the item title, as the person chose it when
 * they had the file open before: the column the suggestion made the title
 * becomes the new field it would otherwise be. Unchanged when the sheet no
 * longer has that column.
 */
export function withRememberedTitle(mapping: Mapping, header: string, customTargets: Extract<ColumnTarget, { kind: 'custom' }>[]): Mapping {
  const index = mapping.columns.findIndex((column) => column.header === header);
  const chosen = mapping.columns[index];
  if (!chosen || (chosen.target.kind === 'builtin' && chosen.target.field === 'title')) return mapping;
  const columns = mapping.columns.map((column, i) => {
    if (i === index) return { ...column, target: { kind: 'builtin', field: 'title' } as const };
    if (column.target.kind === 'builtin' && column.target.field === 'title' && customTargets[i]) return { ...column, target: customTargets[i]! };
    return column;
  });
  return { ...mapping, columns };
}
