import { resolveItemFields, type ResolveContext } from '../../sheet/plan/resolve-item-fields';
import type { ProjectFile } from '../../sheet/project/types';
import type { RowResolver } from '../sync/diff-rows';

/**
 * Item fields per row for a project with funnels: each row gets its
 * funnel's `categoryId` and that funnel's stage ids (`DT<etid>_<cat>:CODE`),
 * on create and on update (so a row that moved funnel is sent with both).
 * Undefined for a project without funnels. Rows whose funnel is unknown
 * must be left out by the caller.
 */
export function funnelResolver(project: ProjectFile, base: ResolveContext, funnelOf: ReadonlyMap<string, string>): RowResolver | undefined {
  if (!project.funnels || project.funnels.length === 0 || !project.mapping.funnel) return undefined;
  const contexts = new Map(
    project.funnels.map((funnel) => [funnel.name, { ...base, categoryId: funnel.categoryId, stageIds: Object.fromEntries(funnel.stages.map((stage) => [stage.code, stage.statusId])) }]),
  );
  return (row, mode) => {
    const name = funnelOf.get(row.key);
    const ctx = (name === undefined ? undefined : contexts.get(name)) ?? base;
    return { ...resolveItemFields(row.values, ctx, mode), categoryId: ctx.categoryId };
  };
}
