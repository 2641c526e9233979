import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { tempDir } from '../support/temp-dir';
import { connectSandbox, expect, readSandboxPortal, SCREENSHOT_DIR, test } from './host-fixture';

// "No" repeats 2 (rows 3 and 4) and is empty in rows 5 and 6, so it cannot tell rows apart.
const SHEET = ['No,Task,Status,Hours', '1,Call the client,New,2', '2,Send the offer,Done,3.5', '2,Order parts,New,4', ',Check invoice,New,5', ',Book a room,Done,1.5'];

async function openWithNoAsKey(page: Page, url: string): Promise<void> {
  const file = join(tempDir('spm-e2e-keys-'), 'tasks.csv');
  await writeFile(file, SHEET.join('\r\n') + '\r\n');
  await page.goto(url);
  await connectSandbox(page);
  await page.getByTestId('file-input').setInputFiles(file);
  await page.getByTestId('tab-fields').click();
  const rows = page.getByTestId('field-row');
  await rows.nth(3).getByTestId('field-target').selectOption('builtin:opportunity');
  await rows.nth(0).getByTestId('field-key').check();
  await page.getByTestId('tab-preview').click();
  await expect(page.getByTestId('preview-key-problem')).toBeVisible();
}

const cellOf = (page: Page, sourceRow: number, column: string) => page.locator(`[data-testid="preview-row"][data-source-row="${sourceRow}"] [data-column="${column}"]`);

async function editCell(page: Page, sourceRow: number, column: string, value: string): Promise<void> {
  await cellOf(page, sourceRow, column).dblclick();
  await page.getByTestId('cell-editor').fill(value);
  await page.getByTestId('cell-editor').press('Enter');
}

test('a sheet whose key column repeats and leaves values empty is still fixed in Preview, each edit on its own row', async ({ page, host }) => {
  await openWithNoAsKey(page, host.url);
  await expect(page.getByTestId('blocking-problem')).toContainText('repeated: “2” (rows 3, 4)');
  await expect(page.getByTestId('preview-problem-rows')).toHaveCount(0);
  await expect(page.getByTestId('preview-key-problem')).toContainText('each edit is tied to its row of the sheet');

  // The second of the two rows numbered 2, and a row without a number, are fixed; the first "2" is untouched.
  await editCell(page, 4, 'Hours', '4.25');
  await editCell(page, 5, 'Hours', '6');
  await expect(cellOf(page, 4, 'Hours')).toHaveAttribute('data-state', 'edited');
  await expect(cellOf(page, 5, 'Hours')).toHaveAttribute('data-state', 'edited');
  await expect(cellOf(page, 3, 'Hours')).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('preview-edited')).toHaveText('2 cells edited here');
  // Only the key cell stays locked, and says why.
  await expect(cellOf(page, 4, 'No')).toHaveAttribute('data-locked', 'key');
  await expect(cellOf(page, 4, 'No')).toHaveAttribute('title', /Part of the row key/);
  await cellOf(page, 4, 'No').dblclick();
  await expect(page.getByTestId('cell-editor')).toHaveCount(0);
  await expect(cellOf(page, 4, 'Task')).not.toHaveAttribute('data-locked', /.+/);
  // A second edit of the same cell replaces the first; revert goes back to the sheet.
  await editCell(page, 5, 'Hours', '7');
  await expect(page.getByTestId('preview-edited')).toHaveText('2 cells edited here');
  await cellOf(page, 5, 'Hours').hover();
  await page.locator('[data-testid="preview-row"][data-source-row="5"]').getByTestId('cell-revert').click();
  await expect(cellOf(page, 5, 'Hours')).toHaveAttribute('data-state', 'ok');
  await editCell(page, 5, 'Hours', '6');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/preview-repeated-keys.png` });

  // While the key repeats, Fields still counts the values that do not fit a column's type.
  await page.getByTestId('tab-fields').click();
  const number = page.getByTestId('field-row').nth(0);
  await number.getByTestId('field-type').selectOption('email');
  await expect(number.getByTestId('field-unfit')).toHaveText('3 of 3 values are not e-mail addresses');
  await number.getByTestId('field-type').selectOption('integer');
  await expect(number.getByTestId('field-unfit')).toHaveCount(0);

  // Another key tells the rows apart: no question about dropping edits, and they hold.
  let asked = false;
  page.once('dialog', (dialog) => {
    asked = true;
    void dialog.dismiss();
  });
  await page.getByTestId('field-row').nth(1).getByTestId('field-key').check();
  await expect(page.getByTestId('ready-rows')).toHaveText('5 of 5 rows ready');
  expect(asked).toBe(false);
  await page.getByTestId('tab-preview').click();
  await expect(page.getByTestId('preview-key-problem')).toHaveCount(0);
  await expect(cellOf(page, 4, 'Hours')).toHaveAttribute('data-state', 'edited');
  await expect(page.getByTestId('preview-edited')).toHaveText('2 cells edited here');

  await page.getByTestId('tab-create').click();
  await expect(page.getByTestId('create-panel')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('create-go').click();
  await expect(page.getByTestId('run-done')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('done-created')).toContainText('5');
  await readSandboxPortal(host.dataDir, async (rest) => {
    const { types } = (await rest('crm.type.list')).result;
    const { items } = (await rest('crm.item.list', { entityTypeId: types[0].entityTypeId, select: ['title', 'opportunity'] })).result;
    const amounts = Object.fromEntries(items.map((item: { title: string; opportunity: number }) => [item.title, item.opportunity]));
    expect(amounts).toEqual({ 'Call the client': 2, 'Send the offer': 3.5, 'Order parts': 4.25, 'Check invoice': 6, 'Book a room': 1.5 });
  });
});

test.describe('in Russian', () => {
  test.use({ locale: 'ru-RU' });
  test('the key problem is worded in Russian and cells are still edited', async ({ page, host }) => {
    await openWithNoAsKey(page, host.url);
    await expect(page.getByTestId('blocking-problem')).toContainText('повторяется: «2» (3, 4)');
    await expect(page.getByTestId('preview-key-problem')).toContainText('каждая правка привязана к своей строке таблицы');
    await editCell(page, 4, 'Hours', '4.25');
    await expect(cellOf(page, 4, 'Hours')).toHaveAttribute('data-state', 'edited');
    await expect(cellOf(page, 4, 'No')).toHaveAttribute('title', /ключ/i);
    await expect(page.getByTestId('preview-edited')).toContainText('1');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ru-preview-repeated-keys.png` });
  });
});
