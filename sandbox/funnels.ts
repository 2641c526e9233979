import type { CategoryRecord, StatusRecord } from './portal-data';
import type { Portal } from './portal';

/** The five stages every new funnel gets. */
const DEFAULT_STAGES: ReadonlyArray<{ code: string; name: string; sort: number; semantics: 'S' | 'F' | null; system: boolean; color: string }> = [
  { code: 'NEW', name: 'Start', sort: 10, semantics: null, system: true, color: '#39A8EF' },
  { code: 'PREPARATION', name: 'Preparation', sort: 20, semantics: null, system: false, color: '#2FC6F6' },
  { code: 'CLIENT', name: 'Approval', sort: 30, semantics: null, system: false, color: '#55D0E0' },
  { code: 'SUCCESS', name: 'Success', sort: 40, semantics: 'S', system: true, color: '#7BD500' },
  { code: 'FAIL', name: 'Failure', sort: 50, semantics: 'F', system: true, color: '#FF5752' },
];

/** Dictionary id of a funnel's stages: `DYNAMIC_<etid>_STAGE_<cat>`. */
export function stageEntityId(entityTypeId: number, categoryId: number): string {
  return `DYNAMIC_${entityTypeId}_STAGE_${categoryId}`;
}

/** Stage id prefix: `DT<etid>_<cat>`. */
export function stagePrefix(entityTypeId: number, categoryId: number): string {
  return `DT${entityTypeId}_${categoryId}`;
}

/** Creates a funnel with its default stages. */
export function createFunnel(
  portal: Portal,
  entityTypeId: number,
  init: { name: string; sort: number; isDefault: boolean; code?: string | null },
  now: number,
): CategoryRecord {
  const category: CategoryRecord = {
    id: portal.nextId('category'),
    entityTypeId,
    name: init.name,
    sort: init.sort,
    isDefault: init.isDefault,
    isSystem: false,
    code: init.code ?? null,
    createdTime: now,
  };
  portal.data.categories.push(category);
  const entityId = stageEntityId(entityTypeId, category.id);
  for (const stage of DEFAULT_STAGES) {
    const record: StatusRecord = {
      id: portal.nextId('status'),
      entityId,
      statusId: `${stagePrefix(entityTypeId, category.id)}:${stage.code}`,
      name: stage.name,
      nameInit: stage.system ? stage.name : null,
      sort: stage.sort,
      system: stage.system,
      categoryId: category.id,
      color: stage.color,
      semantics: stage.semantics,
    };
    portal.data.statuses.push(record);
  }
  return category;
}

/** Stages of a funnel in SORT order. */
export function stagesOf(portal: Portal, entityTypeId: number, categoryId: number): StatusRecord[] {
  const entityId = stageEntityId(entityTypeId, categoryId);
  return portal.data.statuses.filter((s) => s.entityId === entityId).sort((a, b) => a.sort - b.sort || a.id - b.id);
}

/** The funnels of a type, default first by sort. */
export function categoriesOf(portal: Portal, entityTypeId: number): CategoryRecord[] {
  return portal.data.categories.filter((c) => c.entityTypeId === entityTypeId).sort((a, b) => a.sort - b.sort || a.id - b.id);
}

/** The default funnel of a type. */
export function defaultCategory(portal: Portal, entityTypeId: number): CategoryRecord | undefined {
  return portal.data.categories.find((c) => c.entityTypeId === entityTypeId && c.isDefault);
}
