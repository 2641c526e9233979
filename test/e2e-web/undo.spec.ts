/**
 * “Undo this migration” in the app: migrate in the app, edit an item in the
 * portal, undo from Projects (the preview lists the edited item, the
 * confirmation names the count), and read the sandbox back: empty.
 */
import type { Page } from '@playwright/test';
import { connectSandbox, expect, RENDERER_DIR, SCREENSHOT_DIR, test } from './host-fixture';
import { startHost, type RunningHost } from '../../electron/host/start-host';
import { openEmbeddedSandbox } from '../../sandbox/embedded-sandbox';

type Rest = (method: string, params?: unknown) => Promise<any>;

/** Runs `work` against the app's sandbox portal over REST, with the app's host closed (the portal has one owner at a time). */
async function withPortal<T>(dataDir: string, work: (rest: Rest) => Promise<T>): Promise<T> {
  const portal = await openEmbeddedSandbox(dataDir);
  try {
    const rest: Rest = async (method, params = {}) => {
      const body = await (await fetch(`${portal.webhook}${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) })).json();
      if (body.error) throw new Error(`${method}: ${body.error} ${body.error_description}`);
      return body.result;
    };
    return await work(rest);
  } finally {
    await portal.close();
  }
}

async function migrateInApp(page: Page, host: RunningHost, file: string, language: 'en' | 'ru' = 'en'): Promise<void> {
  await page.goto(host.url);
  if (language === 'en') await connectSandbox(page);
  else {
    await page.getByTestId('portal-chip').click();
    await page.getByTestId('use-sandbox').click();
    await expect(page.getByTestId('check-result')).toContainText('Готово');
    await page.getByTestId('connect-continue').click();
  }
  await page.getByTestId('file-input').setInputFiles(file);
  await page.getByTestId('tab-create').click();
  await page.getByTestId('create-go').click();
  await expect(page.getByTestId('run-done')).toBeVisible({ timeout: 60_000 });
}

test('undo a migration from Projects: the edited item is listed and kept unless chosen, then the portal is empty', async ({ page, host, files }) => {
  test.setTimeout(120_000);
  await migrateInApp(page, host, files.contractsXlsx!);
  await host.close();

  // Someone changes one contract's amount in the portal after the migration.
  const edited = await withPortal(host.dataDir, async (rest) => {
    const [type] = (await rest('crm.type.list')).types;
    const { items } = await rest('crm.item.list', { entityTypeId: type.entityTypeId, select: ['id', 'xmlId'], filter: { title: 'Договор поставки №7' } });
    await rest('crm.item.update', { entityTypeId: type.entityTypeId, id: items[0].id, fields: { opportunity: 777 } });
    return items[0].xmlId.split(':')[1] as string;
  });
  expect(edited).toBe('Д-0007');

  const again = await startHost({ staticDir: RENDERER_DIR, version: '0.0.0-test', dataDir: host.dataDir });
  try {
    await page.goto(again.url);
    await page.getByTestId('nav-projects').click();
    await expect(page.getByTestId('project-card')).toHaveCount(1);
    await page.getByTestId('project-undo').click();
    await expect(page.getByTestId('undo-preview')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('undo-items')).toContainText('119');
    await expect(page.getByTestId('undo-kept')).toContainText('1');
    await expect(page.getByTestId('undo-edited')).toContainText('Д-0007');
    await expect(page.getByTestId('undo-edited')).toContainText('Сумма, ₽');
    await expect(page.getByTestId('undo-type-line')).toContainText('stays: items remain');
    // What undo never deletes is said before the click: the companies the sheet's “Контрагент” column linked or created.
    await expect(page.getByTestId('undo-stays-clients')).toContainText('companies and contacts (columns: “Контрагент”), the ones the migration created included');
    // Nothing is deleted before the count is confirmed.
    await expect(page.getByTestId('undo-apply')).toBeDisabled();
    await expect(page.getByTestId('undo-confirm')).toContainText('Yes, delete 119 items from the portal');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/30-undo-preview.png`, fullPage: true });

    // Deleting the edited item too: a new preview, and the confirmation names the new count.
    await page.getByTestId('undo-force').check();
    await expect(page.getByTestId('undo-items')).toContainText('120');
    await expect(page.getByTestId('undo-type-line')).toContainText('itself is deleted');
    await expect(page.getByTestId('undo-confirm')).toContainText('Yes, delete 120 items');
    await page.getByTestId('undo-confirm-check').check();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/31-undo-confirm.png`, fullPage: true });
    await page.getByTestId('undo-apply').click();
    await expect(page.getByTestId('undo-done')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('undo-done')).toContainText('The migration is undone');
    await expect(page.getByTestId('undo-done-line')).toContainText('Items: 120 deleted');
    await expect(page.getByTestId('project-card')).toContainText('undone');
    // An undone project has nothing to sync or undo any more.
    await expect(page.getByTestId('project-sync')).toHaveCount(0);
    await expect(page.getByTestId('project-undo')).toHaveCount(0);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/32-undo-done.png`, fullPage: true });
  } finally {
    await again.close();
  }

  // The portal, read back: no smart process, no items, no fields.
  await withPortal(host.dataDir, async (rest) => {
    expect((await rest('crm.type.list')).types).toEqual([]);
    expect((await rest('userfieldconfig.list', { moduleId: 'crm' })).fields).toEqual([]);
  });
});

test.describe('undo in Russian', () => {
  test.use({ locale: 'ru-RU' });

  test('the preview, the confirmation and the result read in Russian', async ({ page, host, files }) => {
    test.setTimeout(120_000);
    await migrateInApp(page, host, files.contractsXlsx!, 'ru');
    await page.getByTestId('nav-projects').click();
    await page.getByTestId('project-undo').click();
    await expect(page.getByTestId('undo-preview')).toContainText('Что отмена сделает на портале', { timeout: 30_000 });
    await expect(page.getByTestId('undo-items')).toContainText('120');
    await expect(page.getByTestId('undo-type-line')).toContainText('будет удалён и сам смарт-процесс «Договоры»');
    await expect(page.getByTestId('undo-stays')).toContainText('Остаётся на портале');
    await expect(page.getByTestId('undo-stays-clients')).toContainText('компании и контакты (столбцы: «Контрагент»), включая созданные при переносе');
    await page.getByTestId('undo-confirm-check').check();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ru-30-undo-preview.png`, fullPage: true });
    await page.getByTestId('undo-apply').click();
    await expect(page.getByTestId('undo-done')).toContainText('Миграция отменена', { timeout: 60_000 });
    await expect(page.getByTestId('project-card')).toContainText('отменена');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ru-31-undo-done.png`, fullPage: true });
    await host.close();
    await withPortal(host.dataDir, async (rest) => {
      expect((await rest('crm.type.list')).types).toEqual([]);
    });
  });
});
