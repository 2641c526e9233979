import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listById } from '../../../shared/portal/bitrix/list-by-id';
import { planLimits, type LimiterSettings } from '../../../shared/portal/bitrix/rate-limiter';
import { openJournal, type Journal } from '../../../shared/runs/journal/open-journal';
import { loadItems } from '../../../shared/runs/loader/load-items';
import type { LoadInput, LoadProgress, LoadRow, LoadSummary } from '../../../shared/runs/loader/types';
import { startTestPortal, type SmartProcess, type TestPortal } from '../../portal/bitrix/test-portal';
import { makeRows } from './make-rows';

let portal: TestPortal;
let dir: string;
let journals = 0;

beforeAll(async () => {
  portal = await startTestPortal({ timeScale: 20 });
  dir = await mkdtemp(join(tmpdir(), 'spm-loader-'));
});
afterAll(async () => {
  await portal.close();
  await rm(dir, { recursive: true, force: true });
});

async function newJournal(): Promise<{ journal: Journal; path: string }> {
  journals += 1;
  const path = join(dir, `load-${journals}.jsonl`);
  return { journal: await openJournal(path), path };
}

async function load(
  spa: SmartProcess,
  rows: LoadRow[],
  journal: Journal,
  extra: Partial<LoadInput> = {},
  signal = new AbortController().signal,
): Promise<{ summary: LoadSummary; progress: LoadProgress[] }> {
  const progress: LoadProgress[] = [];
  const summary = await loadItems(
    {
      client: portal.client,
      entityTypeId: spa.entityTypeId,
      rows,
      journal,
      xmlIdPrefix: 'proj-1',
      total: rows.length,
      useOriginalUfNames: true,
      settleMs: 60_000 / portal.timeScale,
      ...extra,
    },
    { signal, onProgress: (p) => progress.push(p) },
  );
  return { summary, progress };
}

/** Every item of the smart process, read back from the portal. */
async function portalItems(spa: SmartProcess): Promise<Array<{ id: number; xmlId: string }>> {
  const items: Array<{ id: number; xmlId: string }> = [];
  for await (const page of listById<{ id: number; xmlId: string }>(portal.client, 'crm.item.list', {
    params: { entityTypeId: spa.entityTypeId, select: ['id', 'xmlId'] },
    itemsKey: 'items',
    pagesPerRequest: 20,
  })) {
    items.push(...page);
  }
  return items;
}

/** Exactly one item per expected key, nothing else. */
async function expectExactlyOnce(spa: SmartProcess, keys: string[], prefix = 'proj-1'): Promise<void> {
  const items = await portalItems(spa);
  const xmlIds = items.map((item) => item.xmlId).sort();
  expect(xmlIds.length).toBe(keys.length);
  expect(new Set(xmlIds).size).toBe(xmlIds.length);
  expect(xmlIds).toEqual(keys.map((key) => `${prefix}:${key}`).sort());
  expect(portal.sandbox.stats().xmlIdDuplicates[String(spa.entityTypeId)]).toBeUndefined();
}

describe('loadItems', () => {
  it('creates every valid row once, reports invalid rows with field and row, and a re-run changes nothing', async () => {
    const spa = await portal.createType();
    const rows = makeRows(spa, 2_500, 50);
    const { journal, path } = await newJournal();
    const { summary, progress } = await load(spa, rows, journal);
    expect(summary.strategy).toBe('batch-import-in-batch');
    expect(summary.created).toBe(2_450);
    expect(summary.failed).toBe(50);
    expect(summary.rows).toHaveLength(2_500);
    expect(summary.rows.map((r) => r.key)).toEqual(rows.map((r) => r.key));
    const failed = summary.rows.filter((r) => r.status === 'failed');
    for (const row of failed) {
      expect(row.error.code).toBe('PORTAL_VALIDATION');
      expect(row.error.where?.column).toBe('Amount');
      expect(row.error.message).toContain('Amount');
    }
    expect(failed[0]?.error.where?.row).toBe(51);
    expect(progress[0]?.phase).toBe('starting');
    expect(progress.at(-1)).toMatchObject({ phase: 'done', done: 2_450, failed: 50 });
    await expectExactlyOnce(
      spa,
      rows.filter((_, i) => i % 50 !== 49).map((r) => r.key),
    );
    // Fields arrive as sent (a few awkward values ride along).
    const created = summary.rows[4] as { itemId: number };
    const { result } = await portal.client.call<{ item: Record<string, unknown> }>('crm.item.get', { entityTypeId: spa.entityTypeId, id: created.itemId, useOriginalUfNames: 'Y' });
    expect(result.item['title']).toBe(rows[4]?.fields['title']);
    expect(result.item[spa.note]).toBe('Заметка 4\nline 2');
    expect(result.item['xmlId']).toBe('proj-1:row-4');
    await journal.close();

    // Run again from the journal: unchanged rows cost no request; the 50
    // invalid rows are tried again (and fail again); 10 edited rows update.
    const again = await openJournal(path);
    const edited = rows.map((row, i) => (i < 10 ? { ...row, fields: { ...row.fields, title: `edited ${i}` } } : row));
    const before = portal.sandbox.stats().calls['crm.item.batchImport'] ?? 0;
    const rerun = await load(spa, edited, again);
    expect(rerun.summary).toMatchObject({ created: 0, updated: 10, unchanged: 2_440, failed: 50 });
    expect((portal.sandbox.stats().calls['crm.item.batchImport'] ?? 0) - before).toBe(3);
    await again.close();
    await expectExactlyOnce(
      spa,
      rows.filter((_, i) => i % 50 !== 49).map((r) => r.key),
    );
  });

  it('keeps an exact count through commit-then-drop, 502/500/503 bursts and latency', async () => {
    const spa = await portal.createType();
    const rows = makeRows(spa, 4_000);
    const { journal } = await newJournal();
    portal.sandbox.faults.setLatency(15);
    portal.sandbox.faults.dropAfterCommitRatio(0.3, 42);
    portal.sandbox.faults.failNext(502, 2);
    let armed = 0;
    const statsBefore = portal.sandbox.stats();
    try {
      const { summary } = await load(spa, rows, journal, {
        concurrency: 3,
        onRow: () => {
          armed += 1;
          if (armed === 500) portal.sandbox.faults.failNext(503, 4);
          if (armed === 1_500) portal.sandbox.faults.failNext(500, 2);
          if (armed === 2_500) portal.sandbox.faults.failNext(502, 3);
        },
      });
      expect(summary).toMatchObject({ created: 4_000, failed: 0, duplicatesSeen: 0 });
      expect(summary.resolvedUnknown).toBeGreaterThan(0);
    } finally {
      portal.sandbox.faults.clear();
    }
    const stats = portal.sandbox.stats();
    expect(stats.droppedAfterCommit - statsBefore.droppedAfterCommit).toBeGreaterThan(0);
    expect(stats.injectedFailures - statsBefore.injectedFailures).toBeGreaterThanOrEqual(5);
    await expectExactlyOnce(
      spa,
      rows.map((r) => r.key),
    );
    expect(journal.size).toBe(4_000);
    expect(journal.pending()).toEqual([]);
    await journal.close();
  });

  it('gives the same result with each strategy', async () => {
    for (const strategy of ['batch-import', 'add-in-batch'] as const) {
      const spa = await portal.createType();
      const rows = makeRows(spa, 130, 13);
      const { journal } = await newJournal();
      portal.sandbox.faults.dropAfterCommit(1);
      const { summary } = await load(spa, rows, journal, { strategy });
      expect(summary).toMatchObject({ strategy, created: 120, failed: 10 });
      await expectExactlyOnce(
        spa,
        rows.filter((_, i) => i % 13 !== 12).map((r) => r.key),
      );
      await journal.close();
    }
  });

  it('paces to the time budget without a single 429, and says it is waiting for it', async () => {
    // A 4-second budget per (scaled) 10 minutes, 1 s real: 600 rows need several windows.
    const scale = 600;
    const tight = await startTestPortal({ timeScale: scale, budgetSeconds: 4, writeCostMs: 20 });
    try {
      const spa = await tight.createType();
      const rows = makeRows(spa, 600);
      const { journal } = await newJournal();
      const progress: LoadProgress[] = [];
      const summary = await loadItems(
        {
          client: tight.newClient({ limits: { ...planLimits('standard', scale), budgetSeconds: 4 } as LimiterSettings }),
          entityTypeId: spa.entityTypeId,
          rows,
          journal,
          xmlIdPrefix: 'tight',
          total: rows.length,
          useOriginalUfNames: true,
          settleMs: 60_000 / scale,
        },
        { signal: new AbortController().signal, onProgress: (p) => progress.push(p) },
      );
      await journal.close();
      expect(summary.created).toBe(600);
      const stats = tight.sandbox.stats();
      expect(stats.rejections['OPERATION_TIME_LIMIT'] ?? 0).toBe(0);
      expect(stats.itemsByType[String(spa.entityTypeId)]).toBe(600);
      expect(progress.some((p) => p.waitingFor === 'budget:crm.item.batchImport')).toBe(true);
      // The wait says how long, in this computer's seconds: the budget's reset is one scaled window
      // (1 s) away, plus the limiter's margin and a loaded machine's lag — never the portal's 600 s.
      const budgetWaits = progress.filter((p) => p.waitingFor === 'budget:crm.item.batchImport');
      expect(budgetWaits.some((p) => p.waitSeconds !== undefined && p.waitSeconds >= 1)).toBe(true);
      expect(budgetWaits.every((p) => p.waitSeconds === undefined || p.waitSeconds <= 5), JSON.stringify(budgetWaits.map((p) => p.waitSeconds))).toBe(true);
      expect(progress.some((p) => p.etaSeconds !== undefined && p.rowsPerSecond > 0)).toBe(true);
    } finally {
      await tight.close();
    }
  });

  it('sends rows holding $result[...] text outside batch, unchanged', async () => {
    const spa = await portal.createType();
    const rows = makeRows(spa, 45);
    const tricky = ['$result[r0][items][0][item][id]', 'cost $result_error[r20][error] x'];
    rows[3] = { ...rows[3]!, fields: { ...rows[3]!.fields, title: tricky[0] } };
    rows[30] = { ...rows[30]!, fields: { ...rows[30]!.fields, [spa.note]: tricky[1] } };
    const { journal } = await newJournal();
    const { summary } = await load(spa, rows, journal);
    expect(summary).toMatchObject({ created: 45, failed: 0 });
    const read = async (index: number): Promise<Record<string, unknown>> => {
      const id = (summary.rows[index] as { itemId: number }).itemId;
      const { result } = await portal.client.call<{ item: Record<string, unknown> }>('crm.item.get', { entityTypeId: spa.entityTypeId, id, useOriginalUfNames: 'Y' });
      return result.item;
    };
    expect((await read(3))['title']).toBe(tricky[0]);
    expect((await read(30))[spa.note]).toBe(tricky[1]);
    await expectExactlyOnce(
      spa,
      rows.map((r) => r.key),
    );
    await journal.close();
  });

  it('refuses duplicate keys row by row', async () => {
    const spa = await portal.createType();
    const rows = makeRows(spa, 5);
    rows.push({ ...rows[1]!, sourceRow: 99 });
    const { journal } = await newJournal();
    const { summary } = await load(spa, rows, journal);
    expect(summary).toMatchObject({ created: 5, failed: 1 });
    const duplicate = summary.rows[5];
    expect(duplicate?.status === 'failed' && duplicate.error).toMatchObject({ code: 'INVALID_INPUT', where: { row: 99 } });
    await journal.close();
  });

  it('cancels cleanly after in-flight requests settle, and resumes to an exact count', async () => {
    const spa = await portal.createType();
    const rows = makeRows(spa, 3_000);
    const { journal, path } = await newJournal();
    const controller = new AbortController();
    portal.sandbox.faults.setLatency(60);
    let summary: LoadSummary;
    try {
      ({ summary } = await load(spa, rows, journal, {
        concurrency: 1,
        costPerRowSeconds: 0.5,
        onRow: () => {
          if (!controller.signal.aborted) controller.abort();
        },
      }, controller.signal));
    } finally {
      portal.sandbox.faults.clear();
    }
    expect(summary.cancelled).toBe(true);
    expect(summary.created).toBeGreaterThan(0);
    expect(summary.created).toBeLessThan(3_000);
    expect(journal.pending()).toEqual([]);
    expect(journal.size).toBe(summary.created);
    await journal.close();

    const resumed = await openJournal(path);
    const second = await load(spa, rows, resumed);
    expect(second.summary.created + second.summary.unchanged).toBe(3_000);
    expect(second.summary.unchanged).toBe(summary.created);
    await resumed.close();
    await expectExactlyOnce(
      spa,
      rows.map((r) => r.key),
    );
  });

  it('resumes after SIGKILL mid-load with no duplicate and no lost row', async () => {
    const spa = await portal.createType();
    const count = 6_000;
    const { path } = { path: join(dir, 'killed.jsonl') };
    portal.sandbox.faults.setLatency(40);
    portal.sandbox.faults.dropAfterCommitRatio(0.2, 9);
    const child = spawn(process.execPath, ['--import', 'tsx/esm', fileURLToPath(new URL('./load-child.ts', import.meta.url))], {
      env: {
        ...process.env,
        SPM_TEST_WEBHOOK: portal.sandbox.webhook,
        SPM_TEST_SPA: JSON.stringify(spa),
        SPM_TEST_ROWS: String(count),
        SPM_TEST_JOURNAL: path,
        SPM_TEST_TIME_SCALE: String(portal.timeScale),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    // Kill once a good part of the rows is acknowledged, while requests are in flight.
    const killedAt = await new Promise<number>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) {
          if (!line.startsWith('{')) continue;
          const progress = JSON.parse(line) as LoadProgress;
          if (progress.done >= 1_500 && child.exitCode === null && !child.killed) {
            child.kill('SIGKILL');
            resolve(progress.done);
          }
        }
      });
      void exited.then((how) => reject(new Error(`child ended before the kill (${String(how)}): ${stderr}`)));
    });
    expect(await exited).toBe('SIGKILL');
    portal.sandbox.faults.clear();
    expect(killedAt).toBeLessThan(count);

    const text = await readFile(path, 'utf8');
    expect(text.length).toBeGreaterThan(0);
    const journal = await openJournal(path);
    const acknowledged = journal.size;
    const { summary } = await load(spa, makeRows(spa, count), journal, { xmlIdPrefix: 'kill' });
    await journal.close();
    expect(summary.failed).toBe(0);
    expect(summary.unchanged).toBe(acknowledged);
    expect(summary.created + summary.unchanged).toBe(count);
    await expectExactlyOnce(
      spa,
      makeRows(spa, count).map((r) => r.key),
      'kill',
    );
  });
});
