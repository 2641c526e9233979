/**
 * The Electron main process: one window, one core, one IPC adapter.
 * Kept thin: everything that can be tested without Electron lives in shared/.
 */
import { app, BrowserWindow, Menu } from 'electron';
import { join } from 'node:path';
import type { PortalList } from '../../shared/app/api/contract';
import { createCore } from '../../shared/app/api/create-core';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol';
import { connectIpc } from './ipc';
import { isPermissionAllowed, portalOriginsOf } from './external-links';
import { isAppUrl } from './web-preferences';
import { createMainWindow, preloadPathFor } from './window';
import { createSafeStorageSecrets } from './safe-storage-secrets';
import { buildAppMenu, openFileAtPath } from './menu';
import { spreadsheetFromArgs } from './spreadsheet-from-args';
import { openEmbeddedSandbox } from '../../sandbox/embedded-sandbox';

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | undefined;
  let core: ReturnType<typeof createCore> | undefined;
  // A file the OS asked to open before the window could take it (first launch, macOS open-file).
  let pendingFile = spreadsheetFromArgs(process.argv, process.cwd());

  const openWhenReady = (path: string): void => {
    if (!core || !mainWindow || mainWindow.webContents.isLoading()) {
      pendingFile = path;
      return;
    }
    void openFileAtPath(core, path);
  };

  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    const path = spreadsheetFromArgs(argv, workingDirectory);
    if (path) openWhenReady(path);
  });

  app.on('open-file', (event, path) => {
    event.preventDefault();
    openWhenReady(path);
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url, APP_ORIGIN)) event.preventDefault();
    });
    // A redirect is a navigation too: the renderer only ever shows app:// pages.
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url, APP_ORIGIN)) event.preventDefault();
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    // The UI needs no camera, microphone, notifications or any other permission: asked or merely checked, the answer is no.
    contents.session.setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionAllowed(permission)));
    contents.session.setPermissionCheckHandler((_contents, permission) => isPermissionAllowed(permission));
  });

  const open = (): void => {
    if (!core) return;
    mainWindow = createMainWindow(preloadPathFor(__dirname), app.getPath('userData'), () => savedPortalOrigins(core));
    const disconnect = connectIpc(core, mainWindow);
    mainWindow.webContents.on('did-finish-load', () => {
      const path = pendingFile;
      pendingFile = undefined;
      if (path && core) void openFileAtPath(core, path);
    });
    mainWindow.on('closed', () => {
      disconnect();
      mainWindow = undefined;
    });
  };

  void app.whenReady().then(() => {
    // safeStorage is usable only once the app is ready, so the core starts here.
    const dataDir = app.getPath('userData');
    core = createCore({ info: { name: 'Smart Process Migrator', version: app.getVersion(), mode: 'electron' }, dataDir, openSandbox: openEmbeddedSandbox, secrets: createSafeStorageSecrets(dataDir) });
    serveRenderer(join(__dirname, '..', 'renderer'));
    const readyCore = core;
    Menu.setApplicationMenu(buildAppMenu(readyCore, () => mainWindow));
    open();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open();
    });
  });

  app.on('will-quit', () => {
    void core?.close();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

/** The https origins of the portals saved in the core: the only sites besides the docs that links may open. */
async function savedPortalOrigins(core: ReturnType<typeof createCore> | undefined): Promise<string[]> {
  if (!core) return [];
  const answer = await core.dispatch('portal.list', {}, { origin: 'ipc' });
  return answer.ok ? portalOriginsOf((answer.value as PortalList).portals) : [];
}
