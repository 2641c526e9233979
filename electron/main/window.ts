import { BrowserWindow, screen, shell } from 'electron';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_ORIGIN } from './app-protocol';
import { mayOpenExternally } from './external-links';
import { isAppUrl, SECURE_WEB_PREFERENCES } from './web-preferences';
import { restoreWindowState, type WindowState } from './window-state';

/**
 * Creates the main window: sandboxed renderer, context isolation, no Node in
 * the page; navigation away from the app and new windows are blocked. Links
 * to a connected portal (`portalOrigins`) or the documentation open in the
 * system browser instead; any other link stays closed.
 */
export function createMainWindow(preloadPath: string, userDataDir: string, portalOrigins: () => Promise<string[]>): BrowserWindow {
  const openIfAllowed = async (url: string): Promise<void> => {
    const origins = await portalOrigins().catch(() => []);
    if (mayOpenExternally(url, origins)) await shell.openExternal(url);
  };
  const statePath = join(userDataDir, 'window-state.json');
  const state = restoreWindowState(readJson(statePath), screen.getAllDisplays().map((display) => display.workArea));
  const window = new BrowserWindow({
    ...(state.x === undefined ? {} : { x: state.x, y: state.y }),
    width: state.width,
    height: state.height,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Smart Process Migrator',
    backgroundColor: '#f5f7fb',
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: preloadPath },
  });
  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize();
    window.show();
  });
  window.on('close', () => saveWindowState(window, statePath));
  window.webContents.on('will-navigate', (event, url) => {
    if (isAppUrl(url, APP_ORIGIN)) return;
    // The window never leaves the app; a link to the portal or the docs opens in the system browser instead.
    event.preventDefault();
    void openIfAllowed(url);
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    void openIfAllowed(url);
    return { action: 'deny' };
  });
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

/** The preload script's path next to the bundled main script. */
export function preloadPathFor(mainDir: string): string {
  return join(mainDir, '..', 'preload', 'index.cjs');
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function saveWindowState(window: BrowserWindow, path: string): void {
  const bounds = window.getNormalBounds();
  const state: WindowState = { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height, maximized: window.isMaximized() };
  try {
    writeFileSync(path, JSON.stringify(state));
  } catch {
    // Losing the window position is harmless; failing to close is not.
  }
}
