import type { BitrixClient } from '../../portal/bitrix/bitrix-client';
import { BitrixError } from '../../portal/bitrix/bitrix-error';
import { listById } from '../../portal/bitrix/list-by-id';

/**
 * Which of `xmlIds` exist as items, with every item id for each (more than
 * one id means the portal holds duplicates).
 *
 * Looks up 50 keys a call with `@xmlId`; if the portal refuses that filter,
 * scans `id,xmlId` with `>id` from `afterId` instead.
 */
export async function findByXmlId(
  client: BitrixClient,
  entityTypeId: number,
  xmlIds: readonly string[],
  afterId = 0,
  signal?: AbortSignal,
): Promise<Map<string, number[]>> {
  const found = new Map<string, number[]>();
  const add = (row: Record<string, unknown>): void => {
    const xmlId = typeof row['xmlId'] === 'string' ? row['xmlId'] : undefined;
    const id = Number(row['id']);
    if (xmlId === undefined || !Number.isFinite(id)) return;
    const ids = found.get(xmlId) ?? [];
    if (!ids.includes(id)) ids.push(id);
    found.set(xmlId, ids);
  };
  const wanted = new Set(xmlIds);
  try {
    for (let start = 0; start < xmlIds.length; start += 50) {
      const chunk = xmlIds.slice(start, start + 50);
      for await (const page of listById(client, 'crm.item.list', {
        params: { entityTypeId, filter: { '@xmlId': chunk }, select: ['id', 'xmlId'] },
        itemsKey: 'items',
        ...(signal ? { signal } : {}),
      })) {
        for (const row of page) add(row);
      }
    }
    return found;
  } catch (error) {
    if (!(error instanceof BitrixError) || error.code !== 'PORTAL_VALIDATION') throw error;
  }
  found.clear();
  for await (const page of listById(client, 'crm.item.list', {
    params: { entityTypeId, select: ['id', 'xmlId'] },
    itemsKey: 'items',
    afterId,
    pagesPerRequest: 10,
    ...(signal ? { signal } : {}),
  })) {
    for (const row of page) if (wanted.has(String(row['xmlId']))) add(row);
  }
  return found;
}
