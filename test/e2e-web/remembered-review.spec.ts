import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Locator } from '@playwright/test';
import { connectSandbox, expect, SCREENSHOT_DIR, test } from './host-fixture';

const valuesOf = (inputs: Locator): Promise<string[]> => inputs.evaluateAll((nodes) => nodes.map((node) => (node as HTMLInputElement).value));

/** A purchase log as people keep it: a title merged across, group names merged over their columns, then the headers. */
async function purchasesXlsx(saved: Date): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = saved;
  workbook.modified = saved;
  const sheet = workbook.addWorksheet('Закупки 2026');
  sheet.addRow(['Журнал закупок отдела снабжения, 2026 г.']);
  sheet.mergeCells('A1:H1');
  sheet.addRow(['Заявка', '', '', 'Поставка', '', '', 'Исполнение', '']);
  sheet.mergeCells('A2:C2');
  sheet.mergeCells('D2:F2');
  sheet.mergeCells('G2:H2');
  sheet.addRow(['№ п/п', 'Дата заявки', 'Наименование', 'Поставщик', 'Кол-во', 'Сумма', 'Статус', 'Ответственный']);
  const items = ['Картриджи HP 85A', 'Бумага А4', 'Ноутбук Lenovo', 'Монитор Dell 24"', 'Кресло офисное', 'МФУ Kyocera'];
  const suppliers = ['ООО «Ромашка»', 'АО «Вектор»', 'ООО «ТехноСнаб»'];
  const statuses = ['Новая', 'На согласовании', 'Заказано', 'Доставлено', 'Отменена'];
  const people = ['Петров И.А.', 'Иванова М.О.', 'Кузнецов А.В.'];
  for (let i = 1; i <= 24; i++) {
    sheet.addRow([i, `${String((i % 27) + 1).padStart(2, '0')}.01.2026`, items[i % items.length], suppliers[i % suppliers.length], (i * 7) % 19 + 1, 1000 + i * 311, statuses[i % statuses.length], people[i % people.length]]);
  }
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

test('a moved stage is still there when the file is opened again after another file, also when the workbook was saved again with the same content', async ({ page, host, files }) => {
  const dir = await mkdtemp(join(tmpdir(), 'spm-remembered-'));
  const first = join(dir, 'закупки.xlsx');
  const savedAgain = join(dir, 'закупки (сохранён снова).xlsx');
  await writeFile(first, await purchasesXlsx(new Date('2026-03-01T10:00:00Z')));
  await writeFile(savedAgain, await purchasesXlsx(new Date('2026-03-04T18:20:00Z')));
  await page.goto(host.url);
  await connectSandbox(page);
  await page.getByTestId('file-input').setInputFiles(first);
  await expect(page.getByTestId('row-count')).toHaveText('24 rows');
  await page.getByTestId('tab-stages').click();
  const stages = page.getByTestId('stage-column');
  await expect.poll(() => valuesOf(stages.getByTestId('stage-name'))).toEqual(['Новая', 'На согласовании', 'Заказано', 'Доставлено', 'Отменена']);
  await expect(page.getByTestId('review-remembered')).toHaveCount(0);
  // "Заказано" moves before "На согласовании", and is renamed.
  await stages.nth(2).getByTestId('stage-left').click();
  await stages.nth(1).getByTestId('stage-name').fill('Заказано у поставщика');
  const mine = ['Новая', 'Заказано у поставщика', 'На согласовании', 'Доставлено', 'Отменена'];
  await expect.poll(() => valuesOf(stages.getByTestId('stage-name'))).toEqual(mine);

  await page.getByTestId('file-input').setInputFiles(files.contractsXlsx!);
  await expect(page.getByTestId('row-count')).toHaveText('120 rows');
  await page.getByTestId('tab-stages').click();
  await expect.poll(() => valuesOf(stages.getByTestId('stage-name'))).toEqual(['Новая', 'На согласовании', 'Подписан', 'Отклонён']);

  await page.getByTestId('file-input').setInputFiles(first);
  await expect(page.getByTestId('row-count')).toHaveText('24 rows');
  await page.getByTestId('tab-stages').click();
  await expect.poll(() => valuesOf(stages.getByTestId('stage-name'))).toEqual(mine);
  await expect(page.getByTestId('review-remembered')).toContainText('Your choices from the last time this file was open are back.');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/95-remembered-stages-en.png` });

  // The same content saved again (other bytes, another name): the same review.
  await page.getByTestId('language-ru').click();
  await page.getByTestId('file-input').setInputFiles(savedAgain);
  await expect(page.getByTestId('row-count')).toContainText('24');
  await page.getByTestId('tab-stages').click();
  await expect.poll(() => valuesOf(stages.getByTestId('stage-name'))).toEqual(mine);
  await expect(page.getByTestId('review-remembered')).toContainText('Ваши решения с прошлого раза');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/96-remembered-stages-ru.png` });

  // Start afresh: the app's own order again.
  await page.getByTestId('review-forget').click();
  await expect.poll(() => valuesOf(stages.getByTestId('stage-name'))).toEqual(['Новая', 'На согласовании', 'Заказано', 'Доставлено', 'Отменена']);
  await expect(page.getByTestId('review-remembered')).toHaveCount(0);
});

test('the header picker shows a joined group row as part of the header, and unticking a data row keeps the grouped names', async ({ page, host }) => {
  const dir = await mkdtemp(join(tmpdir(), 'spm-grouped-'));
  const file = join(dir, 'закупки.xlsx');
  await writeFile(file, await purchasesXlsx(new Date('2026-03-01T10:00:00Z')));
  await page.goto(host.url);
  await page.getByTestId('file-input').setInputFiles(file);
  await expect(page.getByTestId('row-count')).toHaveText('24 rows');
  const headers = page.getByTestId('column-header');
  await expect(headers.first()).toHaveText('Заявка / № п/п');

  await page.getByTestId('layout-toggle').click();
  const row = (n: number) => page.locator(`[data-testid="layout-row"][data-row="${n}"]`);
  await expect(row(1)).toHaveAttribute('data-role', 'title');
  await expect(row(2)).toHaveAttribute('data-role', 'group');
  await expect(row(2)).toContainText('part of the header');
  await expect(row(2)).not.toContainText('title, skipped');
  await expect(row(3)).toHaveAttribute('data-role', 'header');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/97-header-picker-grouped-en.png` });

  // Only row 5 is unticked: the header and its group names stay as they were.
  await page.getByRole('checkbox', { name: 'Import row 5' }).uncheck();
  await page.getByTestId('layout-apply').click();
  await expect(page.getByTestId('row-count')).toHaveText('23 rows');
  await expect(headers.first()).toHaveText('Заявка / № п/п');
  await expect(headers.nth(6)).toHaveText('Исполнение / Статус');

  // The picker again: the group row still part of the header; choosing it as the header stands it alone.
  await page.getByTestId('layout-toggle').click();
  await expect(row(2)).toHaveAttribute('data-role', 'group');
  await page.getByRole('radio', { name: 'Row 2 is the header' }).check();
  await expect(row(2)).toHaveAttribute('data-role', 'header');
  await expect(row(3)).toHaveAttribute('data-role', 'data');
  await page.getByRole('radio', { name: 'Row 3 is the header' }).check();
  await expect(row(2)).toHaveAttribute('data-role', 'group');
  await page.getByTestId('layout-close').click();
});
