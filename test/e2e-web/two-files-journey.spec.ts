/**
 * The desktop journey across files: after a second, different file every
 * review tab and the Create tab describe that file only, and a migration that
 * was undone leaves its file free to be migrated again.
 *
 * The expected values come from the generated fixtures, written down before
 * the run: contracts-ru.xlsx is sheet “Договоры”, 120 rows, 7 columns, stages
 * Новая / На согласовании / Подписан / Отклонён and four people;
 * purchase-requests.csv has 300 rows, 5 columns (Request ID, Item, Status,
 * Amount, USD, Cost center), stages New / In review / Approved / Rejected /
 * Ordered and no person column, so its smart process is named after the file:
 * “Purchase requests”.
 */
import { connectSandbox, expect, SCREENSHOT_DIR, test } from './host-fixture';

const CONTRACT_HEADERS = ['№', 'Предмет договора', 'Контрагент', 'Сумма, ₽', 'Дата подписания', 'Статус', 'Ответственный'];
const CONTRACT_STAGES = ['Новая', 'На согласовании', 'Подписан', 'Отклонён'];
const CONTRACT_PEOPLE = ['Иванова Мария', 'Петров Алексей', 'Smith John', 'Сидоров Павел'];
const REQUEST_HEADERS = ['Request ID', 'Item', 'Status', 'Amount, USD', 'Cost center'];
const REQUEST_STAGES = ['New', 'In review', 'Approved', 'Rejected', 'Ordered'];

test('after a second file every review tab and Create describe that file, nothing of the first', async ({ page, host, files }) => {
  test.setTimeout(120_000);
  await page.goto(host.url);
  await connectSandbox(page);

  // The first file, looked at everywhere, with "who sees it" changed to closed.
  await page.getByTestId('file-input').setInputFiles(files.contractsXlsx!);
  await expect(page.getByTestId('row-count')).toHaveText('120 rows');
  await page.getByTestId('tab-fields').click();
  await expect(page.getByTestId('field-row')).toHaveCount(CONTRACT_HEADERS.length);
  await expect(page.getByTestId('process-title')).toHaveValue('Договоры');
  await page.getByTestId('tab-stages').click();
  await expect(page.getByTestId('stage-name')).toHaveCount(CONTRACT_STAGES.length);
  await page.getByTestId('tab-people').click();
  await expect(page.getByTestId('person-row')).toHaveCount(CONTRACT_PEOPLE.length);
  await page.getByTestId('tab-create').click();
  await expect(page.getByTestId('create-items')).toContainText('120', { timeout: 30_000 });
  await page.getByTestId('access-closed').check();
  await expect(page.getByTestId('access-closed')).toBeChecked();

  // The second file.
  await page.getByTestId('file-input').setInputFiles(files.requestsCsv!);
  await expect(page.getByTestId('row-count')).toHaveText('300 rows');

  await page.getByTestId('tab-fields').click();
  const fieldRows = page.getByTestId('field-row');
  await expect(fieldRows).toHaveCount(REQUEST_HEADERS.length);
  for (const [index, header] of REQUEST_HEADERS.entries()) await expect(fieldRows.nth(index)).toContainText(header);
  await expect(page.getByTestId('fields-panel')).not.toContainText('Контрагент');
  await expect(page.getByTestId('process-title')).toHaveValue('Purchase requests');
  // The csv has no column the app takes for the item title (Create requires one): “Item” names each request.
  await fieldRows.nth(1).getByTestId('field-target').selectOption('builtin:title');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/70-second-file-fields-en.png`, fullPage: true });

  await page.getByTestId('tab-stages').click();
  const stageNames = await page.getByTestId('stage-name').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
  // Every status of the file is a stage (a kanban without a success value gets one of its own), none of the first file's.
  expect(stageNames).toEqual(expect.arrayContaining(REQUEST_STAGES));
  for (const stage of CONTRACT_STAGES) expect(stageNames).not.toContain(stage);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/71-second-file-stages-en.png`, fullPage: true });

  await page.getByTestId('tab-lists').click();
  await expect(page.getByTestId('lists-panel')).toBeVisible();
  for (const value of ['ООО «Ромашка»', 'Новая']) await expect(page.getByTestId('lists-panel')).not.toContainText(value);

  await page.getByTestId('tab-people').click();
  await expect(page.getByTestId('people-panel')).toBeVisible();
  await expect(page.getByTestId('person-row')).toHaveCount(0);
  for (const person of CONTRACT_PEOPLE) await expect(page.getByTestId('people-panel')).not.toContainText(person);

  await page.getByTestId('tab-preview').click();
  const headers = page.getByTestId('preview-grid').locator('.column-header');
  await expect(headers).toHaveCount(REQUEST_HEADERS.length);
  for (const [index, header] of REQUEST_HEADERS.entries()) await expect(headers.nth(index)).toContainText(header);
  await expect(page.getByTestId('preview-grid')).toContainText('REQ-00001');
  await expect(page.getByTestId('preview-grid')).not.toContainText('Д-0001');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/72-second-file-preview-en.png`, fullPage: true });

  await page.getByTestId('tab-create').click();
  await expect(page.getByTestId('create-title')).toHaveText('Smart process “Purchase requests”', { timeout: 30_000 });
  await expect(page.getByTestId('create-items')).toContainText('300');
  await expect(page.getByTestId('create-stages')).toContainText(String(stageNames.length));
  await expect(page.getByTestId('target-new')).toBeChecked();
  await expect(page.getByTestId('access-open')).toBeChecked();
  await expect(page.getByTestId('run-done')).toHaveCount(0);
  await expect(page.getByTestId('create-already')).toHaveCount(0);
  await expect(page.getByTestId('create-go')).toBeEnabled();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/73-second-file-create-en.png`, fullPage: true });
});

test('a migration undone from Projects leaves its file ready to migrate again', async ({ page, host, files }) => {
  test.setTimeout(150_000);
  await page.goto(host.url);
  await connectSandbox(page);
  await page.getByTestId('file-input').setInputFiles(files.contractsXlsx!);
  await page.getByTestId('tab-create').click();
  await page.getByTestId('create-go').click();
  await expect(page.getByTestId('run-done')).toBeVisible({ timeout: 60_000 });

  await page.getByTestId('nav-projects').click();
  await page.getByTestId('project-undo').click();
  await expect(page.getByTestId('undo-items')).toContainText('120', { timeout: 30_000 });
  await page.getByTestId('undo-confirm-check').check();
  await page.getByTestId('undo-apply').click();
  await expect(page.getByTestId('undo-done')).toBeVisible({ timeout: 60_000 });

  // Back to the same file: a fresh Create, not the done screen and not "already migrated".
  await page.getByTestId('nav-projects').click();
  await page.getByTestId('file-input').setInputFiles(files.contractsXlsx!);
  await expect(page.getByTestId('row-count')).toHaveText('120 rows');
  await page.getByTestId('tab-create').click();
  await expect(page.getByTestId('create-items')).toContainText('120', { timeout: 30_000 });
  await expect(page.getByTestId('create-title')).toHaveText('Smart process “Договоры”');
  await expect(page.getByTestId('run-done')).toHaveCount(0);
  await expect(page.getByTestId('create-already')).toHaveCount(0);
  await expect(page.getByTestId('create-go')).toBeEnabled();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/74-reopen-after-undo-create-en.png`, fullPage: true });
});
