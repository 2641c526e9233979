/**
 * Small things of the review journey a person notices: the tabs work from the
 * keyboard, a moved stage keeps the focus, Fields and Preview name a type
 * alike, unmatched people stand out, and the texts fit their buttons.
 */
import { connectSandbox, expect, SCREENSHOT_DIR, test } from './host-fixture';

test('tabs from the keyboard, stage moves keep the focus, types named alike, unmatched people in a warning colour', async ({ page, host, files }) => {
  test.setTimeout(90_000);
  await page.goto(host.url);
  await connectSandbox(page);
  await page.getByTestId('file-input').setInputFiles(files.contractsXlsx!);
  await expect(page.getByTestId('row-count')).toHaveText('120 rows');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/80-rows-en.png` });

  // The tab row is one tab stop; arrows, Home and End move between the tabs and show them.
  const rowsTab = page.getByTestId('tab-rows');
  await expect(rowsTab).toHaveAttribute('tabindex', '0');
  await expect(page.getByTestId('tab-fields')).toHaveAttribute('tabindex', '-1');
  await rowsTab.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('tab-fields')).toBeFocused();
  await expect(page.getByTestId('tab-fields')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('fields-panel')).toBeVisible();
  await page.keyboard.press('End');
  await expect(page.getByTestId('tab-create')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(rowsTab).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('tab-create')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(rowsTab).toBeFocused();
  await expect(rowsTab).toHaveAttribute('aria-selected', 'true');

  // Fields and Preview name each new field's type the same way.
  await page.getByTestId('tab-fields').click();
  // An e-mail column is stored in a text field of the portal; both tabs must still call it an e-mail.
  await page.getByTestId('field-row').first().getByTestId('field-type').selectOption('email');
  const fieldTypes = new Map<string, string>();
  for (const row of await page.getByTestId('field-row').all()) {
    const header = (await row.locator('.field-header').evaluate((cell) => cell.firstChild?.textContent ?? '')).trim();
    const type = await row.getByTestId('field-type').evaluate((select) => (select as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');
    const target = await row.getByTestId('field-target').evaluate((select) => (select as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');
    if (/new field/i.test(target)) fieldTypes.set(header, type);
  }
  expect(fieldTypes.get('№')).toBe('E-mail');
  await page.getByTestId('tab-preview').click();
  for (const [header, type] of fieldTypes) {
    const meta = page.getByTestId('preview-grid').locator('.column-header', { hasText: header }).first().locator('.column-header-meta');
    await expect(meta).toContainText(`New field · ${type}`);
  }
  await page.screenshot({ path: `${SCREENSHOT_DIR}/81-preview-types-en.png` });

  // Walking the rows with the keyboard down and back up: the active cell is always below the sticky header.
  await page.getByTestId('preview-grid').locator('[data-column="Контрагент"]').first().click();
  for (let i = 0; i < 4; i++) await page.keyboard.press('PageDown');
  // Going down, the active row is whole inside the scroller, not partly below its bottom edge.
  const scrollerBottom = await page.getByTestId('preview-grid').evaluate((scroller) => scroller.getBoundingClientRect().top + scroller.clientTop + scroller.clientHeight);
  const downBottom = await page.getByTestId('preview-grid').locator('.grid-cell.active').evaluate((cell) => cell.getBoundingClientRect().bottom);
  expect(downBottom).toBeLessThanOrEqual(scrollerBottom + 1);
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowUp');
  const headerBottom = await page.getByTestId('preview-grid').locator('.grid-header').evaluate((header) => header.getBoundingClientRect().bottom);
  const activeCell = page.getByTestId('preview-grid').locator('.grid-cell.active');
  await expect(activeCell).toHaveCount(1);
  const activeTop = await activeCell.evaluate((cell) => cell.getBoundingClientRect().top);
  expect(activeTop).toBeGreaterThanOrEqual(headerBottom - 1);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/85-preview-keyboard-up-en.png` });

  // A stage moved by its button keeps the keyboard focus, also where the same button can go no further.
  await page.getByTestId('tab-stages').click();
  const second = page.getByTestId('stage-column').nth(1);
  const code = await second.getAttribute('data-code');
  await second.getByTestId('stage-left').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('stage-column').first()).toHaveAttribute('data-code', code!);
  const moved = page.locator(`[data-testid="stage-column"][data-code="${code}"]`);
  // The first place: “left” is disabled now, so the focus goes to its “right”.
  await expect(moved.getByTestId('stage-right')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('stage-column').nth(1)).toHaveAttribute('data-code', code!);
  // Back in second place, before the success stage: “right” is disabled there, so “left” has the focus.
  await expect(moved.getByTestId('stage-right')).toBeDisabled();
  await expect(moved.getByTestId('stage-left')).toBeFocused();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/82-stages-focus-en.png` });

  // Unmatched people read in the warning colour, matched ones do not.
  await page.getByTestId('tab-people').click();
  const unmatched = page.locator('[data-testid="person-row"][data-matched="false"]');
  const matched = page.locator('[data-testid="person-row"][data-matched="true"]');
  await expect(unmatched.first()).toBeVisible();
  const colourOf = (row: typeof unmatched) => row.first().locator('td').first().evaluate((cell) => getComputedStyle(cell).color);
  const warnColour = await page.evaluate(() => {
    const probe = document.createElement('span');
    probe.className = 'warn-text';
    document.body.append(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  });
  expect(await colourOf(unmatched)).toBe(warnColour);
  if ((await matched.count()) > 0) expect(await colourOf(matched)).not.toBe(warnColour);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/83-people-unmatched-en.png` });
});

for (const locale of ['en-US', 'ru-RU']) {
  test.describe(`the connect screen in ${locale}`, () => {
    test.use({ locale, viewport: { width: 1024, height: 700 } });
    test('“Continue to the spreadsheet” fits its button', async ({ page, host }) => {
      await page.goto(host.url);
      await page.getByTestId('portal-chip').click();
      await page.getByTestId('use-sandbox').click();
      const button = page.getByTestId('connect-continue');
      await expect(button).toBeVisible();
      await page.screenshot({ path: `${SCREENSHOT_DIR}/84-connect-continue-${locale.slice(0, 2)}.png` });
      const size = await button.evaluate((element) => ({ scrollWidth: element.scrollWidth, clientWidth: element.clientWidth, scrollHeight: element.scrollHeight, clientHeight: element.clientHeight }));
      expect(size.scrollWidth).toBeLessThanOrEqual(size.clientWidth);
      expect(size.scrollHeight).toBeLessThanOrEqual(size.clientHeight + 1);
    });
  });
}

test.describe('badges in Russian', () => {
  test.use({ locale: 'ru-RU' });
  test('column badges in Rows and Preview are shown whole, not cut off', async ({ page, host, files }) => {
    test.setTimeout(90_000);
    await page.goto(host.url);
    await page.getByTestId('file-input').setInputFiles(files.contractsXlsx!);
    await expect(page.getByTestId('column-type')).toHaveCount(7, { timeout: 30_000 });
    const clipped = (selector: string) =>
      page.locator(selector).evaluateAll((elements) =>
        elements.filter((element) => element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1).map((element) => element.textContent),
      );
    expect(await clipped('[data-testid="column-tags"]')).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/86-rows-badges-ru.png` });
    await page.getByTestId('tab-preview').click();
    await expect(page.getByTestId('preview-grid').locator('.column-header-meta').first()).toBeVisible({ timeout: 30_000 });
    expect(await clipped('.preview-grid .column-header-meta')).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/87-preview-badges-ru.png` });
    await page.getByTestId('tab-people').click();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/88-people-ru.png` });
  });
});
