import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferSchema } from '../../shared/sheet/inference/infer-schema';
import type { Schema } from '../../shared/sheet/inference/types';
import { readWorkbook } from '../../shared/sheet/spreadsheet/read-workbook';
import type { Workbook } from '../../shared/sheet/spreadsheet/types';
import { generateCorpus } from './generate-corpus';

const control = { signal: new AbortController().signal, onProgress: () => undefined };
const TWINS = [
  ['xls', 'biff8'],
  ['xlsb', 'xlsb'],
  ['ods', 'ods'],
] as const;

let dir: string;
const files: { file: string; bytes: Uint8Array }[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'legacy-twins-'));
  for (const { spec, path } of await generateCorpus(dir)) if (spec.file.endsWith('.xlsx')) files.push({ file: spec.file, bytes: new Uint8Array(await readFile(path)) });
}, 60_000);
afterAll(async () => rm(dir, { recursive: true, force: true }));

function schemaOf(workbook: Workbook): Schema {
  const lookups = workbook.sheets.slice(1).map((s) => ({ name: s.name, headers: s.headers, rows: s.rows }));
  return inferSchema(workbook.sheets[0]!, { lookups });
}

/** The twin SheetJS writes from the xlsx: same cells, formats, merges and links, in another container. */
function twin(bytes: Uint8Array, bookType: XLSX.BookType): Uint8Array {
  const book = XLSX.read(bytes, { type: 'array', cellNF: true, cellFormula: true, cellStyles: true });
  return XLSX.write(book, { type: 'buffer', bookType }) as Uint8Array;
}

describe('.xls, .xlsb and .ods twins of the corpus read like their .xlsx', () => {
  for (const [ext, bookType] of TWINS) {
    it(`gives the same table and schema for every corpus file as .${ext}`, async () => {
      expect(files.length).toBeGreaterThan(5);
      for (const { file, bytes } of files) {
        const original = await readWorkbook(bytes, file, control);
        const name = file.replace(/\.xlsx$/, `.${ext}`);
        const legacy = await readWorkbook(twin(bytes, bookType), name, control);
        expect(legacy.format, name).toBe(ext);
        const [a, b] = [original.sheets[0]!, legacy.sheets[0]!];
        expect({ headerRow: b.headerRow, headers: b.headers, rows: b.rowNumbers.length }, name).toEqual({ headerRow: a.headerRow, headers: a.headers, rows: a.rowNumbers.length });
        const [sa, sb] = [schemaOf(original), schemaOf(legacy)];
        // SheetJS's .ods writer keeps no currency formats, so an amount column without a money header word reads as a plain number there.
        const dropsCurrency = ext === 'ods';
        const typeOf = (type: string): string => (dropsCurrency && type === 'money' ? 'double' : type);
        const typed = (s: Schema): unknown => s.columns.map((c) => [c.header, typeOf(c.type), c.role]);
        expect(typed(sb), name).toEqual(typed(sa));
        // Evidence wording may differ: SheetJS's writers drop data-validation lists (and .ods drops currency formats), so the twin proves order and money by other signals.
        const facts = (s: Schema): unknown => ({
          headerRow: s.headerRow,
          dataRows: s.dataRows,
          stage: s.stage && { column: s.stage.column, stages: s.stage.stages.map((st) => [st.name, st.semantics, st.count]) },
          title: s.title,
          key: s.columns.find((c) => c.role === 'key')?.header,
          examples: s.columns.map((c) => c.examples.map((e) => (/^-?\d+\.\d{9,}$/.test(e) ? Number(e).toFixed(6) : e))),
        });
        expect(facts(sb), name).toEqual(facts(sa));
      }
    }, 120_000);
  }
});
