/**
 * A complaints register without an ID column (windows-1251 csv, `;`, one row
 * repeated): its rows are recognised by their whole content. Cells fixed in
 * Preview, the stage column's included, go through the Create tab's dry run
 * and the run itself; a stage cell edited to a text no stage has is marked
 * with the reason, and the editor offers the stages.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { Page } from '@playwright/test';
import { tempDir } from '../support/temp-dir';
import { connectSandbox, expect, readSandboxPortal, SCREENSHOT_DIR, test } from './host-fixture';

const SUBJECTS = ['Не пришёл заказ', 'Повреждённая упаковка', 'Грубость оператора', 'Неверная сумма в чеке', 'Задержка доставки на 3 дня', 'Двойное списание с карты'];
const STATUSES = ['Новое', 'В работе', 'Решено', 'Отклонено'];
const CLIENTS = ['Соколова Елена Петровна', 'Морозов Андрей', 'Васильев Пётр Ильич', 'Новикова Ирина'];

async function writeComplaints(): Promise<string> {
  const lines = ['Дата поступления;Клиент;Телефон;Суть обращения;Статус'];
  for (let i = 0; i < 27; i++) {
    const day = String(i + 1).padStart(2, '0');
    lines.push([`${day}.02.2026`, CLIENTS[i % 4], `+7 (916) 555-${String(10 + i).padStart(2, '0')}-00`, SUBJECTS[i % 6], STATUSES[i % 4]].join(';'));
  }
  lines.push(lines[3]!); // a complaint entered twice
  const path = join(tempDir('spm-e2e-complaints-'), 'complaints.csv');
  await writeFile(path, iconv.encode(lines.join('\r\n') + '\r\n', 'win1251'));
  return path;
}

const cellOf = (page: Page, sourceRow: number, column: string) => page.locator(`[data-testid="preview-row"][data-source-row="${sourceRow}"] [data-column="${column}"]`);

test('cells of a sheet without an ID column are fixed in Preview and created as fixed', async ({ page, host }) => {
  await page.goto(host.url);
  await connectSandbox(page);
  await page.getByTestId('file-input').setInputFiles(await writeComplaints());
  await expect(page.getByTestId('row-count')).toHaveText('28 rows');
  // Cards are named after the client.
  await page.getByTestId('tab-fields').click();
  await page.getByTestId('field-row').nth(1).getByTestId('field-target').selectOption('builtin:title');
  await page.getByTestId('tab-preview').click();
  await expect(page.getByTestId('preview-by-content')).toHaveText('This sheet has no key column: each row is recognised by its whole content.');
  await expect(page.getByTestId('preview-grid').locator('.column-header', { hasText: 'Row key' })).toHaveCount(0);

  // A stage cell edited to a text no stage has: marked, with the reason; the editor offers the stages.
  const status = cellOf(page, 2, 'Статус');
  await expect(status).toHaveText(STATUSES[0]!);
  await status.dblclick();
  await expect(page.getByTestId('cell-choices').locator('option')).toHaveCount(STATUSES.length);
  await page.getByTestId('cell-editor').fill('Хамство');
  await page.getByTestId('cell-editor').press('Enter');
  await expect(status).toHaveAttribute('data-state', 'invalid');
  await expect(status).toHaveAttribute('title', /Cannot be sent: .*Хамство/);
  await expect(page.getByTestId('ready-rows')).toHaveText('27 of 28 rows ready');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/preview-no-id-list-edit.png` });
  // Fixed again with one of the stages; a client's name is fixed too.
  await status.dblclick();
  await page.getByTestId('cell-editor').fill('Решено');
  await page.getByTestId('cell-editor').press('Enter');
  await expect(status).toHaveAttribute('data-state', 'edited');
  await cellOf(page, 3, 'Клиент').dblclick();
  await page.getByTestId('cell-editor').fill('Морозов Андрей Ильич');
  await page.getByTestId('cell-editor').press('Enter');
  await expect(page.getByTestId('preview-edited')).toHaveText('2 cells edited here');
  await expect(page.getByTestId('ready-rows')).toHaveText('28 of 28 rows ready');

  await page.getByTestId('tab-create').click();
  await expect(page.getByTestId('create-items')).toContainText('28', { timeout: 30_000 });
  await expect(page.getByTestId('create-error')).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/create-no-id-edited.png`, fullPage: true });
  await page.getByTestId('create-go').click();
  await expect(page.getByTestId('run-done')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('done-created')).toContainText('28');
  await readSandboxPortal(host.dataDir, async (rest) => {
    const { types } = (await rest('crm.type.list')).result;
    const { items } = (await rest('crm.item.list', { entityTypeId: types[0].entityTypeId, select: ['title'] })).result;
    expect(items).toHaveLength(28);
    expect(items.filter((item: { title: string }) => item.title.includes('Морозов Андрей Ильич'))).toHaveLength(1);
  });
});
