/**
 * History: author, creation date and stage date go through
 * `crm.item.batchImport` as `createdBy`/`createdTime`/`movedTime`, future
 * dates are clamped and reported per row, a webhook of a non-administrator
 * gets one clear warning and the rest still loads, and sync never sends
 * history. Everything is read back from the sandbox portal.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitrixClient, type BitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import { parseWebhookUrl } from '../../../shared/portal/bitrix/webhook-url';
import { parseMappingOverride } from '../../../shared/sheet/mapping/apply-mapping-override';
import { migrate } from '../../../shared/runs/migrate/migrate';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle, SandboxOptions } from '../../../sandbox/types';
import { cli } from './cli-harness';
import { CONTRACT_HEADERS, contractRows, writeContractsXlsx } from './corpus';
import { planWarningText } from '../../../shared/sheet/plan/plan-warning-wording';

const HEADERS = [...CONTRACT_HEADERS, 'Автор', 'Дата смены статуса'];
const AUTHORS = ['Иванова Мария', 'Smith John', 'Петров И.А.', 'Сидоров Павел'];
const ROWS = 12;
/** Row index whose signing date lies in the future; row index whose stage date is before its creation date. */
const FUTURE = 2;
const EARLY_MOVE = 5;

function historyRows(): Array<Array<string | number | Date>> {
  return contractRows(ROWS).map((row, i) => {
    const created = i === FUTURE ? new Date(Date.UTC(2999, 0, 1)) : row[4];
    const moved = new Date(created.getTime() + (i === EARLY_MOVE ? -3 : 2) * 86_400_000);
    return [...row.slice(0, 4), created, ...row.slice(5), AUTHORS[i % AUTHORS.length]!, i === FUTURE ? '' : moved];
  });
}

let dir: string;
const opened: SandboxHandle[] = [];

async function portal(options: SandboxOptions): Promise<{ sandbox: SandboxHandle; client: BitrixClient; env: Record<string, string> }> {
  const sandbox = await startSandbox({ plan: 'unlimited', ...options });
  opened.push(sandbox);
  const client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
  return { sandbox, client, env: { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(dir, 'data') } };
}

type Item = { id: number; xmlId: string; title: string; createdTime: string; createdBy: number; movedTime: string; opportunity: number };

async function items(client: BitrixClient, entityTypeId: number): Promise<Map<string, Item>> {
  const { result } = await client.call<{ items: Item[] }>('crm.item.list', { entityTypeId, select: ['id', 'xmlId', 'title', 'createdTime', 'createdBy', 'movedTime', 'opportunity'], order: { id: 'ASC' } });
  return new Map(result.items.map((item) => [item.xmlId.split(':')[1]!, item]));
}

const day = (value: string | Date): string => (typeof value === 'string' ? value : value.toISOString()).slice(0, 10);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-e2e-history9-'));
  await writeFile(join(dir, 'mapping.json'), JSON.stringify({ columns: { 'Дата подписания': 'createdTime' } }));
});
afterAll(async () => {
  for (const sandbox of opened) await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

describe('history through crm.item.batchImport', () => {
  it('an administrator keeps author, creation and stage dates; future dates are clamped and reported; sync never sends history', async () => {
    const { client, env } = await portal({});
    const file = join(dir, 'admin.xlsx');
    await writeContractsXlsx(file, historyRows(), HEADERS);
    const mapping = join(dir, 'mapping.json');

    const plan = await cli(['plan', file, '--mapping', mapping, '--json'], env);
    expect(plan.code, plan.stderr).toBe(0);
    // Headers alone suggest the author and the stage date.
    const targets = Object.fromEntries((plan.json!['mapping'] as { columns: Array<{ header: string; target: { field?: string } }> }).columns.map((c) => [c.header, c.target.field]));
    expect(targets).toMatchObject({ Автор: 'createdBy', 'Дата смены статуса': 'movedTime', 'Дата подписания': 'createdTime' });
    const warnings = (plan.json!['warnings'] as string[]).join('\n');
    expect(warnings).toMatch(/Row 6, column “Дата подписания”: 2999-01-01 is in the future/);
    expect(warnings).toMatch(/Row 9, column “Дата смены статуса”: the stage date .* is before the creation date/);
    expect((plan.json!['operations'] as Array<{ method: string; summary: string }>).find((op) => op.method === 'crm.item.batchImport')?.summary).toMatch(/history dates kept/);

    const run = await cli(['migrate', file, '--mapping', mapping, '--yes', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const result = run.json!;
    expect(result['items']).toMatchObject({ created: ROWS, failed: 0 });
    const runWarnings = result['warnings'] as string[];
    expect(runWarnings.filter((w) => /is in the future/.test(w))).toHaveLength(1);
    expect(runWarnings.filter((w) => /before the creation date/.test(w))).toHaveLength(1);

    const byKey = await items(client, result['entityTypeId'] as number);
    const rows = historyRows();
    const authorIds: Record<string, number> = { 'Иванова Мария': 3, 'Smith John': 4, 'Петров И.А.': 2 };
    rows.forEach((row, i) => {
      const item = byKey.get(String(row[0]))!;
      // An author who is no portal user leaves the webhook's user (1) as the author.
      expect(item.createdBy, `row ${i}`).toBe(authorIds[AUTHORS[i % AUTHORS.length]!] ?? 1);
      if (i === FUTURE) {
        expect(Date.parse(item.createdTime)).toBeLessThanOrEqual(Date.now());
        expect(Date.now() - Date.parse(item.createdTime)).toBeLessThan(10 * 60_000);
        expect(item.movedTime).toBe(item.createdTime);
      } else {
        expect(day(item.createdTime), `row ${i}`).toBe(day(row[4] as Date));
        expect(day(item.movedTime), `row ${i}`).toBe(i === EARLY_MOVE ? day(row[4] as Date) : day(row[10] as Date));
      }
    });
    // Imported in ascending creation order, as the portal requires.
    const ordered = [...byKey.values()].sort((a, b) => a.id - b.id).map((item) => Date.parse(item.createdTime));
    expect([...ordered].sort((a, b) => a - b)).toEqual(ordered);

    // Sync: a changed author and stage date are history, never sent; the amount change is.
    const changed = historyRows().map((row, i) => (i === 0 ? [...row.slice(0, 3), 777, ...row.slice(4, 9), 'Smith John', new Date(Date.UTC(2025, 5, 5))] : row));
    await writeContractsXlsx(file, changed, HEADERS);
    const synced = await cli(['sync', join(dir, 'Договоры.spm.json'), '--json'], env);
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.json!['items']).toMatchObject({ updated: 1, failed: 0 });
    const after = (await items(client, result['entityTypeId'] as number)).get(String(rows[0]![0]))!;
    expect(after.opportunity).toBe(777);
    expect(after.createdBy).toBe(byKey.get(String(rows[0]![0]))!.createdBy);
    expect(after.movedTime).toBe(byKey.get(String(rows[0]![0]))!.movedTime);
  });

  it('a webhook of a user who is not a portal administrator: one clear warning, no history sent, everything else loads', async () => {
    const { sandbox, client, env } = await portal({ ownerIsAdmin: false, ownerIsCrmAdmin: true });
    const file = join(dir, 'nonadmin.xlsx');
    await writeContractsXlsx(file, historyRows(), HEADERS);
    const project = join(dir, 'nonadmin.spm.json');
    const mapping = join(dir, 'mapping.json');

    const plan = await cli(['plan', file, '--mapping', mapping, '--project', project, '--json'], env);
    expect(plan.code, plan.stderr).toBe(0);
    const planWarnings = plan.json!['warnings'] as string[];
    expect(planWarnings.filter((w) => /History left out/.test(w))).toHaveLength(1);
    expect(planWarnings[0]).toMatch(/not a portal administrator: creating the smart process needs CRM settings rights/);
    expect(planWarnings.join('\n')).toMatch(/not a portal administrator.*“Дата подписания”, “Автор”, “Дата смены статуса”/s);
    // The clamp warnings of history columns are moot when history is left out.
    expect(planWarnings.join('\n')).not.toMatch(/is in the future/);
    expect((plan.json!['operations'] as Array<{ summary: string }>).some((op) => /history dates kept/.test(op.summary))).toBe(false);

    const run = await cli(['migrate', file, '--mapping', mapping, '--project', project, '--yes', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json!['items']).toMatchObject({ created: ROWS, failed: 0 });
    expect((run.json!['warnings'] as string[])[0]).toMatch(/^History left out: the webhook belongs to a user who is not a portal administrator/);
    const byKey = await items(client, run.json!['entityTypeId'] as number);
    expect(byKey.size).toBe(ROWS);
    const started = Date.now() - 10 * 60_000;
    for (const item of byKey.values()) {
      expect(item.createdBy).toBe(1);
      expect(Date.parse(item.createdTime)).toBeGreaterThan(started);
    }
    // Not one history field reached the portal: no request carried them, so none was refused.
    expect(sandbox.stats().calls['crm.item.batchImport'] ?? 0).toBeGreaterThan(0);
  });

  it('a portal without crm.item.batchImport: items are created with crm.item.add and the result says history was not kept', async () => {
    const { sandbox } = await portal({});
    const file = join(dir, 'older.xlsx');
    await writeContractsXlsx(file, historyRows(), HEADERS);
    // The portal looks older: the method's name is changed on the way out, so the sandbox answers ERROR_METHOD_NOT_FOUND.
    const olderFetch = (url: string, init: RequestInit): Promise<Response> =>
      fetch(url.replace(/crm\.item\.batchImport$/, 'crm.item.batchImportMissing'), { ...init, body: String(init.body ?? '').replaceAll('crm.item.batchImport?', 'crm.item.batchImportMissing?') });
    const client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited'), fetch: olderFetch });
    const result = await migrate(
      { file, client, portal: { kind: 'webhook', display: parseWebhookUrl(sandbox.webhook).display }, projectPath: join(dir, 'older.spm.json'), mapping: parseMappingOverride(JSON.stringify({ columns: { 'Дата подписания': 'createdTime' } })), automation: false },
      { signal: new AbortController().signal, onProgress: () => undefined },
    );
    expect(result.items).toMatchObject({ created: ROWS, failed: 0 });
    expect(result.warnings?.[0] && planWarningText(result.warnings[0])).toMatch(/^History not kept: the portal refused crm\.item\.batchImport/);
    expect(sandbox.stats().calls['crm.item.add']).toBeGreaterThan(0);
  });
});
