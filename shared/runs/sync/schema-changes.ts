import type { Schema } from '../../sheet/inference/types';
import { stageCode } from '../../sheet/mapping/stage-code';
import { customTarget, distinctValues } from '../../sheet/mapping/suggest-mapping';
import type { ColumnMapping, Mapping, StageMapping } from '../../sheet/mapping/types';
import { splitMulti } from '../../sheet/mapping/split-multi';
import { stageForValue } from '../../sheet/plan/prepare-rows';
import { cellText } from '../../sheet/spreadsheet/cell-text';
import type { SheetTable } from '../../sheet/spreadsheet/types';

/**
 * How a new version of the sheet differs in shape from the mapping:
 * columns are matched by header.
 */
export interface SchemaChanges {
  /** New columns, each with the custom field it would become. */
  newColumns: ColumnMapping[];
  /** Mapped columns the sheet no longer has (their fields are left alone). */
  missingColumns: string[];
  /** New stage values, as new in-progress stages. */
  newStages: StageMapping[];
  /** New values of list columns, by header; `rows` is how many rows hold at least one of them (they cannot be sent until the values are added). */
  newItems: Array<{ header: string; items: string[]; rows: number }>;
}

/** True when nothing in the sheet's shape changed. */
export function isEmptyChange(changes: SchemaChanges): boolean {
  return changes.newColumns.length === 0 && changes.newStages.length === 0 && changes.newItems.length === 0;
}

/** Compares the sheet with the mapping; pure. */
export function detectSchemaChanges(mapping: Mapping, table: SheetTable, schema: Schema): SchemaChanges {
  const known = new Set(mapping.columns.map((column) => column.header));
  const taken = new Set(mapping.columns.flatMap((column) => (column.target.kind === 'custom' ? [column.target.suffix] : [])));
  const newColumns: ColumnMapping[] = [];
  for (const column of schema.columns) {
    if (known.has(column.header)) continue;
    const mapped: ColumnMapping = { header: column.header, type: column.type, target: customTarget(column, table, taken) };
    if (column.format !== undefined) mapped.format = column.format;
    if (column.type === 'money') mapped.currency = column.currency ?? mapping.currency;
    newColumns.push(mapped);
  }
  const missingColumns = mapping.columns.filter((column) => column.target.kind !== 'skip' && !table.headers.includes(column.header)).map((column) => column.header);

  const newStages: StageMapping[] = [];
  const stageColumn = mapping.columns.findIndex((column) => column.target.kind === 'builtin' && column.target.field === 'stageId');
  if (stageColumn >= 0 && mapping.stages.length > 0) {
    const index = table.headers.indexOf(mapping.columns[stageColumn]!.header);
    const codes = new Set(mapping.stages.map((stage) => stage.code));
    if (index >= 0) {
      for (const value of distinctValues(table, index, false)) {
        if (stageForValue(mapping.stages, value) || newStages.some((stage) => stage.values.includes(value))) continue;
        newStages.push({ code: stageCode(value, codes), name: value, semantics: 'process', color: '#39A8EF', values: [value] });
      }
    }
  }

  const newItems: SchemaChanges['newItems'] = [];
  for (const column of mapping.columns) {
    const target = column.target;
    if (target.kind !== 'custom' || target.userTypeId !== 'enumeration') continue;
    const index = table.headers.indexOf(column.header);
    if (index < 0) continue;
    const have = new Set((target.items ?? []).map((item) => item.toLowerCase().replace(/ё/g, 'е').trim()));
    const items = distinctValues(table, index, target.multiple).filter((value) => column.valueMap?.[value] === undefined && !have.has(value.toLowerCase().replace(/ё/g, 'е').trim()));
    if (items.length === 0) continue;
    const added = new Set(items);
    const rows = table.rows.filter((row) => {
      const text = cellText(row[index] ?? null).trim();
      return text !== '' && (target.multiple ? splitMulti(text) : [text]).some((value) => added.has(value));
    }).length;
    newItems.push({ header: column.header, items, rows });
  }
  return { newColumns, missingColumns, newStages, newItems };
}

/**
 * The mapping with the changes taken in: new columns appended, new stages
 * placed after the last in-progress stage (before success), new list items
 * appended. Missing columns stay mapped (their fields are kept).
 */
export function applySchemaChanges(mapping: Mapping, changes: SchemaChanges): Mapping {
  const out: Mapping = structuredClone(mapping);
  out.columns.push(...structuredClone(changes.newColumns));
  const lastProcess = out.stages.reduce((last, stage, index) => (stage.semantics === 'process' ? index : last), -1);
  out.stages.splice(lastProcess + 1, 0, ...structuredClone(changes.newStages));
  for (const { header, items } of changes.newItems) {
    const target = out.columns.find((column) => column.header === header)?.target;
    if (target?.kind === 'custom') target.items = [...(target.items ?? []), ...items];
  }
  return out;
}

/** The mapping for one run with missing columns skipped, so their fields are not cleared. */
export function skipMissingColumns(mapping: Mapping, missing: readonly string[]): Mapping {
  if (missing.length === 0) return mapping;
  const out: Mapping = structuredClone(mapping);
  for (const column of out.columns) if (missing.includes(column.header)) column.target = { kind: 'skip' };
  return out;
}
