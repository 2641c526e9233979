/**
 * A header row and skipped rows chosen by the person are saved in the
 * project, and every later read of the sheet (a sync) locates the table the
 * same way: a skipped row never turns up as a new item.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitrixClient, type BitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import { migrate } from '../../../shared/runs/migrate/migrate';
import { readProject } from '../../../shared/sheet/project/project-file';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import { sync } from '../../../shared/runs/sync/sync';

let dir: string;
let sandbox: SandboxHandle;
let client: BitrixClient;
const control = { signal: new AbortController().signal, onProgress: () => undefined };

// Row 1: a title; row 2: the header; row 4: a section line the person skips; row 7: totals (kept out by the person too).
const SHEET = ['Orders — week 12,,', 'Order,Client,Amount', 'A-1,Romashka,100', 'Wholesale orders,,', 'A-2,Vector,250', 'A-3,Lotos,75', 'Total,,425'].join('\n') + '\n';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-table-choice-'));
  sandbox = await startSandbox({ plan: 'unlimited' });
  client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
  await writeFile(join(dir, 'orders.csv'), SHEET);
});
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a chosen table layout', () => {
  it('is saved in the project and used by the sync that follows', async () => {
    const portal = { kind: 'webhook' as const, display: `${new URL(sandbox.webhook).origin}/rest/1/***/` };
    const table = { headerRow: 2, skippedRows: [4, 7] };
    const projectPath = join(dir, 'orders.spm.json');
    const first = await migrate({ file: join(dir, 'orders.csv'), client, portal, automation: false, dataDir: join(dir, 'data'), projectPath, table }, control);
    expect(first.items.created).toBe(3);
    const project = await readProject(projectPath);
    expect(project.source.table).toEqual(table);

    const again = await sync({ projectPath, client, portal, dryRun: true }, control);
    expect(again.items).toMatchObject({ created: 0, unchanged: 3, removed: 0 });
  });
});
