import { AppError } from '../../base/errors/errors';
import { normalizeText } from '../inference/normalize-text';
import type { FunnelMapping, Mapping, StageMapping } from '../mapping/types';
import { cellText } from '../spreadsheet/cell-text';
import type { SheetTable } from '../spreadsheet/types';
import type { ProjectFile, ProjectFunnel } from '../project/types';
import { prepareRows } from './prepare-rows';
import type { PreparedRow, RowFailure } from './types';

/** The funnel whose values include this sheet value (as written, else as a person reads it). */
export function funnelForValue(funnel: FunnelMapping, value: string): FunnelMapping['categories'][number] | undefined {
  const key = normalizeText(value);
  return funnel.categories.find((category) => category.values.includes(value)) ?? funnel.categories.find((category) => category.values.some((v) => normalizeText(v) === key));
}

/**
 * The mapping with its funnels read from the sheet: the funnel column's
 * target is `skip`, and every distinct value that is not a funnel yet
 * becomes one, in order of first appearance (existing funnels keep their
 * place, so a resumed run or a sync sees the same default). Without a
 * funnel column the mapping is returned as it is.
 */
export function fillFunnels(mapping: Mapping, table: SheetTable): Mapping {
  if (!mapping.funnel) return mapping;
  const index = table.headers.indexOf(mapping.funnel.column);
  if (index < 0) {
    throw new AppError('INVALID_INPUT', `The funnel column “${mapping.funnel.column}” is not in the sheet.`, {
      hint: `Name one of the columns: ${table.headers.map((header) => `“${header}”`).join(', ')}.`,
      where: { column: mapping.funnel.column },
      params: { reason: 'funnelColumnMissing' },
    });
  }
  const out: Mapping = structuredClone(mapping);
  const funnel = out.funnel!;
  for (const column of out.columns) if (column.header === funnel.column) column.target = { kind: 'skip' };
  for (const row of table.rows) {
    const value = cellText(row[index] ?? null).trim();
    if (value === '' || funnelForValue(funnel, value)) continue;
    funnel.categories.push({ name: value.slice(0, 255), values: [value] });
  }
  if (funnel.categories.length === 0) {
    throw new AppError('INVALID_INPUT', `The funnel column “${funnel.column}” is empty.`, { hint: 'Pick a column whose values split the rows into pipelines (a product line, a region), or leave the funnel out.', where: { column: funnel.column }, params: { reason: 'funnelColumnEmpty' } });
  }
  return out;
}

/** Sheet values of the funnel column that are not funnels of the mapping (new values a sync would add). */
export function newFunnelValues(mapping: Mapping, table: SheetTable): string[] {
  if (!mapping.funnel) return [];
  const index = table.headers.indexOf(mapping.funnel.column);
  if (index < 0) return [];
  const out = new Set<string>();
  for (const row of table.rows) {
    const value = cellText(row[index] ?? null).trim();
    if (value !== '' && !funnelForValue(mapping.funnel, value)) out.add(value);
  }
  return [...out];
}

/**
 * The funnel of each row by its key (blank cells: the first funnel, the
 * type's default). Values that are not funnels of the mapping are left out:
 * the caller reports those rows.
 */
export function rowFunnels(mapping: Mapping, table: SheetTable, rows: readonly PreparedRow[]): Map<string, string> {
  const out = new Map<string, string>();
  const funnel = mapping.funnel;
  if (!funnel) return out;
  const index = table.headers.indexOf(funnel.column);
  const bySource = new Map(table.rowNumbers.map((number, i) => [number, i]));
  for (const row of rows) {
    const i = bySource.get(row.sourceRow) ?? -1;
    const value = index < 0 || i < 0 ? '' : cellText(table.rows[i]![index] ?? null).trim();
    const category = value === '' ? funnel.categories[0] : funnelForValue(funnel, value);
    if (category) out.set(row.key, category.name);
  }
  return out;
}

/**
 * The stages of each funnel: the mapping's stages its rows use, in the
 * mapping's order, plus what every funnel must keep (the portal requires at
 * least one in-progress, the success and one failure stage).
 */
export function funnelStages(mapping: Mapping, rows: readonly PreparedRow[], funnelOf: ReadonlyMap<string, string>, previous: readonly ProjectFunnel[] = []): Map<string, StageMapping[]> {
  const out = new Map<string, StageMapping[]>();
  if (!mapping.funnel) return out;
  // A funnel's stages only grow: what it had stays (its items may sit there).
  const used = new Map<string, Set<string>>(mapping.funnel.categories.map((category) => [category.name, new Set(previous.find((funnel) => funnel.name === category.name)?.stages.map((stage) => stage.code) ?? [])]));
  for (const row of rows) {
    const name = funnelOf.get(row.key);
    const code = row.values['stageId'];
    if (name !== undefined && typeof code === 'string') used.get(name)?.add(code);
  }
  const firstProcess = mapping.stages.find((stage) => stage.semantics === 'process');
  const firstFailure = mapping.stages.find((stage) => stage.semantics === 'failure');
  for (const category of mapping.funnel.categories) {
    const codes = used.get(category.name)!;
    if (firstProcess && !mapping.stages.some((stage) => stage.semantics === 'process' && codes.has(stage.code))) codes.add(firstProcess.code);
    if (firstFailure && !mapping.stages.some((stage) => stage.semantics === 'failure' && codes.has(stage.code))) codes.add(firstFailure.code);
    out.set(
      category.name,
      mapping.stages.filter((stage) => stage.semantics === 'success' || codes.has(stage.code)),
    );
  }
  return out;
}

/** What a new version of the sheet asks of a project's funnels: new funnel values, and rows whose funnel or stage-in-funnel is missing. */
export interface FunnelSchemaChange {
  pending: boolean;
  /** New values of the funnel column (new funnels). */
  values: string[];
  /** Rows that cannot be sent until the change is applied (`--allow-schema-changes`). */
  rows: Array<{ key: string; failure: RowFailure }>;
}

/**
 * Compares the sheet with a funnel project's funnels: a new value of the
 * funnel column, or a row whose stage its funnel does not have (a row moved
 * to another funnel), is a schema change; until it is applied those rows
 * fail with the reason instead of landing in another funnel.
 */
export function funnelSchemaChange(project: ProjectFile, table: SheetTable): FunnelSchemaChange {
  const funnel = project.mapping.funnel;
  if (!funnel || !project.funnels) return { pending: false, values: [], rows: [] };
  const values = newFunnelValues(project.mapping, table);
  const index = table.headers.indexOf(funnel.column);
  const bySource = new Map(table.rowNumbers.map((number, i) => [number, i]));
  const prepared = prepareRows(table, project.mapping);
  const rows: FunnelSchemaChange['rows'] = [];
  // The command line and the app each name their own switch for adding new values (the schema line of the sync says which).
  const hint = ' (it is added when the sync may add new values to the smart process)';
  for (const row of prepared.rows) {
    const i = bySource.get(row.sourceRow) ?? -1;
    const value = index < 0 || i < 0 ? '' : cellText(table.rows[i]![index] ?? null).trim();
    const category = value === '' ? funnel.categories[0] : funnelForValue(funnel, value);
    const place = `Row ${row.sourceRow}, column “${funnel.column}”`;
    if (!category) {
      rows.push({ key: row.key, failure: { row: row.sourceRow, column: funnel.column, code: 'INVALID_INPUT', message: `${place}: “${value}” is not one of the funnels (${funnel.categories.map((c) => c.name).join(', ')}).${hint}` } });
      continue;
    }
    const code = row.values['stageId'];
    const stages = project.funnels.find((candidate) => candidate.name === category.name)?.stages ?? [];
    if (typeof code === 'string' && !stages.some((stage) => stage.code === code)) {
      const name = project.mapping.stages.find((stage) => stage.code === code)?.name ?? code;
      rows.push({ key: row.key, failure: { row: row.sourceRow, column: funnel.column, code: 'INVALID_INPUT', message: `${place}: the funnel “${category.name}” has no stage “${name}” yet.${hint}` } });
    }
  }
  return { pending: values.length > 0 || rows.length > 0, values, rows };
}
