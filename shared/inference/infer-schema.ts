import type { SheetTable } from '../spreadsheet/types';
import { inferRoles } from './infer-roles';
import { buildStages, pickStageColumn, scoreStageColumn } from './infer-stages';
import { profileColumn, profileColumns, type ColumnProfile, type ColumnRef } from './profile-column';
import type { RunControl } from '../jobs/types';
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

/** Progress of `inferSchemaAsync`: columns profiled so far. */
export interface InferProgress {
  phase: 'profiling' | 'finishing';
  done: number;
  total: number;
  unit: 'columns';
}

function columnRef(table: SheetTable, c: number, locale: 'ru' | 'en', validations: Map<number, string[]>): ColumnRef {
  const validation = validations.get(c);
  return { header: table.headers[c]!, index: c, sourceColumn: table.columnNumbers[c] ?? c + 1, options: validation ? { locale, validation } : { locale } };
}

function profileOne(table: SheetTable, c: number, locale: 'ru' | 'en', validations: Map<number, string[]>): ColumnProfile {
  const { header, index, sourceColumn, options } = columnRef(table, c, locale, validations);
  return profileColumn(header, index, sourceColumn, table.rows, table.rowNumbers, options);
}

/**
 * Infers column types, roles, the stage column and the title from one table.
 *
 * Pure and synchronous: every column is profiled on a sample of up to 1,000
 * filled cells and then checked row by row, so 100,000 rows stay fast.
 * Honours `options.signal` every few thousand rows and between columns.
 */
export function inferSchema(table: SheetTable, options: InferOptions = {}): Schema {
  const locale = options.locale ?? detectLocale(table);
  const validations = new Map(table.validations.map((v) => [v.column, v.values]));
  // One row-by-row pass for all columns: far fewer cache misses than a pass per column.
  const columns = table.headers.map((_, c) => columnRef(table, c, locale, validations));
  const profiles = profileColumns(columns, table.rows, table.rowNumbers, options.signal);
  return assemble(table, profiles, validations, options);
}

/**
 * `inferSchema` for callers on an event loop that must stay responsive (the
 * Electron main process, the HTTP host): it yields between columns and reports
 * progress; the result is the same.
 */
export async function inferSchemaAsync(table: SheetTable, options: InferOptions, { signal, onProgress }: RunControl<InferProgress>): Promise<Schema> {
  const locale = options.locale ?? detectLocale(table);
  const validations = new Map(table.validations.map((v) => [v.column, v.values]));
  const profiles: ColumnProfile[] = [];
  const total = table.headers.length;
  for (let c = 0; c < total; c++) {
    onProgress({ phase: 'profiling', done: c, total, unit: 'columns' });
    await new Promise<void>((resolve) => setImmediate(resolve));
    signal.throwIfAborted();
    profiles.push(profileOne(table, c, locale, validations));
  }
  onProgress({ phase: 'finishing', done: total, total, unit: 'columns' });
  return assemble(table, profiles, validations, options);
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
      profile.schema.evidence.push('treated as a list because it is the stage column');
    }
    profile.schema.role = 'stage';
    const dateProfiles = profiles.filter((p) => p.dates !== undefined);
    stage = buildStages(profile, chosen, table.rows, validations.get(chosen.column), dateProfiles, options, warnings);
    profile.schema.values = stage.stages.map((s) => s.name);
    profile.schema.evidence.push(...chosen.evidence);
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
