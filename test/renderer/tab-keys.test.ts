import { describe, expect, it } from 'vitest';
import { tabForKey } from '../../renderer/src/features/review/tab-keys';

const TABS = ['rows', 'fields', 'stages', 'create'] as const;

describe('tabForKey', () => {
  it('moves to the neighbour with Left and Right, wrapping around the ends', () => {
    expect(tabForKey(TABS, 'fields', 'ArrowRight')).toBe('stages');
    expect(tabForKey(TABS, 'fields', 'ArrowLeft')).toBe('rows');
    expect(tabForKey(TABS, 'create', 'ArrowRight')).toBe('rows');
    expect(tabForKey(TABS, 'rows', 'ArrowLeft')).toBe('create');
  });
  it('jumps to the first and last with Home and End', () => {
    expect(tabForKey(TABS, 'stages', 'Home')).toBe('rows');
    expect(tabForKey(TABS, 'stages', 'End')).toBe('create');
  });
  it('leaves other keys alone', () => {
    expect(tabForKey(TABS, 'stages', 'Enter')).toBeUndefined();
    expect(tabForKey(TABS, 'stages', 'ArrowDown')).toBeUndefined();
  });
});
