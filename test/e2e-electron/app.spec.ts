import { _electron as electron, expect, test } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { electronBinary } from '../../build/scripts/electron-binary.mjs';
import { makeAppFixtures } from '../fixtures/make-fixtures';

const binary = electronBinary();
const root = fileURLToPath(new URL('../..', import.meta.url));

const SKIP_REASON =
  'Electron e2e skipped: no Electron binary on this machine (npm installed the package without its binary). Run `node node_modules/electron/install.js` where downloads are allowed, then `npm run test:e2e`.';
if (!binary) process.stdout.write(`${SKIP_REASON}\n`);
test.skip(!binary, SKIP_REASON);

test('the desktop window opens a dropped xlsx and stays locked down', async () => {
  const files = await makeAppFixtures();
  const app = await electron.launch({ executablePath: binary, args: [root], env: { ...process.env, CI: '1' } });
  try {
    const window = await app.firstWindow();
    await expect(window.getByTestId('drop-zone')).toBeVisible();
    // The page has no Node and only the generic bridge.
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await window.evaluate(() => Object.keys((window as unknown as { bridge: object }).bridge).sort())).toEqual(['invoke', 'subscribe']);
    await window.getByTestId('file-input').setInputFiles(files.contractsXlsx!);
    await expect(window.getByTestId('row-count')).toHaveText('120 rows');
    await expect(window.locator('[data-testid="grid-row"][aria-rowindex="2"]').getByRole('gridcell').first()).toHaveText('Д-0001');
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const web = BrowserWindow.getAllWindows()[0]!.webContents;
      return { url: web.getURL() };
    });
    expect(prefs.url).toBe('app://renderer/index.html');
    await window.screenshot({ path: fileURLToPath(new URL('../output/screenshots/electron-grid.png', import.meta.url)) });
  } finally {
    await app.close();
  }
});
