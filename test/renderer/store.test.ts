import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../shared/app/api/create-core';
import { createInProcessClient } from '../../shared/app/api/in-process-client';
import type { JobProgress } from '../../shared/app/api/contract';
import { createAppStore, wireEvents } from '../../renderer/src/store';
import { ROW_PAGE_SIZE } from '../../renderer/src/store/workbook-slice';
import { tempDir } from '../support/temp-dir';
import { openEmbeddedSandbox } from '../../sandbox/embedded-sandbox';

function storeOverRealRouter() {
  const core = createCore({ info: { name: 'Smart Process Migrator', version: 'test', mode: 'browser' }, dataDir: tempDir(), openSandbox: openEmbeddedSandbox });
  const api = createInProcessClient(core);
  const store = createAppStore(api);
  wireEvents(api, store);
  return { store, core };
}

function csvBytes(rows: number): Uint8Array {
  const lines = ['Key;Name;Status'];
  for (let i = 1; i <= rows; i++) lines.push(`00${i};Name ${i};${i % 2 ? 'Open' : 'Closed'}`);
  return new TextEncoder().encode(lines.join('\n'));
}

describe('the store against the real router', () => {
  it('opens a csv, shows the first page and fetches later pages on demand', async () => {
    const { store } = storeOverRealRouter();
    await store.getState().openFile('tickets.csv', csvBytes(1_000));
    const state = store.getState().importState;
    expect(state.status).toBe('ready');
    if (state.status !== 'ready') return;
    expect(state.summary).toMatchObject({ fileName: 'tickets.csv', format: 'csv', delimiter: ';', encoding: 'utf-8', defaultSheet: 'tickets' });
    expect(state.summary.sheets[0]).toMatchObject({ headers: ['Key', 'Name', 'Status'], rowCount: 1_000, headerRow: 1 });
    expect(store.getState().rowPages[0]?.[0]).toEqual({ rowNumber: 2, cells: ['001', 'Name 1', 'Open'] });
    expect(store.getState().rowPages[4]).toBeUndefined();

    // The inferred schema of the shown sheet arrives with the first rows.
    const schemaState = store.getState().schemaState;
    expect(schemaState.status).toBe('ready');
    if (schemaState.status === 'ready') {
      expect(schemaState.schema.columns.map((column) => column.header)).toEqual(['Key', 'Name', 'Status']);
      expect(schemaState.schema.dataRows).toBe(1_000);
    }

    await store.getState().ensureRows(4 * ROW_PAGE_SIZE + 5, 4 * ROW_PAGE_SIZE + 30);
    expect(store.getState().rowPages[4]?.[0]).toEqual({ rowNumber: 4 * ROW_PAGE_SIZE + 2, cells: [`00${4 * ROW_PAGE_SIZE + 1}`, `Name ${4 * ROW_PAGE_SIZE + 1}`, 'Open'] });
  });

  it('switches sheets of an xlsx and drops the old sheet’s pages', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Empty');
    const data = workbook.addWorksheet('Data');
    data.addRow(['Name', 'Qty']);
    data.addRow(['Bolt', 12]);
    const lookup = workbook.addWorksheet('Lookup');
    lookup.addRow(['Stage']);
    lookup.addRow(['New']);
    const bytes = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    const { store } = storeOverRealRouter();
    await store.getState().openFile('book.xlsx', bytes);
    const state = store.getState().importState;
    if (state.status !== 'ready') throw new Error(`not ready: ${state.status}`);
    // The first sheet with data rows is shown first, not the empty one.
    expect(state.sheet).toBe('Data');
    expect(state.summary.sheets.map((sheet) => sheet.name)).toEqual(['Empty', 'Data', 'Lookup']);
    expect(store.getState().rowPages[0]?.[0]?.cells).toEqual(['Bolt', '12']);
    store.getState().selectSheet('Lookup');
    await store.getState().ensureRows(0, 10);
    expect(store.getState().rowPages[0]?.[0]?.cells).toEqual(['New']);
  });

  it('shows a read failure as data the screen can explain', async () => {
    const { store } = storeOverRealRouter();
    await store.getState().openFile('broken.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    const state = store.getState().importState;
    expect(state).toMatchObject({ status: 'error', fileName: 'broken.xlsx', error: { code: 'FILE_CORRUPT' } });
  });

  it('receives read progress, then inference progress, each for its own job with first and last states', async () => {
    const { store, core } = storeOverRealRouter();
    const seen: JobProgress[] = [];
    core.bus.onAny((name, payload) => {
      if (name === 'job.progress') seen.push(payload);
    });
    await store.getState().openFile('tickets.csv', csvBytes(50));
    const read = seen.filter((p) => p.kind === 'read');
    expect(read.length).toBeGreaterThanOrEqual(2);
    expect(read[0]).toMatchObject({ phase: 'reading', done: 0 });
    expect(read.at(-1)).toMatchObject({ phase: 'finishing', done: 1, total: 1 });
    expect(new Set(read.map((p) => p.jobId)).size).toBe(1);
    const infer = seen.filter((p) => p.kind === 'infer');
    expect(infer[0]).toMatchObject({ phase: 'indexing', done: 0, total: 50, unit: 'rows' });
    expect(infer.at(-1)).toMatchObject({ phase: 'finishing', unit: 'columns' });
    expect(new Set(infer.map((p) => p.jobId)).size).toBe(1);
    expect(infer[0]!.jobId).not.toBe(read[0]!.jobId);
    expect(store.getState().schemaState).toMatchObject({ status: 'ready' });
  });

  it('a file opened later wins over one still reading', async () => {
    const { store } = storeOverRealRouter();
    const slow = store.getState().openFile('first.csv', csvBytes(20_000));
    const fast = store.getState().openFile('second.csv', csvBytes(3));
    await Promise.all([slow, fast]);
    const state = store.getState().importState;
    expect(state.status === 'ready' && state.summary.fileName).toBe('second.csv');
  });

  it('shows the plan of the latest request only, whatever order the answers come in', async () => {
    const core = createCore({ info: { name: 'Smart Process Migrator', version: 'test', mode: 'browser' }, dataDir: tempDir(), openSandbox: openEmbeddedSandbox });
    const real = createInProcessClient(core);
    let plans = 0;
    // The first plan request answers last, as a slow portal would.
    const api: typeof real = {
      ...real,
      invoke: (async (channel: string, input: unknown) => {
        if (channel === 'migration.plan' && plans++ === 0) await new Promise((resolve) => setTimeout(resolve, 400));
        return real.invoke(channel as never, input as never);
      }) as typeof real.invoke,
    };
    const store = createAppStore(api);
    wireEvents(api, store);
    await store.getState().useSandbox();
    await store.getState().openFile('tickets.csv', csvBytes(20));
    await store.getState().loadReview();
    store.getState().editMapping((mapping) => ({ ...mapping, title: 'First title' }));
    const slow = store.getState().loadPlan();
    store.getState().editMapping((mapping) => ({ ...mapping, title: 'Second title' }));
    await store.getState().loadPlan();
    await slow;
    const state = store.getState().planState;
    expect(state.status).toBe('ready');
    if (state.status === 'ready') expect(state.plan.plan.summary.title).toBe('Second title');
    await core.close();
  });
  it('opening another file forgets the previous file’s plan and “who sees it”, and drops its late plan answer', async () => {
    const core = createCore({ info: { name: 'Smart Process Migrator', version: 'test', mode: 'browser' }, dataDir: tempDir(), openSandbox: openEmbeddedSandbox });
    const real = createInProcessClient(core);
    let plans = 0;
    // The first file's plan answers after the second file is open, as a slow portal would.
    const api: typeof real = {
      ...real,
      invoke: (async (channel: string, input: unknown) => {
        if (channel === 'migration.plan' && plans++ === 1) await new Promise((resolve) => setTimeout(resolve, 400));
        return real.invoke(channel as never, input as never);
      }) as typeof real.invoke,
    };
    const store = createAppStore(api);
    wireEvents(api, store);
    await store.getState().useSandbox();
    await store.getState().openFile('first.csv', csvBytes(20));
    await store.getState().loadReview();
    await store.getState().loadPlan();
    const first = store.getState().planState;
    expect(first.status === 'ready' && first.plan.plan.summary.itemsToCreate).toBe(20);
    store.getState().setMigrationTarget({ access: 'closed' });
    const slow = store.getState().loadPlan();

    await store.getState().openFile('second.csv', csvBytes(7));
    expect(store.getState().planState.status).toBe('idle');
    expect(store.getState().migrationTarget).toEqual({ access: 'open', into: null });
    await slow;
    expect(store.getState().planState.status).toBe('idle');

    await store.getState().loadReview();
    await store.getState().loadPlan();
    const second = store.getState().planState;
    expect(second.status === 'ready' && second.plan.plan.summary.itemsToCreate).toBe(7);
    await core.close();
  });
});
