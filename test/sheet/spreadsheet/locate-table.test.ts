import { describe, expect, it } from 'vitest';
import { locateTable } from '../../../shared/sheet/spreadsheet/locate-table';
import type { Cell } from '../../../shared/sheet/spreadsheet/types';

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

  it('keeps a header row with repeated names as the header (renamed), not the first data row', () => {
    const table = locateTable('S', [
      ['Key', 'Status', 'Status', 'Amount', 'Amount'],
      ['K1', 'New', 'Done', '100', '200'],
      ['K2', 'Done', 'New', '150', '0'],
    ]);
    expect(table.headerRow).toBe(1);
    expect(table.headers).toEqual(['Key', 'Status', 'Status (2)', 'Amount', 'Amount (2)']);
    expect(table.rows).toHaveLength(2);
  });

  it('keeps repeated names even when the first data row is all words', () => {
    const table = locateTable('S', [
      ['Key', 'Owner', 'Owner', 'Stage'],
      ['K1', 'Ann Lee', 'Bob Stone', 'New'],
      ['K2', 'Bob Stone', 'Ann Lee', 'New'],
    ]);
    expect(table.headerRow).toBe(1);
    expect(table.headers).toEqual(['Key', 'Owner', 'Owner (2)', 'Stage']);
  });

  it('joins a group row over the headers (xlsx: labels merged across, stand-alone headers merged down and filled)', () => {
    const table = locateTable('S', [
      ['Реестр договоров'],
      ['№', 'Контрагент', null, 'Сроки', null, 'Статус'],
      ['№', 'Наименование', 'ИНН', 'Дата начала', 'Дата окончания', 'Статус'],
      ['1', 'ООО «Лотос»', '7701000001', '01.02.2025', '01.02.2026', 'Действует'],
      ['2', 'АО «Вектор»', '7701000002', '03.02.2025', '03.02.2026', 'Проект'],
    ]);
    expect(table.headerRow).toBe(3);
    expect(table.headers).toEqual(['№', 'Контрагент / Наименование', 'Контрагент / ИНН', 'Сроки / Дата начала', 'Сроки / Дата окончания', 'Статус']);
    expect(table.rows).toHaveLength(2);
    expect(table.warnings.map((w) => w.code)).toEqual(['TITLE_ROWS_SKIPPED', 'HEADER_ROWS_JOINED']);
    expect(table.warnings[0]!.rows).toEqual([1]);
  });

  it('joins a csv group row: stand-alone headers in the upper row only, group labels repeated or not', () => {
    const table = locateTable('S', [
      ['Ticket', 'Dates', 'Dates', 'Money', '', 'Status'],
      ['', 'Opened', 'Due', 'Budget', 'Spent', ''],
      ['T-1', '2025-01-02', '2025-01-09', '100', '20', 'New'],
      ['T-2', '2025-01-03', '2025-01-10', '200', '0', 'Done'],
    ]);
    expect(table.headerRow).toBe(2);
    expect(table.headers).toEqual(['Ticket', 'Dates / Opened', 'Dates / Due', 'Money / Budget', 'Money / Spent', 'Status']);
    expect(table.rows).toHaveLength(2);
  });

  it('does not take a header with an unnamed column over a first data row of words for a group row', () => {
    const table = locateTable('S', [
      ['Name', 'Stage', null, 'Notes'],
      ['Ann Lee', 'New', 'x', 'call back'],
      ['Bob Stone', 'Done', '', ''],
    ]);
    expect(table.headerRow).toBe(1);
    expect(table.headers).toEqual(['Name', 'Stage', 'Column C', 'Notes']);
    expect(table.rows).toHaveLength(2);
  });
});
