import { connectSandbox, expect, readSandboxPortal, SCREENSHOT_DIR, test } from './host-fixture';

test('list values: a spelling merged into another item, an item renamed, and the portal’s list field says the same', async ({ page, host, files }) => {
  await page.goto(host.url);
  await connectSandbox(page);
  await page.getByTestId('file-input').setInputFiles(files.requestsCsv!);
  await expect(page.getByTestId('row-count')).toHaveText('300 rows');
  await page.getByTestId('tab-lists').click();
  const card = page.locator('[data-testid="list-card"][data-column="Cost center"]');
  await expect(card.getByTestId('list-item')).toHaveCount(9);

  // “027” is the same cost centre as “017”: merge it.
  await card.locator('[data-testid="list-value"][data-value="027"]').getByTestId('list-value-item').selectOption('017');
  await expect(card.getByTestId('list-item')).toHaveCount(8);
  // Rename “017” to a name people use.
  await card.getByTestId('list-item').filter({ hasText: /^017$/ }).click();
  await card.getByTestId('list-item-editor').fill('017 Head office');
  await card.getByTestId('list-item-editor').press('Enter');
  await expect(card.getByTestId('list-item').first()).toHaveText('017 Head office');
  await expect(card.locator('[data-testid="list-value"][data-value="027"]').getByTestId('list-value-item')).toHaveValue('017 Head office');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/43-lists.png`, fullPage: true });

  // The preview sends the merged item for a row that says “027”.
  await page.getByTestId('tab-preview').click();
  await expect(page.locator('[data-testid="preview-row"][data-source-row="3"] [data-column="Cost center"]')).toHaveText('017 Head office');

  await page.getByTestId('tab-create').click();
  await expect(page.getByTestId('create-panel')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('create-go').click();
  await expect(page.getByTestId('run-done')).toBeVisible({ timeout: 60_000 });

  await readSandboxPortal(host.dataDir, async (rest) => {
    const { types } = (await rest('crm.type.list')).result;
    const { fields } = (await rest('userfieldconfig.list', { moduleId: 'crm', filter: { entityId: `CRM_${types[0].id}` } })).result;
    const listed = fields.find((field: { fieldName: string }) => field.fieldName.endsWith('_COST_CENTER'));
    // The list does not carry list items; the field itself does.
    const costCenter = (await rest('userfieldconfig.get', { moduleId: 'crm', id: listed.id })).result.field;
    const values = costCenter.enum.map((item: { value: string }) => item.value);
    expect(values).toHaveLength(8);
    expect(values).toContain('017 Head office');
    expect(values).not.toContain('017');
    expect(values).not.toContain('027');
    const headOffice = costCenter.enum.find((item: { value: string }) => item.value === '017 Head office').id;
    const { items } = (await rest('crm.item.list', { entityTypeId: types[0].entityTypeId, select: ['xmlId', costCenter.fieldName], useOriginalUfNames: 'Y' })).result;
    const value = (key: RegExp) => String(items.find((item: { xmlId: string }) => key.test(item.xmlId))[costCenter.fieldName]);
    expect(value(/:REQ-0+1$/)).toBe(String(headOffice));
    expect(value(/:REQ-0+2$/)).toBe(String(headOffice));
  });
});
