import { expect, test as base, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { mkdir } from 'node:fs/promises';
import { startHost, type RunningHost } from '../../electron/host/start-host';
import { makeAppFixtures } from '../fixtures/make-fixtures';
import { tempDir } from '../support/temp-dir';

/** Where screenshots of each state go, to be looked at by a person. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../output/screenshots/', import.meta.url));

/** The built renderer the hosts serve. */
export const RENDERER_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));

/**
 * A fresh browser-mode host per test (on its own free port) and the generated
 * fixture files, shared by the worker.
 */
export const test = base.extend<{ host: RunningHost }, { files: Record<string, string> }>({
  files: [
    async ({}, use) => {
      await mkdir(SCREENSHOT_DIR, { recursive: true });
      await use(await makeAppFixtures());
    },
    { scope: 'worker' },
  ],
  host: async ({}, use) => {
    const host = await startHost({ staticDir: RENDERER_DIR, version: '0.0.0-test', dataDir: tempDir('spm-e2e-') });
    await use(host);
    await host.close();
  },
});

export { expect } from '@playwright/test';

/** Connects the built-in sandbox portal from the top bar and comes back to the start screen. */
export async function connectSandbox(page: Page): Promise<void> {
  await page.getByTestId('portal-chip').click();
  await page.getByTestId('use-sandbox').click();
  await expect(page.getByTestId('portal-chip')).toHaveClass(/connected/);
  await page.getByTestId('connect-continue').click();
}

/** Calls one REST method of a portal and returns the parsed JSON answer (`result`, `total`, …). */
export type PortalRest = (method: string, params?: unknown) => Promise<any>;

/**
 * Opens the app's embedded sandbox portal after the app let go of it and
 * hands a REST caller to `read`, so a test asserts the portal's own state.
 */
export async function readSandboxPortal<T>(dataDir: string, read: (rest: PortalRest) => Promise<T>): Promise<T> {
  const { openEmbeddedSandbox } = await import('../../sandbox/embedded-sandbox');
  const portal = await openEmbeddedSandbox(dataDir);
  try {
    return await read(async (method, params = {}) => (await (await fetch(`${portal.webhook}${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) })).json()));
  } finally {
    await portal.close();
  }
}
