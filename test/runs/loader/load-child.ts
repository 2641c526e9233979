/**
 * Child process for the kill-and-resume test: loads rows into the sandbox
 * named by the environment and reports progress on stdout until killed.
 */
import { createBitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import { openJournal } from '../../../shared/runs/journal/open-journal';
import { loadItems } from '../../../shared/runs/loader/load-items';
import { makeRows } from './make-rows';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`missing ${name}`);
  return value;
};
const spa = JSON.parse(env('SPM_TEST_SPA')) as Parameters<typeof makeRows>[0];
const timeScale = Number(env('SPM_TEST_TIME_SCALE'));
const rows = makeRows(spa, Number(env('SPM_TEST_ROWS')));
const client = createBitrixClient({ webhookUrl: env('SPM_TEST_WEBHOOK'), limits: planLimits('standard', timeScale) });
const journal = await openJournal(env('SPM_TEST_JOURNAL'));
await loadItems(
  {
    client,
    entityTypeId: spa.entityTypeId,
    rows,
    journal,
    xmlIdPrefix: 'kill',
    total: rows.length,
    useOriginalUfNames: true,
    concurrency: 2,
    settleMs: 60_000 / timeScale,
    costPerRowSeconds: 0.5,
  },
  { signal: new AbortController().signal, onProgress: (progress) => process.stdout.write(`${JSON.stringify(progress)}\n`) },
);
await journal.close();
process.stdout.write('finished\n');
