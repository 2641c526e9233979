/**
 * The project card after an undo, in the app: it says the migration is
 * undone and when, what the migration created stays in the portal (the
 * companies it created, the workflow template), and offers what makes sense
 * next — migrating the sheet again, removing the created companies (with
 * the same confirmation and summary as the Undo panel) — and never a sync,
 * the copy with Bitrix24 ids, or the kanban of the deleted smart process.
 * Once the companies are removed the card says nothing is left. English and
 * Russian; the sandbox is read back.
 */
import type { Page } from '@playwright/test';
import { connectSandbox, expect, RENDERER_DIR, SCREENSHOT_DIR, test } from './host-fixture';
import { startHost } from '../../electron/host/start-host';
import { openEmbeddedSandbox } from '../../sandbox/embedded-sandbox';

/** Edits one migrated contract's amount in the portal, with the app's host closed (the portal has one owner at a time). */
async function editOneItem(dataDir: string): Promise<void> {
  const portal = await openEmbeddedSandbox(dataDir);
  try {
    const rest = async (method: string, params: unknown): Promise<any> => (await (await fetch(`${portal.webhook}${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) })).json()).result;
    const [type] = (await rest('crm.type.list', {})).types;
    const { items } = await rest('crm.item.list', { entityTypeId: type.entityTypeId, select: ['id'], filter: { title: 'Договор поставки №7' } });
    await rest('crm.item.update', { entityTypeId: type.entityTypeId, id: items[0].id, fields: { opportunity: 777 } });
  } finally {
    await portal.close();
  }
}

async function companyTitles(dataDir: string): Promise<string[]> {
  const portal = await openEmbeddedSandbox(dataDir);
  try {
    const body = await (await fetch(`${portal.webhook}crm.company.list`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ select: ['ID', 'TITLE'] }) })).json();
    return (body.result as Array<{ TITLE: string }>).map((company) => company.TITLE).sort();
  } finally {
    await portal.close();
  }
}

async function migrateInApp(page: Page, url: string, file: string, language: 'en' | 'ru'): Promise<void> {
  await page.goto(url);
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

/** Undoes the only project without removing the companies it created. */
async function undoKeepingClients(page: Page): Promise<void> {
  await page.getByTestId('project-undo').click();
  await expect(page.getByTestId('undo-preview')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('undo-remove-clients')).not.toBeChecked();
  await page.getByTestId('undo-confirm-check').check();
  await page.getByTestId('undo-apply').click();
  await expect(page.getByTestId('undo-done')).toBeVisible({ timeout: 60_000 });
}

test('after an undo the card says undone and what stays, offers removing the 3 created companies, then says nothing is left', async ({ page, host, files }) => {
  test.setTimeout(150_000);
  await migrateInApp(page, host.url, files.contractsXlsx!, 'en');
  await page.getByTestId('nav-projects').click();
  const card = page.getByTestId('project-card');
  // A sync opened before the undo: its panel describes items the undo deletes.
  await page.getByTestId('project-sync').click();
  await expect(card.getByTestId('sync-panel')).toBeVisible();
  await expect(card.getByTestId('project-undone')).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/37-undo-card-before-en.png`, fullPage: true });

  await undoKeepingClients(page);
  // The finished run's bar described the 120 items as created; they are gone.
  await expect(page.getByTestId('background-run')).toHaveCount(0);
  await expect(card.getByTestId('project-undone-line')).toContainText('Undone ');
  await expect(card.getByTestId('project-undone-line')).toContainText('the smart process “Договоры” and everything the migration put in it are deleted');
  await expect(card.getByTestId('project-undone-clients')).toHaveText('3 companies and contacts the migration created');
  await expect(card.getByTestId('project-undone-workflows')).toContainText('the workflow templates it installed: “');
  await expect(card).toContainText('undone · ');
  // Nothing that would act on the deleted smart process or its ids.
  await expect(card.getByTestId('sync-panel')).toHaveCount(0);
  await expect(card.getByTestId('project-sync')).toHaveCount(0);
  await expect(card.getByTestId('project-undo')).toHaveCount(0);
  await expect(card.getByTestId('download-write-back')).toHaveCount(0);
  await expect(card.getByTestId('project-kanban')).toHaveCount(0);
  await expect(card.getByTestId('project-migrate-again')).toHaveText('Migrate the sheet again…');
  await expect(card.getByTestId('project-remove-clients')).toHaveText('Remove the companies and contacts it created…');
  await page.getByTestId('undo-close').click();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/38-undo-card-after-en.png`, fullPage: true });

  await card.getByTestId('project-remove-clients').click();
  await expect(page.getByTestId('undo-preview')).toContainText('Remove what the migration left in the portal', { timeout: 30_000 });
  await expect(page.getByTestId('undo-clients-line')).toHaveText('3 companies and 0 contacts this migration created: “ООО «Ромашка»”, “АО Вектор”, “ИП Кузнецов”.');
  await expect(page.getByTestId('undo-remove-clients')).toBeChecked();
  await expect(page.getByTestId('undo-items')).toHaveCount(0);
  await expect(page.getByTestId('undo-apply')).toBeDisabled();
  await expect(page.getByTestId('undo-confirm')).toContainText('Yes, delete 3 companies and contacts from the portal');
  await page.getByTestId('undo-confirm-check').check();
  await expect(page.getByTestId('undo-apply')).toHaveText('Delete 3 companies and contacts');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/39-undo-card-remove-clients-en.png`, fullPage: true });
  await page.getByTestId('undo-apply').click();
  await expect(page.getByTestId('undo-done')).toContainText('Removed from the portal', { timeout: 60_000 });
  await expect(page.getByTestId('undo-done-clients')).toHaveText('Companies and contacts this migration created: 3 removed, 0 kept, 0 already gone, 0 failed.');
  await expect(card.getByTestId('project-undone-clients')).toHaveCount(0);
  await expect(card.getByTestId('project-remove-clients')).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/40-undo-card-clients-removed-en.png`, fullPage: true });
  await page.getByTestId('undo-close').click();
  await expect(card.getByTestId('project-undone-workflows')).toBeVisible();
  await expect(card.getByTestId('project-migrate-again')).toBeVisible();
  await host.close();
  expect(await companyTitles(host.dataDir)).toEqual([]);
});

test('migrating the sheet again from the card opens it fresh in Create', async ({ page, host, files }) => {
  test.setTimeout(150_000);
  await migrateInApp(page, host.url, files.contractsXlsx!, 'en');
  await page.getByTestId('nav-projects').click();
  await undoKeepingClients(page);
  await page.getByTestId('project-migrate-again-input').setInputFiles(files.contractsXlsx!);
  await expect(page.getByTestId('row-count')).toHaveText('120 rows', { timeout: 30_000 });
  await page.getByTestId('tab-create').click();
  await expect(page.getByTestId('create-items')).toContainText('120', { timeout: 30_000 });
  await expect(page.getByTestId('create-already')).toHaveCount(0);
  await expect(page.getByTestId('background-run')).toHaveCount(0);
  await expect(page.getByTestId('create-go')).toBeEnabled();
});

test('a partial undo: the card counts what could not be deleted, offers finishing it, and Create does not call the sheet migrated', async ({ page, host, files }) => {
  test.setTimeout(150_000);
  await migrateInApp(page, host.url, files.contractsXlsx!, 'en');
  await host.close();
  await editOneItem(host.dataDir);
  const again = await startHost({ staticDir: RENDERER_DIR, version: '0.0.0-test', dataDir: host.dataDir });
  try {
    await page.goto(again.url);
    await page.getByTestId('nav-projects').click();
    await undoKeepingClients(page);
    await page.getByTestId('undo-close').click();
    const card = page.getByTestId('project-card');
    await expect(card).toContainText('partly undone · ');
    await expect(card.getByTestId('project-undone-line')).toContainText('1 could not be deleted');
    await expect(card.getByTestId('project-undone')).toHaveAttribute('data-outcome', 'partial');
    await expect(card.getByTestId('project-undone-type')).toHaveText('the smart process “Договоры” with what could not be deleted yet');
    await expect(card.getByTestId('project-undo')).toHaveText('Finish the undo…');
    await expect(card.getByTestId('project-sync')).toHaveCount(0);
    await expect(card.getByTestId('project-migrate-again')).toHaveCount(0);
    // The undo that finishes offers the created companies itself.
    await expect(card.getByTestId('project-remove-clients')).toHaveCount(0);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/41-undo-card-partial-en.png`, fullPage: true });

    await page.getByTestId('nav-projects').click();
    await page.getByTestId('file-input').setInputFiles(files.contractsXlsx!);
    await page.getByTestId('tab-create').click();
    await expect(page.getByTestId('create-undone-partly')).toContainText('did not finish', { timeout: 30_000 });
    await expect(page.getByTestId('create-already')).toHaveCount(0);
    await expect(page.getByTestId('create-go')).toBeDisabled();
    await page.getByTestId('create-finish-undo').click();
    await expect(page.getByTestId('undo-preview')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('undo-kept')).toContainText('1');
  } finally {
    await again.close();
  }
});

test.describe('the card after an undo in Russian', () => {
  test.use({ locale: 'ru-RU' });

  test('undone, what stays, removing the created companies, then nothing left', async ({ page, host, files }) => {
    test.setTimeout(150_000);
    await migrateInApp(page, host.url, files.contractsXlsx!, 'ru');
    await page.getByTestId('nav-projects').click();
    const card = page.getByTestId('project-card');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ru-34-undo-card-before.png`, fullPage: true });
    await undoKeepingClients(page);
    await page.getByTestId('undo-close').click();
    await expect(card.getByTestId('project-undone-line')).toContainText('Отменена ');
    await expect(card.getByTestId('project-undone-line')).toContainText('смарт-процесс «Договоры» и всё, что перенос в него записал, удалены');
    await expect(card.getByTestId('project-undone-stays')).toContainText('Остаётся на портале:');
    await expect(card.getByTestId('project-undone-clients')).toHaveText('компании и контакты, созданные переносом: 3');
    await expect(card).toContainText('отменена · ');
    await expect(card.getByTestId('project-sync')).toHaveCount(0);
    await expect(card.getByTestId('download-write-back')).toHaveCount(0);
    await expect(card.getByTestId('project-migrate-again')).toHaveText('Перенести таблицу заново…');
    await expect(card.getByTestId('project-remove-clients')).toHaveText('Удалить созданные им компании и контакты…');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ru-35-undo-card-after.png`, fullPage: true });

    await card.getByTestId('project-remove-clients').click();
    await expect(page.getByTestId('undo-preview')).toContainText('Удалить то, что перенос оставил на портале', { timeout: 30_000 });
    await expect(page.getByTestId('undo-confirm')).toContainText('Да, удалить с портала компании и контакты: 3.');
    await page.getByTestId('undo-remove-workflows').check();
    await expect(page.getByTestId('undo-confirm')).toContainText('Да, удалить с портала компании и контакты: 3.');
    await page.getByTestId('undo-confirm-check').check();
    await expect(page.getByTestId('undo-apply')).toHaveText('Удалить компании и контакты: 3');
    await page.getByTestId('undo-apply').click();
    await expect(page.getByTestId('undo-done')).toContainText('Удалено с портала', { timeout: 60_000 });
    await expect(page.getByTestId('undo-done-clients')).toHaveText('Компании и контакты, созданные миграцией: удалено 3, оставлено 0, уже удалены 0, ошибок 0.');
    await expect(page.getByTestId('undo-done-workflows')).toHaveText('Шаблоны бизнес-процессов: удалено 1, оставлено 0, ошибок 0.');
    await page.getByTestId('undo-close').click();
    await expect(card.getByTestId('project-undone-clients')).toHaveCount(0);
    await expect(card.getByTestId('project-remove-clients')).toHaveCount(0);
    await expect(card.getByTestId('project-undone-nothing')).toHaveText('Ничего из созданного переносом на портале не осталось.');
    await expect(card.getByTestId('project-migrate-again')).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ru-36-undo-card-nothing-left.png`, fullPage: true });
    await host.close();
    expect(await companyTitles(host.dataDir)).toEqual([]);
  });
});
