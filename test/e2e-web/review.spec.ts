import type { Locator } from '@playwright/test';
import ExcelJS from 'exceljs';
import { connectSandbox, expect, RENDERER_DIR, SCREENSHOT_DIR, test } from './host-fixture';
import { startHost } from '../../electron/host/start-host';
import { openEmbeddedSandbox } from '../../sandbox/embedded-sandbox';

/** The values of several inputs, in order. */
function valuesOf(inputs: Locator): Promise<string[]> {
  return inputs.evaluateAll((elements) => elements.map((element) => (element as HTMLInputElement).value));
}

test('review the mapping: fields, stages and people, with the row check updating at once', async ({ page, host, files }) => {
  await page.goto(host.url);
  // Connect the sandbox first, so people are matched with its users.
  await connectSandbox(page);

  await page.getByTestId('file-input').setInputFiles(files.contractsXlsx!);
  await expect(page.getByTestId('row-count')).toHaveText('120 rows');

  await page.getByTestId('tab-fields').click();
  await expect(page.getByTestId('fields-panel')).toBeVisible();
  await expect(page.getByTestId('process-title')).toHaveValue('Договоры');
  await expect(page.getByTestId('ready-rows')).toHaveText('120 of 120 rows ready');
  const rows = page.getByTestId('field-row');
  await expect(rows).toHaveCount(7);
  await expect(rows.nth(5).getByTestId('field-target')).toHaveValue('builtin:stageId');
  await expect(rows.nth(0).getByTestId('field-key')).toBeChecked();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/09-review-fields.png` });

  // Reading the contract number (Д-0001) as a whole number makes every row fail, and the check says so at once.
  await rows.nth(0).getByTestId('field-type').selectOption('integer');
  await expect(page.getByTestId('problem-count')).toHaveText('120 rows cannot be sent as mapped');
  await rows.nth(0).getByTestId('field-type').selectOption('string');
  await expect(page.getByTestId('ready-rows')).toHaveText('120 of 120 rows ready');

  // Stages: the kanban in the lookup sheet's order, with row counts; reorder with the keyboard-friendly arrows.
  await page.getByTestId('tab-stages').click();
  const stages = page.getByTestId('stage-column');
  await expect(stages).toHaveCount(4);
  await expect.poll(() => valuesOf(stages.getByTestId('stage-name'))).toEqual(['Новая', 'На согласовании', 'Подписан', 'Отклонён']);
  await expect(stages.nth(0)).toContainText('30 rows');
  await stages.nth(1).getByTestId('stage-left').click();
  await expect.poll(() => valuesOf(stages.getByTestId('stage-name'))).toEqual(['На согласовании', 'Новая', 'Подписан', 'Отклонён']);
  await expect(stages.nth(2).getByTestId('stage-semantics')).toHaveValue('success');
  // A failure stage cannot move before the success stage: the portal keeps that order.
  await expect(stages.nth(3).getByTestId('stage-left')).toBeDisabled();
  // Making another stage the success demotes the old one, which moves to the in-progress group.
  await stages.nth(0).getByTestId('stage-semantics').selectOption('success');
  await expect.poll(() => valuesOf(stages.getByTestId('stage-name'))).toEqual(['Новая', 'Подписан', 'На согласовании', 'Отклонён']);
  await expect(stages.nth(1).getByTestId('stage-semantics')).toHaveValue('process');
  await expect(stages.nth(2).getByTestId('stage-semantics')).toHaveValue('success');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/10-review-stages.png` });

  // Merging a stage moves its rows to the other stage.
  await stages.nth(1).getByTestId('stage-merge').selectOption({ label: 'Новая' });
  await expect(stages).toHaveCount(3);
  await expect(stages.nth(0)).toContainText('60 rows');

  // People: matched by name with the sandbox's users; the unmatched are highlighted and can be set by hand.
  await page.getByTestId('tab-people').click();
  const people = page.getByTestId('person-row');
  await expect(people).toHaveCount(4);
  await expect(page.locator('[data-testid="person-row"][data-matched="true"]')).toHaveCount(2);
  const sidorov = people.filter({ hasText: 'Сидоров Павел' });
  await expect(sidorov).toHaveAttribute('data-matched', 'false');
  await sidorov.getByTestId('person-user').selectOption({ label: 'Алексей Кузнецов <a.kuznetsov@example.ru>' });
  await expect(sidorov).toHaveAttribute('data-matched', 'true');
  await expect(sidorov).toContainText('your choice');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/11-review-people.png` });
});

test('create in the sandbox portal: the plan says exactly what will happen, then the run loads every row', async ({ page, host, files }) => {
  await page.goto(host.url);
  await connectSandbox(page);
  await page.getByTestId('file-input').setInputFiles(files.contractsXlsx!);
  await expect(page.getByTestId('row-count')).toHaveText('120 rows');

  await page.getByTestId('tab-create').click();
  await expect(page.getByTestId('create-panel')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('create-title')).toHaveText('Smart process “Договоры”');
  await expect(page.getByTestId('create-flags')).toContainText('Workflows');
  await expect(page.getByTestId('create-flags')).toContainText('Automation rules');
  await expect(page.getByTestId('create-items')).toContainText('120');
  await expect(page.getByTestId('preview-stage')).toHaveCount(4);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/12-create-plan.png`, fullPage: true });

  await page.getByTestId('create-go').click();
  await expect(page.getByTestId('run-done')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('done-created')).toContainText('120');
  await expect(page.getByTestId('done-failed')).toContainText('0');
  await expect(page.getByTestId('done-sandbox')).toBeVisible();
  // The sandbox has an application context: the starter workflow is installed, and the checklist lists the robots to add by hand.
  await expect(page.getByTestId('automation-summary')).toHaveAttribute('data-mode', 'application');
  await expect(page.getByTestId('automation-installed')).toContainText('Договоры');
  await expect(page.getByTestId('automation-checklist')).toContainText('На согласовании');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/13-create-done.png`, fullPage: true });

  // The portal itself, read back over its REST API after the app let go of it.
  await host.close();
  const portal = await openEmbeddedSandbox(host.dataDir);
  try {
    const rest = async (method: string, params: unknown): Promise<any> => (await (await fetch(`${portal.webhook}${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) })).json()).result;
    const [type] = (await rest('crm.type.list', {})).types;
    expect(type).toMatchObject({ title: 'Договоры', isBizProcEnabled: 'Y', isAutomationEnabled: 'Y', isStagesEnabled: 'Y' });
    const [category] = (await rest('crm.category.list', { entityTypeId: type.entityTypeId })).categories;
    const stages = await rest('crm.status.list', { filter: { ENTITY_ID: `DYNAMIC_${type.entityTypeId}_STAGE_${category.id}` }, order: { SORT: 'ASC' } });
    expect(stages.map((stage: any) => stage.NAME)).toEqual(['Новая', 'На согласовании', 'Подписан', 'Отклонён']);
    const { items } = await rest('crm.item.list', { entityTypeId: type.entityTypeId, select: ['id', 'title', 'xmlId', 'opportunity', 'currencyId'], filter: { title: 'Договор поставки №7' } });
    expect(items).toEqual([expect.objectContaining({ title: 'Договор поставки №7', xmlId: expect.stringMatching(/:Д-0007$/), opportunity: 48514, currencyId: 'RUB' })]);
    const all = await fetch(`${portal.webhook}crm.item.list`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ entityTypeId: type.entityTypeId, select: ['id'] }) });
    expect((await all.json()).total).toBe(120);
  } finally {
    await portal.close();
  }
});

test('sync a week later: the diff, the policies, apply, and a second sync that has nothing to do', async ({ page, host, files }) => {
  await page.goto(host.url);
  await connectSandbox(page);
  await page.getByTestId('file-input').setInputFiles(files.contractsXlsx!);
  await page.getByTestId('tab-create').click();
  await page.getByTestId('create-go').click();
  await expect(page.getByTestId('run-done')).toBeVisible({ timeout: 60_000 });

  await page.getByTestId('nav-projects').click();
  await expect(page.getByTestId('project-card')).toHaveCount(1);
  await expect(page.getByTestId('project-card')).toContainText('Договоры');
  await page.getByTestId('project-sync').click();
  await page.getByTestId('sync-file-input').setInputFiles(files.contractsNextWeekXlsx!);
  await expect(page.getByTestId('sync-preview')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('sync-created')).toContainText('1');
  await expect(page.getByTestId('sync-updated')).toContainText('2');
  // The row gone from the sheet is kept by the default policy: counted as kept, not as removed.
  await expect(page.getByTestId('sync-removed')).toContainText('0');
  await expect(page.getByTestId('sync-kept')).toContainText('1');
  await expect(page.getByTestId('sync-conflicts')).toContainText('0');
  // Every change reads old → new, with the stage's name rather than its portal id.
  const updates = page.locator('[data-testid="sync-changes"] li[data-action="update"]');
  await expect(updates.filter({ hasText: 'Д-0001' }).getByTestId('sync-value-changes')).toHaveText('Статус: Новая → Подписан');
  await expect(updates.filter({ hasText: 'Д-0002' }).getByTestId('sync-value-changes')).toHaveText('Предмет договора: Договор поставки №2 → Договор поставки №2 (доп. соглашение)');
  await expect(page.locator('[data-testid="sync-changes"] li[data-action="update"]')).toHaveCount(2);
  // The changes name the sheet's columns, not the portal's field names.
  await expect(page.locator('[data-testid="sync-changes"] li[data-action="update"]').first()).toContainText('Статус');
  await expect(page.getByTestId('sync-changes')).toContainText('Предмет договора');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/14-sync-preview.png`, fullPage: true });

  await page.getByTestId('sync-apply').click();
  await expect(page.getByTestId('sync-done')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('sync-done-line')).toHaveText('1 created, 2 updated, 117 unchanged, 1 kept in the portal (gone from the sheet), 0 conflicts, 0 failed');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/15-sync-done.png` });
  // The copy with Bitrix24 ids is offered after a sync too, for the version just synced.
  const [copy] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-write-back').click()]);
  expect(copy.suggestedFilename()).toMatch(/\(Bitrix24\)\.xlsx$/);
  await expect(page.getByTestId('write-back-saved')).toContainText('120 rows linked');

  // The same file again: nothing left to do.
  await page.getByTestId('project-sync').click();
  await page.getByTestId('sync-file-input').setInputFiles(files.contractsNextWeekXlsx!);
  await expect(page.getByTestId('sync-nothing')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('sync-apply')).toBeDisabled();

  // The portal: one item more (the removed row's item is kept by the default policy), and Д-0001 moved.
  await host.close();
  const portal = await openEmbeddedSandbox(host.dataDir);
  try {
    const rest = async (method: string, params: unknown): Promise<any> => (await (await fetch(`${portal.webhook}${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) })).json()) as any;
    const [type] = (await rest('crm.type.list', {})).result.types;
    expect((await rest('crm.item.list', { entityTypeId: type.entityTypeId, select: ['id'] })).total).toBe(121);
    const moved = (await rest('crm.item.list', { entityTypeId: type.entityTypeId, select: ['title', 'stageId'], filter: { title: 'Договор поставки №1' } })).result.items;
    expect(moved).toEqual([expect.objectContaining({ stageId: expect.stringMatching(/:SUCCESS$/) })]);
  } finally {
    await portal.close();
  }
});

test('a row that cannot be sent is reported, and downloads as an xlsx to fix', async ({ page, host, files }) => {
  await page.goto(host.url);
  await connectSandbox(page);
  await page.getByTestId('file-input').setInputFiles(files.requestsWithBadRowCsv!);
  await expect(page.getByTestId('row-count')).toHaveText('40 rows');
  await page.getByTestId('tab-create').click();
  await expect(page.getByTestId('create-failing')).toContainText('1', { timeout: 30_000 });
  await page.getByTestId('create-go').click();
  await expect(page.getByTestId('run-done')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('done-created')).toContainText('39');
  await expect(page.getByTestId('done-failed')).toContainText('1');
  await expect(page.getByTestId('done-failures')).toContainText('twelve');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/16-done-with-failure.png` });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-failures').click()]);
  expect(download.suggestedFilename()).toBe('purchase-requests-typo - rows to fix.xlsx');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await download.path())!);
  const sheet = workbook.worksheets[0]!;
  expect(sheet.rowCount).toBe(2);
  expect(sheet.getCell('A2').value).toBe('REQ-00007');
  // Text that looks like a formula stays text.
  expect(sheet.getCell('B2').value).toBe('=HYPERLINK("http://evil.example","Docking station")');
  expect(String(sheet.getCell('F2').value)).toContain('twelve');
});

test('a paused migration survives a restart of the app and finishes without duplicates', async ({ page, host, files }) => {
  // 20,000 rows through the sandbox's real rate limits take a while on two cores.
  test.setTimeout(300_000);
  await page.goto(host.url);
  await connectSandbox(page);
  await page.getByTestId('file-input').setInputFiles(files.requests20kCsv!);
  await expect(page.getByTestId('row-count')).toHaveText('20,000 rows', { timeout: 30_000 });
  await page.getByTestId('tab-create').click();
  await expect(page.getByTestId('create-items')).toContainText('20,000', { timeout: 60_000 });
  await page.getByTestId('create-go').click();
  // Pause as soon as rows are going in.
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-phase', 'loading', { timeout: 60_000 });
  await page.getByTestId('run-cancel').click();
  await expect(page.getByTestId('run-stopped')).toHaveAttribute('data-outcome', 'cancelled', { timeout: 60_000 });
  // The text names the button that goes on.
  await expect(page.getByTestId('run-stopped')).toContainText('“Continue loading” goes on where it stopped');
  await expect(page.getByTestId('run-retry')).toHaveText('Continue loading');

  // The app closes and starts again on the same data folder.
  await host.close();
  const again = await startHost({ staticDir: RENDERER_DIR, version: '0.0.0-test', dataDir: host.dataDir });
  try {
    await page.goto(again.url);
    // The default name of a csv's smart process is its file name written as words.
    await expect(page.getByTestId('interrupted-banner')).toContainText('Purchase requests 20k');
    await page.getByTestId('interrupted-banner').getByRole('button').click();
    await page.getByTestId('project-resume').click();
    await expect(page.getByTestId('resume-done')).toBeVisible({ timeout: 120_000 });
    // Every row counts as created, the ones loaded before the pause too.
    await expect(page.getByTestId('resume-done')).toContainText('20,000 items created, 0 rows failed.');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/17-resumed.png` });
    await expect(page.getByTestId('project-resume')).toHaveCount(0);
  } finally {
    await again.close();
  }
  const portal = await openEmbeddedSandbox(host.dataDir);
  try {
    const [type] = (await (await fetch(`${portal.webhook}crm.type.list`)).json()).result.types;
    const list = await (await fetch(`${portal.webhook}crm.item.list`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ entityTypeId: type.entityTypeId, select: ['id'] }) })).json();
    expect(list.total).toBe(20_000);
    expect(portal.stats().xmlIdDuplicates).toEqual({});
  } finally {
    await portal.close();
  }
});
