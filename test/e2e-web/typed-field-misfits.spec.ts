import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { tempDir } from '../support/temp-dir';
import { connectSandbox, expect, SCREENSHOT_DIR, test } from './host-fixture';

/** 40 tasks numbered 1 … 40; 12 of them have a note instead of an e-mail in "Reply to". */
async function writeTasks(): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Tasks');
  sheet.addRow(['№', 'Task', 'Status', 'Reply to', 'Amount']);
  for (let i = 1; i <= 40; i++) sheet.addRow([i, `Task ${i}`, ['New', 'In progress', 'Done'][i % 3], i % 10 < 3 ? 'call back' : `client${i}@example.com`, i * 100]);
  const path = join(tempDir('spm-e2e-typed-'), 'tasks.xlsx');
  await workbook.xlsx.writeFile(path);
  return path;
}

async function openFields(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await connectSandbox(page);
  await page.getByTestId('file-input').setInputFiles(await writeTasks());
  await page.getByTestId('tab-fields').click();
  await expect(page.getByTestId('ready-rows')).toHaveText(/40 (of|из) 40|: 40 из 40/);
}

const fieldRow = (page: Page, header: string) => page.getByTestId('field-row').filter({ has: page.locator('.field-header', { hasText: header }) });

test('a column of numbers set to E-mail: every value is counted as not an e-mail, in Fields, Preview and Create', async ({ page, host }) => {
  await openFields(page, host.url);
  await expect(page.getByTestId('ready-rows')).toHaveText('40 of 40 rows ready');

  // A column of mostly e-mails, set to E-mail: the twelve notes are counted and their rows cannot be sent.
  await fieldRow(page, 'Reply to').getByTestId('field-type').selectOption('email');
  await expect(fieldRow(page, 'Reply to').getByTestId('field-unfit')).toHaveText('12 of 40 values are not e-mail addresses');
  await expect(page.getByTestId('ready-rows')).toHaveText('28 of 40 rows ready');

  // "№" (1, 2, 3 …) set to E-mail: no row can be sent.
  await fieldRow(page, '№').getByTestId('field-type').selectOption('email');
  await expect(fieldRow(page, '№').getByTestId('field-unfit')).toHaveText('40 of 40 values are not e-mail addresses');
  await expect(fieldRow(page, '№').getByTestId('field-unfit')).toHaveAttribute('title', /“1” is not an e-mail address/);
  await expect(page.getByTestId('ready-rows')).toHaveText('0 of 40 rows ready');
  await expect(page.getByTestId('problem-count')).toHaveText('40 rows cannot be sent as mapped');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/fields-number-as-email.png`, fullPage: true });

  await page.getByTestId('tab-preview').click();
  await expect(page.getByTestId('preview-problem-rows')).toHaveText('40 rows with problems');
  const number = page.locator('[data-testid="preview-row"][data-source-row="2"] [data-column="№"]');
  await expect(number).toHaveAttribute('data-state', 'invalid');
  await expect(number).toHaveAttribute('title', /Cannot be sent: “1” is not an e-mail address/);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/preview-number-as-email.png` });

  await page.getByTestId('tab-create').click();
  await expect(page.getByTestId('create-panel')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('create-failing')).toContainText('40');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/create-number-as-email.png` });

  // Back to whole numbers: only the notes in "Reply to" hold rows back, here and in the plan.
  await page.getByTestId('tab-fields').click();
  await fieldRow(page, '№').getByTestId('field-type').selectOption('integer');
  await expect(fieldRow(page, '№').getByTestId('field-unfit')).toHaveCount(0);
  await expect(page.getByTestId('ready-rows')).toHaveText('28 of 40 rows ready');
  await page.getByTestId('tab-create').click();
  await expect(page.getByTestId('create-failing')).toContainText('12', { timeout: 30_000 });
  await expect(page.getByTestId('create-items')).toContainText('28');
});

test.describe('in Russian', () => {
  test.use({ locale: 'ru-RU' });
  test('«№» set to E-mail is counted in Fields, marked in Preview and in the Create tab', async ({ page, host }) => {
    await openFields(page, host.url);
    await fieldRow(page, '№').getByTestId('field-type').selectOption('email');
    await expect(fieldRow(page, '№').getByTestId('field-unfit')).toHaveText('Не адреса электронной почты: 40 из 40 значений');
    await expect(page.getByTestId('ready-rows')).toHaveText('готово строк: 0 из 40');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ru-fields-number-as-email.png`, fullPage: true });
    await page.getByTestId('tab-preview').click();
    await expect(page.locator('[data-testid="preview-row"][data-source-row="2"] [data-column="№"]')).toHaveAttribute('title', /«1» — не адрес электронной почты/);
    await page.getByTestId('tab-create').click();
    await expect(page.getByTestId('create-failing')).toContainText('40', { timeout: 30_000 });
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ru-create-number-as-email.png` });
  });
});
