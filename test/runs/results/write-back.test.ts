/**
 * Write-back: after a run, a copy of the sheet with each
 * row's Bitrix24 id and a link to its card, the original untouched.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitrixClient, type BitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import { createPortalRegistry } from '../../../shared/portal/portals/portal-registry';
import { createFileSecretStore } from '../../../shared/portal/portals/secret-store';
import { formatWriteBack, writeBack, type WriteBackResult } from '../../../shared/runs/results/write-back';
import { writeBackForApp } from '../../../shared/app/services/write-back-app';
import { neutraliseFormula } from '../../../shared/runs/results/write-back-csv';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import { readWorkbook } from '../../../shared/sheet/spreadsheet/read-workbook';
import { cli } from '../migrate/cli-harness';
import { openEmbeddedSandbox } from '../../../sandbox/embedded-sandbox';

let dir: string;
let sandbox: SandboxHandle;
let client: BitrixClient;
let env: Record<string, string>;
let origin: string;

const STAGES = ['Новая', 'В работе', 'Выполнена'];
const ROWS = 30;

function requestRow(i: number): [string, string, string, number] {
  return [`З-${String(i + 1).padStart(3, '0')}`, `Заявка на ремонт №${i + 1}`, STAGES[i % STAGES.length]!, 1000 + i * 10];
}

/** A styled register: a merged title row, a blank row, a bold filled header on row 3, data, a totals row; and a second sheet. */
async function writeRegister(path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Заявки');
  sheet.addRow(['Реестр заявок на ремонт, 2026']);
  sheet.mergeCells('A1:D1');
  sheet.getCell('A1').font = { bold: true, size: 16 };
  sheet.addRow([]);
  const header = sheet.addRow(['Номер', 'Описание', 'Статус', 'Сумма']);
  header.eachCell((cell) => {
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF305496' } };
  });
  for (let i = 0; i < ROWS; i++) sheet.addRow(requestRow(i));
  const last = 3 + ROWS;
  const totals = sheet.addRow(['Итого', '', '', { formula: `SUM(D4:D${last})`, result: ROWS * 1000 + (ROWS * (ROWS - 1) * 10) / 2 }]);
  totals.font = { bold: true };
  sheet.getColumn(4).numFmt = '#,##0 "₽"';
  const other = workbook.addWorksheet('Справочник');
  other.addRow(['Статус', 'Описание']);
  for (const stage of STAGES) other.addRow([stage, `Этап «${stage}»`]);
  await workbook.xlsx.writeFile(path);
}

async function itemsByTitle(entityTypeId: number): Promise<Map<string, { id: number; xmlId: string }>> {
  const { result } = await client.call<{ items: Array<{ id: number; xmlId: string; title: string }> }>('crm.item.list', { entityTypeId, select: ['id', 'xmlId', 'title'], order: { id: 'ASC' } });
  return new Map(result.items.map((item) => [item.title, item]));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-write-back-'));
  sandbox = await startSandbox({ plan: 'unlimited' });
  client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
  env = { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(dir, 'data') };
  origin = new URL(sandbox.webhook).origin;
});
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('write-back after migrate', () => {
  it('xlsx: ids and card links right after the table, title, totals and other sheets kept, source unchanged', async () => {
    const file = join(dir, 'Заявки.xlsx');
    await writeRegister(file);
    const before = await readFile(file);
    const run = await cli(['migrate', file, '--no-automation', '--yes', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const copy = run.json!['writeBack'] as { path: string; fileName: string; linked: number; empty: number };
    expect(copy.fileName).toBe('Заявки (Bitrix24).xlsx');
    expect(copy.path).toBe(join(dir, 'Заявки (Bitrix24).xlsx'));
    expect(copy).toMatchObject({ linked: ROWS, empty: 0 });
    expect(run.stdout).toContain(`copy with Bitrix24 ids: ${copy.path}`);
    expect((await readFile(file)).equals(before)).toBe(true);
    expect(await readFile(copy.path, 'utf8')).not.toContain(sandbox.webhook.split('/rest/')[1]!.split('/')[1]!);

    const entityTypeId = run.json!['entityTypeId'] as number;
    const items = await itemsByTitle(entityTypeId);
    expect(items.size).toBe(ROWS);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(copy.path);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Заявки', 'Справочник']);
    expect(workbook.getWorksheet('Справочник')!.getCell('B2').value).toBe('Этап «Новая»');
    const sheet = workbook.getWorksheet('Заявки')!;
    expect(sheet.getCell('A1').value).toBe('Реестр заявок на ремонт, 2026');
    expect(sheet.getCell('A1').isMerged).toBe(true);
    expect(sheet.getCell('E3').value).toBe('ID в Битрикс24');
    expect(sheet.getCell('F3').value).toBe('Ссылка');
    // The new headers look like the others.
    expect(sheet.getCell('E3').font?.bold).toBe(true);
    expect((sheet.getCell('F3').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FF305496');
    for (let i = 0; i < ROWS; i++) {
      const row = 4 + i;
      const [key, title] = requestRow(i);
      expect(sheet.getCell(row, 1).value).toBe(key);
      const item = items.get(title)!;
      expect(item.xmlId).toMatch(new RegExp(`:${key}$`));
      expect(sheet.getCell(row, 5).value).toBe(item.id);
      const url = `${origin}/crm/type/${entityTypeId}/details/${item.id}/`;
      expect(sheet.getCell(row, 6).value).toEqual({ text: url, hyperlink: url });
    }
    // The totals row keeps its formula and gets no id.
    const totalsRow = 4 + ROWS;
    expect(sheet.getCell(totalsRow, 1).value).toBe('Итого');
    expect((sheet.getCell(totalsRow, 4).value as { formula: string }).formula).toBe(`SUM(D4:D${3 + ROWS})`);
    expect(sheet.getCell(totalsRow, 5).value).toBeNull();
    expect(sheet.getCell(totalsRow, 6).value).toBeNull();
    // The reader sees the same table, two columns wider.
    const reread = await readWorkbook(new Uint8Array(await readFile(copy.path)), copy.fileName, { signal: new AbortController().signal, onProgress: () => undefined });
    expect(reread.sheets[0]!.headers).toEqual(['Номер', 'Описание', 'Статус', 'Сумма', 'ID в Битрикс24', 'Ссылка']);
    expect(reread.sheets[0]!.rows).toHaveLength(ROWS);

    // Written again, our own copy is replaced; a copy the person edited is kept and the next name is used.
    const projectPath = run.json!['project'] as string;
    const again = await writeBack({ projectPath, portalOrigin: origin });
    expect(again.path).toBe(copy.path);
    await writeFile(copy.path, 'edited by hand');
    const third = await writeBack({ projectPath, portalOrigin: origin });
    expect(third.fileName).toBe('Заявки (Bitrix24 2).xlsx');
    expect(await readFile(copy.path, 'utf8')).toBe('edited by hand');
    expect((await readFile(file)).equals(before)).toBe(true);
  });

  it('xls: the copy is an .xlsx with ids and links, and the CLI says so; the .xls source is unchanged', async () => {
    const xlsxPath = join(dir, 'register-source.xlsx');
    await writeRegister(xlsxPath);
    const book = XLSX.read(await readFile(xlsxPath), { cellNF: true, cellFormula: true, cellStyles: true });
    const own = join(dir, 'xls');
    await mkdir(own);
    const file = join(own, 'Реестр.xls');
    await writeFile(file, XLSX.write(book, { type: 'buffer', bookType: 'biff8' }) as Uint8Array);
    const before = await readFile(file);
    const run = await cli(['migrate', file, '--no-automation', '--yes', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const copy = run.json!['writeBack'] as { path: string; fileName: string; linked: number; format: string; convertedFrom: string };
    expect(copy).toMatchObject({ fileName: 'Реестр (Bitrix24).xlsx', format: 'xlsx', convertedFrom: 'xls', linked: ROWS, empty: 0 });
    expect((await readFile(file)).equals(before)).toBe(true);
    const reread = await readWorkbook(new Uint8Array(await readFile(copy.path)), copy.fileName, { signal: new AbortController().signal, onProgress: () => undefined });
    expect(reread.format).toBe('xlsx');
    expect(reread.sheets.map((sheet) => sheet.name)).toEqual(['Заявки', 'Справочник']);
    expect(reread.sheets[0]!.headers).toEqual(['Номер', 'Описание', 'Статус', 'Сумма', 'ID в Битрикс24', 'Ссылка']);
    expect(reread.sheets[0]!.rows).toHaveLength(ROWS);
    expect(formatWriteBack(copy as WriteBackResult)).toMatch(/copy with Bitrix24 ids: .*\.xlsx \(30 row\(s\) linked, saved as \.xlsx: \.xls files are read but not written\)/);
  });

  it('csv in windows-1251 with “;”: same encoding and delimiter, failed rows empty, formulas neutralised', async () => {
    const file = join(dir, 'Заказы.csv');
    const lines = ['Номер;Клиент;Статус;Сумма;Комментарий'];
    for (let i = 0; i < 12; i++) lines.push(`К-${i + 1};Клиент ${i + 1};${STAGES[i % 3]};${i === 5 ? 'много' : `${100 + i},50`};${i === 2 ? '=HYPERLINK("http://x")' : `Заказ ${i + 1}`}`);
    const bytes = iconv.encode(`${lines.join('\r\n')}\r\n`, 'windows-1251');
    await writeFile(file, bytes);
    const run = await cli(['migrate', file, '--no-automation', '--yes', '--json'], env);
    expect([0, 1], run.stderr).toContain(run.code);
    const failures = run.json!['failures'] as Array<{ row: number }>;
    const failedRows = new Set(failures.map((failure) => failure.row));
    // Row 7 (“много” in a money column) cannot be sent: its cells stay empty.
    expect([...failedRows]).toEqual([7]);
    const copy = run.json!['writeBack'] as { path: string; linked: number; empty: number };
    expect(copy.path).toBe(join(dir, 'Заказы (Bitrix24).csv'));
    expect(copy.linked + copy.empty).toBe(12);
    expect(copy.empty).toBe(failedRows.size);
    expect((await readFile(file)).equals(bytes)).toBe(true);

    const out = await readFile(copy.path);
    // No BOM was there, none is added; the text is windows-1251 (not UTF-8) with “;” and CRLF.
    expect(out[0]).not.toBe(0xef);
    const text = iconv.decode(out, 'windows-1251');
    expect(text.split('\r\n')[0]).toBe('Номер;Клиент;Статус;Сумма;Комментарий;ID в Битрикс24;Ссылка');
    expect(text).toContain(`'=HYPERLINK(""http://x"")`);
    const reread = await readWorkbook(new Uint8Array(out), 'Заказы (Bitrix24).csv', { signal: new AbortController().signal, onProgress: () => undefined });
    expect(reread.encoding).toBe('windows-1251');
    expect(reread.delimiter).toBe(';');
    const table = reread.sheets[0]!;
    const entityTypeId = run.json!['entityTypeId'] as number;
    const { result } = await client.call<{ items: Array<{ id: number; xmlId: string }> }>('crm.item.list', { entityTypeId, select: ['id', 'xmlId'] });
    const byKey = new Map(result.items.map((item) => [item.xmlId.split(':').pop(), item.id]));
    table.rows.forEach((cells, index) => {
      const rowNumber = table.rowNumbers[index]!;
      const key = cells[0] as string;
      if (failedRows.has(rowNumber)) {
        expect(cells[5]).toBeNull();
        expect(cells[6]).toBeNull();
        return;
      }
      const id = byKey.get(key);
      expect(id, key).toBeDefined();
      expect(cells[5]).toBe(String(id));
      expect(cells[6]).toBe(`${origin}/crm/type/${entityTypeId}/details/${id}/`);
    });
  });

  it('--no-write-back writes no copy; formula neutralising leaves numbers alone', async () => {
    const file = join(dir, 'Other.csv');
    await writeFile(file, '\uFEFFCode,Name,Status\nA-1,First,New\nA-2,Second,In progress\n');
    const run = await cli(['migrate', file, '--no-automation', '--no-write-back', '--yes', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json!['writeBack']).toBeNull();
    await expect(readFile(join(dir, 'Other (Bitrix24).csv'))).rejects.toThrow();
    // Written on demand: a UTF-8 BOM stays, "," and LF too.
    const copy = await writeBack({ projectPath: run.json!['project'] as string, portalOrigin: origin });
    const out = await readFile(copy.path);
    expect([...out.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(out.toString('utf8').slice(1).split('\n')[0]).toBe('Code,Name,Status,Bitrix24 ID,Bitrix24 link');
    expect(neutraliseFormula('-5')).toBe('-5');
    expect(neutraliseFormula('+7 495 123-45-67')).toBe("'+7 495 123-45-67");
    expect(neutraliseFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutraliseFormula('обычный текст')).toBe('обычный текст');
  });

  it('the app writes back only projects in its own projects folder', async () => {
    const dataDir = join(dir, 'app-data');
    const portals = createPortalRegistry({ dataDir, secrets: createFileSecretStore(dataDir), openSandbox: openEmbeddedSandbox });
    for (const projectPath of ['../Заявки.spm.json', join(dir, 'Заявки.spm.json'), 'sub/x.spm.json', 'notes.txt']) {
      await expect(writeBackForApp({ dataDir, portals, projectPath })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'Only a project of this app can be written back.' });
    }
    await portals.close();
  });
});
