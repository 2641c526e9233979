import { describe, expect, it } from 'vitest';
import type { InferJobProgress, JobProgress } from '../../../shared/app/api/contract';
import { createCore } from '../../../shared/app/api/create-core';
import { tempDir } from '../../support/temp-dir';
import { openEmbeddedSandbox } from '../../../sandbox/embedded-sandbox';

const info = { name: 'Smart Process Migrator', version: '1.2.3', mode: 'browser' as const };
const ctx = { origin: 'in-process' as const };
const ROWS = 30_000;

function trackerCsv(): Uint8Array {
  const lines = ['№;Название;Статус;Ответственный;Сумма;Дата'];
  const statuses = ['Новая', 'В работе', 'Выполнено', 'Отказ'];
  for (let i = 0; i < ROWS; i++) {
    lines.push(`${i + 1};Заявка ${i};${statuses[i % 4]};Иванов И.И.;${(i * 37) % 10000},50;${String((i % 28) + 1).padStart(2, '0')}.03.2024`);
  }
  return new TextEncoder().encode(lines.join('\n'));
}

async function openTracker() {
  const core = createCore({ info, dataDir: tempDir(), openSandbox: openEmbeddedSandbox });
  const progress: JobProgress[] = [];
  core.bus.onAny((name, payload) => {
    if (name === 'job.progress') progress.push(payload as JobProgress);
  });
  const opened = await core.dispatch('workbook.open', { fileName: 'tracker.csv', bytes: trackerCsv() }, ctx);
  if (!opened.ok) throw new Error(opened.error.message);
  const { workbookId, defaultSheet } = opened.value as { workbookId: string; defaultSheet: string };
  return { core, progress, workbookId, sheet: defaultSheet };
}

describe('workbook.inferSchema on the host', () => {
  it('serves other requests while it runs and reports its progress, first and last state included', async () => {
    const { core, progress, workbookId, sheet } = await openTracker();
    const order: string[] = [];
    const schemaJob = core.dispatch('workbook.inferSchema', { workbookId, sheet, jobId: 'infer-1' }, ctx).then((result) => {
      order.push('schema');
      return result;
    });
    const rowsJob = core.dispatch('workbook.rows', { workbookId, sheet, offset: 0, limit: 50 }, ctx).then((result) => {
      order.push('rows');
      return result;
    });
    const [schema, rows] = await Promise.all([schemaJob, rowsJob]);
    expect(rows.ok && schema.ok).toBe(true);
    // The grid's first page does not wait for 30,000 rows of inference.
    expect(order).toEqual(['rows', 'schema']);
    if (schema.ok) expect((schema.value as { dataRows: number }).dataRows).toBe(ROWS);

    const mine = progress.filter((p): p is InferJobProgress => p.kind === 'infer' && p.jobId === 'infer-1');
    expect(mine[0]).toMatchObject({ phase: 'indexing', done: 0, total: ROWS, unit: 'rows' });
    expect(mine.at(-1)).toMatchObject({ phase: 'finishing', done: 6, total: 6, unit: 'columns' });

    // Asked again, the kept schema answers at once, and its caller still hears the final state.
    const again = await core.dispatch('workbook.inferSchema', { workbookId, sheet, jobId: 'infer-2' }, ctx);
    expect(again).toEqual(schema);
    expect(progress.filter((p) => p.kind === 'infer' && p.jobId === 'infer-2').map((p) => (p as InferJobProgress).phase)).toEqual(['finishing']);
    await core.close();
  });

  it('shares one run between callers and stops when the workbook is closed', async () => {
    const { core, workbookId, sheet } = await openTracker();
    const first = core.dispatch('workbook.inferSchema', { workbookId, sheet }, ctx);
    const second = core.dispatch('workbook.inferSchema', { workbookId, sheet, jobId: 'joined' }, ctx);
    await core.dispatch('workbook.close', { workbookId }, ctx);
    const [a, b] = await Promise.all([first, second]);
    expect(a).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(b).toEqual(a);
    await core.close();
  });
});

describe('mapping.check on the host', () => {
  async function withMapping() {
    const opened = await openTracker();
    const suggested = await opened.core.dispatch('mapping.suggest', { workbookId: opened.workbookId, sheet: opened.sheet }, ctx);
    if (!suggested.ok) throw new Error(suggested.error.message);
    return { ...opened, mapping: (suggested.value as { mapping: unknown }).mapping };
  }

  it('checks every row a slice at a time, serving other requests meanwhile', async () => {
    const { core, workbookId, sheet, mapping } = await withMapping();
    const order: string[] = [];
    const check = core.dispatch('mapping.check', { workbookId, sheet, mapping }, ctx).then((result) => {
      order.push('check');
      return result;
    });
    const rows = core.dispatch('workbook.rows', { workbookId, sheet, offset: 100, limit: 50 }, ctx).then((result) => {
      order.push('rows');
      return result;
    });
    const [checked] = await Promise.all([check, rows]);
    expect(order).toEqual(['rows', 'check']);
    expect(checked).toMatchObject({ ok: true, value: { rows: ROWS, readyRows: ROWS, failureCount: 0 } });
    await core.close();
  });

  it('runs at most two checks of a sheet at once: a third stops the oldest', async () => {
    const { core, workbookId, sheet, mapping } = await withMapping();
    const oldest = core.dispatch('mapping.check', { workbookId, sheet, mapping }, ctx);
    const older = core.dispatch('mapping.check', { workbookId, sheet, mapping }, ctx);
    const newest = core.dispatch('mapping.check', { workbookId, sheet, mapping }, ctx);
    expect(await oldest).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(await older).toMatchObject({ ok: true, value: { readyRows: ROWS } });
    expect(await newest).toMatchObject({ ok: true, value: { readyRows: ROWS } });
    await core.close();
  });
});

describe('mapping.preview on the host', () => {
  it('makes one pass per mapping for every window asked meanwhile, keeps the two latest passes and stops older ones', async () => {
    const { core, workbookId, sheet } = await openTracker();
    const suggested = await core.dispatch('mapping.suggest', { workbookId, sheet }, ctx);
    if (!suggested.ok) throw new Error(suggested.error.message);
    const mapping = (suggested.value as { mapping: { columns: { header: string; target: unknown }[] } }).mapping;
    const window = (from: number, m: unknown = mapping) => core.dispatch('mapping.preview', { workbookId, sheet, mapping: m, from, count: 100, problemsOnly: false }, ctx);
    const [first, second] = await Promise.all([window(0), window(29_900)]);
    expect(first).toMatchObject({ ok: true, value: { total: ROWS } });
    expect(second).toMatchObject({ ok: true });
    if (second.ok) expect((second.value as { window: { sourceRow: number }[] }).window[0]!.sourceRow).toBe(29_902);

    // Another mapping, then a late window for the one before (separate requests can arrive out of order): both answer.
    const skipping = (header: string) => ({ ...mapping, columns: mapping.columns.map((column) => (column.header === header ? { ...column, target: { kind: 'skip' } } : column)) });
    const late = await Promise.all([window(0, skipping('Название')), window(0, skipping('Сумма')), window(100, skipping('Название'))]);
    expect(late.map((result) => result.ok)).toEqual([true, true, true]);
    // Three new mappings in a row: the pass for the first stops, the two latest answer.
    const passes = [window(0, skipping('Статус')), window(0, skipping('Дата')), window(0, skipping('Ответственный'))];
    expect(await passes[0]).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(await passes[1]).toMatchObject({ ok: true, value: { total: ROWS } });
    expect(await passes[2]).toMatchObject({ ok: true, value: { total: ROWS } });
    await core.close();
  });
});

