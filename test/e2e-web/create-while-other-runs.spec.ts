import { startHost } from '../../electron/host/start-host';
import { tempDir } from '../support/temp-dir';
import { connectSandbox, expect, RENDERER_DIR, SCREENSHOT_DIR, test } from './host-fixture';

/**
 * A sandbox whose rows cost 200 ms of portal time each, with limiter clocks 20 times faster: the
 * 20,000-row load spends crm.item.batchImport's time budget within seconds and then waits for the
 * next window (30 s of wall time). The second file's dry run reads other methods, so it must not wait.
 */
const SLOW_LOAD = { writeCostMs: 200, timeScale: 20 };
const FIRST_BUDGET_WAIT_MS = 30_000;

test('the Create tab of a second file is ready while the first file’s run waits for the portal’s time budget; the running file reopened says it is running', async ({ page, files }) => {
  test.setTimeout(240_000);
  const host = await startHost({ staticDir: RENDERER_DIR, version: '0.0.0-test', dataDir: tempDir('spm-e2e-slow-'), sandbox: SLOW_LOAD });
  try {
    await page.goto(host.url);
    await connectSandbox(page);
    await page.getByTestId('file-input').setInputFiles(files.requests20kCsv!);
    await expect(page.getByTestId('row-count')).toHaveText('20,000 rows', { timeout: 30_000 });
    await page.getByTestId('tab-create').click();
    await expect(page.getByTestId('create-items')).toContainText('20,000', { timeout: 60_000 });
    await page.getByTestId('create-go').click();
    await expect(page.getByTestId('run-panel')).toContainText('Waiting for the portal: the time budget of crm.item.batchImport', { timeout: 60_000 });

    await page.getByTestId('file-input').setInputFiles(files.contractsXlsx!);
    await expect(page.getByTestId('row-count')).toHaveText('120 rows');
    const started = Date.now();
    await page.getByTestId('tab-create').click();
    // Well inside the budget wait: a dry run queued behind the load would still be "looking at the portal".
    await expect(page.getByTestId('create-items')).toContainText('120', { timeout: FIRST_BUDGET_WAIT_MS / 3 });
    expect(Date.now() - started).toBeLessThan(FIRST_BUDGET_WAIT_MS / 3);
    await expect(page.getByTestId('create-other-running')).toContainText('purchase-requests-20k.csv');
    await expect(page.getByTestId('background-run')).toHaveAttribute('data-status', 'running');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/create-while-other-run-waits.png`, fullPage: true });

    // The running file opened again: its Create tab says the run is going on, never an internal error.
    await page.getByTestId('file-input').setInputFiles(files.requests20kCsv!);
    await expect(page.getByTestId('row-count')).toHaveText('20,000 rows', { timeout: 30_000 });
    await page.getByTestId('tab-create').click();
    await expect(page.getByTestId('create-other-running')).toContainText('purchase-requests-20k.csv', { timeout: 60_000 });
    await expect(page.getByTestId('create-error')).toHaveCount(0);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/create-running-file-reopened.png`, fullPage: true });
    await page.getByTestId('background-run-cancel').click();
    await expect(page.getByTestId('background-run')).toHaveAttribute('data-status', 'cancelled', { timeout: 60_000 });
  } finally {
    await host.close();
  }
});
