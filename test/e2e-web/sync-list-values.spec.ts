/**
 * A sync whose sheet gained a value in a list column: the preview names the
 * new value and the rows it holds back, adding it lets those rows through,
 * and the choice can be taken back before Apply.
 *
 * Expected before running: 60 requests, “Cost center” one of five values (a
 * list field); a week later three rows moved to a new cost center “R&D
 * Berlin”. Without adding it those 3 rows fail and 57 are unchanged; with it
 * the 3 rows are updates and nothing fails.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectSandbox, expect, SCREENSHOT_DIR, test } from './host-fixture';

const HEADERS = ['Request ID', 'Subject', 'Status', 'Amount, USD', 'Cost center'];
const CENTERS = ['Finance', 'Sales', 'Operations', 'Marketing', 'Support'];
const STATUSES = ['New', 'In review', 'Approved', 'Rejected'];

function requests(count: number): string[][] {
  return Array.from({ length: count }, (_, i) => [`REQ-${String(i + 1).padStart(4, '0')}`, `Request ${i + 1}: office supplies batch ${i % 7}`, STATUSES[i % STATUSES.length]!, `${(i * 53) % 900}.00`, CENTERS[i % CENTERS.length]!]);
}

async function writeCsv(path: string, rows: string[][]): Promise<void> {
  await writeFile(path, `${[HEADERS, ...rows].map((row) => row.join(';')).join('\r\n')}\r\n`);
}

test('new list values in a sync: listed with the rows they hold back, added on choice, and the choice undone', async ({ page, host }) => {
  test.setTimeout(120_000);
  const dir = await mkdtemp(join(tmpdir(), 'spm-sync-lists-'));
  const rows = requests(60);
  const first = join(dir, 'requests.csv');
  await writeCsv(first, rows);
  for (const index of [4, 20, 41]) rows[index]![4] = 'R&D Berlin';
  const later = join(dir, 'requests-later.csv');
  await writeCsv(later, rows);

  await page.goto(host.url);
  await connectSandbox(page);
  await page.getByTestId('file-input').setInputFiles(first);
  await expect(page.getByTestId('row-count')).toHaveText('60 rows');
  await page.getByTestId('tab-fields').click();
  const fieldRows = page.getByTestId('field-row');
  await fieldRows.nth(1).getByTestId('field-target').selectOption('builtin:title');
  await page.getByTestId('tab-create').click();
  await page.getByTestId('create-go').click();
  await expect(page.getByTestId('run-done')).toBeVisible({ timeout: 60_000 });

  await page.getByTestId('nav-projects').click();
  await page.getByTestId('project-sync').click();
  await page.getByTestId('sync-file-input').setInputFiles(later);
  await expect(page.getByTestId('sync-preview')).toBeVisible({ timeout: 30_000 });
  const values = page.getByTestId('sync-list-values');
  await expect(values).toHaveText('New values of “Cost center”: “R&D Berlin”. Rows that hold one cannot be sent until they are added: 3.');
  await expect(page.getByTestId('sync-failed')).toContainText('3');
  await expect(page.getByTestId('sync-unchanged')).toContainText('57');
  await expect(page.getByTestId('sync-preview')).not.toContainText('--allow-schema-changes');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/sync-list-values-found.png`, fullPage: true });

  await page.getByTestId('sync-allow-schema').check();
  await expect(values).toHaveText('New values of “Cost center”: “R&D Berlin”, added to the list field by this sync; rows they let through: 3.');
  await expect(page.getByTestId('sync-failed')).toContainText('0');
  await expect(page.getByTestId('sync-updated')).toContainText('3');
  // The value about to be added is named, though the list field has no item for it yet.
  await expect(page.getByTestId('sync-changes').locator('li').first()).toContainText('Cost center: Support → R&D Berlin');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/sync-list-values-added.png`, fullPage: true });

  // The choice is taken back before Apply: the rows wait again.
  await page.getByTestId('sync-allow-schema').uncheck();
  await expect(values).toContainText('cannot be sent until they are added: 3');
  await expect(page.getByTestId('sync-failed')).toContainText('3');

  await page.getByTestId('sync-allow-schema').check();
  await expect(page.getByTestId('sync-failed')).toContainText('0');
  await page.getByTestId('sync-apply').click();
  await expect(page.getByTestId('sync-done')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('sync-done-line')).toContainText('3 updated');
  await expect(page.getByTestId('sync-done-line')).toContainText('0 failed');
});
