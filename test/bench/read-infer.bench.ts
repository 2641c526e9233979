/**
 * Reading + inference on a generated 100,000 × 12 tracker, as xlsx and as csv.
 *
 * Each measurement runs in its own child process (five times; medians) so
 * peak RSS (`maxRSS`) is that measurement's alone: the raw reader (exceljs
 * streaming / papaparse, with the same decode) next to our reader +
 * `inferSchema` as the app runs it, in the same `npm run bench` run.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';

const ROWS = 100_000;
const dir = fileURLToPath(new URL('../fixtures/generated/bench/', import.meta.url));
// A measuring child runs from a bundle in another folder, so it is handed the paths.
const xlsxPath = process.env.SPM_BENCH_XLSX ?? `${dir}read-infer-100k.xlsx`;
const csvPath = process.env.SPM_BENCH_CSV ?? `${dir}read-infer-100k.csv`;
const selfPath = fileURLToPath(import.meta.url);
const childPath = `${dir}read-infer-child.mjs`;

const HEADERS = ['№', 'Название', 'Клиент', 'E-mail', 'Телефон', 'Сумма', 'Дата', 'Статус', 'Ответственный', 'Оплачено', 'Теги', 'Комментарий'];
const STATUSES = ['Новая', 'В работе', 'На согласовании', 'Выполнено', 'Отказ'];
const OWNERS = ['Иванов И.И.', 'Петрова А.С.', 'Сидоров К.В.', 'Кузнецова Е.А.', 'Смирнов Д.О.'];
const CLIENTS = ['ООО «Ромашка»', 'АО «Вектор»', 'ООО «СтройМаш»', 'ИП Котов А.В.', 'ПАО «Северсталь»'];
const TAGS = ['опт', 'розница, vip', 'b2b; срочно', 'vip'];

function row(i: number): (string | number | boolean | Date)[] {
  return [
    i + 1,
    `Сделка по заказу ${100000 + i}`,
    CLIENTS[i % 5]!,
    `client${i}@example.ru`,
    `+7 (916) ${String(1000000 + i).slice(-7, -4)}-${String(i % 100).padStart(2, '0')}-${String((i * 7) % 100).padStart(2, '0')}`,
    Math.round(((i * 7919) % 1_000_000) * 100) / 100 + 0.5,
    new Date(Date.UTC(2023, 0, 1) + (i % 700) * 86_400_000),
    STATUSES[i % 5]!,
    OWNERS[(i * 3) % 5]!,
    i % 3 === 0 ? 'Да' : 'Нет',
    TAGS[i % 4]!,
    i % 4 === 0 ? `Комментарий к строке ${i}` : '',
  ];
}

async function generate(): Promise<void> {
  await mkdir(dir, { recursive: true });
  if (!existsSync(xlsxPath)) {
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsxPath, useSharedStrings: true, useStyles: true });
    const sheet = writer.addWorksheet('Сделки');
    sheet.addRow(HEADERS).commit();
    for (let i = 0; i < ROWS; i++) {
      const r = sheet.addRow(row(i));
      r.getCell(6).numFmt = '#,##0.00 "₽"';
      r.getCell(7).numFmt = 'dd.mm.yyyy';
      r.commit();
    }
    sheet.commit();
    await writer.commit();
  }
  if (!existsSync(csvPath)) {
    const lines = [HEADERS.join(';')];
    for (let i = 0; i < ROWS; i++) {
      lines.push(
        row(i)
          .map((v, c) => {
            if (v instanceof Date) return `${String(v.getUTCDate()).padStart(2, '0')}.${String(v.getUTCMonth() + 1).padStart(2, '0')}.${v.getUTCFullYear()}`;
            if (c === 5) return (v as number).toFixed(2).replace('.', ',');
            const text = String(v);
            return /[;"\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
          })
          .join(';'),
      );
    }
    await writeFile(csvPath, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf-8')]));
  }
}

type Mode = 'xlsx-raw' | 'xlsx-read' | 'xlsx-read-infer' | 'csv-raw' | 'csv-raw-rows' | 'csv-read' | 'csv-read-infer';

interface Measured {
  rows: number;
  ms: number;
  /** CPU time (user + system) of the measured section: steadier than wall time on a shared machine. */
  cpuMs: number;
  inferMs?: number;
  inferCpuMs?: number;
  /** The longest the event loop waited for a turn while inference ran (what a UI request could wait). */
  inferMaxBlockMs?: number;
}

/**
 * One measurement. Every module is loaded before the clock starts, on both
 * sides; the raw csv reader decodes with the same `decodeText` our reader uses
 * (for this file: a BOM, then the WHATWG UTF-8 decoder) and runs papaparse
 * with the same options (the delimiter is given to it; ours detects it).
 */
async function measure(mode: Mode): Promise<Measured> {
  const { readWorkbook } = await import('../../shared/sheet/spreadsheet/read-workbook');
  const { inferSchemaAsync } = await import('../../shared/sheet/inference/infer-schema');
  const { decodeText } = await import('../../shared/sheet/spreadsheet/decode-text');
  const cpu = (since: NodeJS.CpuUsage): number => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  const start = performance.now();
  const startCpu = process.cpuUsage();
  if (mode === 'xlsx-raw') {
    const bytes = await readFile(xlsxPath);
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), { sharedStrings: 'cache', styles: 'cache', worksheets: 'emit', hyperlinks: 'ignore', entries: 'ignore' });
    let rows = 0;
    let cells = 0;
    for await (const worksheet of reader) {
      for await (const r of worksheet as unknown as AsyncIterable<ExcelJS.Row>) {
        rows++;
        r.eachCell(() => {
          cells++;
        });
      }
    }
    if (cells === 0) throw new Error('bench: no cells');
    return { rows: rows - 1, ms: performance.now() - start, cpuMs: cpu(startCpu) };
  }
  if (mode === 'csv-raw' || mode === 'csv-raw-rows') {
    const bytes = await readFile(csvPath);
    const { text } = decodeText(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    // csv-raw-rows keeps the rows, as any reader that hands a table on must.
    const kept: string[][] = [];
    const keep = mode === 'csv-raw-rows';
    let rows = 0;
    await new Promise<void>((resolve, reject) => {
      Papa.parse<string[]>(text, {
        delimiter: ';',
        dynamicTyping: false,
        skipEmptyLines: false,
        chunkSize: 1 << 20,
        chunk: (results: Papa.ParseResult<string[]>) => {
          rows += results.data.length;
          if (keep) for (const row of results.data) kept.push(row);
        },
        complete: () => resolve(),
        error: (error: Error) => reject(error),
      });
    });
    // The header line and the empty line after the last line break are no data rows.
    return { rows: rows - 2, ms: performance.now() - start, cpuMs: cpu(startCpu) };
  }
  const path = mode.startsWith('xlsx') ? xlsxPath : csvPath;
  const bytes = new Uint8Array(await readFile(path));
  const workbook = await readWorkbook(bytes, path.split('/').pop()!, { signal: new AbortController().signal, onProgress: () => undefined });
  const table = workbook.sheets[0]!;
  const readMs = performance.now() - start;
  const readCpu = cpu(startCpu);
  if (!mode.endsWith('infer')) return { rows: table.rows.length, ms: readMs, cpuMs: readCpu };
  // What the app and `spmigrate inspect` run: the other sheets are lookups for stage and list order.
  const lookups = workbook.sheets.filter((sheet) => sheet !== table).map((sheet) => ({ name: sheet.name, headers: sheet.headers, rows: sheet.rows }));
  // Another request's turn comes at every yield: the longest wait between turns is how long the UI could stall.
  let maxBlock = 0;
  let lastTurn = performance.now();
  let running = true;
  const turn = (): void => {
    const now = performance.now();
    maxBlock = Math.max(maxBlock, now - lastTurn);
    lastTurn = now;
    if (running) setImmediate(turn);
  };
  setImmediate(turn);
  const schema = await inferSchemaAsync(table, { lookups }, { signal: new AbortController().signal, onProgress: () => undefined });
  running = false;
  if (schema.columns.length !== 12 || schema.stage === null) throw new Error('bench: expected 12 columns and a stage column');
  const ms = performance.now() - start;
  const cpuMs = cpu(startCpu);
  return { rows: table.rows.length, ms, cpuMs, inferMs: ms - readMs, inferCpuMs: cpuMs - readCpu, inferMaxBlockMs: maxBlock };
}

const REPEATS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Repeated {
  rows: number;
  ms: number;
  minMs: number;
  cpuMs: number;
  inferMs: number;
  inferCpuMs: number;
  inferMaxBlockMs: number;
  peakRssMB: number;
  peakRssRangeMB: [number, number];
}

/** Runs a mode REPEATS times, each in a fresh process; medians (the machine is shared, so single runs vary). */
async function repeated(mode: Mode): Promise<Repeated> {
  const runs: (Measured & { peakRssMB: number })[] = [];
  for (let i = 0; i < REPEATS; i++) runs.push(await inChild(mode));
  const rss = runs.map((r) => r.peakRssMB);
  return {
    rows: runs[0]!.rows,
    ms: median(runs.map((r) => r.ms)),
    minMs: Math.min(...runs.map((r) => r.ms)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    inferMs: median(runs.map((r) => r.inferMs ?? 0)),
    inferCpuMs: median(runs.map((r) => r.inferCpuMs ?? 0)),
    inferMaxBlockMs: median(runs.map((r) => r.inferMaxBlockMs ?? 0)),
    peakRssMB: median(rss),
    peakRssRangeMB: [Math.min(...rss), Math.max(...rss)],
  };
}

/**
 * Bundles this file for the measuring children, as the Electron main process
 * ships (esbuild, packages external): plain node runs it, so no TypeScript
 * loader (tsx's hooks thread, ~30 MB) sits in the measured process, on either side.
 */
async function bundleChild(): Promise<void> {
  const { build } = await import('esbuild');
  await build({ entryPoints: [selfPath], outfile: childPath, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
}

function inChild(mode: Mode): Promise<Measured & { peakRssMB: number }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, SPM_BENCH_CHILD: mode, SPM_BENCH_XLSX: xlsxPath, SPM_BENCH_CSV: csvPath };
    // SPM_BENCH_TSX=1 measures the way `spmigrate` runs instead: the TypeScript source through tsx.
    const viaTsx = process.env.SPM_BENCH_TSX === '1';
    const child = fork(viaTsx ? selfPath : childPath, [], { env, execArgv: viaTsx ? ['--import', 'tsx'] : [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (message) => resolve(message as Measured & { peakRssMB: number }));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`bench child ${mode} exited with ${code}`));
    });
  });
}

const seconds = (ms: number): number => +(ms / 1000).toFixed(2);
const percent = (part: number, whole: number): number => Math.round((part / whole) * 100);

function summary(m: Repeated): Record<string, unknown> {
  return {
    seconds: seconds(m.ms),
    fastestSeconds: seconds(m.minMs),
    cpuSeconds: seconds(m.cpuMs),
    rowsPerSecond: Math.round((m.rows / m.ms) * 1000),
    peakRssMB: m.peakRssMB,
    peakRssRangeMB: m.peakRssRangeMB,
  };
}

/** Runs the benchmark and returns its JSON result. */
export async function run(): Promise<Record<string, unknown>> {
  await generate();
  await bundleChild();
  const result: Record<string, unknown> = {
    rows: ROWS,
    columns: 12,
    files: { xlsxMB: +((await stat(xlsxPath)).size / 2 ** 20).toFixed(1), csvMB: +((await stat(csvPath)).size / 2 ** 20).toFixed(1) },
  };
  for (const format of ['xlsx', 'csv'] as const) {
    const raw = await repeated(`${format}-raw`);
    const rawRows = format === 'csv' ? await repeated('csv-raw-rows') : null;
    const read = await repeated(`${format}-read`);
    const full = await repeated(`${format}-read-infer`);
    result[format] = {
      rawReader: { library: format === 'xlsx' ? 'exceljs streaming WorkbookReader, rows discarded' : 'papaparse (streaming chunks), rows discarded', ...summary(raw) },
      ...(rawRows ? { rawReaderKeepingRows: { library: 'papaparse (streaming chunks), rows kept in memory', ...summary(rawRows) } } : {}),
      read: summary(read),
      readAndInfer: { ...summary(full), inferSeconds: seconds(full.inferMs), inferCpuSeconds: seconds(full.inferCpuMs), inferLongestStallMs: Math.round(full.inferMaxBlockMs) },
      // The target's wording: the time inference adds, against the raw reader alone (wall clock, and CPU).
      inferenceOverRawPercent: percent(full.inferMs, raw.ms),
      inferenceCpuOverRawCpuPercent: percent(full.inferCpuMs, raw.cpuMs),
      // Everything ours does beyond the raw reader: reading (encoding and delimiter detection, the table region) and inference.
      readAndInferOverRawPercent: percent(full.ms - raw.ms, raw.ms),
      readAndInferCpuOverRawCpuPercent: percent(full.cpuMs - raw.cpuMs, raw.cpuMs),
      ...(rawRows ? { readAndInferOverRawKeepingRowsPercent: percent(full.ms - rawRows.ms, rawRows.ms) } : {}),
    };
  }
  result.method = `each measurement in a fresh child process (${process.env.SPM_BENCH_TSX === '1' ? 'TypeScript through tsx, as spmigrate runs' : 'plain node on an esbuild bundle, as the app ships'}), every module loaded before the clock starts, ${REPEATS} runs: medians of wall time, CPU time (user + system) and peak RSS (process maxRSS)`;
  result.inference = 'inferSchemaAsync, as the app runs it: slices of 8,192 rows and one column at a time, yielding between them; inferLongestStallMs is the longest the event loop went without a turn';
  result.targets = { inferenceAddsAtMostPercent: 30, xlsxPeakRssUnderMB: 400 };
  return result;
}

const childMode = process.env.SPM_BENCH_CHILD as Mode | undefined;
if (childMode && process.send) {
  const measured = await measure(childMode);
  process.send({ ...measured, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }, () => process.exit(0));
}
