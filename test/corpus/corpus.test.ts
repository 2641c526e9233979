import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { inferSchema } from '../../shared/sheet/inference/infer-schema';
import type { Schema } from '../../shared/sheet/inference/types';
import { readWorkbook } from '../../shared/sheet/spreadsheet/read-workbook';
import type { Workbook } from '../../shared/sheet/spreadsheet/types';
import { generateCorpus } from './generate-corpus';
import { TRACKERS, type TrackerSpec } from './trackers';

const dir = fileURLToPath(new URL('../fixtures/generated/corpus/', import.meta.url));
const control = { signal: new AbortController().signal, onProgress: () => undefined };

interface Result {
  spec: TrackerSpec;
  workbook: Workbook;
  schema: Schema;
}
const results = new Map<string, Result>();

beforeAll(async () => {
  const files = await generateCorpus(dir);
  for (const { spec, path } of files) {
    const workbook = await readWorkbook(new Uint8Array(await readFile(path)), spec.file, control);
    const table = workbook.sheets[0]!;
    const lookups = workbook.sheets.slice(1).map((s) => ({ name: s.name, headers: s.headers, rows: s.rows }));
    results.set(spec.file, { spec, workbook, schema: inferSchema(table, { lookups }) });
  }
  await writeFile(`${dir}/accuracy.json`, JSON.stringify(accuracy(), null, 2));
}, 60_000);

/** Counts hits per aspect over the whole corpus (reported in the README). */
function accuracy(): Record<string, { hits: number; total: number }> {
  const tally: Record<string, { hits: number; total: number }> = {};
  const count = (key: string, hit: boolean): void => {
    tally[key] ??= { hits: 0, total: 0 };
    tally[key].total++;
    if (hit) tally[key].hits++;
  };
  for (const { spec, schema } of results.values()) {
    for (const column of spec.columns) {
      const got = schema.columns.find((c) => c.header === column.header);
      count(`type:${column.expect.type}`, got?.type === column.expect.type);
      count('type', got?.type === column.expect.type);
      const role = column.expect.role ?? null;
      count(`role:${role ?? 'none'}`, (got?.role ?? null) === role);
      count('role', (got?.role ?? null) === role);
      count('multiple', (got?.multiple ?? false) === (column.expect.multiple ?? false));
    }
    count('stage column', schema.stage?.header === spec.stage?.header);
    count('stage order', JSON.stringify(schema.stage?.stages.map((s) => s.name)) === JSON.stringify(spec.stage?.order));
    count('stage semantics', JSON.stringify(schema.stage?.stages.map((s) => s.semantics)) === JSON.stringify(spec.stage?.semantics));
  }
  return tally;
}

describe('corpus of realistic trackers', () => {
  it('has at least 12 trackers in xlsx and csv, ru and en, several encodings and delimiters', () => {
    expect(TRACKERS.length).toBeGreaterThanOrEqual(12);
    expect(new Set(TRACKERS.map((t) => t.format))).toEqual(new Set(['xlsx', 'csv']));
    expect(new Set(TRACKERS.filter((t) => t.format === 'csv').map((t) => t.encoding)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(TRACKERS.filter((t) => t.format === 'csv').map((t) => t.delimiter)).size).toBe(4);
  });

  for (const spec of TRACKERS) {
    describe(spec.file, () => {
      it('reads the table region: header row, data rows, encoding and delimiter', () => {
        const { workbook, schema } = results.get(spec.file)!;
        const titleRows = spec.titleRows?.length ?? 0;
        expect(schema.headerRow).toBe(titleRows + (spec.format === 'csv' && titleRows > 0 ? 2 : 1));
        expect(schema.dataRows).toBe(spec.rows);
        expect(schema.columns.map((c) => c.header)).toEqual(spec.columns.map((c) => c.header));
        if (spec.format === 'csv') {
          const expectedEncoding = spec.encoding === 'utf-8-bom' ? 'utf-8' : spec.encoding;
          expect(workbook.encoding).toBe(expectedEncoding);
          expect(workbook.delimiter).toBe(spec.delimiter);
        }
      });

      for (const column of spec.columns) {
        it(`column “${column.header}”: ${column.expect.type}${column.expect.multiple ? '[]' : ''}${column.expect.role ? ` as ${column.expect.role}` : ''}`, () => {
          const got = results.get(spec.file)!.schema.columns.find((c) => c.header === column.header)!;
          const summary = { type: got.type, role: got.role, multiple: got.multiple, evidence: got.evidence };
          expect(summary).toMatchObject({ type: column.expect.type, role: column.expect.role ?? null, multiple: column.expect.multiple ?? false });
          if (column.expect.currency) expect(got.currency).toBe(column.expect.currency);
          expect(got.misfitCount).toBe(0);
        });
      }

      it('finds the stage column, its order and semantics', () => {
        const { schema } = results.get(spec.file)!;
        if (!spec.stage) {
          expect(schema.stage).toBeNull();
          return;
        }
        expect(schema.stage?.header).toBe(spec.stage.header);
        expect(schema.stage?.stages.map((s) => s.name)).toEqual(spec.stage.order);
        expect(schema.stage?.stages.map((s) => s.semantics)).toEqual(spec.stage.semantics);
        expect(schema.stage?.stages.reduce((n, s) => n + s.count, 0)).toBe(spec.rows);
      });

      it('picks the title', () => {
        const { schema } = results.get(spec.file)!;
        const column = schema.title?.column;
        expect(column === null || column === undefined ? null : schema.columns[column]!.header).toBe(spec.title);
      });
    });
  }
});
