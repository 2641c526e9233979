import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inferSchema } from '../../shared/sheet/inference/infer-schema';
import type { Schema } from '../../shared/sheet/inference/types';
import { readWorkbook } from '../../shared/sheet/spreadsheet/read-workbook';
import { AFTER_HOLDOUT, BLIND_HOLDOUT, FRESH, LATE_HOLDOUT } from './fresh-trackers';
import { generateCorpus } from './generate-corpus';
import type { TrackerSpec } from './trackers';

const dir = fileURLToPath(new URL('../fixtures/generated/', import.meta.url));
const control = { signal: new AbortController().signal, onProgress: () => undefined };

/** One file's score per aspect, as hits of a total. */
type Score = Record<'region' | 'types' | 'roles' | 'stageColumn' | 'stageOrder' | 'semantics' | 'title' | 'key' | 'warnings', [number, number]>;

function score(spec: TrackerSpec, schema: Schema, misses: string[]): Score {
  const s: Score = { region: [0, 1], types: [0, 0], roles: [0, 0], stageColumn: [0, 1], stageOrder: [0, 1], semantics: [0, 1], title: [0, 1], key: [0, 1], warnings: [0, 1] };
  const miss = (what: string): number => (misses.push(`${spec.file} ${what}`), 0);
  // The table region: header row (the lower one of a two-row header), headers and row count.
  const headerLines = spec.quirks?.groupHeader ? 2 : 1;
  const titleLines = (spec.titleRows?.length ?? 0) + (spec.format === 'csv' && spec.titleRows ? 1 : 0);
  const region = { headerRow: schema.headerRow, headers: schema.columns.map((c) => c.header).join(' | '), rows: schema.dataRows };
  const wantRegion = { headerRow: titleLines + headerLines, headers: spec.columns.map((c) => c.header).join(' | '), rows: spec.rows };
  s.region[0] = JSON.stringify(region) === JSON.stringify(wantRegion) ? 1 : miss(`region: expected ${JSON.stringify(wantRegion)}, got ${JSON.stringify(region)}`);
  for (const column of spec.columns) {
    const got = schema.columns.find((c) => c.header === column.header);
    const type = `${got?.type}${got?.multiple ? '[]' : ''}`;
    const wantType = `${column.expect.type}${column.expect.multiple ? '[]' : ''}`;
    s.types[1]++;
    s.types[0] += type === wantType ? 1 : miss(`“${column.header}” type: expected ${wantType}, got ${type}`);
    s.roles[1]++;
    s.roles[0] += (got?.role ?? null) === (column.expect.role ?? null) ? 1 : miss(`“${column.header}” role: expected ${column.expect.role ?? null}, got ${got?.role ?? null}`);
  }
  s.stageColumn[0] = schema.stage?.header === spec.stage?.header ? 1 : miss(`stage column: expected ${spec.stage?.header}, got ${schema.stage?.header}`);
  const order = schema.stage?.stages.map((st) => st.name) ?? [];
  // Failure stages are alternative ends, not steps: their order among themselves is not compared.
  const comparable = (names: string[], semantics: string[]): string =>
    JSON.stringify([...names.filter((_n, i) => semantics[i] !== 'failure'), ...names.filter((_n, i) => semantics[i] === 'failure').sort()]);
  const orderHit = comparable(order, schema.stage?.stages.map((st) => st.semantics) ?? []) === comparable(spec.stage?.order ?? [], spec.stage?.semantics ?? []);
  s.stageOrder[0] = orderHit ? 1 : miss(`stage order: expected ${spec.stage?.order.join(' → ')}, got ${order.join(' → ')}`);
  // Success and failure: which values end the process, whatever the order of the others.
  const ends = (names: string[], semantics: string[]): string => names.map((n, i) => `${n}:${semantics[i]}`).filter((e) => !e.endsWith(':process')).sort().join(', ');
  const gotEnds = ends(order, schema.stage?.stages.map((st) => st.semantics) ?? []);
  const wantEnds = ends(spec.stage?.order ?? [], spec.stage?.semantics ?? []);
  s.semantics[0] = gotEnds === wantEnds ? 1 : miss(`success/failure: expected ${wantEnds}, got ${gotEnds}`);
  const title = schema.title?.column === null || schema.title?.column === undefined ? null : schema.columns[schema.title.column]!.header;
  s.title[0] = title === spec.title ? 1 : miss(`title: expected ${spec.title}, got ${title}`);
  const wantKey = spec.columns.find((c) => c.expect.role === 'key')?.header ?? null;
  const gotKey = schema.columns.find((c) => c.role === 'key')?.header ?? null;
  s.key[0] = gotKey === wantKey ? 1 : miss(`key: expected ${wantKey}, got ${gotKey}`);
  // None of these files has ambiguous dates or formulas without a saved result.
  const wrongWarnings = schema.warnings.filter((w) => w.code === 'AMBIGUOUS_DATE_ORDER' || w.code === 'FORMULA_WITHOUT_RESULT');
  s.warnings[0] = wrongWarnings.length === 0 ? 1 : miss(`warnings: ${wrongWarnings.map((w) => w.message).join(' | ')}`);
  return s;
}

/** Generates and reads `trackers`, scores each file, and writes the per-file table to `name`/accuracy.json. */
async function run(name: string, trackers: TrackerSpec[]): Promise<{ totals: Record<string, [number, number]>; misses: string[] }> {
  const out = `${dir}${name}/`;
  const files = await generateCorpus(out, trackers);
  const report: Record<string, Record<string, string>> = {};
  const totals: Record<string, [number, number]> = {};
  const misses: string[] = [];
  for (const { spec, path } of files) {
    const workbook = await readWorkbook(new Uint8Array(await readFile(path)), spec.file, control);
    const table = workbook.sheets[0]!;
    const lookups = workbook.sheets.slice(1).map((s) => ({ name: s.name, headers: s.headers, rows: s.rows }));
    const s = score(spec, inferSchema(table, { lookups }), misses);
    report[spec.file] = Object.fromEntries(Object.entries(s).map(([k, [hits, total]]) => [k, `${hits}/${total}`]));
    for (const [k, [hits, total]] of Object.entries(s)) {
      totals[k] ??= [0, 0];
      totals[k][0] += hits;
      totals[k][1] += total;
    }
  }
  await writeFile(`${out}accuracy.json`, JSON.stringify({ perFile: report, totals, misses }, null, 2));
  return { totals, misses };
}

describe('fresh trackers (domains and layouts the rules were not built on)', () => {
  it('reads every table region and gets types, roles, stages, titles and keys right on each file', async () => {
    expect(FRESH.length).toBeGreaterThanOrEqual(7);
    const { misses } = await run('fresh', FRESH);
    expect(misses, misses.join('\n')).toEqual([]);
  }, 60_000);

  // Hold-out sets, each written (answers first) before or after a round of rule changes: reported, not required to be perfect.
  const HOLDOUTS: Array<[string, string, TrackerSpec[]]> = [
    ['late', 'written after the rules changed', LATE_HOLDOUT],
    ['blind', 'written before the last round of rule changes', BLIND_HOLDOUT],
    ['after', 'written after that round', AFTER_HOLDOUT],
  ];
  it.each(HOLDOUTS)('on the %s trackers (%s), reads every region and at least 85%% of types and roles, and lists every miss', async (name, _when, trackers) => {
    const { totals, misses } = await run(name, trackers);
    expect(totals.region![0] / totals.region![1], misses.join('\n')).toBe(1);
    expect((totals.types![0] + totals.roles![0]) / (totals.types![1] + totals.roles![1]), misses.join('\n')).toBeGreaterThanOrEqual(0.85);
  }, 60_000);
});
