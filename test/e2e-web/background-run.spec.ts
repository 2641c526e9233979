import { connectSandbox, expect, SCREENSHOT_DIR, test } from './host-fixture';

test('a migration still running when another file is opened stays with its own file: the top bar shows it, the new file cannot start a second one', async ({ page, host, files }) => {
  // 20,000 rows through the sandbox's rate limits keep the first run busy while the second file opens.
  test.setTimeout(240_000);
  await page.goto(host.url);
  await connectSandbox(page);
  await page.getByTestId('file-input').setInputFiles(files.requests20kCsv!);
  await expect(page.getByTestId('row-count')).toHaveText('20,000 rows', { timeout: 30_000 });
  await page.getByTestId('tab-create').click();
  await expect(page.getByTestId('create-items')).toContainText('20,000', { timeout: 60_000 });
  await page.getByTestId('create-go').click();
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-phase', 'loading', { timeout: 60_000 });
  // On its own file the run shows in the Create tab, not in the top bar.
  await expect(page.getByTestId('background-run')).toHaveCount(0);

  await page.getByTestId('file-input').setInputFiles(files.contractsXlsx!);
  await expect(page.getByTestId('row-count')).toHaveText('120 rows');
  const bar = page.getByTestId('background-run');
  await expect(bar).toHaveAttribute('data-status', 'running');
  await expect(bar).toContainText('purchase-requests-20k.csv');
  await page.getByTestId('tab-create').click();
  await expect(page.getByTestId('create-panel')).toBeVisible({ timeout: 30_000 });
  // The open file's own dry run, never the other file's progress.
  await expect(page.getByTestId('run-panel')).toHaveCount(0);
  await expect(page.getByTestId('run-progress')).toHaveCount(0);
  await expect(page.getByTestId('create-items')).not.toContainText('20,000');
  await expect(page.getByTestId('create-other-running')).toContainText('purchase-requests-20k.csv');
  await expect(page.getByTestId('create-go')).toBeDisabled();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/62-other-file-running-en.png`, fullPage: true });

  // Pausing it from the top bar ends it there; once dismissed, this file can be created.
  await page.getByTestId('background-run-cancel').click();
  await expect(bar).toHaveAttribute('data-status', 'cancelled', { timeout: 60_000 });
  await expect(bar).toContainText('purchase-requests-20k.csv');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/63-other-file-paused-en.png`, fullPage: true });
  await expect(page.getByTestId('run-stopped')).toHaveCount(0);
  await expect(page.getByTestId('create-go')).toBeEnabled();
  await page.getByTestId('background-run-dismiss').click();
  await expect(bar).toHaveCount(0);
  await expect(page.getByTestId('create-panel')).toBeVisible();
});

test('a sheet migrated before offers “Sync this project”, which opens that project’s sync preview with the open file; no command line anywhere', async ({ page, host, files }) => {
  await page.goto(host.url);
  await connectSandbox(page);
  await page.getByTestId('file-input').setInputFiles(files.contractsXlsx!);
  await expect(page.getByTestId('row-count')).toHaveText('120 rows');
  await page.getByTestId('tab-create').click();
  await expect(page.getByTestId('create-panel')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('create-go').click();
  await expect(page.getByTestId('run-done')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('run-done')).not.toContainText('spmigrate');
  await expect(page.getByTestId('done-projects')).toBeVisible();

  // Back to the file: it is migrated now, so the Create tab offers the sync instead.
  await page.getByTestId('run-done').getByRole('button', { name: 'Back to the file' }).click();
  await expect(page.getByTestId('create-already')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('create-panel')).not.toContainText('spmigrate');
  await expect(page.getByTestId('create-go')).toBeDisabled();
  // What a new smart process would be (who sees it, the numbers, warnings) no longer applies.
  await expect(page.getByTestId('access-closed')).toHaveCount(0);
  await expect(page.getByTestId('create-items')).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/64-already-migrated-sync-en.png`, fullPage: true });
  await page.getByTestId('create-sync').click();
  await expect(page.getByTestId('projects-screen')).toBeVisible();
  await expect(page.getByTestId('sync-preview')).toBeVisible({ timeout: 30_000 });
  // The same sheet again: nothing to change.
  await expect(page.getByTestId('sync-nothing')).toBeVisible();
  await expect(page.getByTestId('projects-screen')).not.toContainText('spmigrate');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/65-sync-from-create-en.png`, fullPage: true });
});
