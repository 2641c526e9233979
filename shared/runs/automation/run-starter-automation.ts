/**
 * The starter-automation step after a migration: generate the templates,
 * install them where an application context exists, and always produce the
 * checklist, the `.bpt` files and the installer app. A refusal (a webhook
 * has no application context) is an expected outcome that ends in the
 * checklist, never an error.
 */
import type { RunControl } from '../../base/jobs/types';
import { buildChecklist, type Checklist } from './build-checklist';
import { buildInstallerApp } from './build-installer-app';
import { encodeStarterTemplate, generateStarterTemplates, starterTemplateFileName } from './generate-starter-templates';
import { installTemplates, isRefusal, type RestCaller } from './install-templates';
import { renderChecklist } from './render-checklist';
import type { StarterTemplate } from './template-types';
import type { AutomationPlan, InstalledTemplate, InstallProgress } from './types';

/** What to run: the plan (already edited by the user), the portal, and the callers at hand. */
export interface StarterAutomationInput {
  plan: AutomationPlan;
  /** `https://portal.bitrix24.ru` (or the sandbox origin); no secret. */
  portalOrigin: string;
  /** Install the templates (`--install`; the app's default after a migration). */
  install: boolean;
  /** An application-context caller (OAuth session), when credentials exist. */
  app?: RestCaller;
  /** The webhook client: tried when there is no application, so the portal's own answer decides. */
  webhook?: RestCaller;
}

/** A generated file: the `.bpt`s, the checklist and the installer app. */
export interface StarterFile {
  name: string;
  data: Uint8Array;
}

/**
 * `mode`: `application` when templates were installed (or already there),
 * `checklist` otherwise. `refusal` says why the portal declined, in words.
 */
export interface StarterAutomationResult {
  mode: 'application' | 'checklist';
  templates: Array<{ key: string; name: string; file: string; autoExecute: string; waits: boolean; bytes: number }>;
  installed: InstalledTemplate[];
  /** The portal's refusal to install workflows: `via` says whether a webhook or an application asked (the app words it from that). */
  refusal?: { code: string; via: 'webhook' | 'app'; message: string };
  checklist: Checklist;
  files: StarterFile[];
}

/** File name of the checklist. */
export const CHECKLIST_FILE = 'automation-checklist.md';
/** File name of the installer app. */
export const INSTALLER_FILE = 'starter-automation-app.zip';

/** Runs the step; progress counts installed templates. */
export async function runStarterAutomation(input: StarterAutomationInput, control: RunControl<InstallProgress>): Promise<StarterAutomationResult> {
  const templates: StarterTemplate[] = generateStarterTemplates(input.plan);
  const encoded = templates.map((template) => ({ template, file: starterTemplateFileName(template), data: encodeStarterTemplate(template) }));
  let installed: InstalledTemplate[] = [];
  let refusal: StarterAutomationResult['refusal'];
  const caller = input.app ?? input.webhook;
  if (input.install && caller !== undefined && templates.length > 0) {
    try {
      installed = await installTemplates({ caller, entityTypeId: input.plan.entityTypeId, templates }, control);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      refusal = {
        code: error.bitrixCode,
        via: input.app === undefined ? 'webhook' : 'app',
        message:
          input.app === undefined
            ? 'The portal installs workflow templates only for an application (OAuth), not for a webhook: follow the checklist, or upload the installer app once.'
            : `The portal refused to install workflow templates (${error.bitrixCode}); an administrator's application authorization is needed.`,
      };
    }
  }
  const ok = installed.filter((t) => t.status !== 'failed');
  const templateNames = Object.fromEntries(templates.map((t) => [t.key, t.name]));
  const checklist = buildChecklist(input.plan, {
    portalOrigin: input.portalOrigin,
    installed,
    templateNames,
    files: encoded.map((e) => e.file),
  });
  const files: StarterFile[] = [
    ...encoded.map((e) => ({ name: e.file, data: e.data })),
    { name: CHECKLIST_FILE, data: new TextEncoder().encode(renderChecklist(checklist)) },
  ];
  if (templates.length > 0) {
    files.push({ name: INSTALLER_FILE, data: buildInstallerApp({ title: input.plan.title, language: input.plan.language, entityTypeId: input.plan.entityTypeId, templates }) });
  }
  const result: StarterAutomationResult = {
    mode: ok.length > 0 && ok.length === templates.length ? 'application' : 'checklist',
    templates: encoded.map((e) => ({ key: e.template.key, name: e.template.name, file: e.file, autoExecute: e.template.autoExecute, waits: e.template.waits, bytes: e.data.length })),
    installed,
    checklist,
    files,
  };
  if (refusal !== undefined) result.refusal = refusal;
  return result;
}
