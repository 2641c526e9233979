/**
 * Rules of the real portal that the sandbox enforces the same way: a cleared
 * list cell must reach the portal (inside `batch` an empty array vanishes
 * from the query string), and datetimes carry the sheet zone's offset (a
 * datetime without one is read in the portal's zone, Moscow in the sandbox).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitrixClient, type BitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import { cli } from '../migrate/cli-harness';
import { contractRows, writeContractsXlsx } from '../migrate/corpus';

let dir: string;
let sandbox: SandboxHandle;
let client: BitrixClient;
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-portal-rules-'));
  sandbox = await startSandbox({ plan: 'unlimited' });
  client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
  env = { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(dir, 'data') };
});
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

async function items(entityTypeId: number): Promise<Map<string, Record<string, unknown>>> {
  const { result } = await client.call<{ items: Array<Record<string, unknown>> }>('crm.item.list', { entityTypeId, select: ['*'], useOriginalUfNames: 'Y', order: { id: 'ASC' } });
  return new Map(result.items.map((item) => [String(item['xmlId']).split(':')[1]!, item]));
}

describe('portal rules through migrate and sync', () => {
  it('sends datetimes with the sheet zone’s offset, clears a list cell, and a second sync finds nothing to do', async () => {
    const file = join(dir, 'contracts.xlsx');
    const rows = contractRows(6);
    await writeContractsXlsx(file, rows);
    const mapping = join(dir, 'mapping.json');
    // Tokyo (+09:00, no summer time) is neither this machine's zone nor the sandbox portal's (+03:00).
    await writeFile(mapping, JSON.stringify({ timeZone: 'Asia/Tokyo', columns: { 'Дата подписания': { type: 'datetime', suffix: 'SIGNED' }, Метки: { type: 'enumeration', multiple: true, suffix: 'TAGS' } } }));
    const run = await cli(['migrate', file, '--mapping', mapping, '--yes', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const entityTypeId = run.json!['entityTypeId'] as number;
    const signed = Object.keys((await items(entityTypeId)).get(rows[0]![0])!).find((key) => key.endsWith('_SIGNED'))!;
    const tags = signed.replace(/SIGNED$/, 'TAGS');

    const loaded = await items(entityTypeId);
    for (const row of rows) {
      // Midnight of the signing day in Tokyo is 15:00 UTC the day before.
      const expected = Date.UTC(row[4].getUTCFullYear(), row[4].getUTCMonth(), row[4].getUTCDate()) - 9 * 3_600_000;
      expect(Date.parse(String(loaded.get(row[0])![signed])), row[0]).toBe(expected);
    }
    expect(loaded.get(rows[0]![0])![tags]).toHaveLength(1);

    // The portal answers in its own zone: the read-back is the same instant, so nothing changed.
    const quiet = await cli(['sync', join(dir, 'Договоры.spm.json'), '--json'], env);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.json!['items']).toMatchObject({ created: 0, updated: 0, unchanged: 6, conflicts: 0 });

    // Row 1 only loses its tags (the update's one field is an empty list); row 2 loses them and changes its subject.
    const edited = rows.map((row, index) => (index === 0 ? [...row.slice(0, 8), ''] : index === 1 ? [row[0], 'Новый предмет', ...row.slice(2, 8), ''] : row));
    await writeContractsXlsx(file, edited);
    const synced = await cli(['sync', join(dir, 'Договоры.spm.json'), '--json'], env);
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.json!['items']).toMatchObject({ updated: 2, failed: 0 });
    const after = await items(entityTypeId);
    expect(after.get(rows[0]![0])![tags] ?? []).toEqual([]);
    expect(after.get(rows[1]![0])![tags] ?? []).toEqual([]);
    expect(after.get(rows[1]![0])!['title']).toBeDefined();
    expect(after.get(rows[2]![0])![tags]).not.toEqual([]);

    const again = await cli(['sync', join(dir, 'Договоры.spm.json'), '--json'], env);
    expect(again.json!['items']).toMatchObject({ created: 0, updated: 0, unchanged: 6, conflicts: 0 });
  });
});
