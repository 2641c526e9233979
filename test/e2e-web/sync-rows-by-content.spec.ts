/**
 * Sync of a complaints register with no ID column (rows are known by their
 * content), in English and in Russian: the edited row is the same card, rows
 * are named by their card's title and row number (never an internal
 * fingerprint), values are worded (stage names, money with its currency),
 * and a row rewritten beyond recognition is warned about before applying.
 *
 * Expected before running: 16 complaints, two a day, names and subjects
 * repeating, so no column is unique: “Суть обращения”, a header that names
 * the item, is the card title, and rows are known by it, rows repeating a
 * subject told apart by their place (so a changed status keeps the row's key). Next version: row 4 (“Задержка
 * доставки на 3 дня”) moves from “Решено” to “В работе” with compensation
 * 750,50 → 1200,00 (its subject is repeated in row 10, so only its place
 * tells it); row 11 is rewritten (another client, subject, category, status,
 * amount). Sync: 1 changed (row 4), 1 new (row 11), 1 gone and kept (the old
 * row 11, “Неверная сумма в чеке”), 14 unchanged, 0 failed; after
 * Apply, 1 created and 1 updated.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectSandbox, expect, SCREENSHOT_DIR, test } from './host-fixture';

const HEADERS = ['Дата поступления', 'Клиент', 'Суть обращения', 'Категория', 'Статус', 'Ответственный', 'Сумма компенсации'];
const CLIENTS = ['Соколова Елена Петровна', 'Морозов Андрей', 'ООО «Берёзка»', 'Васильев Пётр Ильич', 'Новикова Ирина'];
const SUBJECTS = ['Не пришёл заказ', 'Повреждённая упаковка', 'Грубость оператора', 'Неверная сумма в чеке', 'Задержка доставки на 3 дня', 'Двойное списание с карты'];
const CATEGORIES = ['Доставка', 'Качество', 'Сервис', 'Оплата'];
const STATUSES = ['Новое', 'В работе', 'Решено', 'Отклонено'];
const PEOPLE = ['Смирнова Анна', 'Петрова Ольга', 'Иванова Мария'];

function complaints(): string[][] {
  return Array.from({ length: 16 }, (_, i) => [
    `${String(1 + Math.floor(i / 2)).padStart(2, '0')}.02.2026`,
    CLIENTS[i % 5]!,
    SUBJECTS[(i * 5) % 6]!,
    CATEGORIES[i % 4]!,
    STATUSES[i % 4]!,
    PEOPLE[i % 3]!,
    i % 3 === 0 ? '' : `${500 + i * 125},50`,
  ]);
}

async function writeCsv(path: string, rows: string[][]): Promise<void> {
  await writeFile(path, `${[HEADERS, ...rows].map((row) => row.join(';')).join('\r\n')}\r\n`);
}

test('sync of a sheet without an ID column: the edited row is its own card, rows named as a person knows them, en and ru', async ({ page, host }) => {
  test.setTimeout(120_000);
  const dir = await mkdtemp(join(tmpdir(), 'spm-sync-by-content-'));
  const rows = complaints();
  const first = join(dir, 'complaints.csv');
  await writeCsv(first, rows);
  expect(rows[2]).toEqual(['02.02.2026', 'ООО «Берёзка»', 'Задержка доставки на 3 дня', 'Сервис', 'Решено', 'Иванова Мария', '750,50']);
  rows[2]![4] = 'В работе';
  rows[2]![6] = '1200,00';
  expect(rows[9]![2]).toBe('Неверная сумма в чеке');
  rows[9] = ['05.02.2026', 'Зайцев Олег', 'Двойное списание с карты', 'Оплата', 'Новое', PEOPLE[0]!, '90,00'];
  const later = join(dir, 'complaints-later.csv');
  await writeCsv(later, rows);

  await page.goto(host.url);
  await page.getByTestId('language-en').click();
  await connectSandbox(page);
  await page.getByTestId('file-input').setInputFiles(first);
  await expect(page.getByTestId('row-count')).toHaveText('16 rows');
  await page.getByTestId('tab-fields').click();
  await page.getByTestId('field-row').nth(2).getByTestId('field-target').selectOption('builtin:title');
  await page.getByTestId('tab-create').click();
  await page.getByTestId('create-go').click();
  await expect(page.getByTestId('run-done')).toBeVisible({ timeout: 60_000 });

  await page.getByTestId('nav-projects').click();
  await page.getByTestId('project-sync').click();
  await page.getByTestId('sync-file-input').setInputFiles(later);
  const preview = page.getByTestId('sync-preview');
  await expect(preview).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('sync-updated')).toContainText('1');
  await expect(page.getByTestId('sync-created')).toContainText('1');
  await expect(page.getByTestId('sync-kept')).toContainText('1');
  await expect(page.getByTestId('sync-unchanged')).toContainText('14');
  await expect(page.getByTestId('sync-failed')).toContainText('0');
  const changes = page.getByTestId('sync-changes');
  await expect(changes.locator('li[data-action="update"]')).toContainText('“Задержка доставки на 3 дня” · row 4 · Статус, Сумма компенсации');
  await expect(changes.locator('li[data-action="update"]')).toContainText('Статус: Решено → В работе');
  await expect(changes.locator('li[data-action="update"]')).toContainText('Сумма компенсации: 750.50 RUB → 1,200 RUB');
  await expect(changes.locator('li[data-action="create"]')).toContainText('“Двойное списание с карты” · row 11');
  await expect(changes.locator('li[data-action="remove"]')).toContainText('“Неверная сумма в чеке” · was row 11');
  await expect(preview).not.toContainText('fp-');
  await expect(page.getByTestId('sync-unmatched')).toHaveText(
    'This sheet has no ID column, so its rows are known by their cells. New rows: 1; rows gone from the sheet: 1. They could not be matched with each other: if one of them is a row you edited, applying creates a new card for it, and its old card stays in the portal as it is.',
  );
  await page.getByTestId('sync-removed-policy').selectOption('delete');
  await expect(page.getByTestId('sync-unmatched')).toContainText('its old card is deleted from the portal');
  await page.getByTestId('sync-removed-policy').selectOption('keep');
  await preview.screenshot({ path: `${SCREENSHOT_DIR}/sync-by-content-en.png` });

  await page.getByTestId('language-ru').click();
  await expect(changes.locator('li[data-action="update"]')).toContainText('«Задержка доставки на 3 дня» · строка 4 · Статус, Сумма компенсации');
  await expect(changes.locator('li[data-action="update"]')).toContainText(/Сумма компенсации: 750,50\s₽ → 1\s200\s₽/);
  await expect(changes.locator('li[data-action="remove"]')).toContainText('«Неверная сумма в чеке» · была строка 11');
  await expect(page.getByTestId('sync-unmatched')).toContainText('Новых строк: 1, пропавших: 1 — сопоставить их друг с другом не удалось');
  await expect(page.getByTestId('sync-unmatched')).toContainText('а старая останется в портале как есть');
  await expect(preview).not.toContainText('fp-');
  await preview.screenshot({ path: `${SCREENSHOT_DIR}/sync-by-content-ru.png` });

  await page.getByTestId('sync-apply').click();
  await expect(page.getByTestId('sync-done')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('sync-done-line')).toContainText('создано 1, обновлено 1');
});
