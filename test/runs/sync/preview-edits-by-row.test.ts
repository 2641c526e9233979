/**
 * Preview edits made while the key column repeated a value (so each edit is
 * tied to its sheet row), migrated under a key that tells rows apart, then
 * synced over HTTP with the sandbox: an edit follows its row when rows are
 * inserted above it, and is dropped, with a report, once its row changed.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitrixClient, type BitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import { loadSheet } from '../../../shared/runs/migrate/load-sheet';
import { suggestMapping } from '../../../shared/sheet/mapping/suggest-mapping';
import type { CellOverride, Mapping } from '../../../shared/sheet/mapping/types';
import { indexPreview, previewRows } from '../../../shared/sheet/review/preview-rows';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import { cli } from '../migrate/cli-harness';

let dir: string;
let sandbox: SandboxHandle;
let client: BitrixClient;
let env: Record<string, string>;
const csv = (): string => join(dir, 'tasks.csv');
const project = (): string => join(dir, 'tasks.spm.json');
const HEADER = 'No;Task;Status;Hours';
// "No" repeats 2 and leaves two rows empty: it cannot be the key, yet cells are fixed in the preview.
const ROWS = ['1;Call the client;New;2', '2;Send the offer;Done;3.5', '2;Order parts;New;4', ';Check invoice;New;5', ';Book a room;Done;1.5'];
const writeSheet = (rows: string[]): Promise<void> => writeFile(csv(), [HEADER, ...rows].join('\r\n') + '\r\n');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-edits-by-row-'));
  sandbox = await startSandbox({ plan: 'unlimited' });
  client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
  env = { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(dir, 'data') };
  await writeSheet(ROWS);
});
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('row-tied preview edits through migrate and sync', () => {
  let entityTypeId = 0;
  const amounts = async (): Promise<Record<string, unknown>> => {
    const found: { result: { items: Array<Record<string, unknown>> } } = await client.call('crm.item.list', { entityTypeId, select: ['id', 'title', 'opportunity'] });
    return Object.fromEntries(found.result.items.map((item) => [String(item['title']), item['opportunity']]));
  };

  it('migrates the edited values into the rows they were made on', async () => {
    const { table, schema } = await loadSheet(csv(), undefined, new AbortController().signal, true);
    const suggested = suggestMapping(schema, table, { users: [], title: 'Tasks' }).mapping;
    const byNo: Mapping = { ...suggested, key: { kind: 'column', columns: ['No'] } };
    const preview = previewRows(table, byNo, indexPreview(table, byNo), { from: 0, count: 10, problemsOnly: false });
    expect(preview.keyProblem).toBeDefined();
    const hours = preview.columns.indexOf('Hours');
    const edit = (index: number, value: string): CellOverride => ({ key: '', row: preview.window[index]!.anchor!, column: 'Hours', value, sheetValue: preview.window[index]!.cells[hours]!.text });
    // The second "2" and the first empty "No" are fixed; the key then becomes the task, which tells rows apart.
    const overrides = [edit(2, '4.25'), edit(3, '6')];
    await writeFile(join(dir, 'mapping.json'), JSON.stringify({ key: { kind: 'column', columns: ['Task'] }, columns: { Hours: 'opportunity' }, overrides }));
    const run = await cli(['migrate', csv(), '--mapping', join(dir, 'mapping.json'), '--project', project(), '--yes', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    entityTypeId = run.json!['entityTypeId'] as number;
    expect(run.json!['items']).toMatchObject({ created: 5, failed: 0 });
    expect(await amounts()).toEqual({ 'Call the client': 2, 'Send the offer': 3.5, 'Order parts': 4.25, 'Check invoice': 6, 'Book a room': 1.5 });
    const saved = JSON.parse(await readFile(project(), 'utf8')) as { mapping: Mapping };
    expect(saved.mapping.overrides).toEqual(overrides);
  });

  it('keeps each edit on its own row when rows are inserted above it', async () => {
    await writeSheet(['0;Plan the week;New;1', ...ROWS.slice(0, 3), '7;Ring the bank;New;8', ...ROWS.slice(3)]);
    const run = await cli(['sync', project(), '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json!['staleEdits']).toEqual([]);
    expect(run.json!['items']).toMatchObject({ created: 2, updated: 0, unchanged: 5 });
    expect(await amounts()).toMatchObject({ 'Order parts': 4.25, 'Check invoice': 6, 'Plan the week': 1, 'Ring the bank': 8 });
  });

  it('drops the edit of a row whose other cell changed, reports it, and sends the sheet’s value', async () => {
    const changed = ['0;Plan the week;New;1', ...ROWS.slice(0, 2), '2;Order parts;Done;4', '7;Ring the bank;New;8', ...ROWS.slice(3)];
    await writeSheet(changed);
    const dry = await cli(['sync', project(), '--dry-run', '--json'], env);
    expect(dry.json!['staleEdits']).toEqual([expect.objectContaining({ row: 4, column: 'Hours', value: '4.25', rowChanged: true })]);
    expect(dry.stdout).toContain('edit overruled: row 4, column “Hours”: the row has changed since the edit');
    const run = await cli(['sync', project(), '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json!['items']).toMatchObject({ created: 0, updated: 1, unchanged: 6 });
    expect(await amounts()).toMatchObject({ 'Order parts': 4, 'Check invoice': 6 });
    const saved = JSON.parse(await readFile(project(), 'utf8')) as { mapping: Mapping };
    expect(saved.mapping.overrides?.map((edit) => edit.value)).toEqual(['6']);
    const again = await cli(['sync', project(), '--json'], env);
    expect(again.json!['staleEdits']).toEqual([]);
    expect(again.json!['items']).toMatchObject({ created: 0, updated: 0, unchanged: 7 });
  });
});
