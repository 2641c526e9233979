/**
 * Cells edited in the app's preview: the preview shows every row
 * as it will be sent with each bad cell's reason; an edit is sent instead of
 * the sheet's text, kept by later syncs while the sheet's cell is unchanged,
 * and dropped with a report once the sheet changes that cell.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitrixClient, type BitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import { loadSheet } from '../../../shared/runs/migrate/load-sheet';
import { applyMappingOverride, parseMappingOverride } from '../../../shared/sheet/mapping/apply-mapping-override';
import { suggestMapping } from '../../../shared/sheet/mapping/suggest-mapping';
import type { Mapping } from '../../../shared/sheet/mapping/types';
import { prepareRows } from '../../../shared/sheet/plan/prepare-rows';
import { indexPreview, previewRows } from '../../../shared/sheet/review/preview-rows';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import { cli } from '../migrate/cli-harness';
import { requestRows, writeRequestsCsv, type RequestRow } from '../migrate/corpus';

let dir: string;
let sandbox: SandboxHandle;
let client: BitrixClient;
let env: Record<string, string>;
let rows: RequestRow[];
const csv = (): string => join(dir, 'requests.csv');
const project = (): string => join(dir, 'requests.spm.json');

async function suggested(): Promise<Mapping> {
  const { table, schema } = await loadSheet(csv(), undefined, new AbortController().signal, true);
  return suggestMapping(schema, table, { users: [], title: 'Requests' }).mapping;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-preview-edits-'));
  sandbox = await startSandbox({ plan: 'unlimited' });
  client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
  env = { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(dir, 'data') };
  rows = requestRows(12);
  rows[3]![3] = 'about 300'; // not a number: the row cannot be sent until fixed
  rows[6]![3] = 'n/a';
  await writeRequestsCsv(csv(), rows);
});
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the preview', () => {
  it('shows every sent column, marks each bad cell with its reason, and filters rows with problems', async () => {
    const { table } = await loadSheet(csv(), undefined, new AbortController().signal, true);
    const mapping = await suggested();
    const index = indexPreview(table, mapping);
    expect(index.problemRows).toEqual([3, 6]);
    const all = previewRows(table, mapping, index, { from: 0, count: 5, problemsOnly: false });
    expect(all.total).toBe(12);
    expect(all.window.map((row) => row.sourceRow)).toEqual([2, 3, 4, 5, 6]);
    const amount = all.columns.indexOf('Amount, USD');
    expect(amount).toBeGreaterThanOrEqual(0);
    expect(all.window[0]!.cells[amount]!.sent).toEqual({ opportunity: 0.5, currencyId: 'USD' });
    expect(all.window[3]!.cells[amount]!.error).toMatch(/“about 300” is not a number/);
    const problems = previewRows(table, mapping, index, { from: 0, count: 50, problemsOnly: true });
    expect(problems.total).toBe(2);
    expect(problems.window.map((row) => row.key)).toEqual(['REQ-0004', 'REQ-0007']);
  });

  it('reads an edit instead of the sheet while the sheet still says what it said', async () => {
    const { table } = await loadSheet(csv(), undefined, new AbortController().signal, true);
    const mapping: Mapping = { ...(await suggested()), overrides: [{ key: 'REQ-0004', column: 'Amount, USD', value: '300', sheetValue: 'about 300' }] };
    const index = indexPreview(table, mapping);
    expect(index.problemRows).toEqual([6]);
    expect(index.editedCells).toBe(1);
    const row = previewRows(table, mapping, index, { from: 3, count: 1, problemsOnly: false }).window[0]!;
    const cell = row.cells[previewRows(table, mapping, index, { from: 0, count: 0, problemsOnly: false }).columns.indexOf('Amount, USD')]!;
    expect(cell).toMatchObject({ text: '300', sent: { opportunity: 300 }, edit: { value: '300', sheetValue: 'about 300', stale: false } });
    expect(prepareRows(table, mapping).rows).toHaveLength(11);
  });

  it('refuses edits of key columns and of columns the sheet does not have', async () => {
    const base = await suggested();
    expect(() => applyMappingOverride(base, { overrides: [{ key: 'REQ-0001', column: 'Request ID', value: 'X', sheetValue: 'REQ-0001' }] })).toThrow(/part of the row key/);
    expect(() => applyMappingOverride(base, { overrides: [{ key: 'REQ-0001', column: 'Price', value: '1', sheetValue: '' }] })).toThrow(/not in the sheet/);
  });
});

describe('edits through migrate and sync', () => {
  let typeId = 0;
  let entityTypeId = 0;
  const amountOf = async (key: string): Promise<unknown> => {
    const found: { result: { items: Array<Record<string, unknown>> } } = await client.call('crm.item.list', { entityTypeId, select: ['id', 'xmlId', 'opportunity'] });
    return found.result.items.find((item) => String(item['xmlId']).endsWith(`:${key}`))?.['opportunity'];
  };

  it('migrates the edited value and keeps the edit in the project', async () => {
    const mappingFile = join(dir, 'mapping.json');
    await writeFile(mappingFile, JSON.stringify({ overrides: [{ key: 'REQ-0004', column: 'Amount, USD', value: '300', sheetValue: 'about 300' }] }));
    parseMappingOverride(await readFile(mappingFile, 'utf8'));
    const run = await cli(['migrate', csv(), '--mapping', mappingFile, '--project', project(), '--yes', '--json'], env);
    expect(run.code, run.stderr).toBe(1); // REQ-0007 still cannot be sent
    entityTypeId = run.json!['entityTypeId'] as number;
    typeId = run.json!['typeId'] as number;
    expect(typeId).toBeGreaterThan(0);
    expect(run.json!['items']).toMatchObject({ created: 11, failed: 1 });
    expect(await amountOf('REQ-0004')).toBe(300);
    const saved = JSON.parse(await readFile(project(), 'utf8')) as { mapping: Mapping };
    expect(saved.mapping.overrides).toEqual([{ key: 'REQ-0004', column: 'Amount, USD', value: '300', sheetValue: 'about 300' }]);
  });

  it('keeps the edit on a sync while the sheet is unchanged: nothing to do for that row', async () => {
    const run = await cli(['sync', project(), '--json'], env);
    expect(run.json!['staleEdits']).toEqual([]);
    expect((run.json!['diff'] as Array<{ key: string }>).map((change) => change.key)).not.toContain('REQ-0004');
    expect(await amountOf('REQ-0004')).toBe(300);
  });

  it('lets the sheet win once it changes the edited cell, reports it once, and drops the edit', async () => {
    rows[3]![3] = '310.25';
    await writeRequestsCsv(csv(), rows);
    const dry = await cli(['sync', project(), '--dry-run', '--json'], env);
    expect(dry.json!['staleEdits']).toMatchObject([{ key: 'REQ-0004', column: 'Amount, USD', value: '300', sheetNow: '310.25' }]);
    expect(dry.stdout).toContain('edit overruled: row 5, column “Amount, USD”');
    const run = await cli(['sync', project(), '--json'], env);
    expect(run.json!['staleEdits']).toHaveLength(1);
    expect(await amountOf('REQ-0004')).toBe(310.25);
    const saved = JSON.parse(await readFile(project(), 'utf8')) as { mapping: Mapping };
    expect(saved.mapping.overrides).toEqual([]);
    const again = await cli(['sync', project(), '--json'], env);
    expect(again.json!['staleEdits']).toEqual([]);
  });
});
