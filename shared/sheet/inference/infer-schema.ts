import type { SheetTable } from '../spreadsheet/types';
import { inferRoles } from './infer-roles';
import { buildStages, pickStageColumn, scoreStageColumn } from './infer-stages';
import { fact } from './evidence';
import { ColumnIndexer, indexRows } from './column-index';
import { INDEX_SLICE, profileColumns, profileIndexedColumn, type ColumnProfile, type ColumnRef } from './profile-column';
import { inSlices, yieldToEventLoop } from '../../base/jobs/in-slices';
import type { RunControl } from '../../base/jobs/types';
import type { InferOptions, Schema, SchemaWarning } from './types';

/** Decides the file language from the headers and a few values: Cyrillic means ru. */
export function detectLocale(table: SheetTable): 'ru' | 'en' {
  let cyrillic = 0;
  let latin = 0;
  const texts = [...table.headers, ...table.rows.slice(0, 50).flatMap((row) => row.filter((cell): cell is string => typeof cell === 'string'))];
  for (const text of texts) {
    for (const ch of text) {
      if (/[а-яё]/i.test(ch)) cyrillic++;
      else if (/[a-z]/i.test(ch)) latin++;
    }
  }
  return cyrillic >= latin * 0.5 && cyrillic > 0 ? 'ru' : 'en';
}

/**
 * Progress of `inferSchemaAsync`: rows indexed (`indexing`), then columns
 * profiled (`profiling`), then stages and roles (`finishing`, the last state).
 */
export interface InferProgress {
  phase: 'indexing' | 'profiling' | 'finishing';
  done: number;
  total: number;
  unit: 'rows' | 'columns';
}

/** The table's columns as profiling takes them, with each column's data-validation list. */
function columnRefs(table: SheetTable, options: InferOptions): { columns: ColumnRef[]; validations: Map<number, string[]> } {
  const locale = options.locale ?? detectLocale(table);
  const validations = new Map(table.validations.map((v) => [v.column, v.values]));
  const columns = table.headers.map((header, c): ColumnRef => {
    const validation = validations.get(c);
    return { header, index: c, sourceColumn: table.columnNumbers[c] ?? c + 1, options: validation ? { locale, validation } : { locale } };
  });
  return { columns, validations };
}

/**
 * Infers column types, roles, the stage column and the title from one table.
 *
 * Pure and synchronous: every column's type is decided on a sample of up to
 * 1,000 filled cells and then checked once per distinct cell, over an index
 * of each column built in one row-by-row pass, so 100,000 rows stay fast.
 * Honours `options.signal` every few thousand rows and between columns.
 */
export function inferSchema(table: SheetTable, options: InferOptions = {}): Schema {
  const { columns, validations } = columnRefs(table, options);
  const profiles = profileColumns(columns, table.rows, table.rowNumbers, options.signal);
  return assemble(table, profiles, validations, options);
}

/**
 * `inferSchema` for callers on an event loop that must stay responsive (the
 * Electron main process, the browser-mode host): the same result, computed
 * in slices of a few thousand rows and one column at a time, yielding between
 * them and reporting progress (the first and the last state always arrive).
 */
export async function inferSchemaAsync(table: SheetTable, options: InferOptions, { signal, onProgress }: RunControl<InferProgress>): Promise<Schema> {
  const { columns, validations } = columnRefs(table, options);
  const { rows, rowNumbers } = table;
  const indexers = columns.map(() => new ColumnIndexer(rows.length));
  const indexes = columns.map((column) => column.index);
  onProgress({ phase: 'indexing', done: 0, total: rows.length, unit: 'rows' });
  await inSlices(rows.length, INDEX_SLICE, signal, (from, to) => {
    indexRows(indexers, indexes, rows, from, to);
    onProgress({ phase: 'indexing', done: to, total: rows.length, unit: 'rows' });
  });
  const profiles: ColumnProfile[] = [];
  await inSlices(columns.length, 1, signal, (c) => {
    onProgress({ phase: 'profiling', done: c, total: columns.length, unit: 'columns' });
    profiles.push(profileIndexedColumn(columns[c]!, indexers[c]!.finish(rows.length), rows, rowNumbers));
  });
  await yieldToEventLoop();
  signal.throwIfAborted();
  const schema = assemble(table, profiles, validations, options);
  onProgress({ phase: 'finishing', done: columns.length, total: columns.length, unit: 'columns' });
  return schema;
}

function assemble(table: SheetTable, profiles: ColumnProfile[], validations: Map<number, string[]>, options: InferOptions): Schema {
  const warnings: SchemaWarning[] = profiles.flatMap((p) => p.warnings);
  const candidates = profiles.map((p) => scoreStageColumn(p, validations.has(p.schema.index), table.rows, profiles));
  const chosen = pickStageColumn(candidates);
  let stage: Schema['stage'] = null;
  if (chosen) {
    const profile = profiles[chosen.column]!;
    if (profile.schema.type !== 'enumeration') {
      profile.schema.type = 'enumeration';
      profile.schema.evidence.push(fact('STAGE_MAKES_LIST'));
    }
    profile.schema.role = 'stage';
    const dateProfiles = profiles.filter((p) => p.dates !== undefined);
    stage = buildStages(profile, chosen, table.rows, validations.get(chosen.column), dateProfiles, options, warnings);
    profile.schema.values = stage.stages.map((s) => s.name);
    profile.schema.evidence.push(...stage.evidence);
    profile.schema.confidence = Math.max(profile.schema.confidence, stage.confidence);
  } else if (table.rows.length > 0) {
    const near = [...candidates].sort((a, b) => b.score - a.score)[0];
    warnings.push({
      code: 'NO_STAGE_COLUMN',
      message: `No column reads clearly as the stage (status) column${near && near.score > 0 ? `; the closest is “${table.headers[near.column]}”` : ''}. Pick the stage column in the mapping, or add a “Статус”/“Status” column to the file.`,
    });
  }
  const title = inferRoles(profiles, table.rows.length, warnings);
  return {
    sheet: table.name,
    headerRow: table.headerRow,
    dataRows: table.rows.length,
    columns: profiles.map((p) => p.schema),
    stage,
    title,
    warnings,
  };
}
