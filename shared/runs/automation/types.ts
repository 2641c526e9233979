/**
 * Starter automation as data: what the plan is derived from, the recipes per
 * stage, and what installing and the checklist report. Plain JSON, so it can
 * be saved with the project, shown in the app and printed by the CLI.
 */
import type { StageSemantics } from '../../sheet/inference/types';

/** A stage of the smart process's funnel, as created on the portal. */
export interface AutomationStageInput {
  /** Code after the prefix (`PREPARATION`). */
  code: string;
  /** Full status id (`DT1030_7:PREPARATION`), what `STAGE_ID` holds. */
  statusId: string;
  name: string;
  semantics: StageSemantics;
}

/** A document field the plan may mention: its upper-case bizproc code and its label. */
export interface AutomationFieldInput {
  /** `CLOSEDATE`, `OPPORTUNITY`, `UF_CRM_5_DUE`, … */
  code: string;
  label: string;
  kind: 'date' | 'datetime' | 'number' | 'money' | 'text' | 'employee' | 'boolean' | 'enumeration' | 'other';
  /** True for the row-key column: always filled, so never worth checking. */
  isKey?: boolean;
}

/**
 * Everything the plan needs, kept small on purpose: one adapter
 * (`automationInputFromProject`) fills it from the project and mapping.
 */
export interface AutomationInput {
  title: string;
  language: 'ru' | 'en';
  entityTypeId: number;
  categoryId: number;
  /** Stages in funnel order. */
  stages: AutomationStageInput[];
  /** True when a sheet column feeds the responsible person (`assignedById`). */
  hasResponsible: boolean;
  /** The due-date field, when a due-date column is mapped. */
  dueDate: AutomationFieldInput | null;
  /** Mapped fields in column order (for the review condition). */
  fields: AutomationFieldInput[];
  /** A column that links rows to deals (header like “Сделка”, “Deal ID”), when there is one. */
  dealLink: { column: string; field: AutomationFieldInput | null } | null;
}

/** What a recipe does. */
export type RecipeKind = 'notify-on-entry' | 'review-check' | 'success-notify' | 'due-reminder' | 'deal-link-note';

/** Which generated workflow carries a recipe; `null`: checklist only (nothing can carry it). */
export type StarterTemplateKey = 'stage-entry' | 'due-reminder';

/**
 * One starter automation rule. `text` is the message (bizproc expressions
 * allowed, e.g. `{=Document:TITLE}`); the user may edit it or switch the
 * recipe off before it is used.
 */
export interface Recipe {
  /** Stable id: `<kind>:<stage code>` or `<kind>` for item-wide recipes. */
  id: string;
  kind: RecipeKind;
  /** The stage it belongs to; null for item-wide recipes. */
  stageCode: string | null;
  enabled: boolean;
  title: string;
  text: string;
  /** The stock robot to add by hand, and its settings in words (in the sheet's language). */
  robot: { name: string; when: string; settings: string[] };
  /** What the robot's words are made of, so the app can word them in its own language. */
  facts: RecipeFacts;
  /** An optional Market robot that fits; a recommendation, never required. */
  recommendation?: string;
  template: StarterTemplateKey | null;
  /** Fields a review check requires (codes); days before the due date for a reminder. */
  fields?: string[];
  daysBefore?: number;
}

/**
 * The facts behind a recipe's words: the stage it acts on, the due-date
 * field and how many days before it, the deal column, the fields a review
 * checks (labels).
 */
export interface RecipeFacts {
  stage?: string;
  field?: string;
  days?: number;
  column?: string;
  labels?: string[];
}

/** The plan for one smart process and funnel. */
export interface AutomationPlan {
  version: 1;
  title: string;
  language: 'ru' | 'en';
  entityTypeId: number;
  categoryId: number;
  stages: AutomationStageInput[];
  recipes: Recipe[];
  /** The due-date field the reminder waits on, when any. */
  dueDate: AutomationFieldInput | null;
}

/** A user's change to one recipe. */
export interface RecipeEdit {
  id: string;
  enabled?: boolean;
  text?: string;
}

/** How one template fared on the portal. */
export interface InstalledTemplate {
  key: string;
  name: string;
  status: 'installed' | 'already-installed' | 'failed';
  templateId?: number;
  error?: string;
}

/** Progress of installing templates. */
export interface InstallProgress {
  done: number;
  total: number;
  current: string;
}
