import type { ClientRecord, ItemRecord, PortalData, TypeRecord, UserFieldRecord } from './portal-data';

/**
 * The live portal: the persisted data plus the indexes handlers need. Handlers
 * mutate through it and call `touch()` so the store knows to write.
 */
export class Portal {
  private readonly itemsByType = new Map<number, Map<number, ItemRecord>>();
  private version = 0;
  /** Newest createdTime per type; undefined entries are recomputed, since deletes can lower it. */
  private readonly newestCreated = new Map<number, number>();

  constructor(readonly data: PortalData) {
    for (const [etid, items] of Object.entries(data.items)) {
      this.itemsByType.set(Number(etid), new Map(items.map((item) => [item.id, item])));
    }
  }

  /** Next id from a named sequence. */
  nextId(sequence: string): number {
    const next = (this.data.seq[sequence] ?? 0) + 1;
    this.data.seq[sequence] = next;
    return next;
  }

  /** Marks the state changed since the last save. */
  touch(): void {
    this.version += 1;
  }

  /** Monotonic change counter, for the store's single-flight writer. */
  get changeVersion(): number {
    return this.version;
  }

  typeById(id: number): TypeRecord | undefined {
    return this.data.types.find((type) => type.id === id);
  }

  typeByEntityTypeId(entityTypeId: number): TypeRecord | undefined {
    return this.data.types.find((type) => type.entityTypeId === entityTypeId);
  }

  /** Custom fields of a type, in `sort`, `id` order, the portal's default order. */
  userFieldsOf(type: TypeRecord): UserFieldRecord[] {
    const entityId = `CRM_${type.id}`;
    return this.data.userFields.filter((field) => field.entityId === entityId).sort((a, b) => a.sort - b.sort || a.id - b.id);
  }

  items(entityTypeId: number): Map<number, ItemRecord> {
    let map = this.itemsByType.get(entityTypeId);
    if (map === undefined) {
      map = new Map();
      this.itemsByType.set(entityTypeId, map);
    }
    return map;
  }

  dropItems(entityTypeId: number): void {
    this.itemsByType.delete(entityTypeId);
    this.newestCreated.delete(entityTypeId);
  }

  /** Stores a new item and keeps the newest-createdTime index current. */
  addItem(entityTypeId: number, item: ItemRecord): void {
    this.items(entityTypeId).set(item.id, item);
    const created = item.values['createdTime'];
    if (typeof created === 'number' && this.newestCreated.has(entityTypeId)) {
      this.newestCreated.set(entityTypeId, Math.max(this.newestCreated.get(entityTypeId) ?? 0, created));
    }
  }

  /** Removes an item. */
  deleteItem(entityTypeId: number, id: number): void {
    this.items(entityTypeId).delete(id);
    this.newestCreated.delete(entityTypeId);
  }

  /** The newest createdTime among a type's items (import must not go back in time). */
  newestCreatedTime(entityTypeId: number): number | undefined {
    if (!this.newestCreated.has(entityTypeId)) {
      let newest = Number.NEGATIVE_INFINITY;
      for (const item of this.items(entityTypeId).values()) {
        const created = item.values['createdTime'];
        if (typeof created === 'number' && created > newest) newest = created;
      }
      this.newestCreated.set(entityTypeId, newest);
    }
    const value = this.newestCreated.get(entityTypeId);
    return value === undefined || value === Number.NEGATIVE_INFINITY ? undefined : value;
  }

  clients(kind: 'contact' | 'company' | 'deal'): ClientRecord[] {
    if (kind === 'deal') return (this.data.deals ??= []);
    return kind === 'contact' ? this.data.contacts : this.data.companies;
  }

  /** A JSON-ready snapshot (items copied out of the indexes). */
  snapshot(): PortalData {
    const items: Record<string, ItemRecord[]> = {};
    for (const [etid, map] of this.itemsByType) if (map.size > 0) items[String(etid)] = [...map.values()];
    return { ...this.data, items };
  }

  /** Item counts and `xmlId` sharing per type, for stats. */
  itemStats(): { counts: Record<string, number>; duplicates: Record<string, { keys: number; extraItems: number }> } {
    const counts: Record<string, number> = {};
    const duplicates: Record<string, { keys: number; extraItems: number }> = {};
    for (const [etid, map] of this.itemsByType) {
      if (map.size === 0) continue;
      counts[String(etid)] = map.size;
      const seen = new Map<string, number>();
      for (const item of map.values()) {
        const xmlId = item.values['xmlId'];
        if (typeof xmlId === 'string' && xmlId !== '') seen.set(xmlId, (seen.get(xmlId) ?? 0) + 1);
      }
      let keys = 0;
      let extraItems = 0;
      for (const count of seen.values()) {
        if (count > 1) {
          keys += 1;
          extraItems += count - 1;
        }
      }
      if (keys > 0) duplicates[String(etid)] = { keys, extraItems };
    }
    return { counts, duplicates };
  }
}
