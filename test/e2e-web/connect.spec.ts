import { expect, SCREENSHOT_DIR, test } from './host-fixture';

test('connect to the sandbox portal, then see it saved and in use', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('portal-chip')).toHaveText('Connect a portal');
  await page.getByTestId('portal-chip').click();
  await expect(page.getByTestId('connect-screen')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/06-connect.png` });

  await page.getByTestId('use-sandbox').click();
  await expect(page.getByTestId('check-result')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('check-result')).toContainText('administrator');
  await expect(page.getByTestId('saved-portal')).toHaveCount(1);
  await expect(page.getByTestId('saved-portal')).toContainText('in use');
  await expect(page.getByTestId('secret-protection')).toContainText('only your user account can read');
  await expect(page.getByTestId('portal-chip')).toHaveText('Sandbox portal');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/07-connect-sandbox.png` });

  // The choice survives a reload of the page.
  await page.reload();
  await expect(page.getByTestId('portal-chip')).toHaveText('Sandbox portal');
});

test('a webhook URL that cannot work is explained before anything is saved', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByTestId('portal-chip').click();
  await page.getByTestId('webhook-input').fill('http://acme.bitrix24.com/rest/1/abcdef123/');
  await page.getByTestId('check-webhook').click();
  await expect(page.getByTestId('check-problem')).toHaveAttribute('data-code', 'INSECURE_URL');
  await expect(page.getByTestId('check-problem')).toContainText('not https');
  await expect(page.getByTestId('save-webhook')).toBeDisabled();

  await page.getByTestId('webhook-input').fill('https://127.0.0.1:1/rest/1/abcdef123/');
  await page.getByTestId('check-webhook').click();
  await expect(page.getByTestId('check-problem')).toHaveAttribute('data-code', 'UNREACHABLE');
  await expect(page.getByTestId('check-problem')).toContainText('did not answer');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/08-connect-problem.png` });
  await expect(page.getByTestId('saved-portals')).toHaveCount(0);
});
