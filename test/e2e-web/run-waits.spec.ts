import { startHost } from '../../electron/host/start-host';
import { tempDir } from '../support/temp-dir';
import { connectSandbox, expect, RENDERER_DIR, SCREENSHOT_DIR, test } from './host-fixture';

test('a run held back by the portal’s time budget says so, and for about how long, in the Create tab and in the top bar', async ({ page, files }) => {
  test.setTimeout(180_000);
  // A sandbox whose 10-minute window passes in 10 s and whose time budget is 2 s: the rows soon wait for the next window.
  const host = await startHost({
    staticDir: RENDERER_DIR,
    version: '0.0.0-test',
    dataDir: tempDir('spm-e2e-'),
    sandbox: { timeScale: 60, budgetSeconds: 2, writeCostMs: 10 },
  });
  try {
    await page.goto(host.url);
    await connectSandbox(page);
    await page.getByTestId('file-input').setInputFiles(files.requests20kCsv!);
    await expect(page.getByTestId('row-count')).toHaveText('20,000 rows', { timeout: 30_000 });
    await page.getByTestId('tab-create').click();
    await expect(page.getByTestId('create-items')).toContainText('20,000', { timeout: 60_000 });
    await page.getByTestId('create-go').click();
    await expect(page.getByTestId('run-waiting')).toContainText(/time budget of crm\.item\.\w+ for this 10-minute window, about \d+ s/, { timeout: 90_000 });
    await page.screenshot({ path: `${SCREENSHOT_DIR}/98-run-waits-budget-en.png` });

    // Another file opened: the top bar says the same.
    await page.getByTestId('file-input').setInputFiles(files.contractsXlsx!);
    await expect(page.getByTestId('row-count')).toHaveText('120 rows');
    await expect(page.getByTestId('background-run-waiting')).toContainText(/waiting for the portal’s limit, about \d+ s/, { timeout: 90_000 });
    await page.screenshot({ path: `${SCREENSHOT_DIR}/98-background-run-waits-en.png` });
    await page.getByTestId('language-ru').click();
    await expect(page.getByTestId('background-run-waiting')).toContainText(/ждём лимит портала, ещё около \d+ с/, { timeout: 90_000 });
    await page.screenshot({ path: `${SCREENSHOT_DIR}/98-background-run-waits-ru.png` });
    await page.getByTestId('background-run-cancel').click();
    await expect(page.getByTestId('background-run')).toHaveAttribute('data-status', 'cancelled', { timeout: 60_000 });
  } finally {
    await host.close();
  }
});
