import { describe, expect, it } from 'vitest';
import type { StageMapping } from '../../../shared/sheet/mapping/types';
import { buildPlan } from '../../../shared/sheet/plan/build-plan';
import { planStages, stageSorts } from '../../../shared/sheet/plan/plan-stages';
import { prepareRows } from '../../../shared/sheet/plan/prepare-rows';
import { normalizeValue, resolveItemFields, type ResolveContext } from '../../../shared/sheet/plan/resolve-item-fields';
import type { PortalSnapshot, SnapshotStage } from '../../../shared/sheet/plan/types';
import type { Mapping } from '../../../shared/sheet/mapping/types';
import { table } from './table';

const DEFAULT_STAGES: SnapshotStage[] = [
  { id: 1, statusId: 'DT1030_5:NEW', code: 'NEW', name: 'Start', sort: 10, semantics: 'process', color: '#39A8EF', system: true },
  { id: 2, statusId: 'DT1030_5:PREPARATION', code: 'PREPARATION', name: 'Preparation', sort: 20, semantics: 'process', color: '#2FC6F6', system: false },
  { id: 3, statusId: 'DT1030_5:CLIENT', code: 'CLIENT', name: 'Approval', sort: 30, semantics: 'process', color: '#55D0E0', system: false },
  { id: 4, statusId: 'DT1030_5:SUCCESS', code: 'SUCCESS', name: 'Success', sort: 40, semantics: 'success', color: '#7BD500', system: true },
  { id: 5, statusId: 'DT1030_5:FAIL', code: 'FAIL', name: 'Failure', sort: 50, semantics: 'failure', color: '#FF5752', system: true },
];

const stage = (code: string, name: string, semantics: StageMapping['semantics']): StageMapping => ({ code, name, semantics, color: '#39A8EF', values: [name] });

/** Applies stage ops to a list and checks the portal's order rule after every step. */
function simulate(existing: SnapshotStage[], stages: StageMapping[]): SnapshotStage[] {
  let state = existing.map((s) => ({ ...s }));
  let nextId = 100;
  const rank = { process: 0, success: 1, failure: 2 } as const;
  for (const op of planStages(stages, existing, true)) {
    if (op.kind === 'delete') state = state.filter((s) => s.id !== op.id);
    else if (op.kind === 'update') Object.assign(state.find((s) => s.id === op.id)!, { name: op.fields.NAME, sort: op.fields.SORT, color: op.fields.COLOR });
    else state.push({ id: nextId++, statusId: op.code, code: op.code, name: op.fields.NAME, sort: op.fields.SORT, color: op.fields.COLOR, system: false, semantics: op.stage.semantics });
    const sorted = [...state].sort((a, b) => a.sort - b.sort);
    for (let i = 1; i < sorted.length; i++) expect(rank[sorted[i - 1]!.semantics]).toBeLessThanOrEqual(rank[sorted[i]!.semantics]);
    expect(state.filter((s) => s.semantics === 'success')).toHaveLength(1);
  }
  return state.sort((a, b) => a.sort - b.sort);
}

describe('planStages', () => {
  it('renames, adds and removes so the kanban matches, keeping the order rule at every step', () => {
    const wanted = [stage('NEW', 'Новая', 'process'), stage('PREPARATION', 'В работе', 'process'), stage('CLIENT', 'Проверка', 'process'), stage('EXTRA', 'Оплата', 'process'), stage('SUCCESS', 'Готово', 'success'), stage('FAIL', 'Отказ', 'failure'), stage('CANCEL', 'Отменено', 'failure')];
    expect(simulate(DEFAULT_STAGES, wanted).map((s) => [s.code, s.name, s.semantics])).toEqual(wanted.map((s) => [s.code, s.name, s.semantics]));
  });

  it('shrinks to fewer stages by deleting the unused defaults first', () => {
    const wanted = [stage('NEW', 'Open', 'process'), stage('SUCCESS', 'Done', 'success'), stage('FAIL', 'Lost', 'failure')];
    const ops = planStages(wanted, DEFAULT_STAGES, true);
    expect(ops.slice(0, 2).map((op) => [op.kind, op.code])).toEqual([['delete', 'PREPARATION'], ['delete', 'CLIENT']]);
    expect(simulate(DEFAULT_STAGES, wanted).map((s) => s.code)).toEqual(['NEW', 'SUCCESS', 'FAIL']);
  });

  it('does nothing when the stages already match', () => {
    const wanted = [stage('NEW', 'Open', 'process'), stage('SUCCESS', 'Done', 'success'), stage('FAIL', 'Lost', 'failure')];
    const sorts = stageSorts(wanted);
    const existing = wanted.map((s, i) => ({ id: i + 1, statusId: s.code, code: s.code, name: s.name, sort: sorts[i]!, semantics: s.semantics, color: s.color, system: false }));
    expect(planStages(wanted, existing, true)).toEqual([]);
  });

  it('refuses to change a stage’s semantics', () => {
    expect(() => planStages([stage('FAIL', 'Done', 'success'), stage('NEW', 'a', 'process')], DEFAULT_STAGES, true)).toThrow(/cannot change a stage's semantics/);
  });
});

const MAPPING: Mapping = {
  version: 1,
  title: 'Заявки',
  language: 'ru',
  key: { kind: 'column', columns: ['ID'] },
  columns: [
    { header: 'ID', type: 'string', target: { kind: 'custom', suffix: 'ID', userTypeId: 'string', multiple: false, label: 'ID' } },
    { header: 'Тема', type: 'string', target: { kind: 'builtin', field: 'title' } },
    { header: 'Статус', type: 'enumeration', target: { kind: 'builtin', field: 'stageId' } },
    { header: 'Клиент', type: 'string', target: { kind: 'builtin', field: 'companyId' } },
    { header: 'Сумма', type: 'money', target: { kind: 'builtin', field: 'opportunity' } },
    { header: 'Вид', type: 'enumeration', target: { kind: 'custom', suffix: 'VID', userTypeId: 'enumeration', multiple: false, label: 'Вид', items: ['x', 'y'] } },
  ],
  stages: [stage('NEW', 'Новая', 'process'), stage('SUCCESS', 'Готово', 'success'), stage('FAIL', 'Отказ', 'failure')],
  users: {},
  defaultUserId: null,
  currency: 'RUB',
};

const rows = Array.from({ length: 45 }, (_, i) => [`R${i + 1}`, `Тема ${i + 1}`, i % 2 ? 'Готово' : 'Новая', i % 3 ? 'Ромашка' : 'Вектор', '100', 'x']);
const snapshot = (over: Partial<PortalSnapshot> = {}): PortalSnapshot => ({ portal: 'p', type: null, categoryId: null, fields: [], stages: [], users: [], companies: { Вектор: 7 }, contacts: {}, ...over });

describe('buildPlan', () => {
  it('lists every operation of a first migration, in order', () => {
    const prepared = prepareRows(table(['ID', 'Тема', 'Статус', 'Клиент', 'Сумма', 'Вид'], rows), MAPPING);
    const plan = buildPlan({ mapping: MAPPING, prepared, snapshot: snapshot(), projectId: 'spm-abc' });
    expect(plan.operations.map((op) => op.method)).toEqual([
      'crm.type.add',
      'userfieldconfig.add',
      'userfieldconfig.add',
      'crm.status.delete',
      'crm.status.delete',
      'crm.status.update',
      'crm.status.update',
      'crm.status.update',
      'crm.company.add',
      'crm.item.batchImport',
      'crm.item.batchImport',
      'crm.item.batchImport',
    ]);
    const typeFields = plan.operations[0]?.params?.['fields'] as Record<string, string>;
    expect(typeFields).toMatchObject({ title: 'Заявки', code: 'spm-abc', isBizProcEnabled: 'Y', isAutomationEnabled: 'Y', isStagesEnabled: 'Y', isClientEnabled: 'Y', isLinkWithProductsEnabled: 'Y', isUseInUserfieldEnabled: 'Y' });
    expect(typeFields['isBeginCloseDatesEnabled']).toBeUndefined();
    expect(plan.operations[2]?.summary).toContain('UF_CRM_<id>_VID');
    expect(plan.operations[8]?.summary).toBe('company “Ромашка”');
    expect(plan.summary).toMatchObject({ smartProcess: 'create', fieldsToCreate: 2, stagesToDelete: 2, stagesToUpdate: 3, clientsToCreate: 1, itemsToCreate: 45, itemsUnchanged: 0 });
    expect(plan.operations[11]?.summary).toMatch(/^5 item\(s\): row\(s\) 42–46/);
  });

  it('plans only what is missing when resuming on an existing type', () => {
    const prepared = prepareRows(table(['ID', 'Тема', 'Статус', 'Клиент', 'Сумма', 'Вид'], rows), MAPPING);
    const sorts = stageSorts(MAPPING.stages);
    const plan = buildPlan({
      mapping: MAPPING,
      prepared,
      projectId: 'spm-abc',
      loadedKeys: new Set(rows.slice(0, 40).map((r) => String(r[0]))),
      snapshot: snapshot({
        type: { id: 9, entityTypeId: 1030, title: 'Заявки', code: 'spm-abc', flags: { isStagesEnabled: 'Y', isBizProcEnabled: 'Y', isAutomationEnabled: 'N', isClientEnabled: 'Y', isLinkWithProductsEnabled: 'Y', isUseInUserfieldEnabled: 'Y', isRecyclebinEnabled: 'Y' } },
        categoryId: 5,
        fields: [
          { id: 1, fieldName: 'UF_CRM_9_ID', userTypeId: 'string', multiple: false, label: 'ID', items: [] },
          { id: 2, fieldName: 'UF_CRM_9_VID', userTypeId: 'enumeration', multiple: false, label: 'Вид', items: [{ id: 11, value: 'x' }] },
        ],
        stages: MAPPING.stages.map((s, i) => ({ id: i + 1, statusId: `DT1030_5:${s.code}`, code: s.code, name: s.name, sort: sorts[i]!, semantics: s.semantics, color: s.color, system: false })),
        companies: { Вектор: 7, Ромашка: 8 },
      }),
    });
    expect(plan.operations.map((op) => [op.method, op.summary])).toEqual([
      ['crm.type.update', 'switch on isAutomationEnabled on “Заявки”'],
      ['userfieldconfig.update', 'add list item(s) “y” to UF_CRM_9_VID'],
      ['crm.item.batchImport', expect.stringMatching(/^5 item/)],
    ]);
    expect(plan.summary).toMatchObject({ smartProcess: 'reuse', itemsToCreate: 5, itemsUnchanged: 40 });
  });

  it('refuses a field that exists with another type', () => {
    const prepared = prepareRows(table(['ID', 'Тема', 'Статус', 'Клиент', 'Сумма', 'Вид'], rows.slice(0, 1)), MAPPING);
    const s = snapshot({ type: { id: 9, entityTypeId: 1030, title: 'T', code: 'c', flags: {} }, categoryId: 5, stages: DEFAULT_STAGES, fields: [{ id: 1, fieldName: 'UF_CRM_9_ID', userTypeId: 'integer', multiple: false, label: 'ID', items: [] }] });
    expect(() => buildPlan({ mapping: MAPPING, prepared, snapshot: s, projectId: 'c' })).toThrow(/exists as integer/);
  });
});

describe('resolveItemFields', () => {
  const ctx: ResolveContext = {
    entityTypeId: 1030,
    categoryId: 5,
    fieldNames: { VID: 'UF_CRM_9_VID', TAGS: 'UF_CRM_9_TAGS', D: 'UF_CRM_9_D' },
    fieldTypes: { VID: { userTypeId: 'enumeration', multiple: false }, TAGS: { userTypeId: 'enumeration', multiple: true }, D: { userTypeId: 'date', multiple: false } },
    enumIds: { VID: { x: 11, y: 12 }, TAGS: { a: 21, b: 22 } },
    stageIds: { NEW: 'DT1030_5:NEW' },
    companies: { Вектор: 7 },
    contacts: { 'Ann Lee': 3 },
  };

  it('resolves symbolic values to portal ids', () => {
    expect(resolveItemFields({ title: 'T', stageId: 'NEW', companyId: 'Вектор', contactIds: ['Ann Lee'], 'uf:VID': 'y', 'uf:TAGS': ['b', 'a'], 'uf:D': null }, ctx, 'create')).toEqual({
      title: 'T', stageId: 'DT1030_5:NEW', categoryId: 5, companyId: 7, contactIds: [3], UF_CRM_9_VID: 12, UF_CRM_9_TAGS: [22, 21],
    });
  });

  it('clears emptied fields on update and never moves funnels', () => {
    expect(resolveItemFields({ stageId: 'NEW', 'uf:D': null, 'uf:TAGS': [] }, ctx, 'update')).toEqual({ stageId: 'DT1030_5:NEW', UF_CRM_9_D: '', UF_CRM_9_TAGS: [] });
  });

  it('compares sent and read-back values the way the portal reformats them', () => {
    expect(normalizeValue('date', '2025-03-05T03:00:00+03:00')).toBe(normalizeValue('date', '2025-03-05'));
    // Datetimes compare as instants: the portal answers in its own zone, not the sheet's.
    expect(normalizeValue('datetime', '2025-03-05T09:30:00+03:00')).toBe(normalizeValue('datetime', '2025-03-05T06:30:00+00:00'));
    expect(normalizeValue('datetime', '2025-03-05T09:30:00+03:00')).not.toBe(normalizeValue('datetime', '2025-03-05T09:30:00+00:00'));
    expect(normalizeValue('id', '12')).toBe(normalizeValue('id', 12));
    expect(normalizeValue('money', '100.50|RUB')).toBe(normalizeValue('money', '100.5|RUB'));
    expect(normalizeValue('text', '')).toBeNull();
    expect(normalizeValue('id', [])).toBeNull();
    expect(normalizeValue('date', '2025-03-05')).not.toBe(normalizeValue('date', '2025-03-06'));
  });
});
