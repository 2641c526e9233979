import { describe, expect, it } from 'vitest';
import { inferSchema } from '../../../shared/sheet/inference/infer-schema';
import { indexColumns, profileColumns } from '../../../shared/sheet/inference/profile-column';
import type { Cell, RichCell, SheetTable } from '../../../shared/sheet/spreadsheet/types';

function table(headers: string[], rows: Cell[][]): SheetTable {
  return { name: 'S', headerRow: 1, headers, columnNumbers: headers.map((_, i) => i + 1), rows, rowNumbers: rows.map((_, i) => i + 2), validations: [], warnings: [] };
}
const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const profile = (cells: Cell[], header = 'X') =>
  profileColumns(
    [{ header, index: 0, sourceColumn: 1, options: { locale: 'ru' } }],
    cells.map((cell) => [cell]),
    cells.map((_, i) => i + 2),
  )[0]!;

// Work is cached per distinct cell; these pin that every row is still counted and reported.
describe('column profiles: per-value caching', () => {
  it('reports every row of a repeated misfit, in row order', () => {
    const cells: Cell[] = times(200, (i) => (i % 50 === 7 ? 'н.д.' : String(i % 10)));
    const { schema } = profile(cells, 'Количество');
    expect(schema.type).toBe('integer');
    expect(schema.misfitCount).toBe(4);
    expect(schema.misfits).toEqual([9, 59, 109, 159].map((row) => ({ row, value: 'н.д.' })));
  });

  it('counts a shared RichCell and equal numbers once per row', () => {
    const date: RichCell = { kind: 'date', value: '2024-03-05' };
    const { schema, dates, values } = profile(times(30, (i) => (i % 3 === 0 ? null : date)), 'Дата');
    expect(schema).toMatchObject({ type: 'date', filled: 20, distinct: 1 });
    expect(dates!.filter((d) => d === '2024-03-05')).toHaveLength(20);
    expect([...values.values()]).toEqual([{ display: '2024-03-05', count: 20, first: 1 }]);
    expect(profile(times(12, () => 5)).values.get('5')?.count).toBe(12);
  });

  it('folds case and spaces into one value below the distinct cap, and counts trimmed texts above it', () => {
    const small = profile(['Новая', ' новая ', 'НОВАЯ', 'В  работе', 'в работе', 'Новая']);
    expect(small.schema.distinct).toBe(2);
    expect(small.values.get('новая')).toMatchObject({ display: 'Новая', count: 4, first: 0 });
    // Past 2,000 distinct values only distinct trimmed spellings are counted.
    const big = profile([...times(2_500, (i) => `v${i}`), ' v1 ', 'V1', 'v2', ' ']);
    expect(big.schema).toMatchObject({ filled: 2_503, distinct: 2_501 });
  });

  it('keeps blanks, placeholders, errors and formulas without results out of the counts', () => {
    const error: RichCell = { kind: 'error', value: '#REF!' };
    const noResult: RichCell = { kind: 'formula', value: null, formula: 'A1' };
    const cells: Cell[] = [...times(3_000, (i) => String(i)), error, error, noResult, '—', 'n/a', '   ', ...times(10, () => String(5))];
    const result = profile(cells, 'Количество');
    expect(result.schema).toMatchObject({ type: 'integer', filled: 3_010, distinct: 3_000, misfitCount: 0 });
    expect(result.warnings.map((w) => w.code)).toEqual(['FORMULA_WITHOUT_RESULT', 'CELL_ERRORS']);
    expect(result.warnings[1]!.rows).toEqual([3_002, 3_003]);
  });
});

describe('stage order from dates', () => {
  it('uses the median date of each stage counted over all its rows', () => {
    // "Альфа": five rows on 1 Jan and one on 31 Dec, so its median is 1 Jan (the median of its
    // distinct dates would be 31 Dec); "Бета" is in June. Newest median first: Бета, then Альфа.
    const rows: Cell[][] = [
      ...times(5, (i): Cell[] => ['Альфа', '01.01.2024', `Задача ${i}`]),
      ['Альфа', '31.12.2024', 'Задача 5'],
      ...times(4, (i): Cell[] => ['Бета', '01.06.2024', `Задача ${i + 6}`]),
    ];
    const schema = inferSchema(table(['Статус', 'Дата создания', 'Название'], rows));
    expect(schema.stage).toMatchObject({ orderedBy: 'dates', column: 0 });
    expect(schema.stage!.stages.map((s) => [s.name, s.count])).toEqual([
      ['Бета', 4],
      ['Альфа', 6],
    ]);
  });
});

describe('profileColumns (one row-by-row pass)', () => {
  it('counts distinct texts exactly past the distinct-value cap, trimmed, across strings and numbers', () => {
    // 2,500 values before the cap, then their space-padded copies, 1,500 new ones, and 5 as a number and as text.
    const cells: Cell[] = [...times(2500, (i) => `v${i}`), ...times(1000, (i) => ` v${i} `), ...times(1500, (i) => `w${i}`), 5, '5', ' 5', null, '—'];
    const expected = new Set(cells.filter((c) => c !== null && c !== '—').map((c) => String(c).trim())).size;
    const { schema } = profile(cells);
    expect(expected).toBe(4001);
    expect(schema.distinct).toBe(expected);
    expect(schema.filled).toBe(cells.length - 2);
  });

  it('gives every column exactly what profiling it alone gives', () => {
    const rows: Cell[][] = times(6000, (i) => [
      i % 7 === 0 ? null : String(i + 1),
      ['Новая', 'В работе', 'Готово'][i % 3]!,
      i % 11 === 0 ? 'n/a' : `${(i * 37) % 1000},${String(i % 100).padStart(2, '0')}`,
      `client${i % 4000}@example.ru`,
      i % 13 === 0 ? 'не дата' : `${String((i % 28) + 1).padStart(2, '0')}.0${(i % 9) + 1}.2024`,
    ]);
    const headers = ['№', 'Статус', 'Сумма', 'E-mail', 'Дата'];
    const rowNumbers = rows.map((_, i) => i + 2);
    const columns = headers.map((header, index) => ({ header, index, sourceColumn: index + 1, options: { locale: 'ru' as const } }));
    const together = profileColumns(columns, rows, rowNumbers);
    headers.forEach((header, index) => {
      const alone = profileColumns([columns[index]!], rows, rowNumbers)[0]!;
      expect(together[index]!.schema).toEqual(alone.schema);
      expect(together[index]!.dates).toEqual(alone.dates);
      expect([...together[index]!.values]).toEqual([...alone.values]);
    });
    expect(together.map((p) => p.schema.type)).toEqual(['integer', 'enumeration', 'money', 'email', 'date']);
    expect(together[3]!.schema.distinct).toBe(4000);
    expect(together[4]!.schema.misfitCount).toBe(Math.ceil(6000 / 13));
  });

  it('counts rich cells by content: fresh objects per row (text-formatted, formulas) keep every value and stage', () => {
    // The xlsx reader makes a new object per cell for "@"-formatted text and formulas; 6,000 of them are still 5 values.
    const statuses = ['Новая', 'В работе', 'Согласование', 'Выиграна', 'Проиграна'];
    const rows: Cell[][] = times(6000, (i): Cell[] => [
      `Сделка ${i}`,
      { kind: 'text', value: statuses[i < 3000 ? i % 3 : 3 + (i % 2)]!, numFmt: '@' },
      { kind: 'formula', value: i % 7 === 0 ? 'Высокий' : 'Обычный', formula: `IF(C${i + 2}>5,"Высокий","Обычный")` },
    ]);
    const schema = inferSchema(table(['Название', 'Статус', 'Приоритет'], rows));
    expect(schema.stage?.stages.map((s) => [s.name, s.count])).toEqual(
      expect.arrayContaining([
        ['Новая', 1000],
        ['Выиграна', 1500],
        ['Проиграна', 1500],
      ]),
    );
    expect(schema.stage?.stages).toHaveLength(5);
    expect(schema.columns[2]).toMatchObject({ type: 'enumeration', distinct: 2 });
    expect([...schema.columns[2]!.values!].sort()).toEqual(['Высокий', 'Обычный']);
  });

  it('caps by folded values, not spellings: 3 values written 2,900 ways stay a list', () => {
    const words = ['на согласовании', 'в работе у инженера', 'передано заказчику'];
    const spelled = (word: string, i: number): string => [...word].map((ch, k) => ((i >> k) & 1 ? ch.toUpperCase() : ch)).join('');
    const rows: Cell[][] = times(7500, (i): Cell[] => [spelled(words[i % 3]!, Math.floor(i / 3)), `Задача ${i}`]);
    const schema = inferSchema(table(['Статус', 'Название'], rows));
    expect(new Set(rows.map((row) => row[0])).size).toBeGreaterThan(2000);
    expect(schema.columns[0]).toMatchObject({ type: 'enumeration', role: 'stage', distinct: 3 });
    expect(schema.stage?.stages.map((s) => s.count)).toEqual([2500, 2500, 2500]);
  });

  it('keeps the index small for columns of fresh objects: links with one caption, numbers after many formulas', () => {
    const links: Cell[][] = times(20_000, (i): Cell[] => [{ kind: 'hyperlink', value: 'Открыть', hyperlink: `https://crm.example.ru/deal/${i}` }]);
    const [linkIndex] = indexColumns(links, [0]);
    expect(linkIndex!.cells).toHaveLength(1);
    const mixed: Cell[][] = times(100_000, (i): Cell[] => [i < 10_000 ? { kind: 'formula', value: i % 2, formula: `MOD(A${i + 2},2)` } : (i % 5) + 1]);
    const [mixedIndex] = indexColumns(mixed, [0]);
    expect(mixedIndex!.cells.length).toBeLessThanOrEqual(7);
    // And a column of thousands of spellings of a few values stops at a bound instead of an id per row.
    const spellings: Cell[][] = times(30_000, (i): Cell[] => [`статус ${i.toString(2).replace(/1/g, 'А').replace(/0/g, 'а')}`]);
    const [spellingIndex] = indexColumns(spellings, [0]);
    expect(spellingIndex!.cells.length).toBeLessThanOrEqual(8_000);
  });

  it('stops at a signal that is aborted', () => {
    const controller = new AbortController();
    controller.abort();
    expect(() => profileColumns([{ header: 'A', index: 0, sourceColumn: 1, options: { locale: 'ru' } }], [['x']], [2], controller.signal)).toThrow(/abort/i);
  });
});
