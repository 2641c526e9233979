import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { openEmbeddedSandbox } from '../../sandbox/embedded-sandbox';
import { connectSandbox, expect, SCREENSHOT_DIR, test } from './host-fixture';

type Rest = (method: string, params: unknown) => Promise<any>;

function restOf(webhook: string): Rest {
  return async (method, params) => {
    const body = (await (await fetch(`${webhook}${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) })).json()) as { result?: unknown; error?: unknown };
    if (body.error !== undefined) throw new Error(`${method}: ${JSON.stringify(body)}`);
    return body.result;
  };
}

test('into an existing smart process: pick it in the Create tab, see the match, create; no duplicate fields, items in that type', async ({ page, host, files }) => {
  // The administrator's own smart process, made through REST before the app is used.
  let entityTypeId = 0;
  let typeId = 0;
  const seed = await openEmbeddedSandbox(host.dataDir);
  try {
    const rest = restOf(seed.webhook);
    const { type } = await rest('crm.type.add', {
      fields: { title: 'Договоры (CRM)', isStagesEnabled: 'Y', isClientEnabled: 'Y', isLinkWithProductsEnabled: 'Y', isBeginCloseDatesEnabled: 'Y', isBizProcEnabled: 'N', isAutomationEnabled: 'N' },
    });
    entityTypeId = type.entityTypeId;
    typeId = type.id;
    await rest('userfieldconfig.add', { moduleId: 'crm', field: { entityId: `CRM_${typeId}`, fieldName: `UF_CRM_${typeId}_NUMBER`, userTypeId: 'string', editFormLabel: { ru: '№', en: 'No.' } } });
    await rest('userfieldconfig.add', { moduleId: 'crm', field: { entityId: `CRM_${typeId}`, fieldName: `UF_CRM_${typeId}_NOTE`, userTypeId: 'string', editFormLabel: { ru: 'Комментарий', en: 'Note' } } });
    const [category] = (await rest('crm.category.list', { entityTypeId })).categories;
    const stages = await rest('crm.status.list', { filter: { ENTITY_ID: `DYNAMIC_${entityTypeId}_STAGE_${category.id}` } });
    await rest('crm.status.update', { id: Number(stages.find((s: any) => s.STATUS_ID.endsWith(':NEW')).ID), fields: { NAME: 'Новая' } });
  } finally {
    await seed.close();
  }

  await page.goto(host.url);
  await connectSandbox(page);
  await page.getByTestId('file-input').setInputFiles(files.contractsXlsx!);
  await expect(page.getByTestId('row-count')).toHaveText('120 rows');
  await page.getByTestId('tab-create').click();
  await expect(page.getByTestId('create-panel')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('target-new')).toBeChecked();

  await page.getByTestId('target-into').check();
  await expect(page.getByTestId('create-pick')).toBeVisible();
  await page.getByTestId('target-into-select').selectOption(String(entityTypeId));
  await expect(page.getByTestId('into-report')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('create-title')).toHaveText('Smart process “Договоры (CRM)”');
  const numberRow = page.getByTestId('into-field').filter({ hasText: '№' });
  await expect(numberRow).toHaveAttribute('data-status', 'matched');
  await expect(page.getByTestId('into-settings-off')).toContainText('Workflows');
  await expect(page.getByTestId('into-stages')).toContainText('existing stage');
  await expect(page.getByTestId('create-flags')).toHaveCount(0);
  await expect(page.getByTestId('create-go')).toBeEnabled();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/30-into-existing-en.png`, fullPage: true });

  await page.getByTestId('language-ru').click();
  await expect(page.getByTestId('create-title')).toHaveText('Смарт-процесс «Договоры (CRM)»');
  await expect(numberRow).toContainText('есть поле');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/31-into-existing-ru.png`, fullPage: true });
  await page.getByTestId('language-en').click();

  await page.getByTestId('create-go').click();
  await expect(page.getByTestId('run-done')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('done-created')).toContainText('120');
  await expect(page.getByTestId('done-failed')).toContainText('0');
  await expect(page.getByTestId('automation-skipped')).toBeVisible();

  // The portal, read back: one smart process, no duplicate field, the items in it, its stages kept.
  await host.close();
  const portal = await openEmbeddedSandbox(host.dataDir);
  try {
    const rest = restOf(portal.webhook);
    const { types } = await rest('crm.type.list', {});
    expect(types).toHaveLength(1);
    expect(types[0]).toMatchObject({ entityTypeId, title: 'Договоры (CRM)', isBizProcEnabled: 'N', isAutomationEnabled: 'N' });
    const { fields } = await rest('userfieldconfig.list', { moduleId: 'crm', select: { 0: '*', language: 'ru' }, filter: { entityId: `CRM_${typeId}` } });
    const labels = fields.map((field: any) => field.editFormLabel?.ru);
    expect(labels.filter((label: string) => label === '№')).toHaveLength(1);
    const all = await fetch(`${portal.webhook}crm.item.list`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ entityTypeId, select: ['id'] }) });
    expect((await all.json()).total).toBe(120);
    const { items } = await rest('crm.item.list', { entityTypeId, select: ['*'], useOriginalUfNames: 'Y', filter: { title: 'Договор поставки №7' } });
    expect(items[0]).toMatchObject({ [`UF_CRM_${typeId}_NUMBER`]: 'Д-0007' });
    const [category] = (await rest('crm.category.list', { entityTypeId })).categories;
    const stages = await rest('crm.status.list', { filter: { ENTITY_ID: `DYNAMIC_${entityTypeId}_STAGE_${category.id}` }, order: { SORT: 'ASC' } });
    expect(stages.filter((stage: any) => stage.NAME === 'Новая')).toHaveLength(1);
    expect(stages.map((stage: any) => stage.NAME)).toEqual(expect.arrayContaining(['Новая', 'Preparation', 'Approval', 'На согласовании', 'Отклонён']));
  } finally {
    await portal.close();
  }
});

test('access at creation: a recruiting sheet warns about personal data; “Create it closed” makes the portal store isSetOpenPermissions=N', async ({ page, host }) => {
  const path = join(await mkdtemp(join(tmpdir(), 'spm-e2e-hr-')), 'candidates.xlsx');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Кандидаты');
  sheet.addRow(['ФИО', 'Email', 'Телефон', 'Вакансия', 'Этап']);
  const names = ['Иванов Пётр', 'Смирнова Анна', 'Кузнецов Олег', 'Попова Мария', 'Волков Иван', 'Соколова Ольга'];
  names.forEach((name, i) => sheet.addRow([name, `candidate${i}@example.com`, `+7 900 111-22-${String(i).padStart(2, '0')}`, ['Бухгалтер', 'Юрист'][i % 2], ['Резюме получено', 'Собеседование', 'Оффер'][i % 3]]));
  await workbook.xlsx.writeFile(path);

  await page.goto(host.url);
  await connectSandbox(page);
  await page.getByTestId('file-input').setInputFiles(path);
  await page.getByTestId('tab-create').click();
  await expect(page.getByTestId('privacy-warning')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('privacy-warning')).toContainText('Email');
  await expect(page.getByTestId('access-open')).toBeChecked();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/32-access-privacy-en.png`, fullPage: true });
  await page.getByTestId('privacy-close').click();
  await expect(page.getByTestId('access-closed')).toBeChecked();
  await expect(page.getByTestId('privacy-warning')).toContainText('created closed');
  await page.getByTestId('language-ru').click();
  await expect(page.getByTestId('privacy-warning')).toContainText('Похоже, в таблице персональные данные');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/33-access-privacy-ru.png`, fullPage: true });
  await page.getByTestId('create-go').click();
  await expect(page.getByTestId('run-done')).toBeVisible({ timeout: 60_000 });

  await host.close();
  const portal = await openEmbeddedSandbox(host.dataDir);
  try {
    const { types } = await restOf(portal.webhook)('crm.type.list', {});
    expect(types).toHaveLength(1);
    expect(types[0]).toMatchObject({ title: 'Кандидаты', isSetOpenPermissions: 'N' });
  } finally {
    await portal.close();
  }
});

test('funnels: a list column as “Funnel (pipeline)” in the Fields tab; the Create tab shows each funnel with its stages; the portal gets one category per value', async ({ page, host }) => {
  const path = join(await mkdtemp(join(tmpdir(), 'spm-e2e-funnels-')), 'orders.xlsx');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Заказы');
  sheet.addRow(['Номер', 'Заказ', 'Направление', 'Статус', 'Сумма']);
  const plan: Array<[string, string]> = [
    ['Розница', 'Новый'],
    ['Розница', 'Собран'],
    ['Розница', 'Выполнен'],
    ['Опт', 'Новый'],
    ['Опт', 'Согласование'],
    ['Опт', 'Выполнен'],
    ['Опт', 'Отменён'],
  ];
  for (let i = 0; i < 28; i++) sheet.addRow([`З-${String(i + 1).padStart(3, '0')}`, `Заказ ${i + 1}`, plan[i % plan.length]![0], plan[i % plan.length]![1], 1000 + i * 10]);
  await workbook.xlsx.writeFile(path);

  await page.goto(host.url);
  await connectSandbox(page);
  await page.getByTestId('file-input').setInputFiles(path);
  await page.getByTestId('tab-fields').click();
  const row = page.getByTestId('field-row').filter({ hasText: 'Направление' });
  await row.getByTestId('field-target').selectOption('funnel');
  await expect(row.getByTestId('field-target')).toHaveValue('funnel');
  await page.getByTestId('tab-create').click();
  await expect(page.getByTestId('create-funnels')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('create-funnel')).toHaveCount(2);
  await expect(page.getByTestId('create-funnel').first()).toContainText('Розница');
  await expect(page.getByTestId('create-flags')).toContainText('Funnels');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/34-funnels-en.png`, fullPage: true });
  await page.getByTestId('language-ru').click();
  await expect(page.getByTestId('create-funnels')).toContainText('Воронки по столбцу «Направление»');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/35-funnels-ru.png`, fullPage: true });
  await page.getByTestId('create-go').click();
  await expect(page.getByTestId('run-done')).toBeVisible({ timeout: 60_000 });

  await host.close();
  const portal = await openEmbeddedSandbox(host.dataDir);
  try {
    const rest = restOf(portal.webhook);
    const [type] = (await rest('crm.type.list', {})).types;
    expect(type.isCategoriesEnabled).toBe('Y');
    const { categories } = await rest('crm.category.list', { entityTypeId: type.entityTypeId });
    expect(categories.map((c: any) => c.name).sort()).toEqual(['Опт', 'Розница']);
    const retail = categories.find((c: any) => c.name === 'Розница');
    const retailStages = await rest('crm.status.list', { filter: { ENTITY_ID: `DYNAMIC_${type.entityTypeId}_STAGE_${retail.id}` }, order: { SORT: 'ASC' } });
    expect(retailStages.map((s: any) => s.NAME)).not.toContain('Согласование');
    const { items } = await rest('crm.item.list', { entityTypeId: type.entityTypeId, select: ['id', 'categoryId', 'xmlId'], start: -1 });
    expect(items).toHaveLength(28);
    expect(items.filter((item: any) => item.categoryId === Number(retail.id))).toHaveLength(12);
  } finally {
    await portal.close();
  }
});
