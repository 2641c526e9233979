import { bitrixErrorFromAnswer } from '../../portal/bitrix/bitrix-error';
import type { BitrixError } from '../../portal/bitrix/bitrix-error';
import type { BatchOutcome } from '../../portal/bitrix/types';
import type { Route } from './load-state';

/**
 * What became of one row of a create request: created, failed for a reason
 * of its own, to be sent again (`retry` counts as an attempt, `refused` — the
 * portal refused the way it was sent — does not), or not known until its
 * `xmlId` is looked up.
 */
export type RowOutcome =
  | { kind: 'ok'; itemId: number }
  | { kind: 'failed'; error: BitrixError }
  | { kind: 'retry' }
  | { kind: 'refused' }
  | { kind: 'unknown' };

/** Per-row outcomes of a `crm.item.batchImport` answer; a row the answer does not mention is unknown. */
export function importOutcomes(result: unknown, size: number): RowOutcome[] {
  const list = (result as { items?: unknown } | null)?.items;
  const entries = Array.isArray(list) ? list : list && typeof list === 'object' ? Object.values(list) : [];
  return Array.from({ length: size }, (_, index): RowOutcome => {
    const entry = entries[index] as { item?: { id?: unknown }; error?: unknown; error_description?: unknown } | undefined;
    if (!entry) return { kind: 'unknown' };
    const id = Number(entry.item?.id);
    if (entry.item && Number.isFinite(id) && id > 0) return { kind: 'ok', itemId: id };
    if (entry.error !== undefined) return { kind: 'failed', error: bitrixErrorFromAnswer(entry, 400, 'crm.item.batchImport') };
    return { kind: 'unknown' };
  });
}

/** Per-row outcomes of one command inside `batch` that carried `size` rows. */
export function commandOutcomes(answer: BatchOutcome, size: number, used: Route): RowOutcome[] {
  switch (answer.status) {
    case 'ok': {
      if (used !== 'add-in-batch') return importOutcomes(answer.result, size);
      const id = Number((answer.result as { item?: { id?: unknown } } | null)?.item?.id);
      return [Number.isFinite(id) && id > 0 ? { kind: 'ok', itemId: id } : { kind: 'unknown' }];
    }
    case 'error': {
      // A multi-row command refused as a whole for anything but its parameters
      // may have written some rows before failing: the xmlId look-up decides.
      const maybePartial = size > 1 && answer.error.code !== 'PORTAL_VALIDATION';
      const kind: RowOutcome = isRefusal(answer.error, used)
        ? { kind: 'refused' }
        : answer.error.retriable
          ? { kind: 'retry' }
          : maybePartial
            ? { kind: 'unknown' }
            : { kind: 'failed', error: answer.error };
      return Array.from({ length: size }, () => kind);
    }
    case 'not-run':
      return Array.from({ length: size }, () => ({ kind: 'retry' }));
    case 'unknown':
      return Array.from({ length: size }, () => ({ kind: 'unknown' }));
  }
}

/**
 * The portal says "not this way" (method missing, not allowed inside batch,
 * no import permission): nothing ran, so the rows go again another way.
 */
export function isRefusal(error: BitrixError, used: Route): boolean {
  if (used === 'add-in-batch' || used === 'add') return false;
  if (['ERROR_METHOD_NOT_FOUND', 'METHOD_NOT_FOUND', 'ERROR_BATCH_METHOD_NOT_ALLOWED'].includes(error.bitrixCode)) return true;
  return error.code === 'PORTAL_ACCESS';
}
