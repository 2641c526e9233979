import { describe, expect, it, onTestFinished } from 'vitest';
import { importOrder } from '../../../shared/sheet/plan/import-order';
import { prepareRows } from '../../../shared/sheet/plan/prepare-rows';
import type { Mapping } from '../../../shared/sheet/mapping/types';
import { table } from './table';
import { rowWarningText } from '../../../shared/sheet/plan/plan-warning-wording';

const mapping: Mapping = {
  version: 1,
  title: 'T',
  language: 'ru',
  key: { kind: 'column', columns: ['ID'] },
  columns: [
    { header: 'ID', type: 'string', target: { kind: 'builtin', field: 'title' } },
    { header: 'Создано', type: 'date', format: 'day-first', target: { kind: 'builtin', field: 'createdTime' } },
  ],
  stages: [],
  users: {},
  defaultUserId: null,
  currency: 'RUB',
};

describe('history dates', () => {
  it('reads creation dates as wall-clock datetimes and clamps future ones to now, with a row warning', () => {
    const before = Date.now();
    const out = prepareRows(table(['ID', 'Создано'], [['a', '05.03.2024'], ['b', '01.01.2999'], ['c', null], ['d', { kind: 'datetime', value: '2023-12-31T23:30:00' }]]), mapping);
    const values = out.rows.map((r) => r.values['createdTime']);
    expect([values[0], values[2], values[3]]).toEqual(['2024-03-05T00:00:00', null, '2023-12-31T23:30:00']);
    // Clamped to UTC "now" (a minute of slack for the portal's clock), never later.
    const clamped = Date.parse(String(values[1]));
    expect(String(values[1])).toMatch(/Z$/);
    expect(clamped).toBeLessThanOrEqual(Date.now());
    expect(clamped).toBeGreaterThan(before - 120_000);
    expect(out.failures).toEqual([]);
    expect(out.warnings).toEqual([{ row: 3, column: 'Создано', code: 'FUTURE_HISTORY_DATE', params: { value: '01.01.2999' } }]);
    expect(out.warnings.map(rowWarningText)).toEqual([expect.stringMatching(/^Row 3, column “Создано”: 01\.01\.2999 is in the future/)]);
  });

  it('orders the import by creation date, undated rows last, stable otherwise', () => {
    const out = prepareRows(table(['ID', 'Создано'], [['a', '05.03.2024'], ['b', null], ['c', '01.01.2024'], ['d', '05.03.2024'], ['e', null]]), mapping);
    expect(importOrder(out.rows).map((r) => r.key)).toEqual(['c', 'a', 'd', 'b', 'e']);
    const undated = prepareRows(table(['ID', 'Создано'], [['x', null], ['y', null]]), mapping);
    expect(importOrder(undated.rows).map((r) => r.key)).toEqual(['x', 'y']);
  });
});

describe('import order across time zones', () => {
  it('puts a date clamped to now after a local time earlier today, whatever the offset', () => {
    // East of UTC, the local text of an earlier instant sorts after the UTC text of a later one.
    const zone = process.env['TZ'];
    process.env['TZ'] = 'Asia/Tokyo';
    onTestFinished(() => {
      if (zone === undefined) delete process.env['TZ'];
      else process.env['TZ'] = zone;
    });
    const now = Date.now();
    const local = new Date(now - 30 * 60_000);
    const pad = (n: number): string => String(n).padStart(2, '0');
    const localText = `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}T${pad(local.getHours())}:${pad(local.getMinutes())}:00`;
    const rows = [
      { key: 'clamped', sourceRow: 2, values: { createdTime: `${new Date(now).toISOString().slice(0, 19)}Z` } },
      { key: 'earlier', sourceRow: 3, values: { createdTime: localText } },
    ];
    expect(importOrder(rows).map((row) => row.key)).toEqual(['earlier', 'clamped']);
  });
});
