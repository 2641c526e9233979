import { describe, expect, it } from 'vitest';
import { inferSchema, inferSchemaAsync } from '../../../shared/sheet/inference/infer-schema';
import type { Cell, SheetTable } from '../../../shared/sheet/spreadsheet/types';

function table(headers: string[], rows: Cell[][], extra: Partial<SheetTable> = {}): SheetTable {
  return { name: 'S', headerRow: 1, headers, columnNumbers: headers.map((_, i) => i + 1), rows, rowNumbers: rows.map((_, i) => i + 2), validations: [], warnings: [], ...extra };
}
const column = (schema: ReturnType<typeof inferSchema>, header: string) => schema.columns.find((c) => c.header === header)!;
const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

describe('inferSchema', () => {
  it('decides day-first vs month-first from the values, and flags a tie', () => {
    const schema = inferSchema(
      table(
        ['Due', 'Start', 'Дата'],
        times(20, (i) => [`${String((i % 12) + 1).padStart(2, '0')}/${String(i + 10).padStart(2, '0')}/2024`, `${String((i % 12) + 1).padStart(2, '0')}/0${(i % 9) + 1}/2024`, `0${(i % 9) + 1}.0${(i % 9) + 1}.2024`]),
      ),
    );
    expect(column(schema, 'Due')).toMatchObject({ type: 'date', format: 'month-first' });
    expect(column(schema, 'Due').examples[0]).toBe('01/10/2024');
    expect(schema.warnings.filter((w) => w.code === 'AMBIGUOUS_DATE_ORDER').map((w) => w.column)).toEqual(['Start', 'Дата']);
  });

  it('keeps IDs with leading zeros as text, reads decimal commas and NBSP groups, money by header', () => {
    const schema = inferSchema(
      table(
        ['Код', 'Вес', 'Сумма', 'Количество'],
        times(30, (i) => [`00${i}`, `${i},5`, `1\u00a0${String(100 + i)},00`, String(i * 3)]),
      ),
    );
    expect(column(schema, 'Код').type).toBe('string');
    expect(column(schema, 'Вес')).toMatchObject({ type: 'double', format: 'decimal-comma' });
    expect(column(schema, 'Сумма')).toMatchObject({ type: 'money', currency: 'RUB', role: 'amount' });
    expect(column(schema, 'Количество').type).toBe('integer');
  });

  it('reads Да/Нет and Yes/No as booleans, but not 1/0 without a flag-like header', () => {
    const schema = inferSchema(table(['Срочно', 'Active', 'Оценка', 'Оплачено'], times(20, (i) => [i % 2 ? 'Да' : 'нет', i % 3 ? 'Yes' : 'No', i % 2 ? '1' : '0', i % 2 ? '1' : '0'])));
    expect(column(schema, 'Срочно').type).toBe('boolean');
    expect(column(schema, 'Active').type).toBe('boolean');
    expect(column(schema, 'Оценка').type).not.toBe('boolean');
    expect(column(schema, 'Оплачено').type).toBe('boolean');
  });

  it('lists the values that do not fit, by row, with a warning', () => {
    const rows = times(40, (i) => [i === 7 ? 'скоро' : `${String((i % 28) + 1).padStart(2, '0')}.03.2024`, String(i)]);
    const schema = inferSchema(table(['Срок', 'N'], rows));
    const due = column(schema, 'Срок');
    expect(due.type).toBe('date');
    expect(due.misfits).toEqual([{ row: 9, value: 'скоро' }]);
    expect(due.confidence).toBeGreaterThan(0.95);
    expect(due.confidence).toBeLessThan(1);
    expect(schema.warnings.find((w) => w.code === 'VALUES_DO_NOT_FIT')).toMatchObject({ column: 'Срок', rows: [9] });
  });

  it('detects multi-value cells of short tokens, but not sentences with commas', () => {
    const schema = inferSchema(
      table(
        ['Теги', 'Комментарий'],
        times(30, (i) => [['b2b, vip', 'опт', 'vip; срочно', 'b2b'][i % 4]!, `Позвонили клиенту ${i}, он обещал перезвонить после обеда, когда вернётся из офиса`]),
      ),
    );
    expect(column(schema, 'Теги')).toMatchObject({ type: 'enumeration', multiple: true });
    expect(column(schema, 'Теги').values).toEqual(expect.arrayContaining(['b2b', 'vip', 'опт', 'срочно']));
    expect(column(schema, 'Комментарий').multiple).toBe(false);
  });

  it('merges near-duplicate spellings of one value and says so', () => {
    const values = ['В работе', 'в работе ', 'Вработе', 'Новая', 'Готово'];
    const schema = inferSchema(table(['Статус', 'Задача'], times(30, (i) => [values[i % 5]!, `Задача номер ${i}`])));
    expect(schema.stage?.stages.map((s) => s.name)).toEqual(['Новая', 'В работе', 'Готово']);
    expect(schema.stage?.stages.find((s) => s.name === 'В работе')?.count).toBe(18);
    expect(schema.warnings.map((w) => w.code)).toContain('NEAR_DUPLICATE_VALUES');
  });

  it('orders unknown stage words by the median creation date (newest rows = earliest stage)', () => {
    const order = ['Альфа', 'Бета', 'Гамма', 'Дельта'];
    const rows = times(40, (i) => {
      const stage = i % 4;
      // Older rows sit in later stages.
      const day = 1 + (3 - stage) * 7 + (i % 5);
      return [order[stage]!, `2024-01-${String(day).padStart(2, '0')}`, `Работа ${i}`];
    });
    const schema = inferSchema(table(['Этап', 'Дата создания', 'Название'], rows));
    expect(schema.stage).toMatchObject({ header: 'Этап', orderedBy: 'dates' });
    expect(schema.stage?.stages.map((s) => s.name)).toEqual(order);
  });

  it('takes the order from a data-validation list, including values nobody used yet', () => {
    const list = ['Заявка', 'Проверка документов', 'Выезд', 'Акт подписан', 'Отказ'];
    const rows = times(25, (i) => [list[[0, 1, 3, 4][i % 4]!]!, `Объект ${i}`]);
    const schema = inferSchema(table(['Состояние', 'Объект'], rows, { validations: [{ column: 0, values: list }] }));
    expect(schema.stage).toMatchObject({ orderedBy: 'validation-list' });
    expect(schema.stage?.stages.map((s) => [s.name, s.semantics, s.count])).toEqual([
      ['Заявка', 'process', 7],
      ['Проверка документов', 'process', 6],
      ['Выезд', 'process', 0],
      ['Акт подписан', 'success', 6],
      ['Отказ', 'failure', 6],
    ]);
  });

  it('keeps exactly one success stage and warns about blank stage cells', () => {
    const values = ['Новая', 'Выполнено', 'Закрыто', 'Закрыто', null];
    const schema = inferSchema(table(['Статус', 'Тема'], times(30, (i) => [values[i % 5]!, `Тема ${i}`])));
    expect(schema.stage?.stages.filter((s) => s.semantics === 'success').map((s) => s.name)).toEqual(['Закрыто']);
    expect(schema.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['SEVERAL_SUCCESS_VALUES', 'STAGE_BLANKS']));
  });

  it('says when there is no stage column and proposes a title template when no title column fits', () => {
    const schema = inferSchema(table(['№', 'Клиент', 'Сумма'], times(12, (i) => [String(i + 1), ['ООО «А»', 'ООО «Б»'][i % 2]!, String(i * 100)])));
    expect(schema.stage).toBeNull();
    expect(schema.title).toEqual({ column: null, template: '{Клиент} — {№}' });
    expect(schema.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['NO_STAGE_COLUMN', 'NO_TITLE_COLUMN']));
  });

  it('warns when the key column has repeated values', () => {
    const schema = inferSchema(table(['Номер заявки', 'Тема'], times(10, (i) => [`З-${i % 8}`, `Тема ${i}`])));
    expect(column(schema, 'Номер заявки').role).toBe('key');
    expect(schema.warnings.find((w) => w.code === 'KEY_NOT_UNIQUE')?.message).toMatch(/repeated/);
  });

  it('uses Excel metadata first: date cells, currency formats, booleans, hyperlinks', () => {
    const schema = inferSchema(
      table(
        ['Когда', 'Цена', 'Флаг', 'Сайт'],
        times(10, (i) => [{ kind: 'date', value: `2024-05-${String(i + 10)}` }, { kind: 'number', value: i * 10.5, numFmt: '#,##0.00 [$€-x-euro2]' }, i % 2 === 0, { kind: 'hyperlink', value: 'ссылка', hyperlink: `https://e.com/${i}` }]),
      ),
    );
    expect(column(schema, 'Когда').type).toBe('date');
    expect(column(schema, 'Цена')).toMatchObject({ type: 'money', currency: 'EUR' });
    expect(column(schema, 'Флаг').type).toBe('boolean');
    expect(column(schema, 'Сайт').type).toBe('url');
  });

  it('handles an empty table and empty columns', () => {
    const schema = inferSchema(table(['A', 'B'], [[null, 'x']]));
    expect(column(schema, 'A')).toMatchObject({ filled: 0, confidence: 0 });
    expect(inferSchema(table([], [])).columns).toEqual([]);
  });

  it('has an async form that yields, reports progress by rows then columns, gives the same schema and can be cancelled', async () => {
    const t = table(['Статус', 'Тема', 'Сумма'], times(50, (i) => [['Новая', 'В работе', 'Готово'][i % 3]!, `Тема ${i}`, String(i * 10)]));
    const progress: string[] = [];
    const schema = await inferSchemaAsync(t, {}, { signal: new AbortController().signal, onProgress: (p) => progress.push(`${p.phase} ${p.done}/${p.total} ${p.unit}`) });
    expect(schema).toEqual(inferSchema(t));
    expect(progress).toEqual(['indexing 0/50 rows', 'indexing 50/50 rows', 'profiling 0/3 columns', 'profiling 1/3 columns', 'profiling 2/3 columns', 'finishing 3/3 columns']);
    const controller = new AbortController();
    controller.abort();
    await expect(inferSchemaAsync(t, {}, { signal: controller.signal, onProgress: () => undefined })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('lets other work run between slices of a large table, and stops mid-way when cancelled', async () => {
    const rows = 40_000;
    const t = table(['№', 'Статус', 'Тема'], times(rows, (i) => [String(i + 1), ['Новая', 'В работе', 'Готово'][i % 3]!, `Тема ${i}`]));
    // Another request on the same event loop: it gets a turn at every yield.
    let turns = 0;
    let running = true;
    const other = (): void => {
      turns++;
      if (running) setImmediate(other);
    };
    setImmediate(other);
    const schema = await inferSchemaAsync(t, {}, { signal: new AbortController().signal, onProgress: () => undefined });
    running = false;
    expect(schema).toEqual(inferSchema(t));
    // One turn per slice of 8,192 rows and per column at least.
    expect(turns).toBeGreaterThanOrEqual(Math.ceil(rows / 8192) + 3);

    const controller = new AbortController();
    const phases: string[] = [];
    const run = inferSchemaAsync(t, {}, {
      signal: controller.signal,
      onProgress: (p) => {
        phases.push(p.phase);
        if (p.phase === 'indexing' && p.done >= 16_384) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(phases).not.toContain('profiling');
  });

  it('treats dashes and n/a as blanks, and staff e-mails as employees', () => {
    const schema = inferSchema(table(['Сумма', 'Ответственный', 'E-mail клиента'], times(20, (i) => [i % 5 === 0 ? '—' : String(i * 100), `user${i % 3}@corp.ru`, `c${i}@mail.ru`])));
    expect(column(schema, 'Сумма')).toMatchObject({ type: 'money', filled: 16, misfitCount: 0 });
    expect(column(schema, 'Ответственный')).toMatchObject({ type: 'employee', role: 'assignee' });
    expect(column(schema, 'E-mail клиента').type).toBe('email');
  });
});
