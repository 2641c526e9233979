/**
 * The starter-automation step of `migrate`: after the items are
 * loaded, generate the starter workflows, install them where an application
 * context exists, and always leave the checklist, the `.bpt` files and the
 * installer app next to the project. Robots are never placed by REST, so a
 * refusal or a failed install ends in the checklist, never in a failed
 * migration: the items are already on the portal by then.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../../base/errors/errors';
import { automationPlanFromProject } from '../automation/automation-plan-from-project';
import { automationFolderName, recordAutomationRun, type ProjectAutomation, type ProjectWithAutomation } from '../automation/project-automation';
import { CHECKLIST_FILE, runStarterAutomation, type StarterAutomationInput, type StarterAutomationResult } from '../automation/run-starter-automation';
import type { RunControl } from '../../base/jobs/types';
import type { MigrateAutomation, MigrateInput, MigrateProgress } from './types';

/** The summary of a migration that ran no automation (`automation: false`). */
export const SKIPPED_AUTOMATION: MigrateAutomation = { mode: 'skipped', installed: [], templates: [], checklistFile: null, folder: null, checklist: null, warnings: [] };

/** The origin deep links start with: the connection's, else the webhook's; relative links when neither is known. */
function originFor(input: MigrateInput): string {
  if (input.portalOrigin !== undefined) return input.portalOrigin;
  if (input.portal.kind !== 'webhook') return '';
  try {
    return new URL(input.portal.display).origin;
  } catch {
    return '';
  }
}

function summaryOf(result: StarterAutomationResult, folder: string, warnings: string[]): MigrateAutomation {
  const templates: MigrateAutomation['templates'] = result.templates.map((template) => {
    const outcome = result.installed.find((t) => t.key === template.key);
    const row: MigrateAutomation['templates'][number] = { key: template.key, name: template.name, file: template.file, status: outcome?.status ?? 'not-installed' };
    if (outcome?.templateId !== undefined) row.templateId = outcome.templateId;
    return row;
  });
  const summary: MigrateAutomation = {
    mode: result.mode,
    installed: result.installed.filter((t) => t.status !== 'failed').map((t) => t.name),
    templates,
    checklistFile: join(folder, CHECKLIST_FILE),
    folder,
    checklist: result.checklist,
    warnings,
  };
  if (result.refusal !== undefined) summary.refusal = result.refusal;
  return summary;
}

/**
 * Runs starter automation for a migrated project, writes its files and
 * returns the summary and the project's new `automation` record (the caller
 * saves it with the project). Only a cancel is thrown; any other failure to
 * install becomes a warning and the checklist.
 */
export async function runMigrateAutomation(
  project: ProjectWithAutomation,
  projectPath: string,
  input: MigrateInput,
  control: RunControl<MigrateProgress>,
): Promise<{ summary: MigrateAutomation; record: ProjectAutomation }> {
  const { signal, onProgress } = control;
  onProgress({ phase: 'automation', step: 'preparing', message: 'Preparing the starter automation plan' });
  const { plan, unknownEdits } = automationPlanFromProject(project);
  const warnings = unknownEdits.map((id) => `The project edits name an unknown recipe “${id}”.`);
  const funnels = project.funnels ?? [];
  if (funnels.length > 1) {
    const others = funnels.filter((funnel) => !funnel.isDefault).map((funnel) => `“${funnel.name}”`);
    warnings.push(`Starter automation covers the default funnel “${funnels.find((funnel) => funnel.isDefault)?.name ?? ''}” only. Robots and workflows are set per funnel in Bitrix24: repeat the checklist's steps for ${others.join(', ')} on their own automation pages.`);
  }
  const base: StarterAutomationInput = { plan, portalOrigin: originFor(input), install: true, webhook: input.client };
  if (input.app !== undefined) base.app = input.app;
  let result: StarterAutomationResult;
  try {
    result = await runStarterAutomation(base, {
      signal,
      onProgress: (install) => {
        if (install.current !== '') onProgress({ phase: 'automation', step: 'installing', message: `Starter workflow ${install.done + 1}/${install.total}: ${install.current}`, install });
      },
    });
  } catch (error) {
    if (signal.aborted || (error instanceof AppError && error.code === 'CANCELLED')) {
      throw new AppError('CANCELLED', 'The migration was paused while installing starter automation; every item is loaded.', {
        hint: 'Run the same migrate command again to finish (templates already installed are not added twice), or add --no-automation.',
        appHint: 'Click “Create in portal” again to finish (templates already installed are not added twice).',
      });
    }
    // A bug is not a portal's answer: only portal and input errors become a warning.
    if (!(error instanceof AppError)) throw error;
    const hint = input.audience === 'app' ? (error.appHint ?? error.hint) : error.hint;
    const then = input.audience === 'app' ? 'Follow the checklist.' : `Follow the checklist, or fix this and run: spmigrate automation ${projectPath} --install`;
    warnings.push(`Starter workflows were not installed: ${error.message}${hint ? ` ${hint}` : ''} ${then}`);
    result = await runStarterAutomation({ ...base, install: false }, { signal, onProgress: () => undefined });
  }
  for (const failed of result.installed.filter((t) => t.status === 'failed')) warnings.push(`${failed.name}: ${failed.error ?? 'not installed'}`);
  onProgress({ phase: 'automation', step: 'writing', message: 'Writing the checklist, the .bpt files and the installer app' });
  const folderName = automationFolderName(project.id);
  const folder = join(dirname(projectPath), folderName);
  await mkdir(folder, { recursive: true });
  for (const file of result.files) await writeFile(join(folder, file.name), file.data);
  const record = recordAutomationRun(project.automation, { mode: result.mode, installed: result.installed, folder: folderName, at: new Date().toISOString() });
  return { summary: summaryOf(result, folder, warnings), record };
}
