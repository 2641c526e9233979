import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchPort } from '../../../shared/portal/bitrix/bitrix-client';
import { openJournal } from '../../../shared/runs/journal/open-journal';
import { loadItems } from '../../../shared/runs/loader/load-items';
import type { LoadStrategy } from '../../../shared/runs/loader/types';
import { startTestPortal, type TestPortal } from '../../portal/bitrix/test-portal';
import { makeRows } from './make-rows';

let portal: TestPortal;
let dir: string;

beforeAll(async () => {
  portal = await startTestPortal({ timeScale: 20 });
  dir = await mkdtemp(join(tmpdir(), 'spm-fallback-'));
});
afterAll(async () => {
  await portal.close();
  await rm(dir, { recursive: true, force: true });
});

/**
 * The real fetch, but the portal looks older: the named method names are
 * renamed on the way out, so the sandbox answers for them exactly as a
 * portal without them does (ERROR_METHOD_NOT_FOUND, or an unknown filter field).
 */
function olderPortal(rewrite: (body: string, url: string) => { body: string; url: string }): FetchPort {
  return (url, init) => {
    const changed = rewrite(String(init.body ?? ''), url);
    return fetch(changed.url, { ...init, body: changed.body });
  };
}

async function loadThrough(
  fetchPort: FetchPort,
  name: string,
): Promise<{ strategy: LoadStrategy | undefined; created: number; items: number; duplicates: number; resolved: boolean; rejections: Record<string, number> }> {
  const spa = await portal.createType();
  const rows = makeRows(spa, 150);
  const journal = await openJournal(join(dir, `${name}.jsonl`));
  // One commit-then-drop so the exactly-once look-up runs through the same portal.
  portal.sandbox.faults.dropAfterCommit(1);
  const before = portal.sandbox.stats().rejections;
  const summary = await loadItems(
    {
      client: portal.newClient({ fetch: fetchPort }),
      entityTypeId: spa.entityTypeId,
      rows,
      journal,
      xmlIdPrefix: name,
      total: rows.length,
      useOriginalUfNames: true,
      settleMs: 60_000 / portal.timeScale,
    },
    { signal: new AbortController().signal, onProgress: () => undefined },
  );
  await journal.close();
  portal.sandbox.faults.clear();
  const stats = portal.sandbox.stats();
  return {
    strategy: summary.strategy,
    created: summary.created,
    items: stats.itemsByType[String(spa.entityTypeId)] ?? 0,
    duplicates: stats.xmlIdDuplicates[String(spa.entityTypeId)]?.extraItems ?? 0,
    resolved: summary.resolvedUnknown > 0,
    rejections: Object.fromEntries(Object.entries(stats.rejections).map(([code, count]) => [code, count - (before[code] ?? 0)]).filter(([, count]) => Number(count) > 0)),
  };
}

describe('loadItems on portals that refuse the fast paths', () => {
  it('calls crm.item.batchImport directly when it is refused inside batch', async () => {
    const result = await loadThrough(
      olderPortal((body, url) => ({ body: url.endsWith('/batch') ? body.replaceAll('crm.item.batchImport?', 'crm.item.batchImportInBatch?') : body, url })),
      'no-import-in-batch',
    );
    expect(result).toMatchObject({ strategy: 'batch-import', created: 150, items: 150, duplicates: 0, resolved: true });
    expect(result.rejections['ERROR_METHOD_NOT_FOUND']).toBeGreaterThan(0);
  });

  it('falls back to crm.item.add in batches when crm.item.batchImport is missing', async () => {
    const result = await loadThrough(
      olderPortal((body, url) => ({
        body: body.replaceAll('crm.item.batchImport?', 'crm.item.batchImportMissing?'),
        url: url.replace(/crm\.item\.batchImport$/, 'crm.item.batchImportMissing'),
      })),
      'no-import',
    );
    expect(result).toMatchObject({ strategy: 'add-in-batch', created: 150, items: 150, duplicates: 0, resolved: true });
    expect(result.rejections['ERROR_METHOD_NOT_FOUND']).toBeGreaterThan(0);
  });

  it('scans id,xmlId from the last known id when the @xmlId filter is refused', async () => {
    const result = await loadThrough(
      olderPortal((body, url) => ({ body: body.replaceAll('"@xmlId"', '"@xmlIdUnknown"').replaceAll('%40xmlId', '%40xmlIdUnknown'), url })),
      'no-xmlid-filter',
    );
    expect(result).toMatchObject({ strategy: 'batch-import-in-batch', created: 150, items: 150, duplicates: 0, resolved: true });
    expect(result.rejections['INVALID_ARG_VALUE']).toBeGreaterThan(0);
  });
});
