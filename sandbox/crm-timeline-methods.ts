import type { CallContext, MethodDef } from './method-types';
import { ok } from './method-types';
import { formatPortalDateTime } from './portal-time';
import type { PortalData } from './portal-data';
import { optionalObject, requireObject, toInt } from './params';
import { RestError } from './rest-error';

type TimelineComment = NonNullable<PortalData['timeline']>[number];

function comments(ctx: CallContext): TimelineComment[] {
  ctx.portal.data.timeline ??= [];
  return ctx.portal.data.timeline;
}

function entityExists(ctx: CallContext, entityType: string, entityId: number): boolean {
  const match = /^DYNAMIC_(\d+)$/i.exec(entityType);
  if (match === null) return false;
  return ctx.portal.items(Number(match[1])).has(entityId);
}

/**
 * `crm.timeline.comment.add|list`: where a notes column goes, since SPAs have
 * no comments field. Only smart-process items are supported.
 */
export const crmTimelineMethods: MethodDef[] = [
  {
    name: 'crm.timeline.comment.add',
    scope: ['crm'],
    write: true,
    handler: (ctx) => {
      const fields = requireObject(ctx.params, 'fields', 'FIELDS');
      const entityId = toInt(fields['ENTITY_ID']);
      const entityType = String(fields['ENTITY_TYPE'] ?? '');
      const comment = typeof fields['COMMENT'] === 'string' ? fields['COMMENT'] : '';
      if (entityId === undefined || entityType === '') throw new RestError(400, 'ERROR_CORE', 'ENTITY_ID and ENTITY_TYPE are required.');
      if (comment.trim() === '') throw new RestError(400, 'ERROR_CORE', 'Empty comment message.');
      if (!entityExists(ctx, entityType, entityId)) throw new RestError(400, 'ERROR_CORE', 'Access denied.');
      const record: TimelineComment = { ID: ctx.portal.nextId('timeline'), ENTITY_ID: entityId, ENTITY_TYPE: entityType.toLowerCase(), COMMENT: comment, AUTHOR_ID: Number(ctx.user.ID), CREATED: ctx.wallNow };
      comments(ctx).push(record);
      ctx.rowsWritten += 1;
      return ok(record.ID);
    },
  },
  {
    name: 'crm.timeline.comment.list',
    scope: ['crm'],
    write: false,
    handler: (ctx) => {
      const filter = optionalObject(ctx.params, 'filter', 'FILTER') ?? {};
      const entityId = toInt(filter['ENTITY_ID']);
      const entityType = String(filter['ENTITY_TYPE'] ?? '').toLowerCase();
      if (entityId === undefined || entityType === '') throw new RestError(400, 'ERROR_CORE', 'ENTITY_ID and ENTITY_TYPE are required in filter.');
      const rows = comments(ctx)
        .filter((c) => c.ENTITY_ID === entityId && c.ENTITY_TYPE === entityType)
        .map((c) => ({ ID: String(c.ID), ENTITY_ID: String(c.ENTITY_ID), ENTITY_TYPE: c.ENTITY_TYPE, COMMENT: c.COMMENT, AUTHOR_ID: String(c.AUTHOR_ID), CREATED: formatPortalDateTime(c.CREATED) }));
      return { result: rows, total: rows.length };
    },
  },
];
