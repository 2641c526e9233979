import { connectSandbox, expect, SCREENSHOT_DIR, test } from './host-fixture';

test.describe('core messages in Russian', () => {
  test.use({ locale: 'ru-RU' });

  test('reader notes, plan warnings and the list of steps are worded in Russian, and in English after switching', async ({ page, host, files }) => {
    await page.goto(host.url);
    await connectSandbox(page);

    // A windows-1251 csv: the reader says which encoding it guessed, in the UI language.
    await page.getByTestId('file-input').setInputFiles(files.requestsCp1251Csv!);
    await page.getByTestId('reader-notes-toggle').click();
    await expect(page.getByTestId('reader-notes')).toHaveText('В «заявки-cp1251.csv» нет метки кодировки, и это не UTF-8; файл прочитан как windows-1251. Если буквы выглядят неверно, сохраните его как «CSV UTF-8» и перетащите снова.');

    // The contracts register: a title row above the header and a totals row below the data.
    await page.getByTestId('file-input').setInputFiles(files.contractsXlsx!);
    await expect(page.getByTestId('row-count')).toHaveText('строк: 120');
    await page.getByTestId('reader-notes-toggle').click();
    const notes = page.getByTestId('reader-notes');
    await expect(notes).toContainText('над заголовком похож');
    await expect(notes).not.toContainText(/\b(Row|Rows|above|skipped|totals)\b/);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ru-30-reader-notes.png` });

    // A csv with a row that cannot be sent: the plan's warnings and its steps, in Russian.
    await page.getByTestId('file-input').setInputFiles(files.requestsWithBadRowCsv!);
    await page.getByTestId('tab-create').click();
    const warnings = page.locator('.create-warnings');
    await expect(warnings).toBeVisible({ timeout: 30_000 });
    await expect(warnings).toContainText('1 строку нельзя отправить в нынешнем виде');
    await page.getByTestId('create-operations-toggle').click();
    const steps = page.getByTestId('create-operations');
    await expect(steps).toContainText('смарт-процесс «');
    await expect(steps).toContainText('20 элементов: строки 2, 3, 4, 5, 6 … (всего 20)');
    await expect(steps).toContainText('19 элементов: строки 23–41');
    await expect(steps).not.toContainText(/item\(s\)|row\(s\)|\bfield UF_|open to everyone/);
    await steps.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ru-31-create-warnings-steps.png` });

    await page.getByTestId('language-en').click();
    await expect(warnings).toContainText('1 row(s) cannot be sent as they are; the Preview tab shows why (“Rows with problems only”).');
    await expect(steps).toContainText('19 item(s): row(s) 23–41');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/31-create-warnings-steps.png` });

    // The run: the row that was not sent is named in Russian, with what its cell should have been.
    await page.getByTestId('language-ru').click();
    await page.getByTestId('create-go').click();
    await expect(page.getByTestId('run-done')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('done-failures')).toContainText(/^Строка 8, столбец «[^»]+»: «twelve» — не число\.$/);
    const checklist = page.getByTestId('automation-checklist');
    await expect(checklist).toContainText('Уведомление — при переходе на стадию «Approved»: Кому: ответственный (поле «Ответственный»); Текст:');
    await expect(checklist).not.toContainText(/when an item enters|To: the responsible/);
    await page.getByTestId('done-failures').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ru-32-done-failures.png` });
  });
});
