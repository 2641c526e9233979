import { describe, expect, it } from 'vitest';
import { locateTable } from '../../../shared/spreadsheet/locate-table';
import type { Cell } from '../../../shared/spreadsheet/types';

describe('locateTable row shapes', () => {
  it('pads short and holey rows with null to the table width when no column is dropped', () => {
    const holey: Cell[] = [];
    holey[2] = 'c';
    const table = locateTable('S', [['A', 'B', 'C'], ['a'], holey, ['x', 'y', 'z']]);
    expect(table.rows).toEqual([
      ['a', null, null],
      [null, null, 'c'],
      ['x', 'y', 'z'],
    ]);
    for (const row of table.rows) expect(Object.keys(row)).toHaveLength(3);
  });

  it('still drops a blank column and keeps the others in order', () => {
    const table = locateTable('S', [['A', null, 'C'], ['a', null, 'c'], ['b', '  ', null]]);
    expect(table.headers).toEqual(['A', 'C']);
    expect(table.columnNumbers).toEqual([1, 3]);
    expect(table.rows).toEqual([
      ['a', 'c'],
      ['b', null],
    ]);
  });

  it('reads sheets longer than a spread call can take (no stack overflow past ~125,000 rows)', () => {
    const grid: Cell[][] = [['№', 'Name']];
    for (let i = 0; i < 150_000; i++) grid.push(i === 7 ? [String(i)] : [String(i), `n${i}`]);
    const table = locateTable('S', grid);
    expect(table.rows).toHaveLength(150_000);
    expect(table.rows[7]).toEqual(['7', null]);
    expect(table.rowNumbers.at(-1)).toBe(150_001);
  });
});
