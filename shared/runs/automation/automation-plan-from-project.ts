import { z } from 'zod';
import { AppError } from '../../base/errors/errors';
import type { ProjectFile } from '../../sheet/project/types';
import { automationInputFromProject } from './automation-input-from-project';
import { applyRecipeEdits, buildAutomationPlan } from './build-automation-plan';
import type { AutomationPlan } from './types';

const editsShape = z.object({
  recipes: z.array(z.object({ id: z.string(), enabled: z.boolean().optional(), text: z.string().optional() })).default([]),
});

/**
 * The plan of a saved project with the user's recipe edits applied. Edits
 * live in the project as `"automation": {"recipes": [{id, enabled?, text?}]}`
 * (an optional key; projects without it get the plan as derived).
 * `unknownEdits` lists edited ids the plan no longer has, for a warning.
 */
export function automationPlanFromProject(project: ProjectFile): { plan: AutomationPlan; unknownEdits: string[] } {
  const edits = editsShape.safeParse((project as ProjectFile & { automation?: unknown }).automation ?? {});
  if (!edits.success) throw new AppError('INVALID_INPUT', 'The “automation” part of the project file is malformed.', { hint: 'It must be {"recipes": [{"id": "…", "enabled": true|false, "text": "…"}]}.', params: { reason: 'automationMalformed' } });
  const { plan, unknown } = applyRecipeEdits(buildAutomationPlan(automationInputFromProject(project)), edits.data.recipes);
  return { plan, unknownEdits: unknown };
}
