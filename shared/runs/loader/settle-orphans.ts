import { findByXmlId } from './find-by-xml-id';
import type { LoadState } from './load-state';
import { LOOKUPS_PER_REQUEST } from './load-state';
import { reportProgress } from './report-progress';

/**
 * Settles keys an earlier run left pending whose rows are not in this input:
 * each is looked up by `xmlId` so the journal says what the portal holds.
 */
export async function settleOrphans(state: LoadState): Promise<void> {
  const { client, journal, entityTypeId, xmlIdPrefix } = state.input;
  const orphans = journal.pending().filter(({ key }) => !state.seen.has(key));
  if (orphans.length === 0) return;
  reportProgress(state, 'resolving');
  for (let start = 0; start < orphans.length; start += LOOKUPS_PER_REQUEST) {
    const chunk = orphans.slice(start, start + LOOKUPS_PER_REQUEST);
    const xmlIds = chunk.map(({ key }) => `${xmlIdPrefix}:${key}`);
    const found = await findByXmlId(client, entityTypeId, xmlIds, Math.min(...chunk.map(({ afterId }) => afterId)));
    const acks = chunk.flatMap(({ key }) => {
      const ids = found.get(`${xmlIdPrefix}:${key}`);
      return ids && ids.length > 0 ? [{ key, itemId: Math.min(...ids) }] : [];
    });
    await journal.settle(acks, chunk.filter(({ key }) => !found.get(`${xmlIdPrefix}:${key}`)?.length).map(({ key }) => key));
  }
}
