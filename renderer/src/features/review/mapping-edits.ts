import type { ColumnType, StageSemantics } from '../../../../shared/sheet/inference/types';
import { USER_TYPE_FOR_COLUMN, type BuiltinField, type ColumnTarget, type Mapping } from '../../../../shared/sheet/mapping/types';

/** What a person can pick as a column's destination. */
export type TargetChoice = { kind: 'builtin'; field: BuiltinField } | { kind: 'custom' } | { kind: 'skip' };

type CustomTarget = Extract<ColumnTarget, { kind: 'custom' }>;

/** The custom field type that holds values of each column type. */
export const USER_TYPE_FOR = USER_TYPE_FOR_COLUMN;

/** Built-in fields that hold several values. */
const MULTIPLE_BUILTINS = new Set<BuiltinField>(['contactIds', 'observers']);

/**
 * Sends column `index` to `choice`. A built-in field takes one column only:
 * a column that held it before becomes the new field it would otherwise be.
 */
export function setColumnTarget(mapping: Mapping, index: number, choice: TargetChoice, customTargets: CustomTarget[]): Mapping {
  const columns = mapping.columns.map((column, i) => {
    if (i === index) {
      if (choice.kind === 'custom') {
        const base = customTargets[i]!;
        return { ...column, target: { ...base, userTypeId: USER_TYPE_FOR[column.type] } };
      }
      return { ...column, target: choice };
    }
    if (choice.kind === 'builtin' && column.target.kind === 'builtin' && column.target.field === choice.field) {
      return { ...column, target: { ...customTargets[i]!, userTypeId: USER_TYPE_FOR[column.type] } };
    }
    return column;
  });
  return { ...mapping, columns };
}

/** Changes how column `index`'s values are read; a new field follows with a matching field type. */
export function setColumnType(mapping: Mapping, index: number, type: ColumnType): Mapping {
  return {
    ...mapping,
    columns: mapping.columns.map((column, i) => {
      if (i !== index) return column;
      const target: ColumnTarget = column.target.kind === 'custom' ? { ...column.target, userTypeId: USER_TYPE_FOR[type] } : column.target;
      return { ...column, type, target };
    }),
  };
}

/** Lets a new field hold one value or several per item. */
export function setMultiple(mapping: Mapping, index: number, multiple: boolean): Mapping {
  return {
    ...mapping,
    columns: mapping.columns.map((column, i) => (i === index && column.target.kind === 'custom' ? { ...column, target: { ...column.target, multiple } as CustomTarget } : column)),
  };
}

/** True when the column's destination holds several values per item. */
export function isMultiple(target: ColumnTarget): boolean {
  if (target.kind === 'custom') return target.multiple;
  return target.kind === 'builtin' && MULTIPLE_BUILTINS.has(target.field);
}

/** Preview edits stored by row key (not tied to a sheet row): a change of key drops them. */
export function editsByKey(mapping: Mapping): number {
  return (mapping.overrides ?? []).filter((edit) => edit.row === undefined).length;
}

/**
 * Makes `header` the row key (one column), or goes back to a fingerprint of all columns.
 * Edits tied to a sheet row are kept: they never depended on the key.
 */
export function setKeyColumn(mapping: Mapping, header: string | null): Mapping {
  // Edits stored by row key would name other rows, or none, under another key.
  const { overrides, ...rest } = mapping;
  const tied = (overrides ?? []).filter((edit) => edit.row !== undefined);
  const kept: Omit<Mapping, 'key'> = tied.length > 0 ? { ...rest, overrides: tied } : rest;
  if (header === null) return { ...kept, key: { kind: 'fingerprint', columns: mapping.columns.filter((c) => c.target.kind !== 'skip').map((c) => c.header) } };
  return { ...kept, key: { kind: 'column', columns: [header] } };
}

const RANK: Record<StageSemantics, number> = { process: 0, success: 1, failure: 2 };

/**
 * The portal's stage order: in-progress stages first, then
 * the success stage, then failures; the order inside each group is kept.
 */
function ordered(stages: Mapping['stages']): Mapping['stages'] {
  return stages
    .map((stage, index) => ({ stage, index }))
    .sort((a, b) => RANK[a.stage.semantics] - RANK[b.stage.semantics] || a.index - b.index)
    .map(({ stage }) => stage);
}

/** True when stage `from` may move to position `to`: only among stages of the same meaning. */
export function canMoveStage(mapping: Mapping, from: number, to: number): boolean {
  const a = mapping.stages[from];
  const b = mapping.stages[to];
  return a !== undefined && b !== undefined && from !== to && a.semantics === b.semantics;
}

/** Moves stage `from` to position `to` (the kanban order), within its group. */
export function moveStage(mapping: Mapping, from: number, to: number): Mapping {
  if (!canMoveStage(mapping, from, to)) return mapping;
  const stages = [...mapping.stages];
  const [moved] = stages.splice(from, 1);
  stages.splice(to, 0, moved!);
  return { ...mapping, stages };
}

/** Renames stage `index`. */
export function renameStage(mapping: Mapping, index: number, name: string): Mapping {
  return { ...mapping, stages: mapping.stages.map((stage, i) => (i === index ? { ...stage, name } : stage)) };
}

/** Recolours stage `index` (`#rrggbb`). */
export function recolorStage(mapping: Mapping, index: number, color: string): Mapping {
  return { ...mapping, stages: mapping.stages.map((stage, i) => (i === index ? { ...stage, color } : stage)) };
}

/**
 * Sets what stage `index` means. A funnel has exactly one success stage, so
 * making one stage the success turns the previous success stage into an
 * in-progress one; the only success stage cannot stop being one, and the last
 * in-progress or failure stage cannot change. The stage then moves to its group.
 */
export function setStageSemantics(mapping: Mapping, index: number, semantics: StageSemantics): Mapping {
  const current = mapping.stages[index];
  if (!current || current.semantics === semantics) return mapping;
  if (current.semantics === 'success') return mapping;
  const stages = mapping.stages.map((stage, i) => {
    if (i === index) return { ...stage, semantics };
    if (semantics === 'success' && stage.semantics === 'success') return { ...stage, semantics: 'process' as const };
    return stage;
  });
  // The portal needs at least one in-progress and one failure stage.
  if (!stages.some((stage) => stage.semantics === 'process') || !stages.some((stage) => stage.semantics === 'failure')) return mapping;
  return { ...mapping, stages: ordered(stages) };
}

/**
 * Puts stage `from`'s sheet values into stage `into` and removes `from`. The
 * success stage, and the last in-progress or failure stage, are never removed this way.
 */
export function mergeStage(mapping: Mapping, from: number, into: number): Mapping {
  const source = mapping.stages[from];
  const target = mapping.stages[into];
  if (!source || !target || from === into || source.semantics === 'success') return mapping;
  const stages = mapping.stages.flatMap((stage, i) => (i === from ? [] : i === into ? [{ ...stage, values: [...stage.values, ...source.values] }] : [stage]));
  if (!stages.some((stage) => stage.semantics === source.semantics)) return mapping;
  return { ...mapping, stages };
}

/** Matches a person value of the sheet to a portal user (null: the default user). */
export function setUser(mapping: Mapping, value: string, userId: number | null): Mapping {
  return { ...mapping, users: { ...mapping.users, [value]: userId } };
}

/** Sets the user that unmatched and empty person cells get. */
export function setDefaultUser(mapping: Mapping, userId: number | null): Mapping {
  return { ...mapping, defaultUserId: userId };
}

/** Renames the smart process. */
export function setTitle(mapping: Mapping, title: string): Mapping {
  return { ...mapping, title };
}
