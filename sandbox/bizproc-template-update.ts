import type { CallContext, MethodDef } from './method-types';
import { ok } from './method-types';
import { param, toInt } from './params';
import { RestError } from './rest-error';
import { importTemplateData } from './template-import';

/** The system code a template installed through REST carries: the installing app's. */
export const APP_TEMPLATE_SYSTEM_CODE = 'rest_app_1';

function templateValidation(message: string): RestError {
  return new RestError(400, 'ERROR_TEMPLATE_VALIDATION_FAILURE', message);
}

/** `AUTO_EXECUTE` as the REST layer accepts it: the string form of 0, 1, 2 or 3 (a JSON integer fails the string comparison). */
export function readAutoExecute(value: unknown): number {
  if (typeof value !== 'string' || !['0', '1', '2', '3'].includes(value)) throw templateValidation('Incorrect field AUTO_EXECUTE!');
  return Number(value);
}

/**
 * `bizproc.workflow.template.update`: application context and an
 * administrator; only `NAME`, `DESCRIPTION`, `AUTO_EXECUTE` and
 * `TEMPLATE_DATA` of a template this app installed; a new `TEMPLATE_DATA`
 * goes through the same import as `add`. Answers the template's id.
 */
export const templateUpdateMethod: MethodDef = {
  name: 'bizproc.workflow.template.update',
  scope: ['bizproc'],
  write: true,
  handler: (ctx: CallContext) => {
    if (!ctx.appContext) throw new RestError(403, 'ACCESS_DENIED', 'Access denied! Application context required');
    if (!ctx.isAdmin) throw new RestError(403, 'ACCESS_DENIED', 'Access denied!');
    const fields = param(ctx.params, 'FIELDS', 'fields');
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields) || Object.keys(fields).length === 0) {
      throw templateValidation('No fields to update.');
    }
    const id = toInt(param(ctx.params, 'ID', 'id'));
    const template = ctx.portal.data.templates.find((t) => t.ID === id && t.AUTO_EXECUTE < 8);
    if (template === undefined) throw new RestError(400, 'ERROR_TEMPLATE_NOT_FOUND', 'Workflow template not found.');
    if (template.SYSTEM_CODE !== APP_TEMPLATE_SYSTEM_CODE) {
      throw new RestError(400, 'ERROR_TEMPLATE_NOT_OWNER', 'You can update ONLY templates created by current application');
    }
    const changes = fields as Record<string, unknown>;
    const name = changes['NAME'];
    if (name !== undefined && name !== null && (typeof name !== 'string' || name.trim() === '')) throw templateValidation('Empty template name!');
    const autoExecute = changes['AUTO_EXECUTE'] === undefined || changes['AUTO_EXECUTE'] === null ? undefined : readAutoExecute(changes['AUTO_EXECUTE']);
    const data = changes['TEMPLATE_DATA'] === undefined || changes['TEMPLATE_DATA'] === null ? undefined : importTemplateData(changes['TEMPLATE_DATA']);
    if (typeof name === 'string') template.NAME = name.trim();
    if (changes['DESCRIPTION'] !== undefined && changes['DESCRIPTION'] !== null) template.DESCRIPTION = String(changes['DESCRIPTION']);
    if (autoExecute !== undefined) template.AUTO_EXECUTE = autoExecute;
    if (data !== undefined) {
      template.TEMPLATE = data.template;
      template.PARAMETERS = data.parameters;
      template.VARIABLES = data.variables;
      template.CONSTANTS = data.constants;
      template.IS_MODIFIED = 'Y';
    }
    template.MODIFIED = ctx.wallNow;
    ctx.rowsWritten += 1;
    return ok(template.ID);
  },
};
