import { fieldKinds, resolveItemFields, sameAsStored, valueHash, type ResolveContext } from '../../sheet/plan/resolve-item-fields';
import type { PreparedRow } from '../../sheet/plan/types';
import { pairChangedRows } from './pair-changed-rows';
import type { RowState, SyncState } from './sync-state';

/** What to do with a field edited in the portal since the last sync. */
export type ConflictPolicy = 'sheet-wins' | 'portal-wins' | 'skip';

/** What to do with a row that left the sheet. */
export type RemovedPolicy = { kind: 'keep' } | { kind: 'delete' } | { kind: 'stage'; code: string; name: string };

/**
 * One row's outcome. `fields` is what to send (create: every value;
 * update: only the changed fields). `conflicts` names portal-edited fields.
 */
export interface RowDiff {
  key: string;
  sourceRow?: number;
  itemId?: number;
  action: 'create' | 'recreate' | 'update' | 'unchanged' | 'skip' | 'remove';
  fields: Record<string, unknown>;
  changed: string[];
  /** The portal's current value of each field in `changed` (update, stage move), so a person sees old → new. */
  before?: Record<string, unknown>;
  conflicts: string[];
  removal?: 'keep' | 'delete' | 'stage';
  /** The key this row had before its content changed (a sheet keyed by content): the item of that key is updated, never a new one made. */
  pairedFrom?: string;
}

/** Input of `diffRows`. `items` are the portal's items by id; `known` the journal's key → item id. */
export interface DiffInput {
  rows: readonly PreparedRow[];
  ctx: ResolveContext;
  state: SyncState;
  known: ReadonlyMap<string, number>;
  items: ReadonlyMap<number, Record<string, unknown>>;
  xmlIdPrefix: string;
  conflicts: ConflictPolicy;
  removed: RemovedPolicy;
  /** Every key in the sheet, rows that failed to prepare included: those are not "removed". */
  sheetKeys?: ReadonlySet<string>;
  /** A row's item fields when they depend on more than `ctx` (funnels: each row's funnel and its stages); default `resolveItemFields(row.values, ctx, mode)`. */
  resolve?: RowResolver;
  /** With funnels: the stage id of a stage code in a given funnel (category), undefined when that funnel has no such stage. */
  stageIn?: (categoryId: number, code: string) => string | undefined;
  /**
   * The sheet is keyed by its rows' content: a changed row comes back under a
   * new key, so new and gone rows are paired up (`pairChangedRows`) where they
   * are clearly one row.
   */
  pairByContent?: boolean;
}

/** A row's item fields for create or update. */
export type RowResolver = (row: PreparedRow, mode: 'create' | 'update') => Record<string, unknown>;

/**
 * The three-way diff of a sync: the sheet now, the portal now, and both as
 * they were after the last run (per-field hashes in the state). A field the
 * sheet changed and the portal did not is sent; a field the portal changed
 * is a conflict settled by the policy; equal values are left alone, so a
 * second sync after a first finds nothing to do. Pure.
 */
export function diffRows(input: DiffInput): RowDiff[] {
  const kinds = fieldKinds(input.ctx);
  const resolve: RowResolver = input.resolve ?? ((row, mode) => resolveItemFields(row.values, input.ctx, mode));
  const byXmlId = new Map<string, number>();
  for (const [id, item] of input.items) if (typeof item['xmlId'] === 'string') byXmlId.set(item['xmlId'], id);
  const out: RowDiff[] = [];
  const seen = new Set<string>(input.sheetKeys ?? []);

  const update = (row: PreparedRow, itemId: number, item: Record<string, unknown>, rowState: RowState | undefined): RowDiff => {
    const desired = resolve(row, 'update');
    const send: Record<string, unknown> = {};
    const before: Record<string, unknown> = {};
    const changed: string[] = [];
    const conflicts: string[] = [];
    for (const [key, value] of Object.entries(desired)) {
      const kind = kinds[key] ?? 'text';
      const sheet = valueHash(kind, value);
      const portal = valueHash(kind, item[key]);
      if (sheet === portal) continue;
      const last = rowState?.fields[key];
      // A datetime state kept as wall-clock text (older versions) matching the portal: not an edit there, and the
      // value is sent again, since it was written without the sheet zone's offset.
      const legacy = last !== undefined && last.portal !== portal && sameAsStored(kind, item[key], last.portal);
      const portalEdited = last !== undefined && last.portal !== portal && !legacy;
      const sheetEdited = last === undefined || last.sheet !== sheet || legacy;
      if (!portalEdited) {
        // An empty sheet value never overwrites a value the portal filled in by itself (defaults).
        if (!sheetEdited) continue;
        send[key] = value;
        before[key] = item[key];
        changed.push(key);
        continue;
      }
      conflicts.push(key);
      if (input.conflicts === 'sheet-wins') {
        send[key] = value;
        before[key] = item[key];
        changed.push(key);
      }
    }
    const skip = conflicts.length > 0 && input.conflicts === 'skip';
    return {
      key: row.key,
      sourceRow: row.sourceRow,
      itemId,
      action: skip ? 'skip' : changed.length > 0 ? 'update' : 'unchanged',
      fields: skip ? {} : send,
      changed: skip ? [] : changed,
      ...(skip || changed.length === 0 ? {} : { before }),
      conflicts,
    };
  };

  for (const row of input.rows) {
    seen.add(row.key);
    const stored = input.state.rows[row.key];
    // A key whose row changed and whose item went to the row's new key names no item any more.
    const renamed = stored?.gone === 'renamed';
    const rowState = renamed ? undefined : stored;
    const xmlId = `${input.xmlIdPrefix}:${row.key}`;
    let itemId = renamed ? byXmlId.get(xmlId) : (rowState?.itemId ?? input.known.get(row.key) ?? byXmlId.get(xmlId));
    // An item recreated by an earlier run whose answer was lost carries the row's xmlId: use it, never create a third.
    const recovered = byXmlId.get(xmlId);
    if (itemId !== undefined && !input.items.has(itemId) && recovered !== undefined) itemId = recovered;
    if (itemId === undefined) {
      out.push({ key: row.key, sourceRow: row.sourceRow, action: 'create', fields: resolve(row, 'create'), changed: [], conflicts: [] });
      continue;
    }
    const item = input.items.get(itemId);
    if (!item) {
      // Deleted in the portal (or by a `--removed delete` sync, and now back in the sheet).
      const deletedByUs = rowState?.gone === 'deleted';
      const recreate = deletedByUs || input.conflicts === 'sheet-wins';
      out.push({
        key: row.key,
        sourceRow: row.sourceRow,
        itemId,
        action: recreate ? 'recreate' : 'skip',
        fields: recreate ? resolve(row, 'create') : {},
        changed: [],
        conflicts: deletedByUs ? [] : ['(item deleted in the portal)'],
      });
      continue;
    }
    out.push(update(row, itemId, item, rowState));
  }

  const gone = new Set<string>();
  for (const [key, rowState] of Object.entries(input.state.rows)) if (!seen.has(key) && !rowState.gone) gone.add(key);
  for (const [key] of input.known) if (!seen.has(key) && input.state.rows[key] === undefined) gone.add(key);
  if (input.pairByContent) pairRows(input, out, gone, kinds, resolve, update);
  // An item a row of the sheet holds is never removed for another key (a changed row whose new key reached the item, its answer lost).
  const held = new Set(out.flatMap((change) => (change.itemId !== undefined && change.action !== 'create' && change.action !== 'recreate' ? [change.itemId] : [])));
  for (const key of gone) if (held.has(input.state.rows[key]?.itemId ?? input.known.get(key)!)) gone.delete(key);
  for (const key of gone) {
    const itemId = input.state.rows[key]?.itemId ?? input.known.get(key)!;
    const policy = input.removed;
    const item = input.items.get(itemId);
    if (policy.kind === 'stage') {
      // Stage ids belong to a funnel: an item is moved within its own funnel, and kept where that funnel has no such stage.
      const stageId = input.stageIn && item !== undefined && item['categoryId'] !== undefined ? input.stageIn(Number(item['categoryId']), policy.code) : input.ctx.stageIds[policy.code];
      const move = item !== undefined && stageId !== undefined && item['stageId'] !== stageId;
      if (item !== undefined && stageId === undefined) out.push({ key, itemId, action: 'remove', removal: 'keep', fields: {}, changed: [], conflicts: [] });
      else out.push({ key, itemId, action: 'remove', removal: 'stage', fields: move ? { stageId } : {}, changed: move ? ['stageId'] : [], ...(move ? { before: { stageId: item['stageId'] } } : {}), conflicts: [] });
    } else if (policy.kind === 'delete') {
      out.push({ key, itemId, action: 'remove', removal: item === undefined ? 'keep' : 'delete', fields: {}, changed: [], conflicts: [] });
    } else {
      out.push({ key, itemId, action: 'remove', removal: 'keep', fields: {}, changed: [], conflicts: [] });
    }
  }
  return out;
}

/**
 * Turns each new row that is clearly a changed gone row into an update of
 * that row's item (`pairedFrom`), and takes the gone row off the removals.
 */
function pairRows(
  input: DiffInput,
  out: RowDiff[],
  gone: Set<string>,
  kinds: ReturnType<typeof fieldKinds>,
  resolve: RowResolver,
  update: (row: PreparedRow, itemId: number, item: Record<string, unknown>, rowState: RowState | undefined) => RowDiff,
): void {
  const rowsByKey = new Map(input.rows.map((row) => [row.key, row]));
  const hashes = (fields: Record<string, unknown>): Record<string, string> => Object.fromEntries(Object.entries(fields).map(([field, value]) => [field, valueHash(kinds[field] ?? 'text', value)]));
  const created = out.flatMap((change) => {
    const row = change.action === 'create' ? rowsByKey.get(change.key) : undefined;
    return row ? [{ key: row.key, sourceRow: row.sourceRow, fields: hashes(resolve(row, 'update')) }] : [];
  });
  const itemOf = (key: string): number | undefined => input.state.rows[key]?.itemId ?? input.known.get(key);
  const goneRows = [...gone].flatMap((key) => {
    const itemId = itemOf(key);
    const item = itemId === undefined ? undefined : input.items.get(itemId);
    if (!item) return [];
    const rowState = input.state.rows[key];
    // What the sheet last said for each field; the portal's value where no state was kept.
    const fields = rowState && Object.keys(rowState.fields).length > 0 ? Object.fromEntries(Object.entries(rowState.fields).map(([field, state]) => [field, state.sheet])) : hashes(item);
    return [{ key, fields, ...(rowState?.row !== undefined ? { lastRow: rowState.row } : {}) }];
  });
  const stayed = out.flatMap((change) => {
    const lastRow = change.itemId !== undefined && change.action !== 'create' ? input.state.rows[change.key]?.row : undefined;
    return lastRow !== undefined && change.sourceRow !== undefined && input.state.rows[change.key]?.gone === undefined ? [{ lastRow, row: change.sourceRow }] : [];
  });
  const createAt = new Map<string, number>();
  out.forEach((change, index) => {
    if (change.action === 'create') createAt.set(change.key, index);
  });
  for (const pair of pairChangedRows(created, goneRows, stayed, kinds)) {
    const at = createAt.get(pair.newKey)!;
    const itemId = itemOf(pair.goneKey)!;
    out[at] = { ...update(rowsByKey.get(pair.newKey)!, itemId, input.items.get(itemId)!, input.state.rows[pair.goneKey]), pairedFrom: pair.goneKey };
    gone.delete(pair.goneKey);
  }
}
