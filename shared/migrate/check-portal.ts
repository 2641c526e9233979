import { AppError } from '../api/errors';
import type { BitrixClient } from '../bitrix/bitrix-client';

/** Scopes a migration needs (reference §1.3): `userfieldconfig` also needs `crm`. */
export const REQUIRED_SCOPES = ['crm', 'user', 'userfieldconfig'] as const;

/** What the check learned about the webhook's user. */
export interface PortalAccess {
  /** A portal administrator (`profile.ADMIN`): only one may import history fields (reference §5.4). */
  isAdmin: boolean;
}

/**
 * Checks, before any write, that the webhook works and has the scopes
 * (`profile`, `scope`; reference §1.4), so a run fails up front with a clear
 * message instead of half-way. A user who is not a portal administrator
 * may still hold CRM settings rights (enough to create a smart process);
 * the portal itself answers that at the first setup call, and history
 * columns are left out of the load (they need an administrator).
 */
export async function checkPortal(client: BitrixClient, signal?: AbortSignal): Promise<PortalAccess> {
  const opts = { write: false, ...(signal ? { signal } : {}) };
  const { result: scopes } = await client.call<string[]>('scope', {}, opts);
  const missing = REQUIRED_SCOPES.filter((scope) => !(Array.isArray(scopes) && scopes.includes(scope)));
  if (missing.length > 0) {
    throw new AppError('PORTAL_SCOPE', `The webhook of ${client.portal} lacks the scope(s) ${missing.join(', ')}.`, {
      hint: 'Edit the inbound webhook in Bitrix24 and tick crm, user, userfieldconfig and bizproc, then run again.',
    });
  }
  const { result: profile } = await client.call<{ ADMIN?: boolean | string }>('profile', {}, opts);
  return { isAdmin: profile?.ADMIN === true || profile?.ADMIN === 'Y' };
}

/** The explanation when the portal refuses to set up a smart process for a user without the rights. */
export const NOT_ADMIN_SETUP_HINT =
  'The webhook belongs to a user who is not a portal administrator and has no CRM settings rights; creating a smart process needs one of them. Ask an administrator to create the inbound webhook (or grant CRM “Allow to modify settings”), then run again.';
