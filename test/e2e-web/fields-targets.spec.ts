import { connectSandbox, expect, SCREENSHOT_DIR, test } from './host-fixture';

test('the Fields tab offers history, parent deal and timeline targets, and the create-clients choice, which the run follows', async ({ page, host, files }) => {
  await page.goto(host.url);
  await connectSandbox(page);
  await page.getByTestId('file-input').setInputFiles(files.contractsXlsx!);
  await page.getByTestId('tab-fields').click();
  await expect(page.getByTestId('fields-panel')).toBeVisible();

  const rows = page.getByTestId('field-row');
  const target = rows.nth(1).getByTestId('field-target');
  const options = await target.locator('option').evaluateAll((elements) => elements.map((element) => (element as HTMLOptionElement).value));
  expect(options).toEqual(expect.arrayContaining(['builtin:createdTime', 'builtin:createdBy', 'builtin:movedTime', 'builtin:parentId2', 'builtin:timelineComment']));
  await expect(target.locator('option[value="builtin:timelineComment"]')).toHaveText('Timeline comment');

  await target.selectOption('builtin:timelineComment');
  await expect(target).toHaveValue('builtin:timelineComment');
  await expect(page.getByTestId('ready-rows')).toHaveText('120 of 120 rows ready');

  const createClients = page.getByTestId('create-clients');
  await expect(createClients).toBeChecked();
  await createClients.uncheck();
  await expect(createClients).not.toBeChecked();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/issue9-fields-targets.png`, fullPage: true });

  // Back to the subject as the title; the signing date becomes the creation date (history).
  await target.selectOption('builtin:title');
  await rows.nth(4).getByTestId('field-target').selectOption('builtin:createdTime');
  await page.getByTestId('tab-create').click();
  await expect(page.getByTestId('create-panel')).toBeVisible({ timeout: 30_000 });
  // Nothing is created on the portal for the companies; the plan says so row by row.
  await expect(page.locator('.create-warnings')).toContainText('no company “ООО «Ромашка»” in the portal');
  await page.getByTestId('create-go').click();
  await expect(page.getByTestId('run-done')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('done-created')).toContainText('120');
  await expect(page.getByTestId('done-warnings')).toContainText('creating clients is off');
  await page.getByTestId('done-warnings').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/issue9-done-warnings.png` });
});
