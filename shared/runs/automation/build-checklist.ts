/**
 * The per-stage checklist for the admin (webhook mode, where REST cannot place robots): for each
 * stage the robots to add by hand, their settings in words, and a deep link
 * to that funnel's automation page. No REST
 * method places a robot on a stage, so this is the honest path for robots.
 */
import type { AutomationPlan, InstalledTemplate, RecipeFacts, RecipeKind, StarterTemplateKey } from './types';

/** One robot to add (or a note) in the checklist. */
export interface ChecklistStep {
  recipeId: string;
  kind: RecipeKind;
  title: string;
  robot: string;
  when: string;
  settings: string[];
  /** What `when` and `settings` are made of, and the notification's text as sent (the app words the rest in its language). */
  facts: RecipeFacts;
  text: string;
  recommendation?: string;
  /** Set when an installed starter workflow already does this: the robot would duplicate it. */
  coveredBy?: string;
}

/** One stage of the checklist. */
export interface ChecklistStage {
  code: string;
  statusId: string;
  name: string;
  steps: ChecklistStep[];
}

/** The whole checklist. URLs are absolute on the user's portal (no secret in them). */
export interface Checklist {
  title: string;
  language: 'ru' | 'en';
  automationUrl: string;
  designerImportUrl: string;
  kanbanUrl: string;
  stages: ChecklistStage[];
  /** Item-wide steps (the due reminder, the deal side). */
  general: ChecklistStep[];
  /** `.bpt` files offered for manual import in the workflow designer. */
  files: string[];
}

/** Options of `buildChecklist`: installed templates mark their recipes as covered. */
export interface ChecklistOptions {
  /** `https://portal.bitrix24.ru` (no path, no secret). */
  portalOrigin: string;
  installed?: readonly InstalledTemplate[];
  /** Names of the starter templates by key, for the "covered by" note. */
  templateNames?: Partial<Record<StarterTemplateKey, string>>;
  files?: readonly string[];
}

/** The automation page of a funnel: `/crm/type/<entityTypeId>/automation/<categoryId>/`. */
export function automationPageUrl(portalOrigin: string, entityTypeId: number, categoryId: number): string {
  return `${portalOrigin.replace(/\/+$/, '')}/crm/type/${entityTypeId}/automation/${categoryId}/`;
}

/** Builds the checklist of enabled recipes, stage by stage in funnel order. */
export function buildChecklist(plan: AutomationPlan, options: ChecklistOptions): Checklist {
  const origin = options.portalOrigin.replace(/\/+$/, '');
  const installed = new Set((options.installed ?? []).filter((t) => t.status !== 'failed').map((t) => t.key));
  const step = (recipe: AutomationPlan['recipes'][number]): ChecklistStep => {
    const out: ChecklistStep = { recipeId: recipe.id, kind: recipe.kind, title: recipe.title, robot: recipe.robot.name, when: recipe.robot.when, settings: [...recipe.robot.settings], facts: recipe.facts, text: recipe.text };
    if (recipe.recommendation !== undefined) out.recommendation = recipe.recommendation;
    if (recipe.template !== null && installed.has(recipe.template)) out.coveredBy = options.templateNames?.[recipe.template] ?? recipe.template;
    return out;
  };
  const enabled = plan.recipes.filter((recipe) => recipe.enabled);
  return {
    title: plan.title,
    language: plan.language,
    automationUrl: automationPageUrl(origin, plan.entityTypeId, plan.categoryId),
    designerImportUrl: `${origin}/crm/configs/bp/CRM_DYNAMIC_${plan.entityTypeId}/edit/0/`,
    kanbanUrl: `${origin}/crm/type/${plan.entityTypeId}/kanban/category/${plan.categoryId}/`,
    stages: plan.stages.map((stage) => ({
      code: stage.code,
      statusId: stage.statusId,
      name: stage.name,
      steps: enabled.filter((recipe) => recipe.stageCode === stage.code).map(step),
    })),
    general: enabled.filter((recipe) => recipe.stageCode === null).map(step),
    files: [...(options.files ?? [])],
  };
}
