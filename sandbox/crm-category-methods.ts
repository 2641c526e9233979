import { fieldDescription as f } from './field-description';
import { categoriesOf, createFunnel, defaultCategory, stageEntityId } from './funnels';
import type { CallContext, MethodDef } from './method-types';
import { ok } from './method-types';
import type { CategoryRecord, TypeRecord } from './portal-data';
import { requireInt, requireObject, toInt, toYesNo, zeroError } from './params';
import { RestError } from './rest-error';

/** Funnel as `crm.category.*` returns it. */
export function categoryToJson(category: CategoryRecord): Record<string, unknown> {
  return {
    id: category.id,
    name: category.name,
    sort: category.sort,
    entityTypeId: category.entityTypeId,
    isDefault: category.isDefault ? 'Y' : 'N',
    isSystem: category.isSystem ? 'Y' : 'N',
    code: category.code,
  };
}

function typeFor(ctx: CallContext): TypeRecord {
  const entityTypeId = requireInt(ctx.params, 'entityTypeId');
  const type = ctx.portal.typeByEntityTypeId(entityTypeId);
  // Passing the type `id` instead of `entityTypeId` lands here.
  if (type === undefined) throw new RestError(400, 'NOT_FOUND', 'Smart process not found');
  return type;
}

function categoryFor(ctx: CallContext, type: TypeRecord): CategoryRecord {
  const id = requireInt(ctx.params, 'id');
  const category = ctx.portal.data.categories.find((c) => c.id === id && c.entityTypeId === type.entityTypeId);
  if (category === undefined) throw new RestError(400, 'NOT_FOUND', 'Category not found');
  return category;
}

function requireSettingsRight(ctx: CallContext): void {
  if (!ctx.isCrmAdmin) throw new RestError(400, 'ACCESS_DENIED', 'Access denied');
}

function readName(value: unknown): string {
  const name = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  if (name.trim() === '') throw zeroError("Field 'NAME' is required");
  if (name.length > 255) throw zeroError("Field 'NAME' must be no longer than 255 characters");
  return name;
}

function readSort(value: unknown, fallback: number): number {
  const n = toInt(value);
  if (n === undefined) return fallback;
  return Math.max(0, n);
}

function makeDefault(ctx: CallContext, category: CategoryRecord): void {
  for (const other of ctx.portal.data.categories) if (other.entityTypeId === category.entityTypeId) other.isDefault = other === category;
}

/** `crm.category.*`. */
export const crmCategoryMethods: MethodDef[] = [
  {
    name: 'crm.category.list',
    scope: ['crm'],
    write: false,
    handler: (ctx) => {
      const type = typeFor(ctx);
      const rows = categoriesOf(ctx.portal, type.entityTypeId);
      return { result: { categories: rows.map(categoryToJson) }, total: rows.length };
    },
  },
  {
    name: 'crm.category.get',
    scope: ['crm'],
    write: false,
    handler: (ctx) => ok({ category: categoryToJson(categoryFor(ctx, typeFor(ctx))) }),
  },
  {
    name: 'crm.category.fields',
    scope: ['crm'],
    write: false,
    handler: (ctx) => {
      typeFor(ctx);
      return ok({
        fields: {
          id: f('integer', 'ID', { isReadOnly: true }),
          name: f('string', 'Name', { isRequired: true }),
          sort: f('integer', 'Sort'),
          entityTypeId: f('integer', 'Entity type ID', { isReadOnly: true }),
          isDefault: f('boolean', 'Default'),
          isSystem: f('boolean', 'System', { isReadOnly: true }),
          code: f('string', 'Code', { isReadOnly: true }),
        },
      });
    },
  },
  {
    name: 'crm.category.add',
    scope: ['crm'],
    write: true,
    handler: (ctx) => {
      const type = typeFor(ctx);
      const fields = requireObject(ctx.params, 'fields');
      requireSettingsRight(ctx);
      // Funnels need the type's custom-funnel flag (else ENTITY_TYPE_NOT_SUPPORTED).
      if (type.flags.isCategoriesEnabled !== 'Y') {
        throw new RestError(400, 'ENTITY_TYPE_NOT_SUPPORTED', `Entity type ${type.entityTypeId} does not support categories`);
      }
      const name = readName(fields['name']);
      const category = createFunnel(ctx.portal, type.entityTypeId, { name, sort: readSort(fields['sort'], 500), isDefault: false }, ctx.wallNow);
      if (toYesNo(fields['isDefault']) === 'Y') makeDefault(ctx, category);
      ctx.rowsWritten += 1;
      return ok({ category: categoryToJson(category) });
    },
  },
  {
    name: 'crm.category.update',
    scope: ['crm'],
    write: true,
    handler: (ctx) => {
      const type = typeFor(ctx);
      const category = categoryFor(ctx, type);
      const fields = requireObject(ctx.params, 'fields');
      requireSettingsRight(ctx);
      if (fields['name'] !== undefined) category.name = readName(fields['name']);
      if (fields['sort'] !== undefined) category.sort = readSort(fields['sort'], category.sort);
      // The flag moves only onto a funnel; it cannot be taken off the default one directly.
      if (toYesNo(fields['isDefault']) === 'Y') makeDefault(ctx, category);
      ctx.rowsWritten += 1;
      return ok({ category: categoryToJson(category) });
    },
  },
  {
    name: 'crm.category.delete',
    scope: ['crm'],
    write: true,
    handler: (ctx) => {
      const type = typeFor(ctx);
      const category = categoryFor(ctx, type);
      requireSettingsRight(ctx);
      if (category.isSystem) throw new RestError(400, 'REMOVING_DISABLED', 'Removing of the system category is disabled');
      if (category.isDefault || defaultCategory(ctx.portal, type.entityTypeId) === category) {
        throw new RestError(400, 'BX_ERROR', 'This funnel is the default funnel');
      }
      for (const item of ctx.portal.items(type.entityTypeId).values()) {
        if (item.values['categoryId'] === category.id) throw new RestError(400, 'BX_ERROR', 'Elements related to the funnel found');
      }
      const entityId = stageEntityId(type.entityTypeId, category.id);
      ctx.portal.data.categories = ctx.portal.data.categories.filter((c) => c !== category);
      ctx.portal.data.statuses = ctx.portal.data.statuses.filter((s) => s.entityId !== entityId);
      ctx.rowsWritten += 1;
      return ok(null);
    },
  },
];
