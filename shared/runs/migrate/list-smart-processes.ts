import type { BitrixClient } from '../../portal/bitrix/bitrix-client';
import { toSnapshotType } from '../../portal/snapshot/read-snapshot';
import type { SmartProcessSummary } from './types';

/**
 * Every smart process on the portal (`crm.type.list`, all pages), for the
 * “into an existing one” choice, in title order. Reads only.
 */
export async function listSmartProcesses(client: BitrixClient, signal?: AbortSignal): Promise<SmartProcessSummary[]> {
  const out: SmartProcessSummary[] = [];
  for (let start: number | undefined = 0; start !== undefined; ) {
    const page: { result: { types?: Array<Record<string, unknown>> }; next?: number } = await client.call('crm.type.list', { order: { id: 'ASC' }, start }, { write: false, ...(signal ? { signal } : {}) });
    for (const raw of page.result?.types ?? []) {
      const type = toSnapshotType(raw);
      out.push({ entityTypeId: type.entityTypeId, id: type.id, title: type.title, madeByThisTool: /^spm-[0-9a-f]{10}$/.test(type.code) });
    }
    start = page.next;
  }
  return out.sort((a, b) => a.title.localeCompare(b.title));
}
