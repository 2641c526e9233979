import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptedXlsxBytes } from '../sheet/spreadsheet/foreign-files';
import { damagedDeflateXlsx, deflateRepeated, rawZip, sheetJsWorkbook, tableRows, textCell, validXlsx, xlsxParts, zipParts, type RawPart } from './hostile-files';

const BIN = fileURLToPath(new URL('../../bin/spmigrate.mjs', import.meta.url));
// The bounds every hostile file must stay within, for the whole CLI process (tsx start-up included,
// about 1.5 s and 150 MB on its own). Generous for a loaded 2-core CI machine; before the read
// bounds, the worst files took 60–80 s and 2.6 GB or died out of memory.
const MAX_SECONDS = 10;
const MAX_RSS_MB = 600;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  rssMb: number;
}

/** Runs `spmigrate <argv>` as a child under /usr/bin/time, which reports its peak RSS. */
function spmigrate(argv: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'SPM_TIME %M', process.execPath, BIN, ...argv], { cwd: dir, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The bound is asserted below; this only keeps a regression from hanging the suite.
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      const seconds = (performance.now() - started) / 1000;
      const match = /SPM_TIME (\d+)/.exec(stderr);
      resolve({ code, stdout, stderr: stderr.replace(/SPM_TIME \d+\n?/, ''), seconds, rssMb: match ? Number(match[1]) / 1024 : Number.NaN });
    });
  });
}

let dir: string;
const measured: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-hostile-'));
});

afterAll(async () => {
  console.log(`hostile files (seconds, peak RSS MB):\n${measured.join('\n')}`);
  await rm(dir, { recursive: true, force: true });
});

interface HostileCase {
  what: string;
  file: string;
  make: () => Buffer | Promise<Buffer>;
  code: string;
  /** `params.limit` of a FILE_LIMIT_EXCEEDED error. */
  limit?: string;
  message: RegExp;
}

/** The parts with the one named like `part` replaced by it. */
function swapPart(parts: RawPart[], part: RawPart): RawPart[] {
  return parts.map((candidate) => (candidate.name === part.name ? part : candidate));
}

const csvTable = 'Key,Status,Amount\nK-1,Open,10\nK-2,Done,20\nK-3,Open,30\n';

const cases: HostileCase[] = [
  { what: 'a damaged deflate stream', file: 'damaged.xlsx', make: damagedDeflateXlsx, code: 'FILE_CORRUPT', message: /damaged: its part xl\/worksheets\/sheet1\.xml cannot be unpacked/ },
  { what: 'a truncated zip', file: 'truncated.xlsx', make: () => validXlsx().subarray(0, 3000), code: 'FILE_CORRUPT', message: /not a valid Excel workbook/ },
  { what: 'text with an .xlsx name', file: 'text.xlsx', make: () => Buffer.from(csvTable), code: 'FILE_CORRUPT', message: /contents are not an xlsx file/ },
  {
    what: 'one stray cell at XFD1048576',
    file: 'far-cell.xlsx',
    make: () => rawZip(xlsxParts(`${tableRows(3)}<row r="1048576">${textCell('XFD1048576', 'x')}</row>`)),
    code: 'FILE_LIMIT_EXCEEDED',
    limit: 'columns',
    message: /uses 16,384 columns \(up to cell XFD1048576\)/,
  },
  {
    what: 'one stray cell a million rows below the table',
    file: 'far-row.xlsx',
    make: () => rawZip(xlsxParts(`${tableRows(3)}<row r="1048576">${textCell('A1048576', 'x')}</row>`)),
    code: 'FILE_LIMIT_EXCEEDED',
    limit: 'emptyRowGap',
    message: /used row 1,048,576 after 1,048,571 empty rows/,
  },
  {
    what: 'a shared-string table that declares 800 MB',
    file: 'sst-declared.xlsx',
    make: () => rawZip(xlsxParts(tableRows(3), { name: 'xl/sharedStrings.xml', data: '<sst/>', declaredSize: 800 * 1024 * 1024 })),
    code: 'FILE_LIMIT_EXCEEDED',
    limit: 'partBytes',
    message: /xl\/sharedStrings\.xml expands to 800 MB/,
  },
  {
    what: 'a shared-string bomb (a few KB expanding 1000-fold)',
    file: 'sst-bomb.xlsx',
    make: () => {
      const { body, size } = deflateRepeated('<sst>', '<si><t/></si>', 2_000_000, '</sst>');
      return rawZip(xlsxParts(tableRows(3), { name: 'xl/sharedStrings.xml', data: '', body, declaredSize: size }));
    },
    code: 'FILE_LIMIT_EXCEEDED',
    limit: 'compressionRatio',
    message: /xl\/sharedStrings\.xml expands \d+-fold/,
  },
  {
    what: 'a shared-string bomb whose directory understates its size',
    file: 'sst-lying.xlsx',
    make: () => {
      const { body } = deflateRepeated('<sst>', '<si><t/></si>', 2_000_000, '</sst>');
      return rawZip(xlsxParts(tableRows(3), { name: 'xl/sharedStrings.xml', data: '', body, declaredSize: 4096 }));
    },
    code: 'FILE_CORRUPT',
    message: /its part xl\/sharedStrings\.xml cannot be unpacked/,
  },
  {
    what: 'more shared strings than the bound, honestly declared',
    file: 'sst-count.xlsx',
    make: () => {
      const items: string[] = [];
      for (let i = 0; i < 2_100_000; i++) items.push(`<si><t>${i.toString(36)}</t></si>`);
      return rawZip(xlsxParts(tableRows(3), `${items.join('')}`));
    },
    code: 'FILE_LIMIT_EXCEEDED',
    limit: 'sharedStrings',
    message: /holds 2,100,000 distinct texts/,
  },
  {
    what: 'a sheet XML bomb (inflated-to-compressed ratio)',
    file: 'sheet-bomb.xlsx',
    make: () => {
      const { body, size } = deflateRepeated(`<worksheet><sheetData>${tableRows(3)}`, '<row r="5"/>', 3_000_000, '</sheetData></worksheet>');
      return rawZip(xlsxParts({ name: 'xl/worksheets/sheet1.xml', data: '', body, declaredSize: size }));
    },
    code: 'FILE_LIMIT_EXCEEDED',
    limit: 'compressionRatio',
    message: /xl\/worksheets\/sheet1\.xml expands \d+-fold/,
  },
  {
    what: 'a huge single cell in an xlsx',
    file: 'huge-cell.xlsx',
    make: () => rawZip(xlsxParts(`${tableRows(3)}<row r="5">${textCell('B5', 'x'.repeat(40_000))}</row>`)),
    code: 'FILE_LIMIT_EXCEEDED',
    limit: 'cellChars',
    message: /Cell B5 of sheet “Data” in “huge-cell\.xlsx” holds 40,000 characters/,
  },
  {
    what: 'an .ods whose content.xml is a bomb, honestly declared',
    file: 'bomb.ods',
    make: () => {
      const { body, size } = deflateRepeated('<office:document-content>', '<table:table-row/>', 3_000_000, '</office:document-content>');
      return rawZip(swapPart(zipParts(sheetJsWorkbook('ods')), { name: 'content.xml', data: '', body, declaredSize: size }));
    },
    code: 'FILE_LIMIT_EXCEEDED',
    limit: 'compressionRatio',
    message: /its part content\.xml expands \d+-fold/,
  },
  {
    what: 'an .ods bomb whose directory understates its size',
    file: 'bomb-lying.ods',
    make: () => {
      const { body } = deflateRepeated('<office:document-content>', '<table:table-row/>', 3_000_000, '</office:document-content>');
      return rawZip(swapPart(zipParts(sheetJsWorkbook('ods')), { name: 'content.xml', data: '', body, declaredSize: 4096 }));
    },
    code: 'FILE_CORRUPT',
    message: /its part content\.xml cannot be unpacked/,
  },
  {
    // A reader that follows the local header (as SheetJS does) would unpack a bomb the directory calls a small stored part.
    what: 'an .ods whose directory and local header disagree about content.xml',
    file: 'two-headers.ods',
    make: () => {
      const { body } = deflateRepeated('<office:document-content>', '<table:table-row/>', 3_000_000, '</office:document-content>');
      return rawZip(swapPart(zipParts(sheetJsWorkbook('ods')), { name: 'content.xml', data: '', body, directoryMethod: 0, declaredSize: body.length, localSize: 0 }));
    },
    code: 'FILE_CORRUPT',
    message: /headers of its part content\.xml contradict each other/,
  },
  {
    what: 'an .ods of a few KB that repeats one value over 1,000 columns and 100,000 rows',
    file: 'repeats.ods',
    make: () => {
      const parts = zipParts(sheetJsWorkbook('ods'));
      const content = parts.find((part) => part.name === 'content.xml')!;
      const xml = String(content.data).replace(
        '<table:table-cell office:value-type="string"><text:p>K-1</text:p></table:table-cell>',
        '</table:table-row><table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="1000" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>K-1</text:p></table:table-cell>',
      );
      return rawZip(swapPart(parts, { name: 'content.xml', data: xml }));
    },
    code: 'FILE_LIMIT_EXCEEDED',
    limit: 'odsCells',
    message: /repeats its cells into more than 1,500,000 filled cells/,
  },
  {
    what: 'an .ods that repeats one filled cell across 2,000 columns',
    file: 'wide.ods',
    make: () => {
      const parts = zipParts(sheetJsWorkbook('ods'));
      const content = parts.find((part) => part.name === 'content.xml')!;
      const xml = String(content.data).replace(
        '<table:table-cell office:value-type="string"><text:p>K-1</text:p></table:table-cell>',
        '<table:table-cell table:number-columns-repeated="2000" office:value-type="string"><text:p>K-1</text:p></table:table-cell>',
      );
      return rawZip(swapPart(parts, { name: 'content.xml', data: xml }));
    },
    code: 'FILE_LIMIT_EXCEEDED',
    limit: 'columns',
    message: /Sheet “Data” of “wide\.ods” uses 2,000 columns \(up to cell BXX2\)/,
  },
  {
    what: 'an .xlsb sheet that unpacks past its declared size',
    file: 'lying.xlsb',
    make: () => {
      const parts = zipParts(sheetJsWorkbook('xlsb', 400));
      const sheet = parts.find((part) => part.name === 'xl/worksheets/sheet1.bin')!;
      return rawZip(swapPart(parts, { ...sheet, declaredSize: 64 }));
    },
    code: 'FILE_CORRUPT',
    message: /its part xl\/worksheets\/sheet1\.bin cannot be unpacked/,
  },
  {
    what: 'a damaged deflate stream in an .ods',
    file: 'damaged.ods',
    make: () => {
      const bytes = rawZip(zipParts(sheetJsWorkbook('ods', 400)));
      const name = Buffer.from('content.xml');
      const at = bytes.indexOf(name) + name.length;
      for (let i = at + 100; i < at + 164; i++) bytes[i] = 0xff;
      return bytes;
    },
    code: 'FILE_CORRUPT',
    message: /its part content\.xml cannot be unpacked/,
  },
  { what: 'a truncated .xls', file: 'truncated.xls', make: () => sheetJsWorkbook('biff8', 400).subarray(0, 3000), code: 'FILE_CORRUPT', message: /not a valid Excel 97–2003 workbook/ },
  {
    // (An .xls cannot hold it: BIFF8 stores a string's length in 16 bits and Excel stops at 32,767.)
    what: 'a huge single cell in an .xlsb',
    file: 'huge-cell.xlsb',
    make: () => sheetJsWorkbook('xlsb', 3, [['K-4', 'x'.repeat(40_000), 40]]),
    code: 'FILE_LIMIT_EXCEEDED',
    limit: 'cellChars',
    message: /Cell B5 of sheet “Data” in “huge-cell\.xlsb” holds 40,000 characters/,
  },
  {
    what: 'a huge single cell in an .ods',
    file: 'huge-cell.ods',
    make: () => sheetJsWorkbook('ods', 3, [['K-4', 'x'.repeat(40_000), 40]]),
    code: 'FILE_LIMIT_EXCEEDED',
    limit: 'cellChars',
    message: /Cell B5 of sheet “Data” in “huge-cell\.ods” holds 40,000 characters/,
  },
  { what: 'an xlsx with no sheets', file: 'no-sheets.xlsx', make: () => rawZip(xlsxParts(tableRows(3), undefined, false)), code: 'FILE_CORRUPT', message: /has no worksheets/ },
  { what: 'a password-protected xlsx', file: 'protected.xlsx', make: () => Buffer.from(encryptedXlsxBytes()), code: 'FILE_ENCRYPTED', message: /protected with a password/ },
  {
    what: 'a 50 MB csv on one line',
    file: 'one-line.csv',
    make: () => Buffer.from('a,'.repeat(25 * 1024 * 1024)),
    code: 'FILE_LIMIT_EXCEEDED',
    limit: 'csvLineChars',
    message: /Line 1 of “one-line\.csv” is 52,428,800 characters long/,
  },
  {
    what: 'a huge single cell in a csv',
    file: 'huge-cell.csv',
    make: () => Buffer.from(`${csvTable}K-4,"${'long line of text\n'.repeat(3000)}",40\n`),
    code: 'FILE_LIMIT_EXCEEDED',
    limit: 'cellChars',
    message: /Cell B5 of “huge-cell\.csv” holds 54,000 characters/,
  },
  {
    what: 'too many columns in a csv',
    file: 'wide.csv',
    make: () => Buffer.from(`${Array.from({ length: 3000 }, (_, i) => `Column ${i + 1}`).join(',')}\n${'1,'.repeat(2999)}1\n`),
    code: 'FILE_LIMIT_EXCEEDED',
    limit: 'columns',
    message: /Row 1 of “wide\.csv” has 3,000 columns/,
  },
  {
    what: 'an unclosed quote that would swallow 10,000 lines',
    file: 'unclosed.csv',
    make: () => Buffer.from(`${csvTable}K-4,"Open,40\n${'K-9,Done,1\n'.repeat(10_000)}`),
    code: 'CSV_UNCLOSED_QUOTE',
    message: /quote opened on line 5 that is never closed/,
  },
  {
    what: 'a short unclosed quote',
    file: 'unclosed-short.csv',
    make: () => Buffer.from(`${csvTable}K-4,"Open,40\nK-5,Done,50\n`),
    code: 'CSV_UNCLOSED_QUOTE',
    message: /quote opened on line 5 that is never closed/,
  },
  { what: 'an empty file', file: 'empty.csv', make: () => Buffer.alloc(0), code: 'FILE_EMPTY', message: /is empty \(0 bytes\)/ },
  {
    what: 'binary garbage with a .csv name',
    file: 'garbage.csv',
    make: () => {
      const bytes = Buffer.alloc(64 * 1024);
      let seed = 7;
      for (let i = 0; i < bytes.length; i++) bytes[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
      return bytes;
    },
    code: 'FILE_NOT_SPREADSHEET',
    message: /contains binary data/,
  },
];

describe('spmigrate inspect on hostile files', () => {
  for (const hostile of cases) {
    it(`exits 2 with ${hostile.code} on ${hostile.what}, within ${MAX_SECONDS} s and ${MAX_RSS_MB} MB`, async () => {
      await writeFile(join(dir, hostile.file), await hostile.make());
      const run = await spmigrate(['inspect', hostile.file, '--json']);
      measured.push(`  ${hostile.file.padEnd(20)} ${run.seconds.toFixed(2).padStart(6)} s ${run.rssMb.toFixed(0).padStart(5)} MB  ${hostile.code}`);
      expect(run.code, run.stderr).toBe(2);
      const error = JSON.parse(run.stdout.trim().split('\n').at(-1)!).error;
      expect(error.code).toBe(hostile.code);
      if (hostile.limit) expect(error.params.limit).toBe(hostile.limit);
      expect(error.message).toMatch(hostile.message);
      expect(error.message).toContain(hostile.file);
      expect(error.hint).toMatch(/\w/);
      expect(run.stderr).not.toMatch(/internal error|FATAL|heap/i);
      expect(run.seconds).toBeLessThan(MAX_SECONDS);
      expect(run.rssMb).toBeLessThan(MAX_RSS_MB);
    }, 90_000);
  }

  it('reads a UTF-16 csv (a hostile-looking encoding that is valid) within the bounds', async () => {
    await writeFile(join(dir, 'utf16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Ключ;Статус\nK-1;Открыта\nK-2;Закрыта\n', 'utf16le')]));
    const run = await spmigrate(['inspect', 'utf16.csv', '--json']);
    measured.push(`  ${'utf16.csv'.padEnd(20)} ${run.seconds.toFixed(2).padStart(6)} s ${run.rssMb.toFixed(0).padStart(5)} MB  (reads)`);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toMatchObject({ encoding: 'utf-16le', delimiter: ';', dataRows: 2 });
    expect(run.seconds).toBeLessThan(MAX_SECONDS);
  }, 90_000);

  it('reads the valid base file the damaged xlsx variants start from', async () => {
    await writeFile(join(dir, 'valid.xlsx'), validXlsx());
    const run = await spmigrate(['inspect', 'valid.xlsx', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toMatchObject({ format: 'xlsx', headerRow: 1, dataRows: 400 });
  }, 90_000);
});

describe('spmigrate plan on a header-only file', () => {
  it('exits 2 with SHEET_NO_DATA instead of planning a smart process for 0 items', async () => {
    await writeFile(join(dir, 'header-only.csv'), 'Key,Status,Amount\n');
    const run = await spmigrate(['plan', 'header-only.csv', '--json'], { SPM_DATA_DIR: join(dir, 'data') });
    measured.push(`  ${'header-only.csv'.padEnd(20)} ${run.seconds.toFixed(2).padStart(6)} s ${run.rssMb.toFixed(0).padStart(5)} MB  SHEET_NO_DATA (plan)`);
    expect(run.code, run.stderr).toBe(2);
    const error = JSON.parse(run.stdout.trim().split('\n').at(-1)!).error;
    expect(error.code).toBe('SHEET_NO_DATA');
    expect(error.message).toMatch(/“header-only\.csv” has a header in row 1 but no data rows/);
    expect(run.seconds).toBeLessThan(MAX_SECONDS);
    expect(run.rssMb).toBeLessThan(MAX_RSS_MB);
  }, 90_000);
});
