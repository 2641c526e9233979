import { AppError } from '../../base/errors/errors';
import { BitrixError } from '../bitrix/bitrix-error';
import { createBitrixClient, type BitrixClient, type FetchPort } from '../bitrix/bitrix-client';
import { parseWebhookUrl } from '../bitrix/webhook-url';
import { OPTIONAL_SCOPES, REQUIRED_SCOPES, SCOPES_TO_TICK, USER_SCOPES, type PortalCheck, type PortalProblem } from './types';

interface ProfileAnswer {
  ID?: string | number;
  ADMIN?: boolean | string;
  NAME?: string;
  LAST_NAME?: string;
}

const WEBHOOK_HOW_TO = `In the portal: Developer resources → Other → Inbound webhook; tick the scopes ${SCOPES_TO_TICK}; save, and paste the URL it shows.`;
const EDIT_SCOPES = 'In the portal, open Developer resources → Integrations, edit this inbound webhook, tick the missing scopes and save; the URL stays the same.';

/** What each scope is needed for, in the words a person acting on it needs. */
const SCOPE_USE: Record<string, string> = {
  crm: 'crm (the smart process, its stages and items)',
  userfieldconfig: 'userfieldconfig (creating the custom fields)',
  user: 'user, user_basic or user_brief (matching people in the sheet to portal users)',
  bizproc: 'bizproc (looking at workflow templates in the automation step)',
};

/** What `readPortalAccess` learned about a webhook: its user, scopes, and every problem found. */
export interface PortalAccess {
  /** A portal administrator (`profile.ADMIN`): only one may import history dates. */
  isAdmin: boolean;
  user: { id: number; name: string; isAdmin: boolean };
  scopes: string[];
  /** Required and optional scopes the webhook lacks; `user` stands for any of user, user_basic, user_brief. */
  missingScopes: string[];
  problems: PortalProblem[];
}

/**
 * Reads `profile` and `scope` and says what each step can do with this
 * webhook. The methods need CRM rights, not a portal administrator: a user
 * with the CRM right "Allow to modify settings" can create a smart process,
 * and the portal itself answers that at the first setup call; only history
 * dates (created/moved time) need an administrator, so a non-administrator
 * is a warning. `user.get` works with `user`, `user_basic` or `user_brief`
 * (the last without e-mails). Throws the `BitrixError` of a failed call.
 */
export async function readPortalAccess(client: BitrixClient, signal?: AbortSignal): Promise<PortalAccess> {
  const options = { write: false, ...(signal ? { signal } : {}) };
  const profile = (await client.call<ProfileAnswer>('profile', {}, options)).result ?? {};
  const answer = (await client.call<string[]>('scope', {}, options)).result;
  const scopes = Array.isArray(answer) ? answer.map(String) : [];
  const has = (scope: string): boolean => (scope === 'user' ? USER_SCOPES.some((s) => scopes.includes(s)) : scopes.includes(scope));
  const missingRequired = REQUIRED_SCOPES.filter((scope) => !has(scope));
  const missingOptional = OPTIONAL_SCOPES.filter((scope) => !has(scope));
  const problems: PortalProblem[] = [];
  if (missingRequired.length > 0) {
    problems.push({
      code: 'MISSING_SCOPE',
      severity: 'error',
      message: `The webhook lacks the scope${missingRequired.length > 1 ? 's' : ''} ${missingRequired.map((scope) => SCOPE_USE[scope] ?? scope).join('; ')}, which the migration needs.`,
      hint: EDIT_SCOPES,
    });
  }
  if (has('user') && !scopes.includes('user') && !scopes.includes('user_basic')) {
    problems.push({
      code: 'USER_BRIEF_ONLY',
      severity: 'warning',
      message: 'The webhook has only the user_brief scope: people in the sheet are matched to portal users by name, not by e-mail.',
      hint: 'Tick “user_basic” (or “user”) on the webhook in Developer resources to match people by e-mail as well.',
    });
  }
  if (missingOptional.includes('bizproc')) {
    problems.push({
      code: 'MISSING_SCOPE',
      severity: 'warning',
      message: 'The webhook lacks the bizproc scope: the app can still migrate, but it cannot look at workflow templates.',
      hint: 'Tick “bizproc” on the webhook in Developer resources if you want the automation step to check existing templates.',
    });
  }
  const isAdmin = profile.ADMIN === true || profile.ADMIN === 'Y';
  if (!isAdmin) {
    problems.push({
      code: 'NOT_ADMIN',
      severity: 'warning',
      message: 'The webhook belongs to a user who is not a portal administrator: creation and stage dates from the sheet cannot be kept (items get the time of loading), and creating the smart process needs the CRM right “Allow to modify settings”, which the portal checks at the first setup step.',
      hint: 'To keep history dates, use an inbound webhook created by a Bitrix24 administrator; otherwise make sure this user’s CRM role allows modifying settings.',
    });
  }
  const userId = Number(profile.ID);
  const name = [profile.NAME, profile.LAST_NAME].filter(Boolean).join(' ').trim() || `User ${Number.isFinite(userId) ? userId : '?'}`;
  return {
    isAdmin,
    user: { id: Number.isFinite(userId) ? userId : 0, name, isAdmin },
    scopes,
    missingScopes: [...missingRequired, ...missingOptional],
    problems,
  };
}

/**
 * The check before a migration's first write (CLI and app alike): fails up
 * front on a problem that would stop the run half-way (a missing scope),
 * with what each missing scope is for; warnings pass.
 */
export async function requirePortalAccess(client: BitrixClient, signal?: AbortSignal): Promise<PortalAccess> {
  const access = await readPortalAccess(client, signal);
  const blocking = access.problems.find((problem) => problem.severity === 'error');
  if (blocking) throw new AppError('PORTAL_SCOPE', `${client.portal}: ${blocking.message}`, { hint: blocking.hint });
  return access;
}

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
  try {
    const access = await readPortalAccess(client, signal);
    return {
      ...base,
      ok: access.problems.every((problem) => problem.severity !== 'error'),
      user: access.user.id === 0 ? { ...access.user, id: Number(endpoint.userId) } : access.user,
      scopes: access.scopes,
      missingScopes: access.missingScopes,
      problems: access.problems,
    };
  } catch (error) {
    if (signal?.aborted) throw error;
    return { ...base, ok: false, scopes: [], missingScopes: [], problems: [problemFrom(error, endpoint.origin)] };
  }
}

/** The explanation when the portal refuses to set up a smart process for a user without the rights. */
export const NOT_ADMIN_SETUP_HINT =
  'The webhook belongs to a user who is not a portal administrator and has no CRM settings rights; creating a smart process needs one of them. Ask an administrator to create the inbound webhook (or grant CRM “Allow to modify settings”), then run again.';

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
      return {
        code: 'REJECTED',
        severity: 'error',
        message: `${origin} refused this webhook: it was deleted, or its secret changed.`,
        hint: `Open Developer resources → Integrations in the portal and copy the webhook URL again, or create a new one. ${WEBHOOK_HOW_TO}`,
      };
    case 'PORTAL_ACCESS':
      return {
        code: 'NO_ACCESS',
        severity: 'error',
        message: `${origin} accepted the webhook but refused its user: ${error instanceof AppError ? error.message : 'access denied'}.`,
        hint: 'The webhook acts with its creator’s rights: check that this user is active and may use CRM, or use a webhook of a user who may.',
      };
    case 'PORTAL_PLAN':
      return {
        code: 'PLAN_NO_REST',
        severity: 'error',
        message: `${origin} has no REST API on its current plan: Bitrix24 offers it on commercial plans only.`,
        hint: 'Upgrade the portal’s plan (or start its trial), then check the webhook again.',
      };
    case 'PORTAL_BLOCKED':
      return {
        code: 'REST_BLOCKED',
        severity: 'error',
        message: `${origin} has its REST API blocked by Bitrix24 for overload; waiting does not lift it.`,
        hint: 'Ask Bitrix24 support to lift the block, then check the webhook again.',
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
        params: error instanceof AppError ? (error.params ?? {}) : { reason: 'unexpectedAnswer' },
      };
  }
}
