import type { SavedPortal } from '../../../../shared/portal/portals/types';

/**
 * The address of a smart process's kanban (one funnel) in a real portal, or
 * undefined on the sandbox, which has no web interface. The origin is the
 * portal's own address; the webhook and its secret are never part of it.
 */
export function kanbanUrl(portal: Pick<SavedPortal, 'kind' | 'origin'> | undefined, entityTypeId: number | null, categoryId: number | null): string | undefined {
  if (!portal || portal.kind !== 'webhook' || entityTypeId === null) return undefined;
  return `${portal.origin}/crm/type/${entityTypeId}/kanban/category/${categoryId ?? 0}/`;
}
