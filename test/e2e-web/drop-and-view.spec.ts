import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import type { Page } from '@playwright/test';
import { expect, SCREENSHOT_DIR, test } from './host-fixture';

/** Drops a file on the window the way a person does: a real drop event carrying a File. */
async function dropFile(page: Page, path: string): Promise<void> {
  const bytes = [...(await readFile(path))];
  const name = basename(path);
  const transfer = await page.evaluateHandle(
    ({ bytes, name }) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], name));
      return data;
    },
    { bytes, name },
  );
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: transfer });
  await page.dispatchEvent('body', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
}

function gridRow(page: Page, index: number) {
  return page.locator(`[data-testid="grid-row"][aria-rowindex="${index + 2}"]`);
}

test('the start screen invites a drop', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('drop-zone')).toBeVisible();
  await expect(page.getByText('Drop your spreadsheet here')).toBeVisible();
  await expect(page.getByText('Browser mode')).toBeVisible();
  // The token left the address bar once the page took it.
  expect(page.url()).not.toContain('token=');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/01-drop-screen.png` });
});

test('a picked xlsx shows its sheets and exact cells, title rows skipped', async ({ page, host, files }) => {
  await page.goto(host.url);
  await page.getByTestId('file-input').setInputFiles(files.contractsXlsx!);
  await expect(page.getByTestId('file-name')).toHaveText('contracts-ru.xlsx');
  await expect(page.getByTestId('row-count')).toHaveText('120 rows');
  await expect(page.getByTestId('column-header')).toHaveText(['№', 'Предмет договора', 'Контрагент', 'Сумма, ₽', 'Дата подписания', 'Статус', 'Ответственный']);
  const first = gridRow(page, 0).getByRole('gridcell');
  await expect(first).toHaveText(['Д-0001', 'Договор поставки №1', 'ООО «Ромашка»', '1000', '2025-01-01', 'Новая', 'Иванова Мария']);
  await expect(gridRow(page, 0).getByRole('rowheader')).toHaveText('4');
  await expect(page.getByTestId('sheet-tab')).toHaveCount(2);

  // What inference understood: types and roles in the headers, stages in order from the lookup sheet.
  await expect(page.getByTestId('column-type')).toHaveCount(7);
  await expect(page.getByTestId('column-type')).toHaveText(['Text', 'Text', 'Text', 'Money', 'Date', 'List', 'Person']);
  await expect(page.getByTestId('column-role')).toHaveText(['Row key', 'Title', 'Company', 'Amount', 'Start date', 'Stage', 'Responsible']);
  await expect(page.getByTestId('stage-pill')).toHaveText([/^Новая/, /^На согласовании/, /^Подписан/, /^Отклонён/]);
  await expect(page.getByTestId('stage-pill').nth(2)).toHaveAttribute('data-semantics', 'success');
  await expect(page.getByTestId('stage-pill').nth(3)).toHaveAttribute('data-semantics', 'failure');
  await page.getByTestId('column-header-cell').nth(3).hover();
  await expect(page.getByTestId('column-evidence')).toContainText('RUB');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/02b-grid-evidence.png` });
  await page.mouse.move(0, 0);
  await expect(page.getByTestId('column-evidence')).toHaveCount(0);

  await page.getByTestId('reader-notes-toggle').click();
  await expect(page.getByTestId('reader-notes')).toContainText('look like a title');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/02-grid-xlsx.png` });

  await page.getByTestId('sheet-tab').nth(1).click();
  await expect(page.getByTestId('column-header')).toHaveText(['Статус']);
  await expect(gridRow(page, 3).getByRole('gridcell')).toHaveText(['Отклонён']);
});

test('a dropped .xls shows the same grid and inference as its .xlsx twin', async ({ page, host, files }) => {
  const book = XLSX.read(await readFile(files.contractsXlsx!), { cellNF: true, cellFormula: true, cellStyles: true });
  const xls = join(await mkdtemp(join(tmpdir(), 'spm-xls-')), 'contracts-ru.xls');
  await writeFile(xls, XLSX.write(book, { type: 'buffer', bookType: 'biff8' }) as Uint8Array);
  await page.goto(host.url);
  await dropFile(page, xls);
  await expect(page.getByTestId('file-name')).toHaveText('contracts-ru.xls');
  await expect(page.getByTestId('row-count')).toHaveText('120 rows');
  await expect(page.getByTestId('column-header')).toHaveText(['№', 'Предмет договора', 'Контрагент', 'Сумма, ₽', 'Дата подписания', 'Статус', 'Ответственный']);
  await expect(gridRow(page, 0).getByRole('gridcell')).toHaveText(['Д-0001', 'Договор поставки №1', 'ООО «Ромашка»', '1000', '2025-01-01', 'Новая', 'Иванова Мария']);
  await expect(page.getByTestId('column-role')).toHaveText(['Row key', 'Title', 'Company', 'Amount', 'Start date', 'Stage', 'Responsible']);
  await expect(page.getByTestId('sheet-tab')).toHaveCount(2);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/03b-grid-xls.png` });
});

test('a dropped csv keeps leading zeros and quoted text', async ({ page, host, files }) => {
  await page.goto(host.url);
  await dropFile(page, files.requestsCsv!);
  await expect(page.getByTestId('file-name')).toHaveText('purchase-requests.csv');
  await expect(page.getByText('semicolon-separated')).toBeVisible();
  await expect(page.getByTestId('row-count')).toHaveText('300 rows');
  await expect(gridRow(page, 0).getByRole('gridcell')).toHaveText(['REQ-00001', 'Laptop for team 0, "Pro" model', 'New', '0.50', '017']);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/03-grid-csv.png` });
});

test('a windows-1251 csv is decoded', async ({ page, host, files }) => {
  await page.goto(host.url);
  await dropFile(page, files.requestsCp1251Csv!);
  await expect(page.getByTestId('column-header')).toHaveText(['Номер', 'Заявитель', 'Статус']);
  await expect(gridRow(page, 1).getByRole('gridcell')).toHaveText(['2', 'Петров', 'Закрыта']);
});

test('100,000 rows scroll to the very last one', async ({ page, host, files }) => {
  await page.goto(host.url);
  await page.getByTestId('file-input').setInputFiles(files.bigCsv!);
  await expect(page.getByTestId('row-count')).toHaveText('100,000 rows', { timeout: 30_000 });
  // Only the rows in view exist in the DOM.
  expect(await page.getByTestId('grid-row').count()).toBeLessThan(80);
  await page.getByTestId('rows-grid').evaluate((grid) => grid.scrollTo(0, grid.scrollHeight));
  await expect(gridRow(page, 99_999).getByRole('gridcell').first()).toHaveText('100000');
  await expect(gridRow(page, 99_999).getByRole('rowheader')).toHaveText('100001');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/04-grid-100k-bottom.png` });
});

test('100,000 rows: the first rows show while the columns are still being understood, with progress', async ({ page, host, files }) => {
  await page.goto(host.url);
  // Recorded at every frame from before the file is picked: when the first row, the progress and the inferred types appear.
  await page.evaluate(() => {
    const seen: { firstRow?: number; progress?: string; progressAt?: number; types?: number } = {};
    (window as unknown as { seen: typeof seen }).seen = seen;
    const frame = (): void => {
      const now = performance.now();
      if (seen.firstRow === undefined && document.querySelector('[data-testid="grid-row"][aria-rowindex="2"]')) seen.firstRow = now;
      const status = document.querySelector('[data-testid="schema-loading"]')?.textContent ?? '';
      if (seen.progress === undefined && /\d+%/.test(status)) {
        seen.progress = status;
        seen.progressAt = now;
      }
      if (document.querySelector('[data-testid="column-type"]')) seen.types = now;
      else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  await page.getByTestId('file-input').setInputFiles(files.bigCsv!);
  await expect(page.getByTestId('column-type').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('schema-loading')).toHaveCount(0);
  const seen = await page.evaluate(() => (window as unknown as { seen: { firstRow?: number; progress?: string; progressAt?: number; types?: number } }).seen);
  // The grid did not wait for inference, and inference said how far it was while it ran.
  const timeline = `frames seen (ms): ${JSON.stringify(seen)}`;
  expect(seen.firstRow, timeline).toBeDefined();
  expect(seen.types, timeline).toBeDefined();
  expect(seen.firstRow!, timeline).toBeLessThan(seen.types!);
  expect(seen.progress, timeline).toMatch(/^understanding the columns… \d+%$/);
  expect(seen.progressAt!, timeline).toBeLessThan(seen.types!);
});

const BROKEN_FILES: { key: string; code: string; text: RegExp; shot?: string }[] = [
  { key: 'corruptXlsx', code: 'FILE_CORRUPT', text: /not a valid Excel workbook/, shot: '05-error-corrupt.png' },
  { key: 'emptyCsv', code: 'FILE_EMPTY', text: /is empty/ },
  { key: 'encryptedXlsx', code: 'FILE_ENCRYPTED', text: /protected with a password/ },
  { key: 'binaryCsv', code: 'FILE_NOT_SPREADSHEET', text: /not a spreadsheet/ },
];

for (const broken of BROKEN_FILES) {
  test(`a broken file (${broken.code}) gets a specific message`, async ({ page, host, files }) => {
    await page.goto(host.url);
    await dropFile(page, files[broken.key]!);
    const error = page.getByTestId('read-error');
    await expect(error).toBeVisible();
    await expect(error).toHaveAttribute('data-code', broken.code);
    await expect(page.getByTestId('read-error-message')).toHaveText(broken.text);
    await expect(page.getByTestId('read-error-hint')).not.toBeEmpty();
    // The drop zone stays, so the next file is one drop away.
    await expect(page.getByTestId('drop-zone')).toBeVisible();
    if (broken.shot) await page.screenshot({ path: `${SCREENSHOT_DIR}/${broken.shot}` });
  });
}

test('the page without its token explains how to connect', async ({ page, host }) => {
  await page.goto(host.url.replace(/#.*$/, ''));
  await expect(page.getByTestId('connection-problem')).toContainText('npm run web');
});
