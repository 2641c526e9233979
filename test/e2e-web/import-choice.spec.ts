import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectSandbox, expect, SCREENSHOT_DIR, test } from './host-fixture';

// A report as people export it: a title line above the header, no ID column (two tasks share a name), a totals line.
const REPORT = ['Sales team tasks — March,,,', 'Task,Status,Hours,Note', 'Call the client,New,2,', 'Send the offer,In progress,about 3,', 'Call the client,Done,2,call back', 'Order parts,New,4,', 'Total,,11,'].join('\n') + '\n';

async function reportFile(): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'spm-import-choice-')), 'sales-tasks.csv');
  await writeFile(path, REPORT);
  return path;
}

test('the person picks the header row and which rows are imported; opening the file again keeps it', async ({ page, host }) => {
  const file = await reportFile();
  await page.goto(host.url);
  await page.getByTestId('file-input').setInputFiles(file);
  await expect(page.getByTestId('row-count')).toHaveText('4 rows');
  await expect(page.getByText('header on row 2')).toBeVisible();

  await page.getByTestId('layout-toggle').click();
  const rows = page.getByTestId('layout-row');
  await expect(rows).toHaveCount(7);
  await expect(page.locator('[data-testid="layout-row"][data-row="1"]')).toHaveAttribute('data-role', 'title');
  await expect(page.locator('[data-testid="layout-row"][data-row="2"]')).toHaveAttribute('data-role', 'header');
  await expect(page.locator('[data-testid="layout-row"][data-row="7"]')).toHaveAttribute('data-role', 'skipped');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/90-table-layout.png` });

  // Keyboard: the totals row's "Import" box is ticked with Space; nothing changes until Apply.
  await page.getByRole('checkbox', { name: 'Import row 7' }).focus();
  await page.keyboard.press('Space');
  await expect(page.locator('[data-testid="layout-row"][data-row="7"]')).toHaveAttribute('data-role', 'data');
  await page.getByTestId('layout-apply').click();
  await expect(page.getByTestId('row-count')).toHaveText('5 rows');
  await expect(page.getByTestId('table-layout')).toHaveCount(0);

  // Another header row: the title line becomes the header, the old header a data row.
  await page.getByTestId('layout-toggle').click();
  await page.getByRole('radio', { name: 'Row 1 is the header' }).check();
  await expect(page.locator('[data-testid="layout-row"][data-row="2"]')).toHaveAttribute('data-role', 'data');
  await page.getByTestId('layout-apply').click();
  await expect(page.getByText('header on row 1')).toBeVisible();
  await expect(page.getByTestId('row-count')).toHaveText('6 rows');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/91-table-layout-applied.png` });

  // The same file opened again: the choice holds.
  await page.getByTestId('file-input').setInputFiles(file);
  await expect(page.getByText('header on row 1')).toBeVisible();
  await expect(page.getByTestId('row-count')).toHaveText('6 rows');

  // Back to what the app found.
  await page.getByTestId('layout-toggle').click();
  await page.getByTestId('layout-reset').click();
  await expect(page.getByText('header on row 2')).toBeVisible();
  await expect(page.getByTestId('row-count')).toHaveText('4 rows');
});

test('a title column is required before Create, and the chosen one is remembered', async ({ page, host }) => {
  const file = await reportFile();
  await page.goto(host.url);
  await connectSandbox(page);
  await page.getByTestId('file-input').setInputFiles(file);
  await page.getByTestId('tab-fields').click();
  await expect(page.getByTestId('fields-title-missing')).toHaveCount(0);
  const task = page.getByTestId('field-row').filter({ hasText: 'Task' }).first();
  await expect(task.getByTestId('field-target')).toHaveValue('builtin:title');
  await task.getByTestId('field-target').selectOption('skip');
  await expect(page.getByTestId('fields-title-missing')).toContainText('No column goes to the item title');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/92-fields-title-missing.png` });

  await page.getByTestId('tab-create').click();
  await expect(page.getByTestId('create-title-missing')).toContainText('No column goes to the item title');
  await expect(page.getByTestId('create-go')).toBeDisabled();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/93-create-title-missing.png` });
  await page.getByTestId('create-title-fields').click();
  await expect(page.getByTestId('fields-panel')).toBeVisible();
  const note = page.getByTestId('field-row').filter({ hasText: 'Note' }).first();
  await note.getByTestId('field-target').selectOption('builtin:title');
  await expect(page.getByTestId('fields-title-missing')).toHaveCount(0);
  await page.getByTestId('tab-create').click();
  await expect(page.getByTestId('create-go')).toBeEnabled({ timeout: 30_000 });

  // Opened again, the file keeps "Note" as the title.
  await page.getByTestId('file-input').setInputFiles(file);
  await page.getByTestId('tab-fields').click();
  await expect(note.getByTestId('field-target')).toHaveValue('builtin:title');
  await expect(task.getByTestId('field-target')).not.toHaveValue('builtin:title');
});

test('cells of a sheet without an ID column are fixed in the preview, and the fix holds', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByTestId('file-input').setInputFiles(await reportFile());
  // One hours value is not a number, so the column reads as text: the person says it holds numbers.
  await page.getByTestId('tab-fields').click();
  await page.getByTestId('field-row').filter({ hasText: 'Hours' }).first().getByTestId('field-type').selectOption('double');
  await page.getByTestId('tab-preview').click();
  const row = (n: number) => page.locator(`[data-testid="preview-row"][data-source-row="${n}"]`);
  const hours = row(4).locator('[data-column="Hours"]');
  await expect(hours).toHaveAttribute('data-state', 'invalid');
  await expect(page.locator('[data-testid="preview-cell"][data-locked]')).toHaveCount(0);

  await hours.dblclick();
  await page.getByTestId('cell-editor').fill('3');
  await page.getByTestId('cell-editor').press('Enter');
  await expect(hours).toHaveAttribute('data-state', 'edited');
  // The title, which the rows are told apart by, can be fixed too.
  const title = row(5).locator('[data-column="Task"]');
  await title.dblclick();
  await page.getByTestId('cell-editor').fill('Call the client again');
  await page.getByTestId('cell-editor').press('Enter');
  await expect(title).toContainText('Call the client again');
  await expect(page.getByTestId('preview-edited')).toHaveText('2 cells edited here');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/94-preview-no-id-edited.png` });

  // Another change to the mapping recomputes the preview; the fixes are still there.
  await page.getByTestId('tab-fields').click();
  await page.getByTestId('process-title').fill('Sales tasks');
  await page.getByTestId('tab-preview').click();
  await expect(row(5).locator('[data-column="Task"]')).toContainText('Call the client again');
  await expect(row(4).locator('[data-column="Hours"]')).toHaveAttribute('data-state', 'edited');
  await expect(page.getByTestId('preview-problem-rows')).toHaveText('Every row can be sent');
});

test.describe('in Russian', () => {
  test.use({ locale: 'ru-RU' });
  test('the table layout chooser and the title requirement', async ({ page, host }) => {
    await page.goto(host.url);
    await page.getByTestId('file-input').setInputFiles(await reportFile());
    await page.getByTestId('layout-toggle').click();
    await expect(page.getByRole('heading', { name: 'Где находится таблица' })).toBeVisible();
    await expect(page.getByRole('checkbox', { name: 'Импортировать строку 7' })).not.toBeChecked();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/95-table-layout-ru.png` });
    await page.getByTestId('layout-close').click();
    await page.getByTestId('tab-fields').click();
    await page.getByTestId('field-row').filter({ hasText: 'Task' }).first().getByTestId('field-target').selectOption('skip');
    await expect(page.getByTestId('fields-title-missing')).toContainText('Ни один столбец не выбран названием элемента');
  });
});
