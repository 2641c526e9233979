import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAutomationPlan } from '../../../shared/runs/automation/build-automation-plan';
import { createAppSession, type AppFetch, type AppTokens } from '../../../shared/runs/automation/create-app-session';
import { generateStarterTemplates } from '../../../shared/runs/automation/generate-starter-templates';
import { templateAddParams } from '../../../shared/runs/automation/install-templates';
import { CHECKLIST_FILE, INSTALLER_FILE, runStarterAutomation } from '../../../shared/runs/automation/run-starter-automation';
import { createBitrixClient, type BitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { BitrixError } from '../../../shared/portal/bitrix/bitrix-error';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import { complaintsInput } from './inputs';

const APP_TOKEN = 'app-access-token-0123456789';
const control = { signal: new AbortController().signal, onProgress: () => undefined };

let sandbox: SandboxHandle;
let webhook: BitrixClient;
let entityTypeId: number;
let oauth: Server;
let oauthUrl: string;
const oauthRequests: URLSearchParams[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ plan: 'unlimited', appAccessToken: APP_TOKEN });
  webhook = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
  const type = await webhook.call<{ type: { entityTypeId: number } }>('crm.type.add', { fields: { title: 'Жалобы', isAutomationEnabled: 'Y', isBizProcEnabled: 'Y' } });
  entityTypeId = type.result.type.entityTypeId;
  // A stand-in for oauth.bitrix.info: hands out the sandbox's app token and rotates the refresh token.
  let rotation = 0;
  oauth = createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    oauthRequests.push(query);
    const good = query.get('grant_type') === 'refresh_token' && query.get('client_id') === 'local.abc' && query.get('client_secret') === 'top-secret' && query.get('refresh_token')?.startsWith('refresh-');
    res.writeHead(good ? 200 : 400, { 'content-type': 'application/json' });
    rotation += 1;
    res.end(JSON.stringify(good ? { access_token: APP_TOKEN, refresh_token: `refresh-${rotation}`, expires_in: 3600, client_endpoint: sandbox.appEndpoint } : { error: 'invalid_grant', error_description: 'Invalid refresh token' }));
  });
  await new Promise<void>((resolve) => oauth.listen(0, '127.0.0.1', resolve));
  oauthUrl = `http://127.0.0.1:${(oauth.address() as AddressInfo).port}/oauth/token/`;
});

afterAll(async () => {
  await sandbox?.close();
  await new Promise((resolve) => oauth?.close(resolve));
});

function plan() {
  return buildAutomationPlan(complaintsInput({ entityTypeId, stages: complaintsInput().stages.map((s) => ({ ...s, statusId: `DT${entityTypeId}_0:${s.code}` })), categoryId: 0 }));
}

async function templatesOnPortal(): Promise<Array<{ ID: number; NAME: string; AUTO_EXECUTE: number; SYSTEM_CODE: string; DOCUMENT_TYPE: string[] }>> {
  const answer = await webhook.call<Array<{ ID: number; NAME: string; AUTO_EXECUTE: number; SYSTEM_CODE: string; DOCUMENT_TYPE: string[] }>>('bizproc.workflow.template.list', {
    SELECT: ['ID', 'NAME', 'AUTO_EXECUTE', 'SYSTEM_CODE', 'DOCUMENT_TYPE'],
    FILTER: { DOCUMENT_TYPE: `DYNAMIC_${entityTypeId}` },
  });
  return answer.result;
}

describe('webhook mode: the portal refuses, the result is the checklist', () => {
  it('ends in the checklist with deep links, the .bpt files and the installer app — not an error', async () => {
    const result = await runStarterAutomation({ plan: plan(), portalOrigin: sandbox.origin, install: true, webhook }, control);
    expect(result.mode).toBe('checklist');
    expect(result.refusal).toMatchObject({ code: 'ACCESS_DENIED' });
    expect(result.refusal?.message).toMatch(/application \(OAuth\), not for a webhook/);
    expect(result.installed).toEqual([]);
    expect(result.checklist.automationUrl).toBe(`${sandbox.origin}/crm/type/${entityTypeId}/automation/0/`);
    expect(result.checklist.stages.map((s) => [s.name, s.steps.length])).toEqual([
      ['Новая', 1],
      ['В работе', 1],
      ['На проверке', 2],
      ['Решена', 1],
      ['Отклонена', 0],
    ]);
    expect(result.checklist.stages.flatMap((s) => s.steps).every((step) => step.coveredBy === undefined)).toBe(true);
    expect(result.files.map((f) => f.name)).toEqual(['starter-stage-entry.bpt', 'starter-due-reminder.bpt', CHECKLIST_FILE, INSTALLER_FILE]);
    const text = new TextDecoder().decode(result.files.find((f) => f.name === CHECKLIST_FILE)!.data);
    expect(text).toContain(`${sandbox.origin}/crm/type/${entityTypeId}/automation/0/`);
    expect(text).toContain('Bitrix24 не даёт поставить робота на стадию через REST');
    expect(await templatesOnPortal()).toEqual([]);
  });
});

describe('application mode against the sandbox', () => {
  it('sends AUTO_EXECUTE as a string and DOCUMENT_TYPE for DYNAMIC_<entityTypeId>', () => {
    const [entry, reminder] = generateStarterTemplates(plan());
    const params = templateAddParams(entry!, entityTypeId);
    expect(params['AUTO_EXECUTE']).toBe('3');
    expect(templateAddParams(reminder!, entityTypeId)['AUTO_EXECUTE']).toBe('1');
    expect(params['DOCUMENT_TYPE']).toEqual(['crm', 'Bitrix\\Crm\\Integration\\BizProc\\Document\\Dynamic', `DYNAMIC_${entityTypeId}`]);
    expect((params['TEMPLATE_DATA'] as string[])[0]).toBe('starter-stage-entry.bpt');
  });

  it('installs the templates with OAuth credentials (first call refreshes), then a rerun installs nothing twice', async () => {
    const saved: AppTokens[] = [];
    const session = createAppSession({ credentials: { clientId: 'local.abc', clientSecret: 'top-secret', refreshToken: 'refresh-0' }, tokenUrl: oauthUrl, onTokens: (t) => void saved.push(t) });
    const progress: string[] = [];
    const result = await runStarterAutomation({ plan: plan(), portalOrigin: sandbox.origin, install: true, app: session, webhook }, { signal: control.signal, onProgress: (p) => progress.push(`${p.done}/${p.total}`) });
    expect(result.mode).toBe('application');
    expect(result.refusal).toBeUndefined();
    expect(result.installed.map((t) => [t.key, t.status])).toEqual([
      ['stage-entry', 'installed'],
      ['due-reminder', 'installed'],
    ]);
    expect(progress).toEqual(['0/2', '1/2', '2/2']);
    expect(saved.map((t) => t.refreshToken)).toHaveLength(1);
    expect(session.endpoint).toBe(sandbox.appEndpoint);
    const onPortal = await templatesOnPortal();
    expect(onPortal.map((t) => [t.NAME, t.AUTO_EXECUTE])).toEqual([
      ['Стартовый: уведомления по стадиям — Жалобы', 3],
      ['Стартовый: напоминание о сроке — Жалобы', 1],
    ]);
    expect(onPortal.every((t) => t.SYSTEM_CODE.startsWith('rest_app_'))).toBe(true);
    // Installed workflows cover their robots in the checklist; the deal note stays manual.
    expect(result.checklist.stages[0]!.steps[0]!.coveredBy).toBe('Стартовый: уведомления по стадиям — Жалобы');
    expect(result.checklist.general.find((s) => s.recipeId === 'deal-link-note')?.coveredBy).toBeUndefined();

    const again = await runStarterAutomation({ plan: plan(), portalOrigin: sandbox.origin, install: true, app: session }, control);
    expect(again.installed.map((t) => t.status)).toEqual(['already-installed', 'already-installed']);
    expect(again.mode).toBe('application');
    expect(await templatesOnPortal()).toHaveLength(2);
  });

  it('counts a template whose answer was lost after the portal added it as installed, and adds it only once', async () => {
    const type = await webhook.call<{ type: { entityTypeId: number } }>('crm.type.add', { fields: { title: 'Жалобы (обрыв связи)', isAutomationEnabled: 'Y', isBizProcEnabled: 'Y' } });
    const lostTypeId = type.result.type.entityTypeId;
    const lostPlan = buildAutomationPlan(complaintsInput({ entityTypeId: lostTypeId, stages: complaintsInput().stages.map((s) => ({ ...s, statusId: `DT${lostTypeId}_0:${s.code}` })), categoryId: 0 }));
    const session = createAppSession({ credentials: { clientId: 'local.abc', clientSecret: 'top-secret', refreshToken: 'refresh-lost' }, tokenUrl: oauthUrl });
    sandbox.faults.dropAfterCommitOf('bizproc.workflow.template.add', 1);
    try {
      const result = await runStarterAutomation({ plan: lostPlan, portalOrigin: sandbox.origin, install: true, app: session }, control);
      expect(sandbox.faults.state().dropAfterCommitOf['bizproc.workflow.template.add'] ?? 0, 'the drop fired').toBe(0);
      expect(result.installed.map((t) => [t.key, t.status])).toEqual([
        ['stage-entry', 'installed'],
        ['due-reminder', 'installed'],
      ]);
      const onPortal = await webhook.call<Array<{ ID: number; NAME: string }>>('bizproc.workflow.template.list', { SELECT: ['ID', 'NAME'], FILTER: { DOCUMENT_TYPE: `DYNAMIC_${lostTypeId}` } });
      expect(onPortal.result.map((t) => t.NAME).sort()).toEqual(result.installed.map((t) => t.name).sort());
      expect(result.installed[0]!.templateId).toBe(onPortal.result.find((t) => t.NAME === result.installed[0]!.name)!.ID);
    } finally {
      sandbox.faults.clear();
    }
  });

  it('refreshes on expired_token and retries once, without ever putting a token or the secret in an error', async () => {
    const sent: string[] = [];
    const expiring: AppFetch = async (url, init) => {
      const body = typeof init.body === 'string' ? (JSON.parse(init.body) as { auth?: string }) : {};
      sent.push(body.auth ?? 'oauth');
      if (body.auth === 'stale-token') return new Response(JSON.stringify({ error: 'expired_token', error_description: 'The access token provided has expired.' }), { status: 401 });
      return fetch(url, init);
    };
    const rotated: string[] = [];
    const session = createAppSession({
      credentials: { clientId: 'local.abc', clientSecret: 'top-secret', refreshToken: 'refresh-7' },
      accessToken: 'stale-token',
      clientEndpoint: sandbox.appEndpoint,
      tokenUrl: oauthUrl,
      fetch: expiring,
      onTokens: (t) => void rotated.push(t.refreshToken),
    });
    const answer = await session.call<unknown[]>('bizproc.workflow.template.list', { SELECT: ['ID'] });
    expect(Array.isArray(answer.result)).toBe(true);
    expect(sent).toEqual(['stale-token', 'oauth', APP_TOKEN]);
    expect(rotated).toHaveLength(1);
    expect(oauthRequests.at(-1)?.get('refresh_token')).toBe('refresh-7');

    // An unusable refresh token: a clear PORTAL_AUTH error, with no secret in it.
    const broken = createAppSession({ credentials: { clientId: 'local.abc', clientSecret: 'top-secret', refreshToken: 'bad-refresh' }, clientEndpoint: sandbox.appEndpoint, tokenUrl: oauthUrl });
    const error = await broken.call('bizproc.workflow.template.list').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PORTAL_AUTH' });
    const shown = JSON.stringify({ message: (error as Error).message, hint: (error as { hint?: string }).hint });
    for (const secret of ['top-secret', 'bad-refresh', APP_TOKEN]) expect(shown).not.toContain(secret);
    expect(shown).toContain('invalid_grant');
  });

  it('a token the portal does not know is an auth error from the portal', async () => {
    const session = createAppSession({ credentials: { clientId: 'x', clientSecret: 'y', refreshToken: 'z' }, accessToken: 'wrong', clientEndpoint: sandbox.appEndpoint, tokenUrl: oauthUrl });
    const error = await session.call('bizproc.workflow.template.list').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BitrixError);
    expect(error).toMatchObject({ code: 'PORTAL_AUTH', bitrixCode: 'invalid_token' });
  });

  it('an application authorized by a non-admin is refused too, and that also ends in the checklist', async () => {
    const portal = await startSandbox({ plan: 'unlimited', appAccessToken: 'non-admin-app', ownerIsAdmin: false });
    try {
      const session = createAppSession({ credentials: { clientId: 'x', clientSecret: 'y', refreshToken: 'z' }, accessToken: 'non-admin-app', clientEndpoint: portal.appEndpoint, tokenUrl: oauthUrl });
      const result = await runStarterAutomation({ plan: plan(), portalOrigin: portal.origin, install: true, app: session }, control);
      expect(result.mode).toBe('checklist');
      expect(result.refusal).toMatchObject({ code: 'ACCESS_DENIED' });
      expect(result.refusal?.message).toMatch(/administrator/);
    } finally {
      await portal.close();
    }
  });

  it('refuses plain http to anything but loopback', () => {
    expect(() => createAppSession({ credentials: { clientId: 'x', clientSecret: 'y', refreshToken: 'z' }, clientEndpoint: 'http://portal.example.com/rest/' })).toThrow(/https/);
  });
});
