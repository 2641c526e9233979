import type { BitrixClient } from './bitrix-client';
import { BitrixError } from './bitrix-error';
import type { Params } from './types';

/** How a checked write ended: answered by the portal, or found applied by reading the portal back after its answer was lost. */
export type CheckedWrite<T, F> = { answered: true; result: T; lostAnswers: number } | { answered: false; found: F; lostAnswers: number };

export { CHECKED_APPLIED } from './checked-wording';

/** True for a failure after which a write may or may not have been applied (the connection dropped, a timeout, a 5xx). */
export function isUnknownOutcome(error: unknown): error is BitrixError {
  return error instanceof BitrixError && error.ambiguous;
}

/**
 * Sends one setup write and settles a lost answer in the same run.
 *
 * When no usable answer arrives (`ambiguous`), `lookUp` reads the portal
 * back by the write's natural identity (a type by its code, a field by its
 * name, a stage by its STATUS_ID…): what it finds is the write's effect,
 * and nothing is sent again; when it finds nothing the write was not
 * applied and is sent again, up to `attempts` times in all. A failed
 * read-back ends with an error that still says the outcome is unknown, so
 * no message claims that nothing was created.
 */
export async function writeChecked<T, F>(
  client: BitrixClient,
  method: string,
  params: Params,
  options: { lookUp: () => Promise<F | undefined>; what: string; signal: AbortSignal; attempts?: number },
): Promise<CheckedWrite<T, F>> {
  const attempts = options.attempts ?? 3;
  let lost: BitrixError | undefined;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      const { result } = await client.call<T>(method, params, { write: true, signal: options.signal });
      return { answered: true, result, lostAnswers: attempt - 1 };
    } catch (error) {
      if (!isUnknownOutcome(error) || options.signal.aborted) throw error;
      lost = error;
    }
    let found: F | undefined;
    try {
      found = await options.lookUp();
    } catch (readError) {
      throw unknownOutcome(method, options.what, lost, `reading the portal back to check failed: ${readError instanceof Error ? readError.message : String(readError)}`);
    }
    if (found !== undefined) return { answered: false, found, lostAnswers: attempt };
  }
  throw new BitrixError(
    'PORTAL_NETWORK',
    `${method}: ${attempts} requests to ${options.what} got no usable answer (${lost?.bitrixCode ?? 'no answer'}); read back after each, the portal shows it was not applied.`,
    {
      bitrixCode: lost?.bitrixCode ?? 'NO_ANSWER',
      httpStatus: lost?.httpStatus ?? 0,
      where: { method },
      hint: 'Check the network connection, then run the same command again; the project file remembers what exists, so nothing is created twice.',
      appHint: 'Check the network connection, then click the same button again; the project remembers what exists, so nothing is created twice.',
    },
  );
}

/**
 * The error of a write whose outcome stays unknown (its answer was lost
 * and the portal could not be read back); `ambiguous` stays set so the
 * caller does not claim nothing was written.
 */
export function unknownOutcome(method: string, what: string, lost: BitrixError | undefined, why: string): BitrixError {
  return new BitrixError('PORTAL_NETWORK', `${method}: the request to ${what} got no usable answer (${lost?.bitrixCode ?? 'no answer'}), so the portal may have applied it; ${why}.`, {
    bitrixCode: lost?.bitrixCode ?? 'NO_ANSWER',
    httpStatus: lost?.httpStatus ?? 0,
    ambiguous: true,
    where: { method },
    hint: 'Check the network connection, then run the same command again: it reads the portal back before sending this again, so nothing is created twice.',
    appHint: 'Check the network connection, then click the same button again: the portal is read back before this is sent again, so nothing is created twice.',
  });
}
