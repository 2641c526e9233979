/**
 * The sandbox's own ceiling: how fast it ingests rows when no limit applies
 * (plan `unlimited`), in memory and persisted, and how long an `@xmlId`
 * look-up of 50 keys takes on the loaded type. Loader benchmarks use it to show
 * the emulator is not their bottleneck.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '../../sandbox/start-sandbox';

const REQUESTS = 20;
const COMMANDS = 50;
const ROWS_PER_IMPORT = 20;

async function post(url: string, body: unknown): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return response.json();
}

async function measure(persisted: boolean): Promise<Record<string, unknown>> {
  const dir = persisted ? await mkdtemp(join(tmpdir(), 'sandbox-bench-')) : undefined;
  const sandbox = await startSandbox({ plan: 'unlimited', dataDir: dir });
  try {
    const type = (await post(`${sandbox.webhook}crm.type.add`, { fields: { title: 'Bench', isStagesEnabled: 'Y' } })).result.type;
    await post(`${sandbox.webhook}userfieldconfig.add`, { moduleId: 'crm', field: { entityId: `CRM_${type.id}`, fieldName: `UF_CRM_${type.id}_NOTE`, userTypeId: 'string' } });
    let row = 0;
    const started = performance.now();
    for (let request = 0; request < REQUESTS; request += 1) {
      const cmd: Record<string, string> = {};
      for (let command = 0; command < COMMANDS; command += 1) {
        const query = new URLSearchParams({ entityTypeId: String(type.entityTypeId) });
        for (let i = 0; i < ROWS_PER_IMPORT; i += 1, row += 1) {
          query.set(`data[${i}][title]`, `Row ${row}`);
          query.set(`data[${i}][xmlId]`, `bench:${row}`);
          query.set(`data[${i}][ufCrm${type.id}Note]`, 'note');
        }
        cmd[`c${command}`] = `crm.item.batchImport?${query.toString()}`;
      }
      const answer = await post(`${sandbox.webhook}batch`, { halt: 0, cmd });
      if (!Array.isArray(answer.result.result_error)) throw new Error(`bench batch failed: ${JSON.stringify(answer.result.result_error).slice(0, 200)}`);
    }
    const ingestMs = performance.now() - started;
    const lookupStarted = performance.now();
    const keys = Array.from({ length: 50 }, (_, i) => `bench:${i * Math.floor(row / 50)}`);
    const found = await post(`${sandbox.webhook}crm.item.list`, { entityTypeId: type.entityTypeId, filter: { '@xmlId': keys }, select: ['id', 'xmlId'], start: -1 });
    const lookupMs = performance.now() - lookupStarted;
    return {
      config: { plan: 'unlimited', persisted, requests: REQUESTS, commandsPerBatch: COMMANDS, rowsPerImport: ROWS_PER_IMPORT },
      rows: row,
      ingestMs: Math.round(ingestMs),
      rowsPerSecond: Math.round((row / ingestMs) * 1000),
      xmlIdLookup50Ms: Math.round(lookupMs),
      lookupFound: found.result.items.length,
      stateFileMB: dir === undefined ? null : Number(((await stat(join(dir, 'portal.json'))).size / 1e6).toFixed(1)),
    };
  } finally {
    await sandbox.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }
}

/** Runs the measurement in memory and persisted. */
export async function run(): Promise<Record<string, unknown>> {
  return { memory: await measure(false), persisted: await measure(true) };
}
