import { AppError } from '../api/errors';
import type { StageMapping } from '../mapping/types';
import type { SnapshotStage } from './types';

/** One step that makes the funnel's stages match the mapping. */
export type StageOp =
  | { kind: 'update'; stage: StageMapping; id: number; code: string; fields: { NAME: string; SORT: number; COLOR: string } }
  | { kind: 'add'; stage: StageMapping; code: string; fields: { NAME: string; SORT: number; COLOR: string; SEMANTICS: '' | 'S' | 'F' } }
  | { kind: 'delete'; id: number; code: string; name: string; system: boolean };

const SEMANTICS = { process: '', success: 'S', failure: 'F' } as const;

/**
 * Sort values: in-progress stages 10, 20, …; the success stage and the
 * failures above 1000. Every single step of `planStages` then keeps the
 * portal's order rule (in progress < success < failure) true, whatever the
 * funnel looked like before.
 */
export function stageSorts(stages: readonly StageMapping[]): number[] {
  const process = stages.filter((stage) => stage.semantics === 'process').length;
  const successSort = 1000 + 10 * (process + 1);
  let p = 0;
  let f = 0;
  return stages.map((stage) => {
    if (stage.semantics === 'process') return 10 * ++p;
    if (stage.semantics === 'success') return successSort;
    return successSort + 10 * ++f;
  });
}

/**
 * Steps from the existing stages to the mapping's: unused stages deleted
 * first (`deleteUnused`; never during sync), then failure and success stages
 * renamed/resorted or added, then in-progress ones. A stage code that exists
 * with other semantics is an error (the portal cannot change semantics).
 */
export function planStages(stages: readonly StageMapping[], existing: readonly SnapshotStage[], deleteUnused: boolean): StageOp[] {
  if (stages.length === 0) return [];
  const sorts = stageSorts(stages);
  const ops: StageOp[] = [];
  const wanted = new Set(stages.map((stage) => stage.code));
  if (deleteUnused) {
    for (const stage of existing) if (!wanted.has(stage.code)) ops.push({ kind: 'delete', id: stage.id, code: stage.code, name: stage.name, system: stage.system });
  }
  const order = stages.map((stage, index) => ({ stage, sort: sorts[index]! }));
  const rank = { failure: 0, success: 1, process: 2 } as const;
  order.sort((a, b) => rank[a.stage.semantics] - rank[b.stage.semantics] || (a.stage.semantics === 'process' ? a.sort - b.sort : b.sort - a.sort));
  for (const { stage, sort } of order) {
    const found = existing.find((candidate) => candidate.code === stage.code);
    const fields = { NAME: stage.name, SORT: sort, COLOR: stage.color };
    if (!found) {
      ops.push({ kind: 'add', stage, code: stage.code, fields: { ...fields, SEMANTICS: SEMANTICS[stage.semantics] } });
      continue;
    }
    if (found.semantics !== stage.semantics) {
      throw new AppError('INVALID_INPUT', `The stage ${stage.code} (“${found.name}”) is a ${found.semantics} stage in the portal, but the mapping makes “${stage.name}” a ${stage.semantics} stage; the portal cannot change a stage's semantics.`, {
        hint: 'Give the stage another code in a --mapping file.',
      });
    }
    if (found.name !== stage.name || found.sort !== sort || found.color.toLowerCase() !== stage.color.toLowerCase()) {
      ops.push({ kind: 'update', stage, id: found.id, code: stage.code, fields });
    }
  }
  return ops;
}
