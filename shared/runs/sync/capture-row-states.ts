import type { BitrixClient } from '../../portal/bitrix/bitrix-client';
import { fieldKinds, resolveItemFields, valueHash, type ResolveContext } from '../../sheet/plan/resolve-item-fields';
import type { PreparedRow } from '../../sheet/plan/types';
import { readItems } from './read-items';
import type { FieldState, SyncState } from './sync-state';

/** The field state of one row: what the sheet holds now, and what the portal holds now. */
export function rowFieldStates(desired: Record<string, unknown>, item: Record<string, unknown>, ctx: ResolveContext): Record<string, FieldState> {
  const kinds = fieldKinds(ctx);
  const out: Record<string, FieldState> = {};
  for (const [key, value] of Object.entries(desired)) {
    const kind = kinds[key] ?? 'text';
    out[key] = { sheet: valueHash(kind, value), portal: valueHash(kind, item[key]) };
  }
  return out;
}

/**
 * Reads the given items back and records, per field, the hash of the
 * sheet's value and of the value the portal actually holds (defaults it
 * filled in, its own formatting), so the next sync tells edits on either
 * side from mere formatting.
 */
export async function captureRowStates(
  client: BitrixClient,
  ctx: ResolveContext,
  rows: ReadonlyArray<{ key: string; itemId: number; row: PreparedRow }>,
  state: SyncState,
  signal?: AbortSignal,
  /** A row's fields when they depend on more than `ctx` (funnels); see `DiffInput.resolve`. */
  resolve?: (row: PreparedRow, mode: 'update') => Record<string, unknown>,
): Promise<void> {
  if (rows.length === 0) return;
  const desired = rows.map((entry) => (resolve ? resolve(entry.row, 'update') : resolveItemFields(entry.row.values, ctx, 'update')));
  const select = [...new Set(desired.flatMap((fields) => Object.keys(fields)))];
  // Many rows: one walk over the whole type (10 pages a request) beats 50-id look-ups.
  const ids = rows.length > 200 ? undefined : rows.map((entry) => entry.itemId);
  const items = await readItems(client, ctx.entityTypeId, select, ids, signal);
  rows.forEach((entry, index) => {
    const item = items.get(entry.itemId);
    if (!item) return;
    const previous = state.rows[entry.key];
    // Fields not written this time (a column missing from this version of the sheet) keep their state.
    const kept = previous !== undefined && previous.itemId === entry.itemId ? previous.fields : {};
    state.rows[entry.key] = { itemId: entry.itemId, fields: { ...kept, ...rowFieldStates(desired[index]!, item, ctx) }, row: entry.row.sourceRow };
  });
}
