import type { Mapping } from '../../../../shared/sheet/mapping/types';

/**
 * The header of the column sent as the item's title, or undefined when none
 * is: then every card would be nameless in the kanban, so the app asks for one
 * before it creates anything.
 */
export function titleColumn(mapping: Mapping): string | undefined {
  return mapping.columns.find((column) => column.target.kind === 'builtin' && column.target.field === 'title')?.header;
}
