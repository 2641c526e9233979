import type { Mapping } from '../../../../shared/sheet/mapping/types';

/**
 * The header of the column sent as the item's title, or undefined when none is.
 */
export function titleColumn(mapping: Mapping): string | undefined {
  return mapping.columns.find((column) => column.target.kind === 'builtin' && column.target.field === 'title')?.header;
}

/**
 * The template that titles items from other columns (`{Request ID}`), when no
 * column goes to the title and the suggestion found one; only the columns it
 * names that still exist count.
 */
export function titleTemplate(mapping: Mapping): string | undefined {
  if (titleColumn(mapping) !== undefined || mapping.titleTemplate === undefined) return undefined;
  const headers = new Set(mapping.columns.map((column) => column.header));
  const named = [...mapping.titleTemplate.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
  return named.length > 0 && named.every((header) => headers.has(header)) ? mapping.titleTemplate : undefined;
}

/**
 * True when every card gets a name: a title column, or a template made of the
 * row's own columns. Without either every card would be nameless in the
 * kanban, so the app asks for a title column before it creates anything.
 */
export function itemsHaveTitle(mapping: Mapping): boolean {
  return titleColumn(mapping) !== undefined || titleTemplate(mapping) !== undefined;
}
