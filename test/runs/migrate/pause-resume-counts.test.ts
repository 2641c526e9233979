/**
 * A migration paused mid-load and resumed reports, at its end, every item
 * the migration created — the rows loaded before the pause included — not
 * only those the last run sent.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import { parseWebhookUrl } from '../../../shared/portal/bitrix/webhook-url';
import { migrate } from '../../../shared/runs/migrate/migrate';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import { contractRows, writeContractsXlsx } from './corpus';

const ROWS = 1_500;
let dir: string;
let sandbox: SandboxHandle;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-pause-counts-'));
  await writeContractsXlsx(join(dir, 'contracts.xlsx'), contractRows(ROWS));
  sandbox = await startSandbox({ plan: 'unlimited' });
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a paused and resumed migration', () => {
  it('counts as created every row of the migration, before and after the pause', async () => {
    // The pause comes at the first answered request, with part of the sheet loaded.
    const client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
    const portal = { kind: 'webhook' as const, display: parseWebhookUrl(sandbox.webhook).display };
    const input = { file: join(dir, 'contracts.xlsx'), client, portal, projectPath: join(dir, 'contracts.spm.json'), automation: false };
    const pause = new AbortController();
    let loadedBeforePause = 0;
    await expect(
      migrate(input, {
        signal: pause.signal,
        onProgress: (progress) => {
          if (progress.phase !== 'loading') return;
          loadedBeforePause = progress.load.done;
          if (progress.load.done > 0 && !pause.signal.aborted) pause.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    const typeId = Object.keys(sandbox.stats().itemsByType)[0]!;
    const inPortalAtPause = sandbox.stats().itemsByType[typeId]!;
    expect(inPortalAtPause).toBeGreaterThan(0);
    expect(inPortalAtPause).toBeLessThan(ROWS);
    expect(loadedBeforePause).toBeLessThanOrEqual(inPortalAtPause);

    const resumed = await migrate(input, { signal: new AbortController().signal, onProgress: () => undefined });
    expect(sandbox.stats().itemsByType).toEqual({ [String(resumed.entityTypeId)]: ROWS });
    expect(resumed.items).toEqual({ created: ROWS, updated: 0, unchanged: 0, failed: 0 });
  });
});
