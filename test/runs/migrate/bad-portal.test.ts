/**
 * Portal failures end with a clear message and exit code 3, leave nothing
 * unexplained, and never print the secret; bad input ends with exit code 2;
 * an interrupted migration resumes without a second smart process.
 */
import { access, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import { parseWebhookUrl } from '../../../shared/portal/bitrix/webhook-url';
import { migrate } from '../../../shared/runs/migrate/migrate';
import { planMigration, publicPlan } from '../../../shared/runs/migrate/plan-migration';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle, SandboxOptions } from '../../../sandbox/types';
import { cli } from './cli-harness';
import { contractRows, writeContractsXlsx } from './corpus';

let dir: string;
const opened: SandboxHandle[] = [];
const file = (): string => join(dir, 'contracts.xlsx');

async function sandboxWith(options: SandboxOptions): Promise<{ sandbox: SandboxHandle; env: Record<string, string>; secret: string }> {
  const sandbox = await startSandbox({ plan: 'unlimited', ...options });
  opened.push(sandbox);
  return { sandbox, secret: parseWebhookUrl(sandbox.webhook).secret, env: { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(dir, 'data') } };
}

async function everything(folder: string): Promise<string> {
  let text = '';
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) text += await readFile(join(entry.parentPath, entry.name), 'utf8').catch(() => '');
  }
  return text;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-e2e-bad-'));
  await writeContractsXlsx(file(), contractRows(12));
});
afterAll(async () => {
  for (const sandbox of opened) await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

describe('webhooks that are enough', () => {
  it('a user who is not an administrator but may modify CRM settings, with user_basic for people: migrates, without history dates', async () => {
    const { env } = await sandboxWith({ ownerIsAdmin: false, ownerIsCrmAdmin: true, scopes: ['crm', 'user_basic', 'userfieldconfig'] });
    const run = await cli(['migrate', file(), '--yes', '--json', '--project', join(dir, 'crm-rights.spm.json')], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json!['items']).toMatchObject({ created: 12, failed: 0 });
  });
});

describe('portal failures end with exit code 3', () => {
  it('an unknown portal', async () => {
    const run = await cli(['migrate', file(), '--yes', '--json', '--project', join(dir, 'unknown.spm.json')], { SPM_PORTAL: 'http://127.0.0.1:9/rest/1/s3cr3tvalue/', SPM_DATA_DIR: join(dir, 'data') });
    expect(run.code).toBe(3);
    expect(run.json!['error']).toMatchObject({ code: 'PORTAL_NETWORK' });
    expect(run.stdout + run.stderr).not.toContain('s3cr3tvalue');
  });

  it('a revoked webhook', async () => {
    const { sandbox, secret } = await sandboxWith({});
    const revoked = sandbox.webhook.replace(secret, 'revokedsecret1');
    const run = await cli(['plan', file(), '--json'], { SPM_PORTAL: revoked, SPM_PORTAL_PLAN: 'unlimited' });
    expect(run.code).toBe(3);
    expect(run.json!['error']).toMatchObject({ code: 'PORTAL_AUTH' });
    expect(run.stderr).toMatch(/revoked|webhook/i);
    expect(run.stdout + run.stderr).not.toContain('revokedsecret1');
  });

  it('a webhook without the crm scope', async () => {
    const { env, secret } = await sandboxWith({ scopes: ['user', 'userfieldconfig'] });
    const run = await cli(['migrate', file(), '--yes', '--json', '--project', join(dir, 'scope.spm.json')], env);
    expect(run.code).toBe(3);
    expect(run.json!['error']).toMatchObject({ code: 'PORTAL_SCOPE', message: expect.stringContaining('crm') });
    expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it('a non-admin webhook', async () => {
    const { env, sandbox } = await sandboxWith({ ownerIsAdmin: false });
    const run = await cli(['migrate', file(), '--yes', '--json', '--project', join(dir, 'admin.spm.json')], env);
    expect(run.code).toBe(3);
    expect(run.json!['error']).toMatchObject({ code: 'PORTAL_ACCESS', message: expect.stringMatching(/not a portal administrator/) });
    // The portal refuses the first setup call (a non-admin may still hold CRM settings rights, so the tool asks it); nothing exists.
    const client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
    expect((await client.call<{ types: unknown[] }>('crm.type.list', {})).result.types).toEqual([]);
    expect((run.json!['error'] as { hint: string }).hint).toMatch(/Nothing was created in the portal/);
  });

  it('a portal whose plan has no REST API, and one blocked by support: said so, and nothing retried', async () => {
    const free = await sandboxWith({ restAccess: 'free' });
    const onFree = await cli(['plan', file(), '--json'], free.env);
    expect(onFree.code).toBe(3);
    expect(onFree.json!['error']).toMatchObject({ code: 'PORTAL_PLAN', message: expect.stringContaining('only on commercial plans') });
    const blocked = await sandboxWith({ restAccess: 'blocked' });
    const onBlocked = await cli(['plan', file(), '--json'], blocked.env);
    expect(onBlocked.code).toBe(3);
    expect(onBlocked.json!['error']).toMatchObject({ code: 'PORTAL_BLOCKED', hint: expect.stringContaining('support') });
    expect(blocked.sandbox.stats().requests).toBe(1);
  });

  it('a portal that refuses another smart process: says nothing was created and how to finish', async () => {
    const { env, secret, sandbox } = await sandboxWith({ maxTypes: 0 });
    const projectPath = join(dir, 'limit.spm.json');
    const run = await cli(['migrate', file(), '--yes', '--json', '--project', projectPath], env);
    expect(run.code).toBe(3);
    const error = run.json!['error'] as { code: string; message: string; hint: string };
    expect(error.code).toMatch(/^PORTAL_/);
    expect(error.message).toMatch(/Maximum number of SPAs|CREATE_DYNAMIC_TYPE_RESTRICTED/);
    expect(error.hint).toMatch(/Nothing was created in the portal/);
    expect(error.hint).toContain(projectPath);
    expect(sandbox.stats().itemsByType).toEqual({});
    // The project file written before the first write explains the state.
    const project = JSON.parse(await readFile(projectPath, 'utf8')) as { status: string };
    expect(project.status).toBe('setup');
    expect(await everything(dir)).not.toContain(secret);
  });
});

describe('bad input ends with exit code 2', () => {
  it('a missing file, a bad mapping file, a duplicate key', async () => {
    const { env } = await sandboxWith({});
    expect((await cli(['plan', join(dir, 'nope.xlsx')], env)).code).toBe(2);
    const badMapping = join(dir, 'bad-mapping.json');
    await writeFile(badMapping, JSON.stringify({ columns: { Статус: { type: 'colour' } } }));
    const bad = await cli(['plan', file(), '--mapping', badMapping, '--json'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/columns\.Статус/);
    const dupMapping = join(dir, 'dup-mapping.json');
    await writeFile(dupMapping, JSON.stringify({ key: { kind: 'column', columns: ['Контрагент'] } }));
    const dup = await cli(['plan', file(), '--mapping', dupMapping, '--json'], env);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/must be unique and filled; it is repeated: “ООО «Ромашка»” \(rows 4, 7, 10, 13\), “АО Вектор” \(rows 5, 8, 11, 14\)/);
    expect((await cli(['migrate'], env)).code).toBe(2);
    expect((await cli(['plan', file(), '--bogus'], env)).code).toBe(2);
  });
});

describe('rows the portal refuses', () => {
  it('are listed with their row and field, the others load, and the exit code is 1', async () => {
    const { env, sandbox } = await sandboxWith({});
    const mappingFile = join(dir, 'bad-user.json');
    // User 99 does not exist: the portal refuses the rows assigned to it.
    await writeFile(mappingFile, JSON.stringify({ users: { 'Smith John': 99 } }));
    const run = await cli(['migrate', file(), '--yes', '--json', '--mapping', mappingFile, '--project', join(dir, 'refused.spm.json')], env);
    expect(run.code, run.stderr).toBe(1);
    const failures = run.json!['failures'] as Array<{ row: number; column?: string; code: string; message: string }>;
    // Rows 5, 9 and 13 hold “Smith John” (every fourth data row from row 5).
    expect(failures.map((f) => f.row)).toEqual([5, 9, 13]);
    expect(failures[0]).toMatchObject({ code: 'PORTAL_VALIDATION', column: 'Ответственный', message: expect.stringMatching(/^Row 5, column “Ответственный”: .*Invalid value/) });
    expect(run.json!['items']).toMatchObject({ created: 9, failed: 3 });
    expect(Object.values(sandbox.stats().itemsByType)).toEqual([9]);
    expect(run.stdout).toMatch(/failed: Row 5/);
  });
});

describe('an interrupted migration', () => {
  it('resumes on the same smart process and loads every row once', async () => {
    const { sandbox } = await sandboxWith({});
    const client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
    const portal = { kind: 'webhook' as const, display: parseWebhookUrl(sandbox.webhook).display };
    const projectPath = join(dir, 'resume.spm.json');
    const controller = new AbortController();
    await expect(
      migrate(
        { file: file(), client, portal, projectPath },
        {
          signal: controller.signal,
          onProgress: (progress) => {
            // "Crash" right after the smart process exists.
            if (progress.phase === 'setup' && progress.step === 'type') controller.abort();
          },
        },
      ),
    ).rejects.toThrow();
    await access(projectPath);
    expect(sandbox.stats().calls['crm.type.add']).toBe(1);
    const plan = await cli(['plan', file(), '--project', projectPath, '--json'], { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited' });
    expect(plan.json!['summary']).toMatchObject({ smartProcess: 'reuse' });
    expect(plan.json!['warnings']).toEqual(expect.arrayContaining([expect.stringMatching(/interrupted migration/)]));
    const resumed = await planMigration({ file: file(), client, portal, projectPath }, { signal: new AbortController().signal, onProgress: () => undefined });
    expect(JSON.parse(JSON.stringify(publicPlan(resumed)))).toMatchObject({ resuming: true, alreadyMigrated: false, plan: { summary: { smartProcess: 'reuse', itemsToCreate: 12 } } });
    const result = await migrate({ file: file(), client, portal, projectPath }, { signal: new AbortController().signal, onProgress: () => undefined });
    expect(result.items).toMatchObject({ created: 12, failed: 0 });
    expect(sandbox.stats().calls['crm.type.add']).toBe(1);
    expect(sandbox.stats().itemsByType).toEqual({ [String(result.entityTypeId)]: 12 });
  });

  it('finds its smart process and items again when the project file and journal are lost', async () => {
    const { sandbox } = await sandboxWith({});
    const client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
    const portal = { kind: 'webhook' as const, display: parseWebhookUrl(sandbox.webhook).display };
    const projectPath = join(dir, 'lost.spm.json');
    const first = await migrate({ file: file(), client, portal, projectPath }, { signal: new AbortController().signal, onProgress: () => undefined });
    await rm(projectPath);
    await rm(join(dir, 'lost.spm-data'), { recursive: true });
    const again = await migrate({ file: file(), client, portal, projectPath }, { signal: new AbortController().signal, onProgress: () => undefined });
    expect(again.entityTypeId).toBe(first.entityTypeId);
    expect(again.items).toMatchObject({ created: 0, failed: 0 });
    expect(sandbox.stats().calls['crm.type.add']).toBe(1);
    expect(sandbox.stats().itemsByType).toEqual({ [String(first.entityTypeId)]: 12 });
    expect(sandbox.stats().xmlIdDuplicates).toEqual({});
  });
});
