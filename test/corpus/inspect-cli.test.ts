import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../shared/cli/commands/inspect';
import type { CliIo } from '../../shared/cli/types';
import { generateCorpus } from './generate-corpus';
import { encryptedXlsxBytes, legacyXlsBytes, numbersBytes, odsBytes } from '../sheet/spreadsheet/foreign-files';

const dir = fileURLToPath(new URL('../fixtures/generated/inspect-cli/', import.meta.url));

async function inspect(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: {}, cwd: dir, stopSignal: new AbortController().signal };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

beforeAll(async () => {
  await generateCorpus(dir);
  await writeFile(`${dir}/blank.csv`, '\n\n\n');
  await writeFile(`${dir}/data.json`, '{"rows": []}');
  await mkdir(`${dir}/folder.csv`, { recursive: true });
  await writeFile(`${dir}/legacy.xls`, legacyXlsBytes());
  await writeFile(`${dir}/protected.xlsx`, encryptedXlsxBytes());
  await writeFile(`${dir}/calc.ods`, await odsBytes());
  await writeFile(`${dir}/calc-renamed.xlsx`, await odsBytes());
  await writeFile(`${dir}/apple.numbers`, await numbersBytes());
}, 60_000);

describe('spmigrate inspect', () => {
  it('prints one JSON object on the last line with the shape from the issue', async () => {
    const { code, stdout } = await inspect('complaints-ru.xlsx', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(json).toMatchObject({ file: 'complaints-ru.xlsx', format: 'xlsx', sheets: ['complaints', 'Справочник'], sheet: 'complaints', headerRow: 2, dataRows: 60 });
    expect(json.encoding).toBeUndefined();
    expect(json.columns[0]).toEqual({ index: 1, header: '№', type: 'integer', multiple: false, role: 'key', filled: 60, distinct: 60, confidence: 1, examples: ['1', '2', '3', '4', '5'] });
    const status = json.columns.find((c: { header: string }) => c.header === 'Статус');
    expect(status).toMatchObject({ index: 7, type: 'enumeration', role: 'stage', values: ['Новая', 'В работе', 'На проверке', 'Решена', 'Отклонена'] });
    expect(json.columns.find((c: { header: string }) => c.header === 'Сумма компенсации')).toMatchObject({ type: 'money', currency: 'RUB', role: 'amount' });
    expect(Object.keys(json.stage)).toEqual(['column', 'stages']);
    expect(json.stage).toMatchObject({ column: 7, stages: [{ name: 'Новая', semantics: 'process' }, {}, {}, { name: 'Решена', semantics: 'success' }, { name: 'Отклонена', semantics: 'failure' }] });
    expect(Object.keys(json.stage.stages[0]).sort()).toEqual(['count', 'name', 'semantics']);
    expect(json.title).toEqual({ column: 6 });
    expect(json.warnings.map((w: { code: string }) => w.code)).toEqual(expect.arrayContaining(['TITLE_ROWS_SKIPPED', 'TOTALS_ROW_EXCLUDED']));
  });

  it('reports encoding and delimiter for csv, and honours --sheet', async () => {
    const csv = JSON.parse((await inspect('procurement-ru.csv', '--json')).stdout.trim().split('\n').at(-1)!);
    expect(csv).toMatchObject({ format: 'csv', encoding: 'windows-1251', delimiter: ';', sheets: ['procurement-ru'] });
    const lookup = JSON.parse((await inspect('onboarding-ru.xlsx', '--sheet', 'Этапы', '--json')).stdout.trim());
    expect(lookup.sheet).toBe('Этапы');
    const orders = JSON.parse((await inspect('orders-en.xlsx', '--json')).stdout.trim());
    expect(orders.title).toBeNull();
    expect(orders.warnings.find((w: { code: string }) => w.code === 'NO_TITLE_COLUMN').message).toMatch(/\{Customer\} — \{Order #\}/);
  });

  it('prints a readable table without --json', async () => {
    const { code, stdout } = await inspect('support-en.csv');
    expect(code).toBe(0);
    expect(stdout).toMatch(/utf-16le, delimiter tab/);
    expect(stdout).toMatch(/Status\s+enumeration\s+stage/);
    expect(stdout).toMatch(/✓ Resolved/);
  });

  const bad: [string, string[], RegExp][] = [
    ['a missing file', ['nope.xlsx'], /does not exist/],
    ['a folder', ['folder.csv'], /cannot be read/],
    ['a JSON document', ['data.json'], /not a spreadsheet/],
    ['a file with no table', ['blank.csv'], /no header row/],
    ['an unknown sheet', ['deals-en.xlsx', '--sheet', 'Nope'], /no sheet named “Nope”/],
    ['no file', [], /file to inspect is missing/],
    ['an unknown option', ['deals-en.xlsx', '--fast'], /unknown option/],
  ];
  for (const [what, argv, message] of bad) {
    it(`exits 2 with a clear message on ${what}`, async () => {
      const { code, stderr } = await inspect(...argv);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
    });
  }

  const foreign: [string, string, RegExp][] = [
    // A damaged .xls (a container with a stub workbook stream) is read and reported as damaged, never as "save as xlsx".
    ['legacy.xls', 'FILE_CORRUPT', /has no worksheets: it is an empty or damaged Excel 97–2003 workbook/],
    ['protected.xlsx', 'FILE_ENCRYPTED', /Excel workbook protected with a password[^\n]*\n.*remove the password/],
    ['apple.numbers', 'FILE_UNSUPPORTED_FORMAT', /Apple Numbers spreadsheet \(\.numbers\)[^\n]*\n.*Export To → Excel/],
  ];
  for (const [file, code, message] of foreign) {
    it(`exits 2 naming what is wrong with ${file}`, async () => {
      const human = await inspect(file);
      expect(human.code).toBe(2);
      expect(human.stderr).toMatch(message);
      if (code !== 'FILE_CORRUPT') expect(human.stderr).not.toMatch(/corrupt|damaged/i);
      const json = await inspect(file, '--json');
      expect(json.code).toBe(2);
      expect(JSON.parse(json.stdout.trim())).toMatchObject({ error: { code } });
    });
  }

  it('prints the error as JSON on the last line with --json', async () => {
    const { code, stdout } = await inspect('data.json', '--json');
    expect(code).toBe(2);
    expect(JSON.parse(stdout.trim())).toMatchObject({ error: { code: 'FILE_NOT_SPREADSHEET' } });
  });
});
