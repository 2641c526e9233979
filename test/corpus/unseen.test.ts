import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inferSchema } from '../../shared/sheet/inference/infer-schema';
import { readWorkbook } from '../../shared/sheet/spreadsheet/read-workbook';
import { generateCorpus } from './generate-corpus';
import { UNSEEN } from './unseen-trackers';

const dir = fileURLToPath(new URL('../fixtures/generated/unseen/', import.meta.url));
const control = { signal: new AbortController().signal, onProgress: () => undefined };

describe('hold-out trackers (not used to tune the rules)', () => {
  it('infers at least 85% of types and roles and most stage orders, and lists every miss', async () => {
    const files = await generateCorpus(dir, UNSEEN);
    let hits = 0;
    let total = 0;
    let stageHits = 0;
    const misses: string[] = [];
    for (const { spec, path } of files) {
      const workbook = await readWorkbook(new Uint8Array(await readFile(path)), spec.file, control);
      const schema = inferSchema(workbook.sheets[0]!);
      for (const column of spec.columns) {
        const got = schema.columns.find((c) => c.header === column.header);
        for (const [aspect, want, have] of [
          ['type', column.expect.type, got?.type],
          ['role', column.expect.role ?? null, got?.role ?? null],
        ] as const) {
          total++;
          if (want === have) hits++;
          else misses.push(`${spec.file} “${column.header}” ${aspect}: expected ${want}, got ${have}`);
        }
      }
      const order = schema.stage?.stages.map((s) => `${s.name}:${s.semantics}`);
      const want = spec.stage?.order.map((name, i) => `${name}:${spec.stage!.semantics[i]}`);
      if (JSON.stringify(order) === JSON.stringify(want)) stageHits++;
      else misses.push(`${spec.file} stages: expected ${want?.join(' → ')}, got ${order?.join(' → ')}`);
    }
    const report = { typeAndRoleAccuracy: hits / total, hits, total, stageOrdersRight: stageHits, trackers: files.length, misses };
    await writeFile(`${dir}/accuracy.json`, JSON.stringify(report, null, 2));
    expect(hits / total, misses.join('\n')).toBeGreaterThanOrEqual(0.85);
    expect(stageHits, misses.join('\n')).toBeGreaterThanOrEqual(files.length - 1);
  }, 60_000);
});
