import type { ColumnMapping, ColumnTarget, Mapping } from '../../../../shared/sheet/mapping/types';

type CustomTarget = Extract<ColumnTarget, { kind: 'custom' }>;

/** A list column's sheet values and the list items they become. */
export interface ListView {
  /** Index of the column in `mapping.columns`. */
  index: number;
  header: string;
  /** The field's items, in order. */
  items: string[];
  /** Every value seen in the sheet, with the item it becomes (undefined: none, the row cannot be sent). */
  values: Array<{ value: string; item: string | undefined }>;
}

const norm = (text: string): string => text.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();

/** The item a sheet value becomes, the way the core reads it (value map first, then exact, then case/space/ё-insensitive). */
export function itemFor(column: ColumnMapping, items: readonly string[], value: string): string | undefined {
  const wanted = column.valueMap?.[value] ?? value;
  return items.find((item) => item === wanted) ?? items.find((item) => norm(item) === norm(wanted));
}

/** The list columns (new list fields) of a mapping, each with its sheet values; `sheetValues` by header (from the inferred schema). */
export function listViews(mapping: Mapping, sheetValues: Readonly<Record<string, readonly string[]>>): ListView[] {
  return mapping.columns.flatMap((column, index) => {
    const target = column.target;
    if (target.kind !== 'custom' || target.userTypeId !== 'enumeration') return [];
    const items = target.items ?? [];
    // Without the sheet's values (a column switched to "List" by hand), the items stand for them.
    const sheet = sheetValues[column.header] ?? [];
    const seen = [...(sheet.length > 0 ? sheet : items), ...Object.keys(column.valueMap ?? {})];
    const values = [...new Set(seen)].map((value) => ({ value, item: itemFor(column, items, value) }));
    return [{ index, header: column.header, items: [...items], values }];
  });
}

function withList(mapping: Mapping, index: number, change: (target: CustomTarget, valueMap: Record<string, string>) => { items: string[]; valueMap: Record<string, string> }): Mapping {
  return {
    ...mapping,
    columns: mapping.columns.map((column, i) => {
      if (i !== index || column.target.kind !== 'custom') return column;
      const next = change(column.target, { ...(column.valueMap ?? {}) });
      const updated: ColumnMapping = { ...column, target: { ...column.target, items: next.items } };
      if (Object.keys(next.valueMap).length > 0) updated.valueMap = next.valueMap;
      else delete updated.valueMap;
      return updated;
    }),
  };
}

/** Items no sheet value lands on any more are dropped, so the field is created without dead options. */
function dropUnused(items: string[], valueMap: Record<string, string>, sheetValues: readonly string[]): string[] {
  const used = new Set([...sheetValues.map((value) => valueMap[value] ?? value), ...Object.values(valueMap)].map(norm));
  return items.filter((item) => used.has(norm(item)));
}

/**
 * Makes sheet value `value` of list column `index` become item `item`
 * (merging spellings such as “опт.” into “опт”); `item` undefined makes the
 * value its own item again.
 */
export function mapListValue(mapping: Mapping, index: number, value: string, item: string | undefined, sheetValues: readonly string[]): Mapping {
  return withList(mapping, index, (target, valueMap) => {
    let items = [...(target.items ?? [])];
    if (item === undefined || item === value) {
      delete valueMap[value];
      if (!items.some((candidate) => norm(candidate) === norm(value))) items.push(value);
    } else {
      valueMap[value] = item;
      // Values that pointed at `value` as an item now follow it into `item`.
      for (const [other, target] of Object.entries(valueMap)) if (target === value) valueMap[other] = item;
    }
    items = dropUnused(items, valueMap, sheetValues);
    return { items, valueMap };
  });
}

/** Renames item `from` of list column `index` to `to`; every sheet value that became `from` becomes `to`. */
export function renameListItem(mapping: Mapping, index: number, from: string, to: string, sheetValues: readonly string[]): Mapping {
  const name = to.trim();
  if (name === '' || name === from) return mapping;
  return withList(mapping, index, (target, valueMap) => {
    const column = mapping.columns[index]!;
    const items = (target.items ?? []).filter((item) => item !== name).map((item) => (item === from ? name : item));
    for (const value of sheetValues) if (itemFor(column, target.items ?? [], value) === from && value !== name) valueMap[value] = name;
    for (const [value, item] of Object.entries(valueMap)) {
      if (item === from) valueMap[value] = name;
      if (value === name) delete valueMap[value];
    }
    return { items, valueMap };
  });
}
