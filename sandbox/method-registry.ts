import { bizprocMethods } from './bizproc-methods';
import { crmCategoryMethods } from './crm-category-methods';
import { crmClientMethods } from './crm-client-methods';
import { crmItemMethods } from './crm-item-methods';
import { crmStatusMethods } from './crm-status-methods';
import { crmTimelineMethods } from './crm-timeline-methods';
import { crmTypeMethods } from './crm-type-methods';
import type { MethodDef } from './method-types';
import { ok } from './method-types';
import { param } from './params';
import { RestError } from './rest-error';
import { formatPortalDateTime } from './portal-time';
import { userFieldConfigMethods } from './userfieldconfig-methods';
import { userMethods } from './user-methods';

/** Every scope code this portal knows, for `scope {full: true}`. */
const ALL_SCOPES = ['basic', 'bizproc', 'crm', 'placement', 'user', 'user_basic', 'user_brief', 'userfieldconfig'];

/**
 * Application-only methods that exist on a real portal but that the sandbox
 * implements only as far as the refusal a webhook gets.
 */
const APP_ONLY_STUBS = [
  'app.info',
  'bizproc.robot.update',
  'bizproc.robot.delete',
  'bizproc.robot.list',
  'bizproc.activity.add',
  'bizproc.activity.list',
  'bizproc.workflow.template.update',
  'crm.automation.trigger.list',
  'crm.automation.trigger.delete',
  'crm.automation.trigger.execute',
];

const basicMethods: MethodDef[] = [
  {
    name: 'profile',
    scope: ['basic'],
    write: false,
    handler: (ctx) =>
      ok({
        ID: ctx.user.ID,
        ADMIN: ctx.isAdmin,
        NAME: ctx.user.NAME,
        LAST_NAME: ctx.user.LAST_NAME,
        PERSONAL_GENDER: ctx.user.PERSONAL_GENDER,
        TIME_ZONE: '',
      }),
  },
  {
    name: 'scope',
    scope: ['basic'],
    write: false,
    handler: (ctx) => {
      const full = param(ctx.params, 'full');
      return ok(full === true || full === 'true' || full === 1 || full === '1' ? ALL_SCOPES : [...ctx.scopes]);
    },
  },
  {
    name: 'server.time',
    scope: ['basic'],
    write: false,
    handler: (ctx) => ok(formatPortalDateTime(ctx.wallNow)),
  },
  {
    name: 'method.get',
    scope: ['basic'],
    write: false,
    handler: (ctx) => {
      // Only the lower-case key `name` counts, and a method is found only by its lower-case name (`user.Get` is
      // not there); a module controller's actions are not checked, so `crm.item.lst` "exists" (b24restdocs method-get.md).
      const raw = ctx.params['name'];
      const name = typeof raw === 'string' ? raw : '';
      const controller = CONTROLLER_PREFIXES.find((prefix) => name.toLowerCase().startsWith(prefix) && name.length > prefix.length);
      const def = controller !== undefined ? [...METHODS.values()].find((method) => method.name.toLowerCase().startsWith(controller)) : name === name.toLowerCase() ? METHODS.get(name) : undefined;
      const isExisting = def !== undefined || APP_ONLY_STUBS.includes(name);
      const isAvailable = def !== undefined && def.scope.some((s) => s === 'basic' || ctx.scopes.includes(s)) && (def.alsoScope === undefined || ctx.scopes.includes(def.alsoScope));
      return ok({ isExisting, isAvailable });
    },
  },
  {
    name: 'methods',
    scope: ['basic'],
    write: false,
    handler: (ctx) => ok([...METHODS.values()].filter((d) => d.scope.some((s) => s === 'basic' || ctx.scopes.includes(s))).map((d) => d.name)),
  },
];

const appOnlyStubs: MethodDef[] = APP_ONLY_STUBS.map((name) => ({
  name,
  scope: [name.startsWith('crm.') ? 'crm' : name.startsWith('bizproc.') ? 'bizproc' : 'basic'],
  write: false,
  handler: (ctx) => {
    if (!ctx.appContext) throw new RestError(403, 'ACCESS_DENIED', 'Access denied! Application context required');
    // The sandbox has no application registry beyond robot/trigger codes.
    return ok(name.endsWith('.list') ? [] : true);
  },
}));

/** Methods served by a module controller (`module.controller.action`), whose action `method.get` does not check. */
const CONTROLLER_PREFIXES = ['crm.item.', 'crm.type.', 'crm.category.', 'userfieldconfig.'];

const METHODS = new Map<string, MethodDef>();
// Stubs first, so a method the sandbox implements replaces its stub.
for (const def of [...appOnlyStubs, ...basicMethods, ...userMethods, ...crmTypeMethods, ...crmCategoryMethods, ...crmStatusMethods, ...userFieldConfigMethods, ...crmItemMethods, ...crmClientMethods, ...crmTimelineMethods, ...bizprocMethods]) {
  METHODS.set(def.name.toLowerCase(), def);
}

/** Looks a method up; REST method names are case-insensitive. */
export function findMethod(name: string): MethodDef | undefined {
  return METHODS.get(name.toLowerCase());
}
