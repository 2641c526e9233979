import { AppError } from '../api/errors';
import { BitrixError } from '../bitrix/bitrix-error';
import { createBitrixClient, type FetchPort } from '../bitrix/bitrix-client';
import { parseWebhookUrl } from '../bitrix/webhook-url';
import { OPTIONAL_SCOPES, REQUIRED_SCOPES, type PortalCheck, type PortalProblem } from './types';

interface ProfileAnswer {
  ID?: string | number;
  ADMIN?: boolean;
  NAME?: string;
  LAST_NAME?: string;
}

const WEBHOOK_HOW_TO = 'In the portal: Developer resources → Other → Inbound webhook; tick the scopes crm, user, userfieldconfig and bizproc, save, and paste the URL it shows.';

/**
 * Checks an inbound webhook live: reachable, accepted, which scopes it has,
 * and whether its owner is an administrator. Every problem comes back as data
 * with a fix the person can do in the portal; this function throws only when
 * cancelled.
 */
export async function checkPortal(webhookUrl: string, { fetch, signal }: { fetch?: FetchPort; signal?: AbortSignal } = {}): Promise<PortalCheck> {
  let endpoint;
  try {
    endpoint = parseWebhookUrl(webhookUrl);
  } catch (error) {
    const message = error instanceof AppError ? error.message : 'The address is not a webhook URL.';
    const insecure = /not https/.test(message);
    return {
      ok: false,
      origin: '',
      display: '',
      scopes: [],
      missingScopes: [],
      problems: [{ code: insecure ? 'INSECURE_URL' : 'NOT_A_WEBHOOK', severity: 'error', message, hint: error instanceof AppError && error.hint ? error.hint : WEBHOOK_HOW_TO }],
    };
  }
  const base = { origin: endpoint.origin, display: endpoint.display };
  const options: Parameters<typeof createBitrixClient>[0] = { webhookUrl: endpoint.baseUrl, timeoutMs: 15_000, maxReadAttempts: 2 };
  if (fetch) options.fetch = fetch;
  const client = createBitrixClient(options);
  const callOptions = signal ? { signal } : {};
  try {
    const profile = (await client.call<ProfileAnswer>('profile', {}, callOptions)).result;
    const scopes = (await client.call<string[]>('scope', {}, callOptions)).result;
    const missingScopes = [...REQUIRED_SCOPES, ...OPTIONAL_SCOPES].filter((scope) => !scopes.includes(scope));
    const problems: PortalProblem[] = [];
    const missingRequired = missingScopes.filter((scope) => (REQUIRED_SCOPES as readonly string[]).includes(scope));
    if (missingRequired.length > 0) {
      problems.push({
        code: 'MISSING_SCOPE',
        severity: 'error',
        message: `The webhook lacks the scope${missingRequired.length > 1 ? 's' : ''} ${missingRequired.join(', ')}, which the migration needs.`,
        hint: 'In the portal, open Developer resources → Integrations, edit this inbound webhook, tick the missing scopes and save; the URL stays the same.',
      });
    }
    if (missingScopes.includes('bizproc')) {
      problems.push({
        code: 'MISSING_SCOPE',
        severity: 'warning',
        message: 'The webhook lacks the bizproc scope: the app can still migrate, but it cannot look at workflow templates.',
        hint: 'Tick “bizproc” on the webhook in Developer resources if you want the automation step to check existing templates.',
      });
    }
    const isAdmin = profile.ADMIN === true;
    if (!isAdmin) {
      problems.push({
        code: 'NOT_ADMIN',
        severity: 'error',
        message: 'The webhook belongs to a user who is not a portal administrator; creating a smart process, its fields and stages needs one.',
        hint: 'Ask a Bitrix24 administrator to create the inbound webhook (or to make this user an administrator), then paste the new URL.',
      });
    }
    const name = [profile.NAME, profile.LAST_NAME].filter(Boolean).join(' ').trim() || `User ${profile.ID ?? endpoint.userId}`;
    return {
      ...base,
      ok: problems.every((problem) => problem.severity !== 'error'),
      user: { id: Number(profile.ID ?? endpoint.userId), name, isAdmin },
      scopes,
      missingScopes,
      problems,
    };
  } catch (error) {
    if (signal?.aborted) throw error;
    return { ...base, ok: false, scopes: [], missingScopes: [], problems: [problemFrom(error, endpoint.origin)] };
  }
}

function problemFrom(error: unknown, origin: string): PortalProblem {
  const code = error instanceof BitrixError ? error.code : 'PORTAL_ERROR';
  switch (code) {
    case 'PORTAL_NETWORK':
      return {
        code: 'UNREACHABLE',
        severity: 'error',
        message: `${origin} did not answer.`,
        hint: 'Check the address (copy it again from the portal) and this computer’s internet connection, then try again.',
      };
    case 'PORTAL_AUTH':
    case 'PORTAL_ACCESS':
      return {
        code: 'REJECTED',
        severity: 'error',
        message: `${origin} refused this webhook: it was deleted, or its secret changed.`,
        hint: `Open Developer resources → Integrations in the portal and copy the webhook URL again, or create a new one. ${WEBHOOK_HOW_TO}`,
      };
    case 'PORTAL_NOT_FOUND':
      return {
        code: 'NOT_A_WEBHOOK',
        severity: 'error',
        message: `${origin} answered, but not as a Bitrix24 REST webhook.`,
        hint: WEBHOOK_HOW_TO,
      };
    default:
      return {
        code: 'PORTAL_ERROR',
        severity: 'error',
        message: `${origin} answered with an error: ${error instanceof AppError ? error.message : 'unexpected answer'}.`,
        hint: 'Try again in a minute; if it repeats, check the portal’s status page.',
      };
  }
}
