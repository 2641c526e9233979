import type { ColumnMapping, ColumnTarget, Mapping, StageMapping } from '../../sheet/mapping/types';

/** The suggestion's mapping with the person's earlier choices put back, and the columns whose choices no longer fit. */
export interface RememberedMapping {
  mapping: Mapping;
  /** Headers of columns the person had made choices for that the sheet no longer has; their choices were dropped. */
  dropped: string[];
}

/**
 * The person's review of a sheet, as they left it when the file was last
 * open, laid over the app's fresh suggestion for the sheet as it is now.
 *
 * Kept: each column's reading and target, list merges and renames, the row
 * key, the title template, the stages (order, names, colours, meanings,
 * merges), the funnel, the cells edited in the preview, the process name,
 * currency and client creation. A column the sheet no longer has takes its
 * choices with it (listed in `dropped`), and whatever depended on it — a key,
 * a title template, a funnel, edits of its cells — falls back to the
 * suggestion. A column new in the sheet keeps the suggestion. People matches
 * are user ids of one portal: they are kept only for `samePortal`.
 */
export function withRememberedMapping(
  suggested: Mapping,
  customTargets: Extract<ColumnTarget, { kind: 'custom' }>[],
  remembered: Mapping,
  samePortal: boolean,
): RememberedMapping {
  const now = new Set(suggested.columns.map((column) => column.header));
  const before = new Map(remembered.columns.map((column) => [column.header, column]));
  const dropped = remembered.columns.map((column) => column.header).filter((header) => !now.has(header));
  const fits = (headers: string[]): boolean => headers.every((header) => now.has(header));

  // A built-in field takes one column: one new in the sheet that the suggestion sent to a field the person
  // already gave another column (the title, the stage) becomes the new field it would otherwise be.
  const taken = new Set(remembered.columns.filter((column) => now.has(column.header)).flatMap((column) => (column.target.kind === 'builtin' ? [column.target.field] : [])));
  const columns = suggested.columns.map((column, index): ColumnMapping => {
    const chosen = before.get(column.header);
    if (chosen) return chosen;
    if (column.target.kind !== 'builtin' || !taken.has(column.target.field)) return column;
    return { ...column, target: customTargets[index] ?? { kind: 'skip' } };
  });
  const stageColumn = remembered.columns.find((column) => column.target.kind === 'builtin' && column.target.field === 'stageId');
  const stagesFit = stageColumn === undefined ? !suggested.columns.some((column) => column.target.kind === 'builtin' && column.target.field === 'stageId') : now.has(stageColumn.header);
  const templateColumns = [...(remembered.titleTemplate ?? '').matchAll(/\{([^{}]+)\}/g)].map((match) => match[1]!);

  const mapping: Mapping = {
    ...suggested,
    title: remembered.title,
    currency: remembered.currency,
    columns,
    key: fits(remembered.key.columns) ? remembered.key : suggested.key,
    stages: stagesFit ? withNewStageValues(remembered.stages, suggested.stages) : suggested.stages,
  };
  if (remembered.titleTemplate !== undefined && fits(templateColumns)) mapping.titleTemplate = remembered.titleTemplate;
  else delete mapping.titleTemplate;
  if (remembered.createClients !== undefined) mapping.createClients = remembered.createClients;
  if (remembered.funnel !== undefined && now.has(remembered.funnel.column)) mapping.funnel = remembered.funnel;
  else if (remembered.funnel !== undefined) delete mapping.funnel;
  const overrides = (remembered.overrides ?? []).filter((edit) => now.has(edit.column));
  if (overrides.length > 0) mapping.overrides = overrides;
  if (samePortal) {
    // Only people the sheet still names; a new name keeps the suggestion's match.
    mapping.users = Object.fromEntries(Object.entries(suggested.users).map(([value, userId]) => [value, value in remembered.users ? remembered.users[value]! : userId]));
    mapping.defaultUserId = remembered.defaultUserId;
  }
  return { mapping, dropped };
}

/**
 * The person's stages with the sheet's new stage values placed: a value
 * goes with the stage the suggestion put it in when the person still has
 * that stage (by code), else into the success stage for a success value,
 * else as the suggestion's stage of its own, after the in-progress stages
 * (or at the end, for a failure).
 */
function withNewStageValues(mine: StageMapping[], suggested: StageMapping[]): StageMapping[] {
  const known = new Set(mine.flatMap((stage) => stage.values));
  const stages = mine.map((stage) => ({ ...stage, values: [...stage.values] }));
  for (const stage of suggested) {
    const fresh = stage.values.filter((value) => !known.has(value));
    if (fresh.length === 0) continue;
    const home = stages.find((candidate) => candidate.code === stage.code) ?? (stage.semantics === 'success' ? stages.find((candidate) => candidate.semantics === 'success') : undefined);
    if (home) home.values.push(...fresh);
    else if (stage.semantics === 'failure') stages.push({ ...stage, values: fresh });
    else {
      const lastInProgress = stages.findLastIndex((candidate) => candidate.semantics === 'process');
      stages.splice(lastInProgress + 1, 0, { ...stage, values: fresh });
    }
  }
  return stages;
}
