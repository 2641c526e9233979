import { AppError } from '../api/errors';
import type { BitrixClient } from '../bitrix/bitrix-client';

/** Scopes a migration needs (reference §1.3): `userfieldconfig` also needs `crm`. */
export const REQUIRED_SCOPES = ['crm', 'user', 'userfieldconfig'] as const;

/**
 * Checks, before any write, that the webhook works, has the scopes and
 * belongs to an administrator (`profile`, `scope`; reference §1.4), so a
 * run fails up front with a clear message instead of half-way.
 */
export async function checkPortal(client: BitrixClient, signal?: AbortSignal): Promise<void> {
  const opts = { write: false, ...(signal ? { signal } : {}) };
  const { result: scopes } = await client.call<string[]>('scope', {}, opts);
  const missing = REQUIRED_SCOPES.filter((scope) => !(Array.isArray(scopes) && scopes.includes(scope)));
  if (missing.length > 0) {
    throw new AppError('PORTAL_SCOPE', `The webhook of ${client.portal} lacks the scope(s) ${missing.join(', ')}.`, {
      hint: 'Edit the inbound webhook in Bitrix24 and tick crm, user, userfieldconfig and bizproc, then run again.',
    });
  }
  const { result: profile } = await client.call<{ ADMIN?: boolean | string }>('profile', {}, opts);
  if (!(profile?.ADMIN === true || profile?.ADMIN === 'Y')) {
    throw new AppError('PORTAL_ACCESS', `The webhook of ${client.portal} belongs to a user who is not a portal administrator; creating a smart process needs one.`, {
      hint: 'Ask an administrator to create the inbound webhook (or grant CRM admin rights), then run again.',
    });
  }
}
