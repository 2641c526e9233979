import { AppError } from '../../base/errors/errors';
import { createAppSession, type AppCredentials, type AppTokens } from '../automation/create-app-session';
import type { RestCaller } from '../automation/install-templates';
import { sandboxAppSession } from '../automation/sandbox-app-session';
import { createBitrixClient, type BitrixClient } from '../../portal/bitrix/bitrix-client';
import { planLimits, type PlanName } from '../../portal/bitrix/rate-limiter';
import { parseWebhookUrl } from '../../portal/bitrix/webhook-url';
import type { OpenEmbeddedPortal } from '../../portal/portals/types';
import type { ProjectPortal } from '../../sheet/project/types';

/** The display name of the embedded sandbox portal in project files and output. */
export const EMBEDDED_SANDBOX = 'sandbox://embedded';

/** A connected portal: its client, how a project names it, and how to let go of it. */
export interface PortalConnection {
  client: BitrixClient;
  portal: ProjectPortal;
  /**
   * The portal's origin (`https://x.bitrix24.ru`, or the embedded sandbox's
   * `http://127.0.0.1:PORT`), for deep links; never holds a secret.
   */
  origin?: string;
  /**
   * An application-context caller, when one exists: the embedded sandbox's
   * own emulated app, or the local application's OAuth session when
   * `appCredentials` were given. Its tokens stay inside the session.
   */
  app?: RestCaller;
  close(): Promise<void>;
}

/**
 * Where to connect: `url` (from `--portal` or `SPM_PORTAL`), else the
 * embedded sandbox under `dataDir`. `plan` sets the client's pacing
 * (`SPM_PORTAL_PLAN`; standard by default). `project` is the portal a
 * project is bound to: a real portal never falls back to the sandbox, and
 * a different portal is refused.
 */
export interface ConnectOptions {
  url?: string | undefined;
  dataDir: string;
  plan?: PlanName;
  project?: ProjectPortal;
  /** A local application's OAuth credentials (`loadAppCredentials`); used on a webhook portal only. */
  appCredentials?: AppCredentials | null;
  /** Saves each rotated refresh token (`saveRotatedTokens`). */
  onAppTokens?: (tokens: AppTokens) => void | Promise<void>;
  /** The OAuth token URL (default oauth.bitrix.info); tests point it at a stand-in. */
  appTokenUrl?: string;
  /** Starts the embedded sandbox; the CLI supplies it, so the core never imports the emulator. Needed only without `url`. */
  openSandbox?: OpenEmbeddedPortal | undefined;
}

/** Connects to the portal to work on (see `ConnectOptions`). Never puts the secret in an error. */
export async function connectPortal(options: ConnectOptions): Promise<PortalConnection> {
  const limits = planLimits(options.plan ?? 'standard');
  if (options.url !== undefined && options.url !== '') {
    const endpoint = parseWebhookUrl(options.url);
    if (options.project && (options.project.kind !== 'webhook' || options.project.display !== endpoint.display)) {
      throw new AppError('INVALID_INPUT', `This project belongs to ${options.project.display}, not ${endpoint.display}.`, {
        hint: 'Use the webhook of the portal the project was migrated to (SPM_PORTAL or --portal).',
        appHint: 'Connect the portal the project was migrated to (the portal button at the top right).',
        params: { reason: 'projectOfAnotherPortal', portal: options.project.display },
      });
    }
    const client = createBitrixClient({ webhookUrl: options.url, limits });
    const connection: PortalConnection = { client, portal: { kind: 'webhook', display: endpoint.display }, origin: endpoint.origin, close: () => Promise.resolve() };
    if (options.appCredentials) {
      connection.app = createAppSession({
        credentials: options.appCredentials,
        // Tokens go only to this webhook's portal, whatever the OAuth server answers.
        clientEndpoint: `${endpoint.origin}/rest/`,
        ...(options.appTokenUrl !== undefined ? { tokenUrl: options.appTokenUrl } : {}),
        ...(options.onAppTokens ? { onTokens: options.onAppTokens } : {}),
      });
    }
    return connection;
  }
  if (options.project?.kind === 'webhook') {
    throw new AppError('PORTAL_AUTH', `This project belongs to ${options.project.display}; no webhook was given for it.`, {
      hint: 'Set SPM_PORTAL to that portal’s inbound webhook URL (or pass --portal URL). A project on a real portal never falls back to the sandbox.',
      appHint: 'Connect that portal (the portal button at the top right). A project on a real portal never falls back to the sandbox.',
    });
  }
  if (!options.openSandbox) {
    throw new AppError('INVALID_INPUT', 'No portal was given and this host has no embedded sandbox portal.', {
      hint: 'Set SPM_PORTAL to your portal’s inbound webhook URL (or pass --portal URL).',
      appHint: 'Connect a portal (the portal button at the top right).',
      params: { reason: 'noPortal' },
    });
  }
  const sandbox = await options.openSandbox(options.dataDir, { plan: options.plan ?? 'standard' });
  const client = createBitrixClient({ webhookUrl: sandbox.webhook, limits });
  return {
    client,
    portal: { kind: 'sandbox', display: EMBEDDED_SANDBOX },
    origin: sandbox.origin,
    // The embedded sandbox emulates an installed local app, so starter workflows install there without OAuth.
    app: sandboxAppSession(sandbox.appEndpoint, sandbox.appAccessToken),
    close: () => sandbox.close(),
  };
}
