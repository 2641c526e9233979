import { APP_TEMPLATE_SYSTEM_CODE, readAutoExecute, templateUpdateMethod } from './bizproc-template-update';
import { compileFilter, compileOrder, paginate, type FilterField } from './list-filter';
import type { CallContext, MethodDef } from './method-types';
import { ok } from './method-types';
import type { TemplateRecord } from './portal-data';
import { formatPortalDateTime } from './portal-time';
import { optionalObject, param } from './params';
import { RestError } from './rest-error';
import { importTemplateData } from './template-import';

/** What the REST layer answers when an app-only method is called without an OAuth app (as in the portal's source). */
function requireApplication(ctx: CallContext): void {
  if (!ctx.appContext) throw new RestError(403, 'ACCESS_DENIED', 'Access denied! Application context required');
}

function requireAdmin(ctx: CallContext): void {
  if (!ctx.isAdmin) throw new RestError(403, 'ACCESS_DENIED', 'Access denied!');
}

function templateError(message: string): RestError {
  return new RestError(400, 'ERROR_TEMPLATE_VALIDATION_FAILURE', message);
}

function activityError(message: string): RestError {
  return new RestError(400, 'ERROR_ACTIVITY_VALIDATION_FAILURE', message);
}

function readDocumentType(value: unknown): string[] | undefined {
  const list = Array.isArray(value) ? value : value !== null && typeof value === 'object' ? Object.values(value) : undefined;
  if (list === undefined || list.length !== 3 || !list.every((v) => typeof v === 'string' && v !== '')) return undefined;
  return list as string[];
}

const TEMPLATE_FIELDS: Record<string, FilterField<TemplateRecord>> = {
  ID: { kind: 'int', get: (t) => t.ID },
  MODULE_ID: { kind: 'string', get: (t) => t.MODULE_ID },
  ENTITY: { kind: 'string', get: (t) => t.ENTITY },
  DOCUMENT_TYPE: { kind: 'string', get: (t) => t.DOCUMENT_TYPE[2] },
  AUTO_EXECUTE: { kind: 'int', get: (t) => t.AUTO_EXECUTE },
  NAME: { kind: 'string', get: (t) => t.NAME },
  DESCRIPTION: { kind: 'string', get: (t) => t.DESCRIPTION },
  MODIFIED: { kind: 'datetime', get: (t) => t.MODIFIED },
  IS_MODIFIED: { kind: 'string', get: (t) => t.IS_MODIFIED },
  USER_ID: { kind: 'int', get: (t) => t.USER_ID },
  SYSTEM_CODE: { kind: 'string', get: (t) => t.SYSTEM_CODE },
};

function templateToJson(template: TemplateRecord, select: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of select) {
    if (key === 'MODIFIED') out[key] = formatPortalDateTime(template.MODIFIED);
    else if (key in template) out[key] = template[key as keyof TemplateRecord];
  }
  return out;
}

/** `bizproc.*` methods the tool touches: the template list (webhook OK) and the application-only writers (template add and delete, robots). */
export const bizprocMethods: MethodDef[] = [
  {
    name: 'bizproc.workflow.template.list',
    scope: ['bizproc'],
    write: false,
    handler: (ctx) => {
      requireAdmin(ctx);
      const rawSelect = param(ctx.params, 'SELECT', 'select');
      const select = Array.isArray(rawSelect) && rawSelect.length > 0 ? rawSelect.map(String) : ['ID'];
      const resolve = (name: string) => TEMPLATE_FIELDS[name.toUpperCase()];
      const predicate = compileFilter(optionalObject(ctx.params, 'FILTER', 'filter'), resolve);
      const compare = compileOrder(optionalObject(ctx.params, 'ORDER', 'order'), resolve, TEMPLATE_FIELDS['ID'] as FilterField<TemplateRecord>);
      // Automation-rule templates (AUTO_EXECUTE 8) are hidden from REST (as in the portal's source).
      const rows = ctx.portal.data.templates.filter((t) => t.AUTO_EXECUTE < 8).filter(predicate).sort(compare);
      const { page, total, next } = paginate(rows, param(ctx.params, 'start'));
      return { result: page.map((t) => templateToJson(t, select)), total, next };
    },
  },
  {
    name: 'bizproc.workflow.template.add',
    scope: ['bizproc'],
    write: true,
    handler: (ctx) => {
      requireApplication(ctx);
      requireAdmin(ctx);
      const documentType = readDocumentType(param(ctx.params, 'DOCUMENT_TYPE'));
      if (documentType === undefined) throw templateError('Incorrect field DOCUMENT_TYPE!');
      const name = param(ctx.params, 'NAME');
      if (typeof name !== 'string' || name.trim() === '') throw templateError('Empty template name!');
      const autoExecute = readAutoExecute(param(ctx.params, 'AUTO_EXECUTE') ?? '0');
      // The portal decodes the .bpt and runs each activity's own checks before storing it.
      const data = importTemplateData(param(ctx.params, 'TEMPLATE_DATA'));
      const template: TemplateRecord = {
        ID: ctx.portal.nextId('template'),
        MODULE_ID: documentType[0] as string,
        ENTITY: documentType[1] as string,
        DOCUMENT_TYPE: documentType,
        AUTO_EXECUTE: autoExecute,
        NAME: name,
        DESCRIPTION: String(param(ctx.params, 'DESCRIPTION') ?? ''),
        TEMPLATE: data.template,
        PARAMETERS: data.parameters,
        VARIABLES: data.variables,
        CONSTANTS: data.constants,
        MODIFIED: ctx.wallNow,
        IS_MODIFIED: 'N',
        USER_ID: Number(ctx.user.ID),
        SYSTEM_CODE: APP_TEMPLATE_SYSTEM_CODE,
      };
      ctx.portal.data.templates.push(template);
      ctx.rowsWritten += 1;
      return ok(template.ID);
    },
  },
  {
    name: 'bizproc.workflow.template.delete',
    scope: ['bizproc'],
    write: true,
    handler: (ctx) => {
      requireApplication(ctx);
      requireAdmin(ctx);
      const id = Number(param(ctx.params, 'ID'));
      const template = ctx.portal.data.templates.find((t) => t.ID === id && t.AUTO_EXECUTE < 8);
      if (template === undefined) throw new RestError(400, 'ERROR_TEMPLATE_NOT_FOUND', 'Workflow template not found.');
      // Only the application that added a template may delete it.
      if (template.SYSTEM_CODE !== 'rest_app_1') throw new RestError(403, 'ACCESS_DENIED', 'You can delete ONLY templates created by current application');
      ctx.portal.data.templates = ctx.portal.data.templates.filter((t) => t !== template);
      ctx.rowsWritten += 1;
      return ok(null);
    },
  },
  {
    name: 'bizproc.robot.add',
    scope: ['bizproc'],
    write: true,
    handler: (ctx) => {
      requireApplication(ctx);
      requireAdmin(ctx);
      const code = param(ctx.params, 'CODE');
      if (typeof code !== 'string' || !/^[a-zA-Z0-9._-]+$/.test(code)) throw activityError('Wrong activity code!');
      const handler = param(ctx.params, 'HANDLER');
      if (typeof handler !== 'string' || handler === '') throw activityError('Empty activity handler!');
      if (!/^https?:\/\//.test(handler)) throw new RestError(400, 'ERROR_WRONG_HANDLER_URL', 'Wrong handler URL');
      const name = param(ctx.params, 'NAME');
      if (name === undefined || name === '' || name === null) throw activityError('Empty activity name!');
      if (ctx.portal.data.registrations.some((r) => r.kind === 'robot' && r.code === code)) {
        throw new RestError(400, 'ERROR_ACTIVITY_ALREADY_INSTALLED', 'Activity or Robot already installed!');
      }
      ctx.portal.data.registrations.push({ kind: 'robot', code, name: typeof name === 'string' ? name : JSON.stringify(name), payload: { HANDLER: handler } });
      ctx.rowsWritten += 1;
      return ok(true);
    },
  },
  {
    name: 'crm.automation.trigger.add',
    scope: ['crm'],
    write: true,
    handler: (ctx) => {
      requireApplication(ctx);
      requireAdmin(ctx);
      const code = param(ctx.params, 'CODE');
      if (typeof code !== 'string' || !/^[a-z0-9.\-_]+$/.test(code)) throw new RestError(400, 'ERROR_ARGUMENT', 'Wrong trigger code');
      const name = param(ctx.params, 'NAME');
      if (typeof name !== 'string' || name.trim() === '') throw new RestError(400, 'ERROR_ARGUMENT', 'Empty trigger name');
      ctx.portal.data.registrations = ctx.portal.data.registrations.filter((r) => !(r.kind === 'trigger' && r.code === code));
      ctx.portal.data.registrations.push({ kind: 'trigger', code, name, payload: {} });
      ctx.rowsWritten += 1;
      return ok(true);
    },
  },
  templateUpdateMethod,
];
