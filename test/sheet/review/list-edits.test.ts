import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../../shared/sheet/mapping/types';
import { applyMappingOverride } from '../../../shared/sheet/mapping/apply-mapping-override';
import { mappingToOverride } from '../../../shared/sheet/review/mapping-to-override';
import { listViews, mapListValue, renameListItem } from '../../../renderer/src/features/review/list-edits';

const SHEET = ['опт', 'опт.', 'розница', 'Розница '];

function mapping(): Mapping {
  return {
    version: 1,
    title: 'Заказы',
    language: 'ru',
    key: { kind: 'column', columns: ['№'] },
    columns: [
      { header: '№', type: 'string', target: { kind: 'custom', suffix: 'NO', userTypeId: 'string', multiple: false, label: '№' } },
      { header: 'Канал', type: 'enumeration', target: { kind: 'custom', suffix: 'KANAL', userTypeId: 'enumeration', multiple: false, label: 'Канал', items: ['опт', 'опт.', 'розница'] } },
    ],
    stages: [],
    users: {},
    defaultUserId: null,
    currency: 'RUB',
  };
}

describe('list value mapping', () => {
  it('shows each sheet value with the item it becomes (spacing and case do not matter)', () => {
    const [list] = listViews(mapping(), { Канал: SHEET });
    expect(list!.values).toEqual([
      { value: 'опт', item: 'опт' },
      { value: 'опт.', item: 'опт.' },
      { value: 'розница', item: 'розница' },
      { value: 'Розница ', item: 'розница' },
    ]);
  });

  it('merges a spelling into another item, drops the item nobody uses, and can undo it', () => {
    const merged = mapListValue(mapping(), 1, 'опт.', 'опт', SHEET);
    expect(merged.columns[1]!.valueMap).toEqual({ 'опт.': 'опт' });
    expect(merged.columns[1]!.target).toMatchObject({ items: ['опт', 'розница'] });
    const undone = mapListValue(merged, 1, 'опт.', undefined, SHEET);
    expect(undone.columns[1]!.valueMap).toBeUndefined();
    expect(undone.columns[1]!.target).toMatchObject({ items: ['опт', 'розница', 'опт.'] });
  });

  it('renames an item: every value that became it follows', () => {
    const merged = mapListValue(mapping(), 1, 'опт.', 'опт', SHEET);
    const renamed = renameListItem(merged, 1, 'опт', 'Оптовый', SHEET);
    expect(renamed.columns[1]!.target).toMatchObject({ items: ['Оптовый', 'розница'] });
    const [list] = listViews(renamed, { Канал: SHEET });
    expect(list!.values.filter((entry) => entry.item === 'Оптовый').map((entry) => entry.value)).toEqual(['опт', 'опт.']);
  });

  it('survives the trip through the --mapping format the app sends to the core', () => {
    const edited = renameListItem(mapListValue(mapping(), 1, 'опт.', 'опт', SHEET), 1, 'опт', 'Оптовый', SHEET);
    const back = applyMappingOverride(mapping(), mappingToOverride(edited));
    expect(back.columns[1]!.valueMap).toEqual(edited.columns[1]!.valueMap);
    expect(back.columns[1]!.target).toMatchObject({ items: ['Оптовый', 'розница'] });
  });
});
