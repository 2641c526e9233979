import { connectSandbox, expect, SCREENSHOT_DIR, test } from './host-fixture';

test('two files in a row: the Create tab always describes the open file, and a finished migration stays with its own file', async ({ page, host, files }) => {
  await page.goto(host.url);
  await connectSandbox(page);

  await page.getByTestId('file-input').setInputFiles(files.contractsXlsx!);
  await expect(page.getByTestId('row-count')).toHaveText('120 rows');
  await page.getByTestId('tab-create').click();
  await expect(page.getByTestId('create-panel')).toBeVisible({ timeout: 30_000 });
  const firstTitle = (await page.getByTestId('create-title').textContent()) ?? '';
  expect(firstTitle).not.toBe('');

  // The second file: its own dry run, never the first file's.
  await page.getByTestId('file-input').setInputFiles(files.requestsCsv!);
  await expect(page.getByTestId('row-count')).toHaveText('300 rows');
  await page.getByTestId('tab-create').click();
  await expect(page.getByTestId('create-panel')).toBeVisible({ timeout: 30_000 });
  const secondTitle = (await page.getByTestId('create-title').textContent()) ?? '';
  expect(secondTitle).not.toBe(firstTitle);
  await expect(page.getByTestId('target-new')).toBeChecked();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/60-second-file-create-en.png`, fullPage: true });

  // Migrate the second file, then open the first: no "ready" screen of the other file.
  await page.getByTestId('create-go').click();
  await expect(page.getByTestId('run-done')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('file-input').setInputFiles(files.contractsXlsx!);
  await expect(page.getByTestId('row-count')).toHaveText('120 rows');
  await page.getByTestId('tab-create').click();
  await expect(page.getByTestId('create-panel')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('run-done')).toHaveCount(0);
  await expect(page.getByTestId('create-title')).toHaveText(firstTitle);
  await expect(page.getByTestId('create-already')).toHaveCount(0);
  await expect(page.getByTestId('create-go')).toBeEnabled();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/61-first-file-after-other-migrated-en.png`, fullPage: true });
});
