import { AppError } from '../../base/errors/errors';
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
 * first (`deleteUnused`; never during sync) except the last of a semantic
 * group, which goes last, then failure and success stages renamed/resorted
 * or added, then in-progress ones. A stage code that exists
 * with other semantics is an error (the portal cannot change semantics).
 */
export function planStages(stages: readonly StageMapping[], existing: readonly SnapshotStage[], deleteUnused: boolean): StageOp[] {
  if (stages.length === 0) return [];
  const sorts = stageSorts(stages);
  const ops: StageOp[] = [];
  const wanted = new Set(stages.map((stage) => stage.code));
  // The portal refuses to delete the last stage of a semantic group: such a delete waits until the group's new stages exist.
  const deferred: StageOp[] = [];
  if (deleteUnused) {
    const left = new Map<string, number>();
    for (const stage of existing) left.set(stage.semantics, (left.get(stage.semantics) ?? 0) + 1);
    for (const stage of existing) {
      if (wanted.has(stage.code)) continue;
      const op: StageOp = { kind: 'delete', id: stage.id, code: stage.code, name: stage.name, system: stage.system };
      if ((left.get(stage.semantics) ?? 0) <= 1) deferred.push(op);
      else {
        left.set(stage.semantics, left.get(stage.semantics)! - 1);
        ops.push(op);
      }
    }
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
        appHint: 'Rename the stage in the Stages tab, so it gets a code of its own.',
        params: { reason: 'stageSemanticsFixed', portalName: found.name, name: stage.name },
      });
    }
    if (found.name !== stage.name || found.sort !== sort || found.color.toLowerCase() !== stage.color.toLowerCase()) {
      ops.push({ kind: 'update', stage, id: found.id, code: stage.code, fields });
    }
  }
  return [...ops, ...deferred];
}

/**
 * Steps that add the mapping's missing stages to a funnel that existed
 * before the project (`migrate --into`), never renaming, resorting or
 * removing its stages. New in-progress stages go after its last in-progress
 * stage and before its success stage, new failure stages after everything,
 * so the portal's order rule holds.
 */
export function planStagesInto(stages: readonly StageMapping[], existing: readonly SnapshotStage[]): StageOp[] {
  const have = new Set(existing.map((stage) => stage.code));
  const added = stages.filter((stage) => !have.has(stage.code));
  if (added.length === 0) return [];
  const lastProcess = Math.max(0, ...existing.filter((stage) => stage.semantics === 'process').map((stage) => stage.sort));
  const success = existing.find((stage) => stage.semantics === 'success')?.sort ?? lastProcess + 1000;
  const top = Math.max(lastProcess, success, ...existing.map((stage) => stage.sort));
  const process = added.filter((stage) => stage.semantics === 'process');
  const step = Math.floor((success - lastProcess) / (process.length + 1));
  if (process.length > 0 && step < 1) {
    throw new AppError('INVALID_INPUT', `The funnel has no room for ${process.length} new stage(s) between its last in-progress stage (sort ${lastProcess}) and its success stage (sort ${success}).`, {
      hint: 'Spread the stages out in the smart process settings (drag them), or map the new stage values onto existing stages in a --mapping file.',
      appHint: 'Spread the stages out in the smart process settings (drag them), or merge the new stage values into existing stages in the Stages tab.',
      params: { reason: 'noRoomForStages', count: String(process.length) },
    });
  }
  const ops: StageOp[] = [];
  let p = 0;
  let f = 0;
  for (const stage of added) {
    // matchInto sends the sheet's success value into the funnel's one success stage, so only a funnel without one gets a success stage here.
    const sort = stage.semantics === 'process' ? lastProcess + step * ++p : stage.semantics === 'success' ? success : top + 10 * ++f;
    ops.push({ kind: 'add', stage, code: stage.code, fields: { NAME: stage.name, SORT: sort, COLOR: stage.color, SEMANTICS: SEMANTICS[stage.semantics] } });
  }
  return ops;
}
