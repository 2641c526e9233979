import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, type ErrorCode } from '../../base/errors/errors';
import type { FetchPort } from '../bitrix/bitrix-client';
import { parseWebhookUrl } from '../bitrix/webhook-url';
import { writePrivateFile } from '../../base/storage/write-private-file';
import { checkPortal } from './check-portal';
import type { SecretStore } from './secret-store';
import type { EmbeddedPortal, OpenEmbeddedPortal, PortalCheck, PortalProblem, SavedPortal } from './types';

/** The error a refused save carries, by the check's blocking problem (anything else: `PORTAL_ACCESS`). */
const SAVE_REFUSAL: Partial<Record<PortalProblem['code'], ErrorCode>> = {
  UNREACHABLE: 'PORTAL_NETWORK',
  REJECTED: 'PORTAL_AUTH',
  MISSING_SCOPE: 'PORTAL_SCOPE',
  INSECURE_URL: 'PORTAL_INSECURE_URL',
  PLAN_NO_REST: 'PORTAL_PLAN',
  REST_BLOCKED: 'PORTAL_BLOCKED',
};

/** The id of the built-in sandbox portal in the saved list. */
export const SANDBOX_PORTAL_ID = 'sandbox';

/**
 * The portals a user saved, with their secrets kept apart in a `SecretStore`.
 * The list itself (`portals.json`) holds no secret and can be shown as is.
 */
export interface PortalRegistry {
  list(): Promise<SavedPortal[]>;
  check(webhookUrl: string, signal?: AbortSignal): Promise<PortalCheck>;
  /** Checks the webhook and saves it (replacing a saved one for the same portal and user). */
  save(webhookUrl: string, label?: string): Promise<{ portal: SavedPortal; check: PortalCheck }>;
  remove(id: string): Promise<boolean>;
  /** Starts (or reuses) the built-in sandbox portal and lists it. */
  useSandbox(): Promise<{ portal: SavedPortal; check: PortalCheck }>;
  /** The full webhook URL of a saved portal, for the core's own calls only: never send it to a UI or a file. */
  webhookFor(id: string): Promise<string>;
  /**
   * The built-in sandbox's application context (its OAuth-style endpoint and
   * token), so starter workflows can be installed there as a real app would.
   */
  sandboxApp(): Promise<{ appEndpoint: string; appAccessToken: string }>;
  /** Stops the sandbox portal, if it was started. */
  close(): Promise<void>;
}

/** Creates the registry over a data folder and a secret store. */
export function createPortalRegistry({
  dataDir,
  secrets,
  fetch,
  openSandbox,
}: {
  dataDir: string;
  secrets: SecretStore;
  fetch?: FetchPort;
  /** Starts the built-in sandbox portal; the host supplies it, so the core never imports the emulator. */
  openSandbox: OpenEmbeddedPortal;
}): PortalRegistry {
  const listPath = join(dataDir, 'portals.json');
  let sandbox: Promise<EmbeddedPortal> | undefined;

  const load = async (): Promise<SavedPortal[]> => JSON.parse(await readFile(listPath, 'utf8').catch(() => '[]')) as SavedPortal[];
  const store = (portals: SavedPortal[]): Promise<void> => writePrivateFile(listPath, JSON.stringify(portals, null, 2));
  const check = (webhookUrl: string, signal?: AbortSignal): Promise<PortalCheck> => {
    const options: Parameters<typeof checkPortal>[1] = {};
    if (fetch) options.fetch = fetch;
    if (signal) options.signal = signal;
    return checkPortal(webhookUrl, options);
  };
  const startSandbox = (): Promise<EmbeddedPortal> => {
    sandbox ??= openSandbox(dataDir).catch((error: unknown) => {
      sandbox = undefined;
      throw error;
    });
    return sandbox;
  };

  const upsert = async (portal: SavedPortal): Promise<SavedPortal> => {
    const portals = (await load()).filter((candidate) => candidate.id !== portal.id);
    await store([...portals, portal]);
    return portal;
  };

  return {
    list: load,
    check,
    async save(webhookUrl, label) {
      const result = await check(webhookUrl);
      const blocking = result.problems.find((problem) => problem.severity === 'error');
      if (blocking) throw new AppError(SAVE_REFUSAL[blocking.code] ?? 'PORTAL_ACCESS', blocking.message, { hint: blocking.hint });
      const endpoint = parseWebhookUrl(webhookUrl);
      const existing = (await load()).find((candidate) => candidate.kind === 'webhook' && candidate.origin === endpoint.origin && candidate.display === endpoint.display);
      const now = new Date().toISOString();
      const portal: SavedPortal = {
        id: existing?.id ?? randomUUID(),
        kind: 'webhook',
        label: label?.trim() || new URL(endpoint.origin).hostname,
        origin: endpoint.origin,
        display: endpoint.display,
        addedAt: existing?.addedAt ?? now,
        checkedAt: now,
      };
      if (result.user) {
        portal.userName = result.user.name;
        portal.isAdmin = result.user.isAdmin;
      }
      await secrets.set(portal.id, endpoint.baseUrl);
      return { portal: await upsert(portal), check: result };
    },
    async remove(id) {
      const portals = await load();
      const remaining = portals.filter((portal) => portal.id !== id);
      if (remaining.length === portals.length) return false;
      await store(remaining);
      await secrets.delete(id);
      return true;
    },
    async useSandbox() {
      const handle = await startSandbox();
      const result = await check(handle.webhook);
      const now = new Date().toISOString();
      const existing = (await load()).find((candidate) => candidate.id === SANDBOX_PORTAL_ID);
      const portal: SavedPortal = {
        id: SANDBOX_PORTAL_ID,
        kind: 'sandbox',
        label: 'Sandbox portal',
        origin: handle.origin,
        display: 'Built-in sandbox on this computer',
        addedAt: existing?.addedAt ?? now,
        checkedAt: now,
      };
      if (result.user) {
        portal.userName = result.user.name;
        portal.isAdmin = result.user.isAdmin;
      }
      return { portal: await upsert(portal), check: result };
    },
    async webhookFor(id) {
      if (id === SANDBOX_PORTAL_ID) return (await startSandbox()).webhook;
      const webhook = await secrets.get(id);
      if (!webhook) {
        throw new AppError('PORTAL_AUTH', 'The saved webhook for this portal is gone from this computer’s secret store.', {
          hint: 'Connect the portal again: paste its inbound webhook URL.',
        });
      }
      return webhook;
    },
    async sandboxApp() {
      const handle = await startSandbox();
      return { appEndpoint: handle.appEndpoint, appAccessToken: handle.appAccessToken };
    },
    async close() {
      if (sandbox) await (await sandbox.catch(() => undefined))?.close();
      sandbox = undefined;
    },
  };
}
