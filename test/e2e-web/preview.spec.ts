import { connectSandbox, expect, readSandboxPortal, SCREENSHOT_DIR, test } from './host-fixture';

test('the preview shows rows as they will be sent; a bad cell is fixed in place and the fix is what the portal gets', async ({ page, host, files }) => {
  await page.goto(host.url);
  await connectSandbox(page);
  await page.getByTestId('file-input').setInputFiles(files.requestsWithBadRowCsv!);
  await expect(page.getByTestId('row-count')).toHaveText('40 rows');
  await page.getByTestId('tab-preview').click();
  await expect(page.getByTestId('preview-problem-rows')).toHaveText('1 row with a problem');
  // Values appear as sent: the stage column shows the stage, amounts carry their currency.
  const firstRow = page.getByTestId('preview-row').first();
  await expect(firstRow.locator('[data-column="Amount, USD"]')).toHaveText('0.50 USD');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/40-preview.png` });

  await page.getByTestId('problems-only').check();
  await expect(page.getByTestId('preview-row')).toHaveCount(1);
  const bad = page.getByTestId('preview-row').first().locator('[data-column="Amount, USD"]');
  await expect(bad).toHaveAttribute('data-state', 'invalid');
  await expect(bad).toHaveText('twelve');
  await expect(bad).toHaveAttribute('title', /“twelve” is not a number/);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/41-preview-problems.png` });

  await bad.dblclick();
  await page.getByTestId('cell-editor').fill('12');
  await page.getByTestId('cell-editor').press('Enter');
  await expect(page.getByTestId('preview-problem-rows')).toHaveText('Every row can be sent');
  await expect(page.getByTestId('preview-empty')).toBeVisible();
  await page.getByTestId('problems-only').uncheck();
  await expect(page.getByTestId('preview-edited')).toHaveText('1 cell edited here');
  await expect(page.getByTestId('ready-rows')).toHaveText('40 of 40 rows ready');

  // An edit of a good cell can be taken back; the key column cannot be edited at all.
  const row = page.locator('[data-testid="preview-row"][data-source-row="3"]');
  await row.locator('[data-column="Amount, USD"]').dblclick();
  await page.getByTestId('cell-editor').fill('99');
  await page.getByTestId('cell-editor').press('Enter');
  await expect(row.locator('[data-column="Amount, USD"]')).toHaveAttribute('data-state', 'edited');
  await expect(page.getByTestId('preview-edited')).toHaveText('2 cells edited here');
  await row.locator('[data-column="Amount, USD"]').hover();
  await row.getByTestId('cell-revert').click();
  await expect(row.locator('[data-column="Amount, USD"]')).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('preview-edited')).toHaveText('1 cell edited here');
  await row.locator('[data-column="Request ID"]').dblclick();
  await expect(page.getByTestId('cell-editor')).toHaveCount(0);

  // The keyboard: arrows move, Enter edits, Escape leaves the cell as it was.
  await row.locator('[data-column="Item"]').click();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('cell-editor')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('cell-editor')).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/42-preview-edited.png` });

  await page.getByTestId('tab-create').click();
  await expect(page.getByTestId('create-panel')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('create-go').click();
  await expect(page.getByTestId('run-done')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('done-created')).toContainText('40');

  await readSandboxPortal(host.dataDir, async (rest) => {
    const { types } = (await rest('crm.type.list')).result;
    const { items } = (await rest('crm.item.list', { entityTypeId: types[0].entityTypeId, select: ['xmlId', 'opportunity'] })).result;
    expect(items).toHaveLength(40);
    expect(items.find((item: { xmlId: string }) => item.xmlId.endsWith(':REQ-00007')).opportunity).toBe(12);
    expect(items.find((item: { xmlId: string }) => /:REQ-0+2$/.test(item.xmlId)).opportunity).toBe(37.5);
  });
});

test.describe('in Russian', () => {
  test.use({ locale: 'ru-RU' });
  test('the preview and its problem filter', async ({ page, host, files }) => {
    await page.goto(host.url);
    await connectSandbox(page);
    await page.getByTestId('file-input').setInputFiles(files.requestsWithBadRowCsv!);
    await page.getByTestId('tab-preview').click();
    await expect(page.getByTestId('preview-problem-rows')).toHaveText('1 строка с проблемой');
    await page.getByTestId('problems-only').check();
    await expect(page.getByTestId('preview-row')).toHaveCount(1);
    await expect(page.getByTestId('preview-row').first().locator('[data-column="Amount, USD"]')).toHaveAttribute('title', /Нельзя отправить: «twelve» — не число/);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ru-40-preview.png` });
  });
});
