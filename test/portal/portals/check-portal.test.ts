import { afterAll, describe, expect, it } from 'vitest';
import { checkPortal } from '../../../shared/portal/portals/check-portal';
import { createPortalRegistry, SANDBOX_PORTAL_ID } from '../../../shared/portal/portals/portal-registry';
import { createFileSecretStore } from '../../../shared/portal/portals/secret-store';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle, SandboxOptions } from '../../../sandbox/types';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../../support/temp-dir';
import { openEmbeddedSandbox } from '../../../sandbox/embedded-sandbox';

const running: SandboxHandle[] = [];
async function sandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const handle = await startSandbox({ plan: 'unlimited', ...options });
  running.push(handle);
  return handle;
}
afterAll(async () => {
  await Promise.all(running.map((handle) => handle.close()));
});

describe('checkPortal, live against the sandbox portal', () => {
  it('accepts an admin webhook with every scope', async () => {
    const portal = await sandbox();
    const check = await checkPortal(portal.webhook);
    expect(check.ok).toBe(true);
    expect(check.problems).toEqual([]);
    expect(check.user).toMatchObject({ id: 1, isAdmin: true });
    expect(check.scopes).toEqual(expect.arrayContaining(['crm', 'user', 'userfieldconfig', 'bizproc']));
    expect(check.display).toBe(`${portal.origin}/rest/1/***/`);
    expect(JSON.stringify(check)).not.toContain(new URL(portal.webhook).pathname.split('/')[3]);
  });

  it('accepts a webhook of a user who is not an administrator (the methods need CRM rights), warning that history dates need one', async () => {
    const portal = await sandbox({ ownerIsAdmin: false, ownerIsCrmAdmin: true });
    const check = await checkPortal(portal.webhook);
    expect(check.ok).toBe(true);
    expect(check.user).toMatchObject({ isAdmin: false });
    expect(check.problems).toEqual([expect.objectContaining({ code: 'NOT_ADMIN', severity: 'warning', message: expect.stringContaining('Allow to modify settings') })]);
  });

  it('takes user_basic or user_brief for user.get, and says what user_brief leaves out', async () => {
    const basic = await checkPortal((await sandbox({ scopes: ['crm', 'user_basic', 'userfieldconfig', 'bizproc'] })).webhook);
    expect(basic).toMatchObject({ ok: true, missingScopes: [], problems: [] });
    const brief = await checkPortal((await sandbox({ scopes: ['crm', 'user_brief', 'userfieldconfig', 'bizproc'] })).webhook);
    expect(brief.ok).toBe(true);
    expect(brief.problems).toEqual([expect.objectContaining({ code: 'USER_BRIEF_ONLY', severity: 'warning', message: expect.stringContaining('not by e-mail') })]);
    const none = await checkPortal((await sandbox({ scopes: ['crm', 'userfieldconfig', 'bizproc'] })).webhook);
    expect(none).toMatchObject({ ok: false, missingScopes: ['user'] });
    expect(none.problems[0]?.message).toContain('user, user_basic or user_brief (matching people');
  });

  it('tells a plan without REST and a support block apart from a refused webhook', async () => {
    const free = await checkPortal((await sandbox({ restAccess: 'free' })).webhook);
    expect(free.problems).toEqual([expect.objectContaining({ code: 'PLAN_NO_REST', severity: 'error', message: expect.stringContaining('commercial plans') })]);
    const blocked = await checkPortal((await sandbox({ restAccess: 'blocked' })).webhook);
    expect(blocked.problems).toEqual([expect.objectContaining({ code: 'REST_BLOCKED', severity: 'error', hint: expect.stringContaining('support') })]);
  });

  it('names the missing scopes and what each is for; bizproc alone is only a warning', async () => {
    const noCrm = await checkPortal((await sandbox({ scopes: ['user', 'bizproc'] })).webhook);
    expect(noCrm.ok).toBe(false);
    expect(noCrm.missingScopes).toEqual(['crm', 'userfieldconfig']);
    expect(noCrm.problems[0]).toMatchObject({ code: 'MISSING_SCOPE', severity: 'error', message: expect.stringContaining('crm (the smart process, its stages and items); userfieldconfig (creating the custom fields)') });
    const noBizproc = await checkPortal((await sandbox({ scopes: ['crm', 'user', 'userfieldconfig'] })).webhook);
    expect(noBizproc.ok).toBe(true);
    expect(noBizproc.problems).toEqual([expect.objectContaining({ code: 'MISSING_SCOPE', severity: 'warning' })]);
  });

  it('explains a revoked webhook (wrong secret) without echoing the secret', async () => {
    const portal = await sandbox();
    const wrong = portal.webhook.replace(/\/rest\/1\/[^/]+\//, '/rest/1/wrongsecret123/');
    const check = await checkPortal(wrong);
    expect(check.problems[0]).toMatchObject({ code: 'REJECTED', severity: 'error' });
    expect(JSON.stringify(check)).not.toContain('wrongsecret123');
  });

  it('explains an unreachable portal', async () => {
    const portal = await sandbox();
    await portal.close();
    const check = await checkPortal(portal.webhook);
    expect(check.problems[0]).toMatchObject({ code: 'UNREACHABLE', message: `${portal.origin} did not answer.` });
  });

  it('refuses plain http to anything but loopback, and non-webhook URLs', async () => {
    expect((await checkPortal('http://acme.bitrix24.com/rest/1/abc/')).problems[0]?.code).toBe('INSECURE_URL');
    expect((await checkPortal('https://acme.bitrix24.com/crm/deal/')).problems[0]?.code).toBe('NOT_A_WEBHOOK');
    expect((await checkPortal('not a url')).problems[0]?.code).toBe('NOT_A_WEBHOOK');
  });
});

describe('portal registry', () => {
  it('saves a checked webhook with its secret only in the owner-only secret file', async () => {
    const dataDir = tempDir();
    const portal = await sandbox();
    const registry = createPortalRegistry({ dataDir, secrets: createFileSecretStore(dataDir), openSandbox: openEmbeddedSandbox });
    const { portal: saved } = await registry.save(portal.webhook, 'Rehearsal');
    const secret = new URL(portal.webhook).pathname.split('/')[3]!;
    expect(saved).toMatchObject({ kind: 'webhook', label: 'Rehearsal', display: `${portal.origin}/rest/1/***/`, isAdmin: true });
    expect(await readFile(join(dataDir, 'portals.json'), 'utf8')).not.toContain(secret);
    expect(await readFile(join(dataDir, 'secrets.json'), 'utf8')).toContain(secret);
    expect((await stat(join(dataDir, 'secrets.json'))).mode & 0o777).toBe(0o600);
    expect(await registry.webhookFor(saved.id)).toBe(portal.webhook);
    // Saving the same portal again updates it instead of listing it twice.
    await registry.save(portal.webhook);
    expect(await registry.list()).toHaveLength(1);
    expect(await registry.remove(saved.id)).toBe(true);
    expect(await registry.list()).toEqual([]);
    await expect(registry.webhookFor(saved.id)).rejects.toMatchObject({ code: 'PORTAL_AUTH' });
  });

  it('refuses to save a webhook that cannot be used', async () => {
    const dataDir = tempDir();
    const portal = await sandbox({ scopes: ['user', 'bizproc'] });
    const registry = createPortalRegistry({ dataDir, secrets: createFileSecretStore(dataDir), openSandbox: openEmbeddedSandbox });
    await expect(registry.save(portal.webhook)).rejects.toMatchObject({ code: 'PORTAL_SCOPE' });
    expect(await registry.list()).toEqual([]);
  });

  it('starts the built-in sandbox portal under the data folder and keeps it across restarts', async () => {
    const dataDir = tempDir();
    const registry = createPortalRegistry({ dataDir, secrets: createFileSecretStore(dataDir), openSandbox: openEmbeddedSandbox });
    const { portal, check } = await registry.useSandbox();
    expect(portal).toMatchObject({ id: SANDBOX_PORTAL_ID, kind: 'sandbox' });
    expect(check.ok).toBe(true);
    const webhook = await registry.webhookFor(SANDBOX_PORTAL_ID);
    const created = await fetch(`${webhook}crm.type.add`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fields: { title: 'Rehearsal' } }) });
    expect(created.status).toBe(200);
    await registry.close();
    const again = createPortalRegistry({ dataDir, secrets: createFileSecretStore(dataDir), openSandbox: openEmbeddedSandbox });
    const webhookAgain = await again.webhookFor(SANDBOX_PORTAL_ID);
    const list = (await (await fetch(`${webhookAgain}crm.type.list`)).json()) as { result: { types: { title: string }[] } };
    expect(list.result.types.map((type) => type.title)).toContain('Rehearsal');
    await again.close();
  });
});
