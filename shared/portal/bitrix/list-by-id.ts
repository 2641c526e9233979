import type { BitrixClient } from './bitrix-client';
import { BitrixError } from './bitrix-error';
import { batchRef } from './encode-query';
import type { Params } from './types';

/**
 * Options of `listById`.
 *
 * `idKey` is the id field (`id` for `crm.item.list`, `ID` for legacy
 * methods); `itemsKey` is where the rows sit in `result` (`items`), omitted
 * when `result` is the list itself. `pagesPerRequest` > 1 chains that many
 * pages in one `batch` (each page filters on the last id of the one before).
 * `afterId` starts the walk after that id.
 */
export interface ListByIdOptions {
  params?: Params;
  idKey?: string;
  itemsKey?: string;
  pagesPerRequest?: number;
  afterId?: number;
  signal?: AbortSignal;
}

/** The portal's fixed page size for list methods. */
export const PAGE_SIZE = 50;

/**
 * Walks a list method in ascending id order without counting: `order` by
 * id, `filter` on `>id`, `start=-1`, stopping at a short page.
 *
 * Yields one array per page (or per request in chained mode). The caller's
 * own `filter` entries are kept; its `order` and `start` are replaced.
 */
export async function* listById<T extends Record<string, unknown>>(
  client: BitrixClient,
  method: string,
  options: ListByIdOptions = {},
): AsyncGenerator<T[]> {
  const idKey = options.idKey ?? 'id';
  const pages = Math.min(50, Math.max(1, options.pagesPerRequest ?? 1));
  const base = options.params ?? {};
  const filter = (base['filter'] ?? {}) as Params;
  let lastId = options.afterId ?? 0;
  const rowsOf = (result: unknown): T[] => {
    const rows = options.itemsKey ? (result as Record<string, unknown> | null)?.[options.itemsKey] : result;
    return Array.isArray(rows) ? (rows as T[]) : [];
  };
  const pageParams = (after: unknown): Params => ({
    ...base,
    order: { [idKey]: 'ASC' },
    filter: { ...filter, [`>${idKey}`]: after },
    start: -1,
  });

  for (;;) {
    options.signal?.throwIfAborted();
    if (pages === 1) {
      const { result } = await client.call(method, pageParams(lastId), { write: false, ...(options.signal ? { signal: options.signal } : {}) });
      const rows = rowsOf(result);
      if (rows.length > 0) yield rows;
      if (rows.length < PAGE_SIZE) return;
      lastId = Number(rows[rows.length - 1]?.[idKey]);
      continue;
    }
    const path = options.itemsKey ? [options.itemsKey, PAGE_SIZE - 1, idKey] : [PAGE_SIZE - 1, idKey];
    const commands = Array.from({ length: pages }, (_, index) => ({
      key: `p${index}`,
      method,
      params: pageParams(index === 0 ? lastId : batchRef(`p${index - 1}`, ...path)),
    }));
    const outcomes = await client.batch(commands, { write: false, ...(options.signal ? { signal: options.signal } : {}) });
    const rows: T[] = [];
    let short = false;
    for (const outcome of outcomes) {
      if (outcome.status === 'error') throw outcome.error;
      if (outcome.status !== 'ok') {
        if (rows.length === 0) {
          throw new BitrixError('PORTAL_ERROR', `${method}: the portal did not run the page request.`, { bitrixCode: 'NOT_RUN', httpStatus: 0, where: { method }, params: { reason: 'pageNotRun' } });
        }
        break;
      }
      const page = rowsOf(outcome.result);
      rows.push(...page);
      // After a short page the next command's reference pointed nowhere; its
      // rows (if any) are not trustworthy.
      if (page.length < PAGE_SIZE) {
        short = true;
        break;
      }
    }
    if (rows.length > 0) yield rows;
    if (short || rows.length === 0) return;
    lastId = Number(rows[rows.length - 1]?.[idKey]);
  }
}
