import { compileFilter, compileOrder, paginate, type FilterField } from './list-filter';
import type { CallContext, MethodDef } from './method-types';
import { ok } from './method-types';
import { optionalObject, param } from './params';
import { SEED_USERS, type SeedUser } from './seed-users';

const USER_FIELDS: Record<string, FilterField<SeedUser>> = {
  ID: { kind: 'int', get: (u) => u.ID },
  ACTIVE: { kind: 'bool', get: (u) => u.ACTIVE },
  NAME: { kind: 'string', get: (u) => u.NAME },
  LAST_NAME: { kind: 'string', get: (u) => u.LAST_NAME },
  SECOND_NAME: { kind: 'string', get: (u) => u.SECOND_NAME },
  EMAIL: { kind: 'string', get: (u) => u.EMAIL },
  WORK_POSITION: { kind: 'string', get: (u) => u.WORK_POSITION },
  UF_DEPARTMENT: { kind: 'int', get: (u) => u.UF_DEPARTMENT },
  USER_TYPE: { kind: 'string', get: (u) => u.USER_TYPE },
  XML_ID: { kind: 'string', get: () => null },
  NAME_SEARCH: { kind: 'string', get: (u) => `${u.NAME} ${u.LAST_NAME} ${u.SECOND_NAME}` },
  IS_ONLINE: { kind: 'string', get: () => 'N' },
};

/** `user_brief` leaves out contact details. */
function present(user: SeedUser, scopes: readonly string[]): Record<string, unknown> {
  // IS_ADMIN is the sandbox's own bookkeeping, not a user.get field.
  const full: Record<string, unknown> = { ...user, IS_ONLINE: 'N', PERSONAL_PHONE: '', WORK_PHONE: '' };
  delete full['IS_ADMIN'];
  if (!scopes.includes('user') && !scopes.includes('user_basic')) {
    delete full['EMAIL'];
    delete full['PERSONAL_PHONE'];
    delete full['WORK_PHONE'];
  }
  return full;
}

function resolve(name: string): FilterField<SeedUser> | undefined {
  return USER_FIELDS[name.toUpperCase()];
}

function userList(ctx: CallContext, filter: unknown): ReturnType<MethodDef['handler']> {
  const predicate = compileFilter(filter, resolve);
  const sortField = param(ctx.params, 'sort', 'SORT');
  const direction = String(param(ctx.params, 'order', 'ORDER') ?? 'ASC');
  const order = typeof sortField === 'string' ? { [sortField]: direction } : undefined;
  const compare = compileOrder(order, resolve, USER_FIELDS['ID'] as FilterField<SeedUser>);
  const rows = SEED_USERS.filter(predicate).sort(compare);
  const { page, total, next } = paginate(rows, param(ctx.params, 'start', 'START'));
  return { result: page.map((u) => present(u, ctx.scopes)), total, next };
}

/** `user.*` methods over the seeded users. */
export const userMethods: MethodDef[] = [
  {
    name: 'user.current',
    scope: ['user', 'user_basic', 'user_brief'],
    write: false,
    handler: (ctx) => ok(present(ctx.user, ctx.scopes)),
  },
  {
    name: 'user.get',
    scope: ['user', 'user_basic', 'user_brief'],
    write: false,
    handler: (ctx) => {
      const filter = optionalObject(ctx.params, 'FILTER', 'filter') ?? {};
      // Top-level keys other than the documented parameters are filter fields too, as on the portal.
      const extra: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(ctx.params)) {
        if (!/^(FILTER|filter|sort|SORT|order|ORDER|start|START|ADMIN_MODE|select|SELECT|IMAGE_RESIZE|bx24_.*)$/.test(key)) extra[key] = value;
      }
      return userList(ctx, { ...extra, ...filter });
    },
  },
  {
    name: 'user.search',
    scope: ['user', 'user_basic', 'user_brief'],
    write: false,
    handler: (ctx) => {
      const filter = { ...(optionalObject(ctx.params, 'FILTER', 'filter') ?? {}) };
      const find = filter['FIND'];
      if (typeof find === 'string') {
        delete filter['FIND'];
        const needle = find.toLowerCase();
        const ids = SEED_USERS.filter((u) =>
          [u.NAME, u.LAST_NAME, u.WORK_POSITION].some((text) => text.toLowerCase().startsWith(needle)),
        ).map((u) => u.ID);
        return userList(ctx, { '@ID': ids.length > 0 ? ids : ['0'] });
      }
      return userList(ctx, filter);
    },
  },
];
