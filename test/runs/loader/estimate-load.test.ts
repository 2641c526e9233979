/**
 * The load estimate : the portal's limits model with the
 * loader's own batching, the learned per-portal cost, and one time-scaled
 * sandbox run comparing the estimate with the real load.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits, RateLimiter } from '../../../shared/portal/bitrix/rate-limiter';
import { loadSeconds, rowsPerCreateRequest } from '../../../shared/runs/loader/load-time';
import { migrate } from '../../../shared/runs/migrate/migrate';
import { planMigration } from '../../../shared/runs/migrate/plan-migration';
import { estimateLoad, formatLoadEstimate, humanDuration, REFERENCE_COST_PER_ROW_SECONDS } from '../../../shared/runs/loader/estimate-load';
import type { Plan } from '../../../shared/sheet/plan/types';
import { LOAD_COSTS_FILE } from '../../../shared/runs/results/load-costs';
import { startSandbox } from '../../../sandbox/start-sandbox';
import { cli } from '../migrate/cli-harness';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-estimate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function planOf(creates: number, updates = 0, setup = 10): Plan {
  return {
    operations: Array.from({ length: setup }, () => ({ step: 'fields' as const, method: 'userfieldconfig.add', summary: '', note: { code: 'FIELD_ADD' as const, params: { fieldName: 'UF_X', label: 'X', userTypeId: 'string', multiple: false } } })),
    summary: {
      smartProcess: 'create',
      title: 'T',
      flagsToSet: [],
      fieldsToCreate: setup,
      fieldsToUpdate: 0,
      stagesToCreate: 0,
      stagesToUpdate: 0,
      stagesToDelete: 0,
      clientsToCreate: 0,
      itemsToCreate: creates,
      itemsToUpdate: updates,
      itemsUnchanged: 0,
      itemsFailed: 0,
      usersMatched: 0,
      usersUnmatched: 0,
    },
    warnings: [],
    failures: [],
  };
}

async function writeSheet(path: string, rows: number, tag: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(`Заявки ${tag}`);
  sheet.addRow(['Номер', 'Описание', 'Сумма']);
  for (let i = 0; i < rows; i++) sheet.addRow([`${tag}-${i + 1}`, `Заявка ${tag} №${i + 1}`, 100 + i]);
  await workbook.xlsx.writeFile(path);
}

describe('the limits model', () => {
  it('sizes requests as the loader does', () => {
    expect(rowsPerCreateRequest('batch-import-in-batch', 0.01, 60, 480)).toBe(1000);
    expect(rowsPerCreateRequest('batch-import-in-batch', 0.05, 60, 480)).toBe(600);
    expect(rowsPerCreateRequest('batch-import-in-batch', 0.05, 60, 480, false)).toBe(200);
    // 200 ms a row: half the 60 s cap is 150 rows, whole commands of 20 → 140.
    expect(rowsPerCreateRequest('batch-import-in-batch', 0.2, 60, 480)).toBe(140);
    expect(rowsPerCreateRequest('add-in-batch', 0.01, 60, 480)).toBe(50);
  });

  it('reference cost, standard plan: 20,000 rows fit the first window; the portal’s own time decides', () => {
    const estimate = estimateLoad(planOf(20_000), { limits: planLimits('standard'), cost: { seconds: REFERENCE_COST_PER_ROW_SECONDS, source: 'default' } });
    // 200 s of portal time (< 480 s budget), three requests in flight.
    expect(estimate.seconds).toBeCloseTo(200 / 3, 0);
    expect(estimate).toMatchObject({ rows: 20_000, plan: 'standard', rowsPerRequest: 1000, boundBy: 'portal', costSource: 'default', drainPerSecond: 2, budgetSeconds: 480 });
    // The probe (200) then 1,000 a request: 21 creates, + 10 setup + method.get + 40 read-back requests.
    expect(estimate.requests).toBe(21 + 10 + 1 + 40);
    // The sustained bound, min(drain × rows per request, budget ÷ window ÷ cost per row): min(2 × 1000, 480 ÷ 600 ÷ 0.01) = 80 rows/s.
    expect(estimate.sustainedRowsPerSecond).toBe(80);
    expect(formatLoadEstimate(estimate)).toBe(
      'Load: 20,000 rows, about a minute on a standard plan (2 requests/s, 1,000 rows per request, budget 480 s per 10 min, 10 ms per row: reference default, nothing measured on this portal yet; the portal’s own time decides).',
    );
  });

  it('200 ms a row: the time budget decides, window after window', () => {
    const estimate = estimateLoad(planOf(20_000), { limits: planLimits('standard'), cost: { seconds: 0.2, source: 'learned' } });
    // 4,000 s of budget: the first 480 s now, 7 more full windows, the last 160 s run at once.
    // (each reset is let through 0.75 s late: whole-second reset times + the limiter's 250 ms)
    expect(estimate.seconds).toBeCloseTo(600 + 7 * 600 + 8 * 0.75 + 160 / 3, 0);
    expect(estimate).toMatchObject({ boundBy: 'budget', rowsPerRequest: 140, costSource: 'learned' });
    expect(estimate.sustainedRowsPerSecond).toBe(4);
    expect(humanDuration(estimate.seconds)).toBe('about 81 minutes');
  });

  it('crm.item.add in batch (no batchImport): the request rate decides past the burst', () => {
    const time = loadSeconds({ creates: 20_000, updates: 0, costPerRowSeconds: 0.001, limits: planLimits('standard'), strategy: 'add-in-batch' });
    // 400 requests, 48 of them in the burst (50 less the 4% headroom), the rest at 2/s.
    expect(time).toMatchObject({ requests: 400, rowsPerRequest: 50, boundBy: 'bucket' });
    expect(time.seconds).toBe((400 - 48) / 2);
    const enterprise = loadSeconds({ creates: 20_000, updates: 0, costPerRowSeconds: 0.001, limits: planLimits('enterprise'), strategy: 'add-in-batch' });
    expect(enterprise.seconds).toBe((400 - 240) / 5);
  });

  it('a time-scaled sandbox runs every clock N times faster', () => {
    const real = loadSeconds({ creates: 20_000, updates: 0, costPerRowSeconds: 0.2, limits: planLimits('standard') });
    const scaled = loadSeconds({ creates: 20_000, updates: 0, costPerRowSeconds: 0.2, limits: planLimits('standard', 60) });
    // All but the 0.75 s wall-clock margins after each of the 8 resets.
    expect(scaled.seconds - 8 * 0.75).toBeCloseTo((real.seconds - 8 * 0.75) / 60, 5);
  });

  it('a budget already spent waits for its reset first', () => {
    const fresh = loadSeconds({ creates: 1000, updates: 0, costPerRowSeconds: 0.2, limits: planLimits('standard') });
    expect(fresh.boundBy).toBe('portal');
    const spent = loadSeconds({ creates: 1000, updates: 0, costPerRowSeconds: 0.2, limits: planLimits('standard'), budgetUsed: { seconds: 400, resetInMs: 120_000 } });
    expect(spent.boundBy).toBe('budget');
    expect(spent.seconds).toBeCloseTo(120 + 0.75 + (200 - 80) / 3, 5);
  });

  it('durations as people say them', () => {
    expect(humanDuration(20)).toBe('under a minute');
    expect(humanDuration(70)).toBe('about a minute');
    expect(humanDuration(25 * 60)).toBe('about 25 minutes');
    expect(humanDuration(150 * 60)).toBe('about 2.5 hours');
  });
});

describe('the estimate on the sandbox', () => {
  it('CLI plan prints it and puts it in the JSON (reference cost before any run)', async () => {
    const sandbox = await startSandbox({ plan: 'unlimited' });
    try {
      const file = join(dir, 'cli.xlsx');
      await writeSheet(file, 40, 'C');
      const env = { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'standard', SPM_DATA_DIR: join(dir, 'cli-data') };
      const plan = await cli(['plan', file, '--json'], env);
      expect(plan.code, plan.stderr).toBe(0);
      expect(plan.stdout).toMatch(/Load: 40 rows, under a minute on a standard plan \(2 requests\/s, 1,000 rows per request, budget 480 s per 10 min, 10 ms per row: reference default/);
      expect(plan.json!['loadEstimate']).toMatchObject({ rows: 40, costSource: 'default', costPerRowSeconds: 0.01, plan: 'standard' });
    } finally {
      await sandbox.close();
    }
  });

  it('learns the cost on a first run, then estimates a budget-bound load within reach of the real time', async () => {
    const timeScale = 100;
    // 200 ms of budget per row: 3,000 rows need 600 s, more than one 480 s window.
    const sandbox = await startSandbox({ plan: 'standard', timeScale, writeCostMs: 200 });
    const dataDir = join(dir, 'scaled-data');
    try {
      const client = createBitrixClient({ webhookUrl: sandbox.webhook, limiter: new RateLimiter(planLimits('standard', timeScale)) });
      const portal = { kind: 'webhook' as const, display: `${new URL(sandbox.webhook).origin}/rest/1/***/` };
      const control = { signal: new AbortController().signal, onProgress: () => undefined };

      const small = join(dir, 'small.xlsx');
      await writeSheet(small, 100, 'S');
      const first = await migrate({ file: small, client, portal, automation: false, dataDir }, control);
      expect(first.items.created).toBe(100);
      expect(first.load?.estimate?.costSource).toBe('default');
      const learned = JSON.parse(await readFile(join(dataDir, LOAD_COSTS_FILE), 'utf8')) as { portals: Record<string, { costPerRowSeconds: number }> };
      const cost = learned.portals[portal.display]!.costPerRowSeconds;
      // The sandbox charges 200 ms a row plus its own processing time.
      expect(cost).toBeGreaterThanOrEqual(0.2);
      expect(cost).toBeLessThan(0.3);
      expect(JSON.stringify(learned)).not.toContain(new URL(sandbox.webhook).pathname.split('/')[3]!);
      // Let the first run's budget leave the window (10 minutes ÷ 100).
      await new Promise((resolve) => setTimeout(resolve, (600 / timeScale) * 1000 + 1500));

      const big = join(dir, 'big.xlsx');
      await writeSheet(big, 3000, 'B');
      const planned = await planMigration({ file: big, client, portal, dataDir }, control);
      const estimate = planned.plan.loadEstimate!;
      expect(estimate).toMatchObject({ rows: 3000, costSource: 'learned', boundBy: 'budget', plan: 'standard', windowSeconds: 6 });
      expect(estimate.costPerRowSeconds).toBe(cost);
      // The run screen's ETA: after the first answered batch it comes from the same model, with the budget the portal reported.
      const etas: Array<{ at: number; done: number; eta: number | undefined }> = [];
      const run = await migrate({ file: big, client, portal, automation: false, dataDir }, {
        signal: control.signal,
        onProgress: (progress) => {
          if (progress.phase === 'loading') etas.push({ at: Date.now(), done: progress.load.done, eta: progress.load.etaSeconds });
        },
      });
      const loadEnd = etas[etas.length - 1]!.at;
      expect(run.items.created).toBe(3000);
      const actual = run.load!.seconds;
      const ratio = actual / estimate.seconds;
      const firstBatch = etas.find((entry) => entry.done > 0 && entry.eta !== undefined)!;
      const remaining = (loadEnd - firstBatch.at) / 1000;
      process.stdout.write(
        `estimate-load: 3000 rows, 200 ms/row, time scale ${timeScale}: estimated ${estimate.seconds} s, actual ${actual.toFixed(2)} s, actual/estimate ${ratio.toFixed(2)}; ` +
          `ETA after the first batch (${firstBatch.done} rows) ${firstBatch.eta} s, actual remaining ${remaining.toFixed(2)} s\n`,
      );
      expect(ratio).toBeGreaterThan(0.7);
      expect(ratio).toBeLessThan(1.5);
      // Whole seconds: within a second or two of the truth, not the burst-inflated rate's “0 s left”.
      expect(Math.abs(firstBatch.eta! - remaining)).toBeLessThan(2.5);
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
