/**
 * A sheet without an ID column is keyed by each row's cells, so editing a
 * cell changes the row's key. Over real HTTP with the sandbox: an edited row
 * updates its own card (never a second one), reordering changes nothing, an
 * inserted row is the only new card, an edited twin updates one card, and a
 * row changed beyond recognition is a new card plus a gone one, with a warning.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitrixClient, type BitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import { cli } from '../migrate/cli-harness';
import { writeRequestsCsv } from '../migrate/corpus';

const HEADERS = ['Клиент', 'Суть обращения', 'Статус', 'Сумма', 'Канал'];
const CLIENTS = ['Соколова Елена', 'Петров Иван', 'Кузнецова Анна', 'Орлов Павел', 'Белова Ольга'];
const TOPICS = ['Грубость оператора', 'Задержка доставки', 'Брак товара', 'Ошибка в счёте'];
const STATUSES = ['Новая', 'В работе', 'Закрыта'];
const CHANNELS = ['телефон', 'почта', 'чат'];

/** Twelve complaints: names and topics repeat, so no column tells rows apart; rows 7 and 8 (indexes 5, 6) are identical twins. */
function complaints(): string[][] {
  const rows = Array.from({ length: 12 }, (_, i) => [CLIENTS[i % 5]!, TOPICS[(i * 3) % 4]!, STATUSES[i % 3]!, `${1000 + ((i * 733) % 9000)}.50`, CHANNELS[i % 3]!]);
  rows[6] = [...rows[5]!];
  return rows;
}

let dir: string;
let sandbox: SandboxHandle;
let client: BitrixClient;
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-rows-by-content-'));
  sandbox = await startSandbox({ plan: 'unlimited' });
  client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
  env = { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(dir, 'data') };
});

afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

interface Migrated {
  csv: string;
  project: string;
  entityTypeId: number;
}

/** Migrates the rows into a new smart process keyed by every column's content; cards are named by the client (the topic, which would name them by itself, is a text field) so each row's diff reads by a name. */
async function migrate(name: string, rows: string[][]): Promise<Migrated> {
  const folder = join(dir, name);
  await mkdir(folder, { recursive: true });
  const csv = join(folder, 'complaints.csv');
  const project = join(folder, 'complaints.spm.json');
  const mapping = join(folder, 'mapping.json');
  await writeRequestsCsv(csv, rows, HEADERS);
  await writeFile(mapping, JSON.stringify({ key: { kind: 'fingerprint', columns: HEADERS }, columns: { Клиент: 'title', 'Суть обращения': { type: 'string' }, Статус: 'stageId', Сумма: 'opportunity' } }));
  const run = await cli(['migrate', csv, '--project', project, '--name', name, '--mapping', mapping, '--yes', '--json', '--no-automation'], env);
  expect(run.code, run.stderr).toBe(0);
  return { csv, project, entityTypeId: run.json!['entityTypeId'] as number };
}

async function sync(target: Migrated, ...args: string[]): Promise<Record<string, unknown>> {
  const run = await cli(['sync', target.project, '--json', ...args], env);
  expect([0, 1], run.stderr).toContain(run.code);
  return run.json!;
}

async function items(target: Migrated): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for (let start: number | undefined = 0; start !== undefined; ) {
    const page: { result: { items: Array<Record<string, unknown>> }; next?: number } = await client.call('crm.item.list', { entityTypeId: target.entityTypeId, select: ['id', 'title', 'stageId', 'opportunity'], order: { id: 'ASC' }, start });
    out.push(...page.result.items);
    start = page.next;
  }
  return out;
}

async function stageName(target: Migrated, stageId: unknown): Promise<string | undefined> {
  const project = JSON.parse(await readFile(target.project, 'utf8')) as { stages: Array<{ statusId: string; name: string }> };
  return project.stages.find((stage) => stage.statusId === stageId)?.name;
}

/** The item id column of the write-back copy next to the project, row by row. */
async function writtenBackIds(target: Migrated): Promise<string[]> {
  const text = await readFile(join(target.csv, '..', 'complaints (Bitrix24).csv'), 'utf8');
  const [header, ...lines] = text.trim().split(/\r?\n/).map((line) => line.split(';'));
  const at = header!.findIndex((cell) => /ID/.test(cell));
  return lines.map((cells) => cells[at]!);
}

type Diff = Array<{ key: string; action: string; row?: number; lastRow?: number; title?: string; pairedFrom?: string; values?: Array<{ field: string; before: unknown; after: unknown }> }>;

describe('sync of a sheet without an ID column', () => {
  it('an edited cell updates the card of that row: 1 updated, 0 created, and the next sync has nothing to do', async () => {
    const rows = complaints();
    const target = await migrate('edit-one', rows);
    const before = await items(target);
    expect(before).toHaveLength(12);
    // Row 5 of the sheet (index 3): Орлов Павел, “Новая” → “Закрыта”.
    expect(rows[3]![2]).toBe('Новая');
    rows[3]![2] = 'Закрыта';
    await writeRequestsCsv(target.csv, rows, HEADERS);

    const preview = await sync(target, '--dry-run');
    expect(preview['items']).toMatchObject({ created: 0, updated: 1, removed: 0, unchanged: 11 });
    expect(preview['rowsByContent']).toBe(true);
    const [change] = preview['diff'] as Diff;
    expect(change).toMatchObject({ action: 'update', row: 5, title: 'Орлов Павел', values: [{ field: 'stageId', before: { kind: 'text', text: 'Новая' }, after: { kind: 'text', text: 'Закрыта' } }] });
    expect(change!.pairedFrom).toMatch(/^fp-/);
    const text = await cli(['sync', target.project, '--dry-run'], env);
    expect(text.stdout).toContain('row 5 “Орлов Павел”: update Статус (the same item: the row changed)');
    expect(text.stdout).not.toContain('fp-');

    const applied = await sync(target);
    expect(applied['items']).toMatchObject({ created: 0, updated: 1, removed: 0 });
    const after = await items(target);
    expect(after.map((item) => item['id'])).toEqual(before.map((item) => item['id']));
    const edited = after.find((item) => item['id'] === before[3]!['id'])!;
    expect(await stageName(target, edited['stageId'])).toBe('Закрыта');

    expect((await sync(target))['items']).toMatchObject({ created: 0, updated: 0, removed: 0, unchanged: 12 });

    // Back to what it said: the same card again, by its new key's state.
    rows[3]![2] = 'Новая';
    await writeRequestsCsv(target.csv, rows, HEADERS);
    expect((await sync(target))['items']).toMatchObject({ created: 0, updated: 1, removed: 0 });
    expect(await stageName(target, (await items(target)).find((item) => item['id'] === before[3]!['id'])!['stageId'])).toBe('Новая');
    expect(await items(target)).toHaveLength(12);
  });

  it('a changed row whose update reached the portal but whose answer was lost is neither made again nor removed', async () => {
    const rows = complaints();
    const target = await migrate('lost-answer', rows);
    const before = await items(target);
    rows[3]![2] = 'Закрыта';
    await writeRequestsCsv(target.csv, rows, HEADERS);
    const [change] = (await sync(target, '--dry-run'))['diff'] as Diff;
    const projectId = (JSON.parse(await readFile(target.project, 'utf8')) as { id: string }).id;
    // What the lost write did: the item carries the row's new key.
    await client.call('crm.item.update', { entityTypeId: target.entityTypeId, id: before[3]!['id'], fields: { xmlId: `${projectId}:${change!.key}` } });
    const result = await sync(target, '--removed', 'delete');
    expect(result['items']).toMatchObject({ created: 0, updated: 1, removed: 0 });
    expect((await items(target)).map((item) => item['id'])).toEqual(before.map((item) => item['id']));
    const again = await sync(target, '--removed', 'delete');
    expect(again['items']).toMatchObject({ created: 0, updated: 0, removed: 0, unchanged: 12 });
    expect(again['diff']).toEqual([]);
  });

  it('rows in another order with no edits: nothing to do', async () => {
    const rows = complaints();
    const target = await migrate('reorder', rows);
    await writeRequestsCsv(target.csv, [...rows].reverse(), HEADERS);
    const result = await sync(target);
    expect(result['items']).toMatchObject({ created: 0, updated: 0, removed: 0, unchanged: 12 });
    expect(await items(target)).toHaveLength(12);
  });

  it('a row inserted in the middle is the one new card; an edit below it is still recognised', async () => {
    const rows = complaints();
    const target = await migrate('insert', rows);
    const inserted = ['Зайцев Глеб', 'Задержка доставки', 'Новая', '999.50', 'чат'];
    const next = [...rows.slice(0, 4), inserted, ...rows.slice(4)];
    await writeRequestsCsv(target.csv, next, HEADERS);
    const result = await sync(target);
    expect(result['items']).toMatchObject({ created: 1, updated: 0, removed: 0, unchanged: 12 });
    expect((result['diff'] as Diff)[0]).toMatchObject({ action: 'create', row: 6, title: 'Зайцев Глеб' });
    expect(await items(target)).toHaveLength(13);

    // Now a row below the inserted one changes its amount: its row number moved by one since it was last seen, and it is found there.
    next[9]![3] = '12.50';
    await writeRequestsCsv(target.csv, next, HEADERS);
    const edited = await sync(target, '--dry-run');
    expect(edited['items']).toMatchObject({ created: 0, updated: 1, removed: 0 });
  });

  it('two identical twins, one edited: that row’s card updated, none created', async () => {
    for (const [name, index] of [['twin-second', 6], ['twin-first', 5]] as const) {
      const rows = complaints();
      const target = await migrate(name, rows);
      const before = await items(target);
      rows[index]![3] = '5.50';
      await writeRequestsCsv(target.csv, rows, HEADERS);
      const result = await sync(target);
      expect(result['items'], name).toMatchObject({ created: 0, updated: 1, removed: 0 });
      const now = await items(target);
      expect(now, name).toHaveLength(12);
      // The card made from the edited row, not its twin's: the twins are told apart by where they sit.
      expect(now.filter((item) => item['opportunity'] === 5.5).map((item) => item['id']), name).toEqual([before[index]!['id']]);
      const again = await sync(target);
      expect(again['items'], name).toMatchObject({ created: 0, updated: 0, removed: 0, unchanged: 12 });
      expect(again['diff'], name).toEqual([]);
      // The copy of the sheet with Bitrix24 ids links every row to its own card, the twins included.
      expect(await writtenBackIds(target), name).toEqual(before.map((item) => String(item['id'])));
    }
  });

  it('a row changed beyond recognition is a new card plus a gone one, with a warning naming what happens to the old card', async () => {
    const rows = complaints();
    const target = await migrate('rewritten', rows);
    rows[2] = ['Зайцев Глеб', 'Ошибка в счёте', 'Закрыта', '4.50', 'почта'];
    await writeRequestsCsv(target.csv, rows, HEADERS);
    const preview = await sync(target, '--dry-run');
    expect(preview['items']).toMatchObject({ created: 1, updated: 0, removed: 1, kept: 1 });
    const diff = preview['diff'] as Diff;
    expect(diff.find((change) => change.action === 'create')).toMatchObject({ row: 4, title: 'Зайцев Глеб' });
    expect(diff.find((change) => change.action === 'remove')).toMatchObject({ lastRow: 4, title: 'Кузнецова Анна' });
    const text = await cli(['sync', target.project, '--dry-run'], env);
    expect(text.stdout).toContain('could not be matched with each other');
    expect(text.stdout).toContain('gone (was row 4) “Кузнецова Анна”: removed from the sheet → keep item');
  });
});
