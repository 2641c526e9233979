/**
 * `migrate` ends in starter automation, end to end over real
 * HTTP: application mode on the embedded sandbox and with a local app's
 * OAuth credentials (templates read back through the app endpoint), the
 * checklist on a webhook-only portal, nothing with --no-automation, and no
 * second copy on a rerun.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxAppSession } from '../../../shared/runs/automation/sandbox-app-session';
import { parseWebhookUrl } from '../../../shared/portal/bitrix/webhook-url';
import { connectPortal } from '../../../shared/runs/migrate/connect-portal';
import { migrate } from '../../../shared/runs/migrate/migrate';
import type { MigrateAutomation, MigrateProgress } from '../../../shared/runs/migrate/types';
import { openEmbeddedSandbox } from '../../../sandbox/embedded-sandbox';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import { cli } from './cli-harness';
import { contractRows, requestRows, writeContractsXlsx, writeRequestsCsv } from './corpus';

const APP_TOKEN = 'migrate-app-token-0123456789';

type Template = { ID: number; NAME: string; AUTO_EXECUTE: number | string; DOCUMENT_TYPE: string[] };

let dir: string;
const opened: SandboxHandle[] = [];
let oauth: Server;
let oauthUrl: string;
let oauthSandbox: SandboxHandle | undefined;

/** The starter templates on a portal, read through its application endpoint (a webhook cannot list them on a real portal either). */
async function templatesOn(sandbox: SandboxHandle, entityTypeId: number): Promise<Template[]> {
  const app = sandboxAppSession(sandbox.appEndpoint, sandbox.appAccessToken);
  const answer = await app.call<Template[]>('bizproc.workflow.template.list', { SELECT: ['ID', 'NAME', 'AUTO_EXECUTE', 'DOCUMENT_TYPE'], FILTER: { DOCUMENT_TYPE: `DYNAMIC_${entityTypeId}` } });
  return answer.result;
}

/** Opens the embedded sandbox the CLI used (closed again before the next CLI run: one server per state folder). */
async function onEmbedded<T>(dataDir: string, read: (sandbox: SandboxHandle) => Promise<T>): Promise<T> {
  const sandbox = await openEmbeddedSandbox(dataDir, { plan: 'unlimited' });
  try {
    return await read(sandbox);
  } finally {
    await sandbox.close();
  }
}

const automationOf = (json: Record<string, unknown> | undefined): MigrateAutomation => json!['automation'] as MigrateAutomation;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-e2e-automation-'));
  await writeContractsXlsx(join(dir, 'contracts.xlsx'), contractRows(16));
  await writeRequestsCsv(join(dir, 'requests.csv'), requestRows(12));
  // A stand-in for oauth.bitrix.info: hands out the sandbox's app token for the local app's refresh token.
  oauth = createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    const good = query.get('client_id') === 'local.migrate' && query.get('client_secret') === 'app-secret' && query.get('refresh_token') === 'refresh-1';
    res.writeHead(good ? 200 : 400, { 'content-type': 'application/json' });
    res.end(JSON.stringify(good ? { access_token: APP_TOKEN, refresh_token: 'refresh-2', expires_in: 3600, client_endpoint: oauthSandbox?.appEndpoint } : { error: 'invalid_grant' }));
  });
  await new Promise<void>((resolve) => oauth.listen(0, '127.0.0.1', resolve));
  oauthUrl = `http://127.0.0.1:${(oauth.address() as AddressInfo).port}/oauth/token/`;
});
afterAll(async () => {
  for (const sandbox of opened) await sandbox.close();
  await new Promise((resolve) => oauth?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('migrate runs starter automation after loading the items', () => {
  it('on the embedded sandbox installs the starter workflows in application mode, once', async () => {
    const env = { SPM_DATA_DIR: join(dir, 'data-embedded') };
    const run = await cli(['migrate', join(dir, 'contracts.xlsx'), '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json!['items']).toMatchObject({ created: 16, failed: 0 });
    const automation = automationOf(run.json);
    expect(automation.mode).toBe('application');
    expect(automation.installed).toEqual(['Стартовый: уведомления по стадиям — Договоры']);
    expect(automation.templates).toEqual([expect.objectContaining({ key: 'stage-entry', status: 'installed', file: 'starter-stage-entry.bpt' })]);
    expect(automation.warnings).toEqual([]);
    expect(run.stderr).toMatch(/automation: Starter workflow 1\/1/);
    expect(run.stdout).toContain('starter workflows on the portal (application mode)');
    // Robots still need the admin: the checklist marks what the installed workflow covers.
    expect(automation.checklistFile).toBe(join(automation.folder!, 'automation-checklist.md'));
    expect(existsSync(automation.checklistFile!)).toBe(true);
    for (const file of ['starter-stage-entry.bpt', 'starter-automation-app.zip']) expect(existsSync(join(automation.folder!, file)), file).toBe(true);
    expect(automation.checklist!.stages[0]!.steps[0]!.coveredBy).toBe('Стартовый: уведомления по стадиям — Договоры');

    const entityTypeId = run.json!['entityTypeId'] as number;
    const installed = await onEmbedded(env.SPM_DATA_DIR, (sandbox) => templatesOn(sandbox, entityTypeId));
    expect(installed.map((t) => [t.NAME, String(t.AUTO_EXECUTE), t.DOCUMENT_TYPE])).toEqual([
      ['Стартовый: уведомления по стадиям — Договоры', '3', ['crm', 'Bitrix\\Crm\\Integration\\BizProc\\Document\\Dynamic', `DYNAMIC_${entityTypeId}`]],
    ]);
    const projectPath = run.json!['project'] as string;
    const project = JSON.parse(await readFile(projectPath, 'utf8')) as { status: string; automation: { mode: string; installed: Array<{ name: string; templateId: number }>; folder: string } };
    expect(project.status).toBe('done');
    expect(project.automation).toMatchObject({ mode: 'application', installed: [{ key: 'stage-entry', name: installed[0]!.NAME, templateId: installed[0]!.ID }] });

    // A later `spmigrate automation --install` finds it and adds nothing.
    const later = await cli(['automation', projectPath, '--install', '--json'], env);
    expect(later.code, later.stderr).toBe(0);
    expect(later.json!['summary']).toMatchObject({ mode: 'application', installed: 0, alreadyInstalled: 1 });

    // A migrate interrupted after installing (the project not yet marked done) resumes without a second copy.
    await writeFile(projectPath, JSON.stringify({ ...project, status: 'loading' }));
    const rerun = await cli(['migrate', join(dir, 'contracts.xlsx'), '--json'], env);
    expect(rerun.code, rerun.stderr).toBe(0);
    // The summary counts the migration's items, the ones the first run loaded included; nothing is sent again.
    expect(rerun.json!['items']).toMatchObject({ created: (run.json!['items'] as { created: number }).created, updated: 0, failed: 0 });
    expect(await onEmbedded(env.SPM_DATA_DIR, async (sandbox) => sandbox.stats().itemsByType[String(entityTypeId)])).toBe((run.json!['items'] as { created: number }).created);
    expect(automationOf(rerun.json)).toMatchObject({ mode: 'application', templates: [{ status: 'already-installed', templateId: installed[0]!.ID }] });
    // And a finished project is refused, pointing to sync.
    expect((await cli(['migrate', join(dir, 'contracts.xlsx')], env)).code).toBe(2);
    expect(await onEmbedded(env.SPM_DATA_DIR, (sandbox) => templatesOn(sandbox, entityTypeId))).toHaveLength(1);
  });

  it('--no-automation installs nothing and writes no automation files', async () => {
    const env = { SPM_DATA_DIR: join(dir, 'data-none') };
    const folder = await mkdtemp(join(dir, 'none-'));
    await writeContractsXlsx(join(folder, 'contracts.xlsx'), contractRows(6));
    const run = await cli(['migrate', join(folder, 'contracts.xlsx'), '--no-automation', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(automationOf(run.json)).toEqual({ mode: 'skipped', installed: [], templates: [], checklistFile: null, folder: null, checklist: null, warnings: [] });
    expect(run.stdout).toContain('automation: skipped (--no-automation)');
    expect(run.stderr).not.toMatch(/automation:/);
    const project = JSON.parse(await readFile(run.json!['project'] as string, 'utf8')) as Record<string, unknown>;
    expect(project['status']).toBe('done');
    expect(project['automation']).toBeUndefined();
    expect(existsSync(join(folder, `${project['id'] as string}-automation`))).toBe(false);
    expect(await onEmbedded(env.SPM_DATA_DIR, (sandbox) => templatesOn(sandbox, run.json!['entityTypeId'] as number))).toEqual([]);
  });

  it('on a webhook-only portal ends in the checklist with deep links (exit 0), not an error', async () => {
    const sandbox = await startSandbox({ plan: 'unlimited' });
    opened.push(sandbox);
    const secret = parseWebhookUrl(sandbox.webhook).secret;
    const env = { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(dir, 'data-webhook') };
    const run = await cli(['migrate', join(dir, 'requests.csv'), '--yes', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json!['items']).toMatchObject({ created: 12, failed: 0 });
    const automation = automationOf(run.json);
    const entityTypeId = run.json!['entityTypeId'] as number;
    const categoryId = run.json!['categoryId'] as number;
    const link = `${sandbox.origin}/crm/type/${entityTypeId}/automation/${categoryId}/`;
    expect(automation.mode).toBe('checklist');
    expect(automation.installed).toEqual([]);
    expect(automation.refusal).toMatchObject({ code: 'ACCESS_DENIED' });
    expect(automation.templates.every((t) => t.status === 'not-installed')).toBe(true);
    expect(automation.checklist!.automationUrl).toBe(link);
    expect(automation.checklist!.stages.map((s) => s.name)).toEqual((run.json!['stages'] as Array<{ name: string }>).map((s) => s.name));
    expect(automation.checklist!.stages[0]!.steps.length).toBeGreaterThan(0);
    const text = await readFile(automation.checklistFile!, 'utf8');
    expect(text).toContain(link);
    expect(text).toContain('## Stage “In review”');
    expect(run.stdout).toContain('checklist mode');
    expect(run.stdout).toContain(link);
    expect(run.stdout + run.stderr + text).not.toContain(secret);
    expect(await templatesOn(sandbox, entityTypeId)).toEqual([]);
    const project = JSON.parse(await readFile(run.json!['project'] as string, 'utf8')) as { automation: unknown };
    expect(project.automation).toMatchObject({ mode: 'checklist', installed: [] });
  });

  it('with a local application’s OAuth credentials installs on a webhook portal; progress shows the automation phase last', async () => {
    const sandbox = await startSandbox({ plan: 'unlimited', appAccessToken: APP_TOKEN });
    opened.push(sandbox);
    oauthSandbox = sandbox;
    const folder = await mkdtemp(join(dir, 'oauth-'));
    await writeContractsXlsx(join(folder, 'contracts.xlsx'), contractRows(8));
    const connection = await connectPortal({
      url: sandbox.webhook,
      dataDir: join(dir, 'data-oauth'),
      plan: 'unlimited',
      appCredentials: { clientId: 'local.migrate', clientSecret: 'app-secret', refreshToken: 'refresh-1' },
      appTokenUrl: oauthUrl,
    });
    expect(JSON.stringify(connection)).not.toMatch(/app-secret|refresh-1|migrate-app-token/);
    const phases: MigrateProgress['phase'][] = [];
    const result = await migrate(
      { file: join(folder, 'contracts.xlsx'), client: connection.client, portal: connection.portal, app: connection.app!, portalOrigin: connection.origin! },
      { signal: new AbortController().signal, onProgress: (p) => void (phases.at(-1) === p.phase || phases.push(p.phase)) },
    );
    await connection.close();
    expect(phases.slice(-3)).toEqual(['verifying', 'automation', 'done']);
    expect(phases.indexOf('automation')).toBeGreaterThan(phases.indexOf('loading'));
    expect(result.automation).toMatchObject({ mode: 'application', installed: ['Стартовый: уведомления по стадиям — Договоры'] });
    expect(result.automation.checklist!.automationUrl).toBe(`${sandbox.origin}/crm/type/${result.entityTypeId}/automation/${result.categoryId}/`);
    expect((await templatesOn(sandbox, result.entityTypeId)).map((t) => t.NAME)).toEqual(['Стартовый: уведомления по стадиям — Договоры']);
  });

  it('with a refresh token the OAuth server rejects, the rows still load and the run ends in the checklist with a warning', async () => {
    const sandbox = await startSandbox({ plan: 'unlimited', appAccessToken: APP_TOKEN });
    opened.push(sandbox);
    const folder = await mkdtemp(join(dir, 'oauth-bad-'));
    await writeContractsXlsx(join(folder, 'contracts.xlsx'), contractRows(5));
    const connection = await connectPortal({
      url: sandbox.webhook,
      dataDir: join(dir, 'data-oauth-bad'),
      plan: 'unlimited',
      appCredentials: { clientId: 'local.migrate', clientSecret: 'app-secret', refreshToken: 'stale' },
      appTokenUrl: oauthUrl,
    });
    const result = await migrate(
      { file: join(folder, 'contracts.xlsx'), client: connection.client, portal: connection.portal, app: connection.app!, portalOrigin: connection.origin! },
      { signal: new AbortController().signal, onProgress: () => undefined },
    );
    await connection.close();
    expect(result.items).toMatchObject({ created: 5, failed: 0 });
    expect(result.automation.mode).toBe('checklist');
    expect(result.automation.warnings.join('\n')).toMatch(/refused to refresh the application token \(invalid_grant\).*paste the new refresh token/);
    expect(result.automation.warnings.join('\n')).not.toMatch(/app-secret|stale/);
    expect(existsSync(result.automation.checklistFile!)).toBe(true);
    expect(await templatesOn(sandbox, result.entityTypeId)).toEqual([]);
  });
});
