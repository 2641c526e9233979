/**
 * Undo and what the migration created besides items, in the app: the
 * companies it created are listed with a choice to remove them (one edited
 * in the portal since is kept, with the reason), the confirmation counts
 * them, the workflow templates it installed can go with the smart process,
 * and the summary says what was removed and kept; in English and Russian.
 * The sandbox is read back after each.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { connectSandbox, expect, RENDERER_DIR, SCREENSHOT_DIR, test } from './host-fixture';
import { startHost, type RunningHost } from '../../electron/host/start-host';
import { openEmbeddedSandbox } from '../../sandbox/embedded-sandbox';
import { sandboxAppSession } from '../../shared/runs/automation/sandbox-app-session';

type Rest = (method: string, params?: unknown) => Promise<any>;

/** Runs `work` against the app's sandbox portal (webhook and application context), with the app's host closed. */
async function withPortal<T>(dataDir: string, work: (rest: Rest, app: Rest) => Promise<T>): Promise<T> {
  const portal = await openEmbeddedSandbox(dataDir);
  try {
    const rest: Rest = async (method, params = {}) => {
      const body = await (await fetch(`${portal.webhook}${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) })).json();
      if (body.error) throw new Error(`${method}: ${body.error} ${body.error_description}`);
      return body.result;
    };
    const session = sandboxAppSession(portal.appEndpoint, portal.appAccessToken);
    const app: Rest = async (method, params = {}) => (await session.call(method, params as Record<string, unknown>)).result;
    return await work(rest, app);
  } finally {
    await portal.close();
  }
}

async function migrateInApp(page: Page, host: RunningHost, file: string, language: 'en' | 'ru'): Promise<void> {
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

async function companies(rest: Rest): Promise<string[]> {
  return ((await rest('crm.company.list', { select: ['ID', 'TITLE'] })) as Array<{ TITLE: string }>).map((company) => company.TITLE).sort();
}

test('undo offers the companies the migration created: an edited one is kept with the reason, the rest removed after the items', async ({ page, host, files }) => {
  test.setTimeout(150_000);
  await migrateInApp(page, host, files.contractsXlsx!, 'en');
  await host.close();

  // The contracts sheet names three counterparties the portal lacked: the migration created them. Someone edits one afterwards.
  const { entityTypeId, workflows } = await withPortal(host.dataDir, async (rest, app) => {
    expect(await companies(rest)).toEqual(['АО Вектор', 'ИП Кузнецов', 'ООО «Ромашка»']);
    const [kuznetsov] = await rest('crm.company.list', { filter: { TITLE: 'ИП Кузнецов' }, select: ['ID'] });
    await new Promise((done) => setTimeout(done, 1050 - (Date.now() % 1000)));
    await rest('crm.company.update', { id: kuznetsov.ID, fields: { COMMENTS: 'постоянный поставщик' } });
    const [type] = (await rest('crm.type.list')).types;
    const templates = await app('bizproc.workflow.template.list', { SELECT: ['ID', 'NAME'], FILTER: { DOCUMENT_TYPE: `DYNAMIC_${type.entityTypeId}` } });
    return { entityTypeId: type.entityTypeId as number, workflows: (templates as Array<{ NAME: string }>).map((t) => t.NAME) };
  });
  expect(workflows).toHaveLength(1);

  const again = await startHost({ staticDir: RENDERER_DIR, version: '0.0.0-test', dataDir: host.dataDir });
  try {
    await page.goto(again.url);
    await page.getByTestId('nav-projects').click();
    await page.getByTestId('project-undo').click();
    await expect(page.getByTestId('undo-preview')).toBeVisible({ timeout: 30_000 });
    // Those nothing else uses first, then the kept one.
    await expect(page.getByTestId('undo-clients-line')).toHaveText('3 companies and 0 contacts this migration created: “ООО «Ромашка»”, “АО Вектор”, “ИП Кузнецов”.');
    await expect(page.getByTestId('undo-clients-kept')).toContainText('“ИП Кузнецов” · company');
    await expect(page.getByTestId('undo-clients-kept')).toContainText('edited in the portal since it was created');
    // Off by default: the clients stay, and the confirmation counts items only.
    await expect(page.getByTestId('undo-remove-clients')).not.toBeChecked();
    await expect(page.getByTestId('undo-clients-count')).toHaveCount(0);
    await expect(page.getByTestId('undo-stays-clients')).toContainText('the ones the migration created included');
    await expect(page.getByTestId('undo-stays-workflows')).toContainText(workflows[0]!);
    await expect(page.getByTestId('undo-confirm')).toContainText('Yes, delete 120 items from the portal');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/33-undo-clients-offered.png`, fullPage: true });

    await page.getByTestId('undo-remove-clients').check();
    await expect(page.getByTestId('undo-clients-count')).toContainText('2');
    await expect(page.getByTestId('undo-stays-clients')).toContainText('that were already in the portal');
    await expect(page.getByTestId('undo-stays-created')).toContainText('(1)');
    await page.getByTestId('undo-remove-workflows').check();
    await expect(page.getByTestId('undo-stays-workflows')).toHaveCount(0);
    await expect(page.getByTestId('undo-confirm')).toContainText('Yes, delete 120 items and 2 companies and contacts from the portal');
    await expect(page.getByTestId('undo-apply')).toHaveText('Delete 120 items and 2 companies and contacts, and undo');
    await page.getByTestId('undo-confirm-check').check();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/34-undo-clients-confirm.png`, fullPage: true });
    await page.getByTestId('undo-apply').click();
    await expect(page.getByTestId('undo-done')).toContainText('The migration is undone', { timeout: 60_000 });
    await expect(page.getByTestId('undo-done-clients')).toHaveText('Companies and contacts this migration created: 2 removed, 1 kept, 0 already gone, 0 failed.');
    await expect(page.getByTestId('undo-done-workflows')).toHaveText('Workflow templates: 1 removed, 0 kept, 0 failed.');
    await expect(page.getByTestId('undo-done').getByTestId('undo-clients-kept')).toContainText('“ИП Кузнецов”');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/35-undo-clients-done.png`, fullPage: true });
  } finally {
    await again.close();
  }

  await withPortal(host.dataDir, async (rest, app) => {
    expect(await companies(rest)).toEqual(['ИП Кузнецов']);
    expect((await rest('crm.type.list')).types).toEqual([]);
    expect(await app('bizproc.workflow.template.list', { SELECT: ['ID'], FILTER: { DOCUMENT_TYPE: `DYNAMIC_${entityTypeId}` } })).toEqual([]);
  });
});

test('a project migrated before the record existed: undo says no created client can be removed, and why', async ({ page, host, files }) => {
  test.setTimeout(120_000);
  await migrateInApp(page, host, files.contractsXlsx!, 'en');
  await host.close();
  // The project file as an older version wrote it: no record of the clients it created.
  const folder = join(host.dataDir, 'projects');
  const [name] = (await readdir(folder)).filter((file) => file.endsWith('.spm.json'));
  const { createdClients, ...old } = JSON.parse(await readFile(join(folder, name!), 'utf8')) as Record<string, unknown>;
  expect(createdClients).toMatchObject({ fromStart: true });
  await writeFile(join(folder, name!), JSON.stringify(old, null, 2));

  const again = await startHost({ staticDir: RENDERER_DIR, version: '0.0.0-test', dataDir: host.dataDir });
  try {
    await page.goto(again.url);
    await page.getByTestId('nav-projects').click();
    await page.getByTestId('project-undo').click();
    await expect(page.getByTestId('undo-preview')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('undo-clients-unrecorded')).toContainText('before the app recorded which companies and contacts it created');
    await expect(page.getByTestId('undo-remove-clients')).toHaveCount(0);
    await expect(page.getByTestId('undo-stays-clients')).toContainText('the ones the migration created included');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/36-undo-clients-unrecorded.png`, fullPage: true });
  } finally {
    await again.close();
  }
});

test.describe('undo of the created clients in Russian', () => {
  test.use({ locale: 'ru-RU' });

  test('the choice, the confirmation and the summary read in Russian', async ({ page, host, files }) => {
    test.setTimeout(150_000);
    await migrateInApp(page, host, files.contractsXlsx!, 'ru');
    await page.getByTestId('nav-projects').click();
    await page.getByTestId('project-undo').click();
    await expect(page.getByTestId('undo-clients')).toContainText('Компании и контакты, созданные этой миграцией', { timeout: 30_000 });
    await expect(page.getByTestId('undo-clients-line')).toContainText('Эта миграция создала компаний: 3, контактов: 0 — «ООО «Ромашка»»');
    await page.getByTestId('undo-remove-clients').check();
    await expect(page.getByTestId('undo-clients-count')).toContainText('3');
    await expect(page.getByTestId('undo-stays-clients')).toContainText('которые уже были на портале');
    await page.getByTestId('undo-remove-workflows').check();
    await expect(page.getByTestId('undo-confirm')).toContainText('Да, удалить с портала элементы (120 шт.) и компании и контакты (3 шт.)');
    await page.getByTestId('undo-confirm-check').check();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ru-32-undo-clients-confirm.png`, fullPage: true });
    await page.getByTestId('undo-apply').click();
    await expect(page.getByTestId('undo-done')).toContainText('Миграция отменена', { timeout: 60_000 });
    await expect(page.getByTestId('undo-done-clients')).toHaveText('Компании и контакты, созданные миграцией: удалено 3, оставлено 0, уже удалены 0, ошибок 0.');
    await expect(page.getByTestId('undo-done-workflows')).toHaveText('Шаблоны бизнес-процессов: удалено 1, оставлено 0, ошибок 0.');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/ru-33-undo-clients-done.png`, fullPage: true });
    await host.close();
    await withPortal(host.dataDir, async (rest) => {
      expect(await companies(rest)).toEqual([]);
    });
  });
});
