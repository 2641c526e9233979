/**
 * Funnels from a column, over real HTTP: `--funnel "Product
 * line"` makes one funnel (category) per value, the default one renamed to
 * the first, each with the stages its rows use; every item lands in its
 * funnel's stage; sync moves a row to another funnel (categoryId + stageId)
 * and turns a new value into a new funnel only with --allow-schema-changes.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitrixClient, type BitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import type { ProjectFile } from '../../../shared/sheet/project/types';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import { cli } from './cli-harness';

let dir: string;
let sandbox: SandboxHandle;
let client: BitrixClient;
let env: Record<string, string>;
const file = (): string => join(dir, 'orders.xlsx');
const projectPath = (): string => join(dir, 'orders.spm.json');

type Row = [string, string, string, string, number];
const HEADERS = ['Order', 'Subject', 'Product line', 'Stage', 'Amount'];

function baseRows(): Row[] {
  const plan: Array<[string, string]> = [
    ['Hardware', 'New'],
    ['Hardware', 'Shipped'],
    ['Hardware', 'Won'],
    ['Software', 'New'],
    ['Software', 'Trial'],
    ['Software', 'Won'],
    ['Software', 'Lost'],
    ['Services', 'Scheduled'],
    ['Services', 'Won'],
  ];
  return Array.from({ length: 18 }, (_, i) => {
    const [line, stage] = plan[i % plan.length]!;
    return [`ORD-${String(i + 1).padStart(3, '0')}`, `Order ${i + 1}`, line, stage, 100 + i * 10];
  });
}

async function writeSheet(rows: Row[]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Orders');
  sheet.addRow(HEADERS);
  for (const row of rows) sheet.addRow(row);
  await workbook.xlsx.writeFile(file());
}

async function categories(entityTypeId: number): Promise<Array<{ id: number; name: string; isDefault: string }>> {
  const { result } = await client.call<{ categories: Array<{ id: number; name: string; isDefault: string }> }>('crm.category.list', { entityTypeId });
  return result.categories;
}

async function stageNames(entityTypeId: number, categoryId: number): Promise<string[]> {
  const { result } = await client.call<Array<{ NAME: string; STATUS_ID: string }>>('crm.status.list', { filter: { ENTITY_ID: `DYNAMIC_${entityTypeId}_STAGE_${categoryId}` }, order: { SORT: 'ASC' } });
  for (const stage of result) expect(stage.STATUS_ID.startsWith(`DT${entityTypeId}_${categoryId}:`)).toBe(true);
  return result.map((stage) => stage.NAME);
}

async function items(entityTypeId: number): Promise<Array<Record<string, unknown>>> {
  const { result } = await client.call<{ items: Array<Record<string, unknown>> }>('crm.item.list', { entityTypeId, select: ['id', 'xmlId', 'categoryId', 'stageId', 'title'], start: -1 });
  return result.items;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-funnels-'));
  sandbox = await startSandbox({ plan: 'unlimited' });
  client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
  env = { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(dir, 'data') };
  await writeSheet(baseRows());
});
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('--funnel: one funnel per value of a column', () => {
  let entityTypeId = 0;
  const byName = new Map<string, number>();

  it('plans the funnels with their stages, changing nothing', async () => {
    const writes = sandbox.stats().rowsWritten;
    const run = await cli(['plan', file(), '--funnel', 'Product line', '--project', projectPath(), '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(sandbox.stats().rowsWritten).toBe(writes);
    const json = run.json as { operations: Array<{ step: string; method: string; summary: string }>; summary: { flagsToSet: string[] }; funnels: Array<{ name: string; isDefault: boolean; rows: number; stages: string[] }> };
    expect(json.summary.flagsToSet).toContain('isCategoriesEnabled');
    expect(json.operations.filter((op) => op.step === 'funnels').map((op) => op.method)).toEqual(['crm.category.update', 'crm.category.add', 'crm.category.add']);
    expect(json.funnels.map((f) => [f.name, f.isDefault, f.rows])).toEqual([
      ['Hardware', true, 6],
      ['Software', false, 8],
      ['Services', false, 4],
    ]);
    expect(json.funnels.find((f) => f.name === 'Services')!.stages).toEqual(['Scheduled', 'Won', 'Lost']);
    expect(run.stdout).toMatch(/Funnels \(3\):/);
  });

  it('refuses a funnel column the sheet does not have', async () => {
    const run = await cli(['plan', file(), '--funnel', 'Region', '--project', join(dir, 'x.spm.json')], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/funnel column “Region” is not in the sheet/);
  });

  it('migrates: categories on, the default funnel renamed, each funnel with its own stages, each item in its funnel', async () => {
    const run = await cli(['migrate', file(), '--funnel', 'Product line', '--project', projectPath(), '--no-automation', '--yes', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const result = run.json as { entityTypeId: number; typeId: number; items: { created: number }; funnels: Array<{ name: string; categoryId: number }> };
    entityTypeId = result.entityTypeId;
    expect(result.items.created).toBe(18);
    const { result: type } = await client.call<{ type: Record<string, unknown> }>('crm.type.get', { id: result.typeId });
    expect(type.type['isCategoriesEnabled']).toBe('Y');

    const list = await categories(entityTypeId);
    expect(list.map((c) => [c.name, c.isDefault]).sort()).toEqual([
      ['Hardware', 'Y'],
      ['Services', 'N'],
      ['Software', 'N'],
    ]);
    for (const c of list) byName.set(c.name, Number(c.id));
    expect(await stageNames(entityTypeId, byName.get('Hardware')!)).toEqual(['New', 'Shipped', 'Won', 'Lost']);
    expect(await stageNames(entityTypeId, byName.get('Software')!)).toEqual(['New', 'Trial', 'Won', 'Lost']);
    expect(await stageNames(entityTypeId, byName.get('Services')!)).toEqual(['Scheduled', 'Won', 'Lost']);

    const rows = baseRows();
    const loaded = await items(entityTypeId);
    expect(loaded).toHaveLength(18);
    for (const row of rows) {
      const item = loaded.find((candidate) => String(candidate['xmlId']).endsWith(`:${row[0]}`))!;
      const categoryId = byName.get(row[2])!;
      expect(item['categoryId'], row[0]).toBe(categoryId);
      expect(String(item['stageId'])).toMatch(new RegExp(`^DT${entityTypeId}_${categoryId}:`));
    }
    const project = JSON.parse(await readFile(projectPath(), 'utf8')) as ProjectFile;
    expect(project.funnels?.map((f) => f.name)).toEqual(['Hardware', 'Software', 'Services']);
    expect(project.mapping.funnel?.column).toBe('Product line');
    expect(project.mapping.columns.find((c) => c.header === 'Product line')?.target).toEqual({ kind: 'skip' });
  });

  it('syncs a row that moved to another funnel: categoryId and stageId change together', async () => {
    const rows = baseRows();
    rows[0]![2] = 'Software'; // ORD-001: Hardware/New → Software/New
    await writeSheet(rows);
    const run = await cli(['sync', projectPath(), '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect((run.json as { items: { updated: number } }).items.updated).toBe(1);
    const moved = (await items(entityTypeId)).find((item) => String(item['xmlId']).endsWith(':ORD-001'))!;
    expect(moved['categoryId']).toBe(byName.get('Software'));
    expect(moved['stageId']).toBe(`DT${entityTypeId}_${byName.get('Software')}:NEW`);
    const again = await cli(['sync', projectPath(), '--json'], env);
    expect((again.json as { items: { updated: number; unchanged: number } }).items).toMatchObject({ updated: 0, unchanged: 18 });
  });

  it('a new value is a new funnel: refused per row without --allow-schema-changes, created with it', async () => {
    const rows = baseRows();
    rows[0]![2] = 'Software';
    rows.push(['ORD-019', 'Order 19', 'Consulting', 'New', 990]);
    await writeSheet(rows);
    const dry = await cli(['sync', projectPath(), '--json'], env);
    const refused = dry.json as { items: { created: number; failed: number }; failures: Array<{ row: number; message: string }>; changes: { pending: boolean; funnels?: string[] } };
    expect(refused.changes).toMatchObject({ pending: true, funnels: ['Consulting'] });
    expect(refused.items.created).toBe(0);
    expect(refused.failures.find((f) => f.message.includes('“Consulting” is not one of the funnels'))).toBeDefined();
    expect((await categories(entityTypeId)).map((c) => c.name)).not.toContain('Consulting');

    const run = await cli(['sync', projectPath(), '--allow-schema-changes', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect((run.json as { items: { created: number } }).items.created).toBe(1);
    const consulting = (await categories(entityTypeId)).find((c) => c.name === 'Consulting')!;
    expect(consulting).toBeDefined();
    expect(await stageNames(entityTypeId, Number(consulting.id))).toEqual(['New', 'Won', 'Lost']);
    const created = (await items(entityTypeId)).find((item) => String(item['xmlId']).endsWith(':ORD-019'))!;
    expect(created).toMatchObject({ categoryId: Number(consulting.id), stageId: `DT${entityTypeId}_${consulting.id}:NEW` });
  });

  it('a row moving into a funnel that lacks its stage waits for --allow-schema-changes, then the stage is added there', async () => {
    const rows = baseRows();
    rows[0]![2] = 'Software';
    rows.push(['ORD-019', 'Order 19', 'Consulting', 'New', 990]);
    rows[7]![2] = 'Hardware'; // ORD-008: Services/Scheduled → Hardware, which has no “Scheduled”
    await writeSheet(rows);
    const hardware = byName.get('Hardware')!;
    const refused = await cli(['sync', projectPath(), '--json'], env);
    const json = refused.json as { failures: Array<{ message: string }>; changes: { pending: boolean } };
    expect(json.changes.pending).toBe(true);
    expect(json.failures.find((f) => f.message.includes('the funnel “Hardware” has no stage “Scheduled” yet'))).toBeDefined();
    const before = (await items(entityTypeId)).find((item) => String(item['xmlId']).endsWith(':ORD-008'))!;
    expect(before['categoryId']).toBe(byName.get('Services'));

    const run = await cli(['sync', projectPath(), '--allow-schema-changes', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(await stageNames(entityTypeId, hardware)).toContain('Scheduled');
    const moved = (await items(entityTypeId)).find((item) => String(item['xmlId']).endsWith(':ORD-008'))!;
    expect(moved).toMatchObject({ categoryId: hardware, stageId: `DT${entityTypeId}_${hardware}:SCHEDULED` });
  });

  it('--removed stage:<name> moves a row gone from the sheet to that stage of its own funnel', async () => {
    const rows = baseRows();
    rows[0]![2] = 'Software';
    rows.push(['ORD-019', 'Order 19', 'Consulting', 'New', 990]);
    rows[7]![2] = 'Hardware';
    const software = byName.get('Software')!;
    const gone = rows.splice(4, 1)[0]!; // ORD-005, Software / Trial
    expect(gone[0]).toBe('ORD-005');
    await writeSheet(rows);
    const run = await cli(['sync', projectPath(), '--removed', 'stage:Lost', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const lost = (await items(entityTypeId)).find((item) => String(item['xmlId']).endsWith(':ORD-005'))!;
    expect(lost['categoryId']).toBe(software);
    expect(String(lost['stageId'])).toMatch(new RegExp(`^DT${entityTypeId}_${software}:`));
    const { result } = await client.call<Array<{ NAME: string; STATUS_ID: string }>>('crm.status.list', { filter: { ENTITY_ID: `DYNAMIC_${entityTypeId}_STAGE_${software}` } });
    expect(result.find((stage) => stage.STATUS_ID === lost['stageId'])?.NAME).toBe('Lost');
  });
});
