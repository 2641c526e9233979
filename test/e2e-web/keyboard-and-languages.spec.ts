import type { FileChooser, Page } from '@playwright/test';
import { expect, SCREENSHOT_DIR, test } from './host-fixture';

/** Presses Tab until the element with this test id has the focus; fails if it is never reached. */
async function tabTo(page: Page, testId: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((id) => (document.activeElement as HTMLElement | null)?.dataset['testid'] === id, testId)) return;
  }
  throw new Error(`“${testId}” cannot be reached with the Tab key`);
}

/**
 * Starts intercepting the file dialog at once and returns a function that waits
 * for the next one. Playwright switches interception on asynchronously when the
 * first listener is added; a dialog that opens before that is a native one,
 * which nothing answers and which blocks every later dialog. So the listener is
 * added when the page opens, long before any key is pressed.
 */
function interceptFileDialogs(page: Page): () => Promise<FileChooser> {
  const waiting: ((chooser: FileChooser) => void)[] = [];
  page.on('filechooser', (chooser) => waiting.shift()?.(chooser));
  return () =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no file dialog opened within 10 s')), 10_000);
      waiting.push((chooser) => {
        clearTimeout(timer);
        resolve(chooser);
      });
    });
}

test('the main journey by keyboard alone: connect, open a file, create', async ({ page, host, files }) => {
  const nextFileDialog = interceptFileDialogs(page);
  await page.goto(host.url);
  await tabTo(page, 'portal-chip');
  await page.keyboard.press('Enter');
  await tabTo(page, 'use-sandbox');
  await page.keyboard.press('Enter');
  await tabTo(page, 'connect-continue');
  await page.keyboard.press('Enter');

  await tabTo(page, 'pick-file');
  const fileDialog = nextFileDialog();
  await page.keyboard.press('Enter');
  await (await fileDialog).setFiles(files.contractsXlsx!);
  await expect(page.getByTestId('row-count')).toHaveText('120 rows');

  // The tab row is one tab stop (the chosen tab); End moves to the last tab, Create, and shows it.
  await tabTo(page, 'tab-rows');
  await page.keyboard.press('End');
  await expect(page.getByTestId('tab-create')).toBeFocused();
  await expect(page.getByTestId('create-panel')).toBeVisible({ timeout: 30_000 });
  await tabTo(page, 'create-go');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('run-done')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('done-created')).toContainText('120');
});

test.describe('every screen in Russian', () => {
  test.use({ locale: 'ru-RU' });

  test('connect, review, create, projects and sync, with screenshots', async ({ page, host, files }) => {
    const shot = (name: string) => page.screenshot({ path: `${SCREENSHOT_DIR}/ru-${name}.png`, fullPage: true });
    await page.goto(host.url);
    await page.getByTestId('portal-chip').click();
    await page.getByTestId('use-sandbox').click();
    await expect(page.getByTestId('check-result')).toContainText('Готово');
    await shot('05-connected');
    await page.getByTestId('connect-continue').click();
    await page.getByTestId('file-input').setInputFiles(files.contractsXlsx!);
    await expect(page.getByTestId('row-count')).toHaveText('строк: 120');
    for (const tab of ['fields', 'stages', 'people'] as const) {
      await page.getByTestId(`tab-${tab}`).click();
      await expect(page.getByTestId(`${tab}-panel`)).toBeVisible();
      await expect(page.getByTestId('ready-rows')).toHaveText('готово строк: 120 из 120');
      await shot(`06-review-${tab}`);
    }
    await page.getByTestId('tab-create').click();
    await expect(page.getByTestId('create-title')).toHaveText('Смарт-процесс «Договоры»', { timeout: 30_000 });
    await expect(page.getByTestId('create-flags')).toContainText('Бизнес-процессы');
    await shot('07-create');
    await page.getByTestId('create-go').click();
    await expect(page.getByTestId('run-done')).toContainText('Смарт-процесс готов', { timeout: 60_000 });
    await shot('08-done');
    await page.getByTestId('nav-projects').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ваши миграции');
    await page.getByTestId('project-sync').click();
    await page.getByTestId('sync-file-input').setInputFiles(files.contractsNextWeekXlsx!);
    await expect(page.getByTestId('sync-preview')).toContainText('Что сделает синхронизация', { timeout: 30_000 });
    await shot('09-sync-preview');
  });
});
