import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { connectSandbox, expect, SCREENSHOT_DIR, test } from './host-fixture';
import { openEmbeddedSandbox } from '../../sandbox/embedded-sandbox';

test('the Create tab estimates the load time, and the done screen saves a copy of the sheet with Bitrix24 ids', async ({ page, host, files }) => {
  await page.goto(host.url);
  await connectSandbox(page);
  await page.getByTestId('file-input').setInputFiles(files.contractsXlsx!);
  await expect(page.getByTestId('row-count')).toHaveText('120 rows');

  // Before the click: how long, from which numbers, with which per-row cost (nothing measured yet: the reference one).
  await page.getByTestId('language-ru').click();
  await page.getByTestId('tab-create').click();
  const estimate = page.getByTestId('load-estimate');
  await expect(estimate).toBeVisible({ timeout: 30_000 });
  await expect(estimate).toHaveAttribute('data-cost-source', 'default');
  await expect(page.getByTestId('load-estimate-time')).toHaveText('Загрузка строк займёт меньше минуты');
  await expect(estimate).toContainText('Строк: 120; стандартный тариф: 2 запр./с');
  await expect(page.getByTestId('load-estimate-cost')).toContainText('10 мс времени портала');
  await estimate.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/ru-20-create-estimate.png`, fullPage: true });
  await page.getByTestId('language-en').click();
  await expect(page.getByTestId('load-estimate-time')).toHaveText('Loading the rows will take under a minute');
  await expect(estimate).toContainText('120 rows on a standard plan: 2 requests/s, 1,000 rows per request, time budget 480 s per 10 min.');
  await expect(page.getByTestId('load-estimate-cost')).toContainText('10 ms of portal time, the reference figure');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/20-create-estimate.png`, fullPage: true });

  await page.getByTestId('create-go').click();
  await expect(page.getByTestId('run-done')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('done-created')).toContainText('120');

  // After the run: the copy comes as a download, named after the file the person opened.
  const downloading = page.waitForEvent('download');
  await page.getByTestId('download-write-back').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('contracts-ru (Bitrix24).xlsx');
  const path = await download.path();
  await expect(page.getByTestId('write-back-saved')).toHaveText('Saved “contracts-ru (Bitrix24).xlsx”: 120 rows linked.');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/21-done-write-back.png`, fullPage: true });
  await page.getByTestId('language-ru').click();
  await expect(page.getByTestId('download-write-back')).toHaveText('Сохранить копию таблицы с ID Битрикс24');
  await expect(page.getByTestId('write-back-saved')).toHaveText('Сохранено «contracts-ru (Bitrix24).xlsx»: строк со ссылками — 120.');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/ru-21-done-write-back.png`, fullPage: true });

  const original = new ExcelJS.Workbook();
  await original.xlsx.readFile(files.contractsXlsx!);
  const copy = new ExcelJS.Workbook();
  await copy.xlsx.load((await readFile(path)) as unknown as ArrayBuffer);
  expect(copy.worksheets.map((sheet) => sheet.name)).toEqual(original.worksheets.map((sheet) => sheet.name));
  const sheet = copy.worksheets[0]!;
  const source = original.worksheets[0]!;
  // The header row the reader found; the two columns right after the table.
  let headerRow = 0;
  source.eachRow((row, number) => {
    if (headerRow === 0 && row.getCell(1).value === '№') headerRow = number;
  });
  expect(headerRow).toBeGreaterThan(0);
  const width = source.getRow(headerRow).cellCount;
  expect(sheet.getCell(headerRow, width + 1).value).toBe('ID в Битрикс24');
  expect(sheet.getCell(headerRow, width + 2).value).toBe('Ссылка');

  // The links use the origin of the sandbox portal the app was connected to (an ephemeral loopback port).
  const saved = JSON.parse(await readFile(join(host.dataDir, 'portals.json'), 'utf8')) as Array<{ kind: string; origin: string }>;
  const appOrigin = saved.find((portal) => portal.kind === 'sandbox')!.origin;
  expect(appOrigin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  // The ids are the portal's items, by xmlId (read back after the app let go of the portal).
  await host.close();
  const portal = await openEmbeddedSandbox(host.dataDir);
  try {
    const rest = async (method: string, params: unknown): Promise<any> => (await (await fetch(`${portal.webhook}${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) })).json()) as any;
    const [type] = (await rest('crm.type.list', {})).result.types;
    const byKey = new Map<string, number>();
    for (let start = 0; ; start += 50) {
      const page = await rest('crm.item.list', { entityTypeId: type.entityTypeId, select: ['id', 'xmlId'], start });
      for (const item of page.result.items as Array<{ id: number; xmlId: string }>) byKey.set(item.xmlId.split(':').pop()!, item.id);
      if (page.next === undefined) break;
    }
    expect(byKey.size).toBe(120);
    let linked = 0;
    for (let row = headerRow + 1; row <= sheet.rowCount; row++) {
      const key = sheet.getCell(row, 1).value;
      if (typeof key !== 'string' || !byKey.has(key)) continue;
      const id = byKey.get(key)!;
      expect(sheet.getCell(row, width + 1).value).toBe(id);
      const url = `${appOrigin}/crm/type/${type.entityTypeId}/details/${id}/`;
      expect(sheet.getCell(row, width + 2).value).toEqual({ text: url, hyperlink: url });
      linked += 1;
    }
    expect(linked).toBe(120);
  } finally {
    await portal.close();
  }
});
