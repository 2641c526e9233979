import { expect, SCREENSHOT_DIR, test } from './host-fixture';

test.describe('in Russian', () => {
  test.use({ locale: 'ru-RU' });

  test('the app follows the system language, and errors read in Russian', async ({ page, host, files }) => {
    await page.goto(host.url);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Перенесите процесс из таблицы в Битрикс24');
    await expect(page.getByTestId('language-ru')).toHaveAttribute('aria-checked', 'true');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ru-01-drop-screen.png` });

    await page.getByTestId('file-input').setInputFiles(files.contractsXlsx!);
    await expect(page.getByTestId('row-count')).toHaveText('строк: 120');
    await expect(page.getByTestId('column-role')).toHaveText(['Ключ строки', 'Название', 'Компания', 'Сумма', 'Дата начала', 'Стадия', 'Ответственный']);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ru-02-grid-xlsx.png` });

    await page.getByTestId('file-input').setInputFiles(files.encryptedXlsx!);
    await expect(page.getByTestId('read-error-message')).toHaveText('Файл «protected.xlsx» защищён паролем, поэтому его содержимое не прочитать.');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ru-03-error.png` });

    await page.getByTestId('portal-chip').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Подключите Битрикс24');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ru-04-connect.png` });
  });
});

test('the language can be switched, and the choice is remembered', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bring your process over from a spreadsheet');
  await page.getByTestId('language-ru').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Перенесите процесс из таблицы в Битрикс24');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Перенесите процесс из таблицы в Битрикс24');
  await page.getByTestId('language-en').click();
  await expect(page.getByTestId('drop-zone')).toContainText('Drop your spreadsheet here');
});
