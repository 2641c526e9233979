/**
 * Installs starter templates with `bizproc.workflow.template.add`, which a
 * portal accepts only from an application (OAuth) context authorized by an
 * administrator.
 */
import { BitrixError } from '../../portal/bitrix/bitrix-error';
import type { CallResult, Params } from '../../portal/bitrix/types';
import type { RunControl } from '../../base/jobs/types';
import { toBase64 } from './bpt-codec';
import { dynamicDocumentType } from './dynamic-document-type';
import { encodeStarterTemplate, starterTemplateFileName } from './generate-starter-templates';
import type { StarterTemplate } from './template-types';
import type { InstalledTemplate, InstallProgress } from './types';

/** Anything that calls REST the way the webhook client and the app session do. */
export interface RestCaller {
  call<T = unknown>(method: string, params?: Params, options?: { signal?: AbortSignal }): Promise<CallResult<T>>;
}

/** What to install, where, through which caller. */
export interface InstallTemplatesInput {
  caller: RestCaller;
  entityTypeId: number;
  templates: readonly StarterTemplate[];
}

/** True for the portal's "not here, not you" answers: no application context, not an admin, missing scope or token. */
export function isRefusal(error: unknown): error is BitrixError {
  return error instanceof BitrixError && (error.code === 'PORTAL_ACCESS' || error.code === 'PORTAL_AUTH' || error.code === 'PORTAL_SCOPE');
}

/** The `bizproc.workflow.template.add` parameters of one template; `AUTO_EXECUTE` is a string, as the portal's validator demands. */
export function templateAddParams(template: StarterTemplate, entityTypeId: number): Params {
  return {
    DOCUMENT_TYPE: dynamicDocumentType(entityTypeId),
    NAME: template.name,
    DESCRIPTION: template.description,
    AUTO_EXECUTE: template.autoExecute,
    TEMPLATE_DATA: [starterTemplateFileName(template), toBase64(encodeStarterTemplate(template))],
  };
}

async function existingNames(caller: RestCaller, entityTypeId: number, signal: AbortSignal): Promise<Map<string, number>> {
  const names = new Map<string, number>();
  let start: number | undefined = 0;
  while (start !== undefined) {
    const page: CallResult<Array<{ ID?: unknown; NAME?: unknown }>> = await caller.call<Array<{ ID?: unknown; NAME?: unknown }>>(
      'bizproc.workflow.template.list',
      { SELECT: ['ID', 'NAME'], FILTER: { DOCUMENT_TYPE: `DYNAMIC_${entityTypeId}` }, start },
      { signal },
    );
    for (const row of page.result ?? []) if (typeof row.NAME === 'string') names.set(row.NAME, Number(row.ID));
    start = page.next;
  }
  return names;
}

/** Attempts at one template whose answers are lost: the first send and one more after a read-back shows it was not applied. */
const ADD_ATTEMPTS = 2;

/**
 * Adds one template. When the answer is lost (dropped connection, timeout,
 * 5xx) the template may exist: the portal's templates are read back by
 * name, so a template that was applied counts as installed and is never
 * added a second time; one that was not is sent once more.
 */
async function addTemplate(caller: RestCaller, template: StarterTemplate, entityTypeId: number, signal: AbortSignal): Promise<InstalledTemplate> {
  let lost: unknown;
  for (let attempt = 1; attempt <= ADD_ATTEMPTS; attempt += 1) {
    try {
      const answer = await caller.call<number | string>('bizproc.workflow.template.add', templateAddParams(template, entityTypeId), { signal });
      return { key: template.key, name: template.name, status: 'installed', templateId: Number(answer.result) };
    } catch (error) {
      if (isRefusal(error) || signal.aborted) throw error;
      if (!(error instanceof BitrixError && error.ambiguous)) return failed(template, error);
      lost = error;
    }
    let found: number | undefined;
    try {
      found = (await existingNames(caller, entityTypeId, signal)).get(template.name);
    } catch (readError) {
      if (signal.aborted) throw readError;
      return failed(template, lost, `the answer was lost and reading the templates back failed (${readError instanceof Error ? readError.message : String(readError)}), so it may exist: look for “${template.name}” in the smart process's workflows before installing again`);
    }
    if (found !== undefined) return { key: template.key, name: template.name, status: 'installed', templateId: found };
  }
  return failed(template, lost, 'no usable answer to any request; read back after each, the portal shows it was not added');
}

function failed(template: StarterTemplate, error: unknown, why?: string): InstalledTemplate {
  const message = error instanceof Error ? error.message : String(error);
  return { key: template.key, name: template.name, status: 'failed', error: why === undefined ? message : `${message}; ${why}` };
}

/**
 * Installs each template once: a template whose `NAME` already exists on
 * this smart process is reported `already-installed`, so a rerun adds nothing.
 *
 * A refusal (webhook without application context, not an admin, missing
 * scope) is thrown as the `BitrixError` on the first call, so the caller can
 * fall back to the checklist; any other failure marks that template `failed`
 * and the rest are still tried.
 */
export async function installTemplates(input: InstallTemplatesInput, control: RunControl<InstallProgress>): Promise<InstalledTemplate[]> {
  const { caller, entityTypeId, templates } = input;
  const { signal, onProgress } = control;
  const out: InstalledTemplate[] = [];
  if (templates.length === 0) return out;
  const existing = await existingNames(caller, entityTypeId, signal);
  for (const [index, template] of templates.entries()) {
    signal.throwIfAborted();
    onProgress({ done: index, total: templates.length, current: template.name });
    const id = existing.get(template.name);
    if (id !== undefined) {
      out.push({ key: template.key, name: template.name, status: 'already-installed', templateId: id });
      continue;
    }
    out.push(await addTemplate(caller, template, entityTypeId, signal));
  }
  onProgress({ done: templates.length, total: templates.length, current: '' });
  return out;
}
