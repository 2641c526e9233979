import type { BitrixClient } from '../../portal/bitrix/bitrix-client';
import { listById } from '../../portal/bitrix/list-by-id';

/**
 * Items of a smart process with the given fields (original UF names), by
 * id: every item (`ids` omitted) or just those ids, 50 per call.
 */
export async function readItems(
  client: BitrixClient,
  entityTypeId: number,
  select: readonly string[],
  ids?: readonly number[],
  signal?: AbortSignal,
): Promise<Map<number, Record<string, unknown>>> {
  const out = new Map<number, Record<string, unknown>>();
  const fields = [...new Set(['id', 'xmlId', ...select])];
  const run = async (filter: Record<string, unknown>): Promise<void> => {
    for await (const page of listById(client, 'crm.item.list', {
      params: { entityTypeId, select: fields, filter, useOriginalUfNames: 'Y' },
      itemsKey: 'items',
      pagesPerRequest: ids === undefined ? 10 : 1,
      ...(signal ? { signal } : {}),
    })) {
      for (const row of page) out.set(Number(row['id']), row);
    }
  };
  if (ids === undefined) await run({});
  else for (let start = 0; start < ids.length; start += 50) await run({ '@id': ids.slice(start, start + 50) });
  return out;
}
