/**
 * The Electron main process: one window, one core, one IPC adapter.
 * Kept thin: everything that can be tested without Electron lives in shared/.
 */
import { app, BrowserWindow, Menu } from 'electron';
import { join } from 'node:path';
import { createCore } from '../../shared/api/create-core';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol';
import { connectIpc } from './ipc';
import { isAppUrl } from './web-preferences';
import { createMainWindow, preloadPathFor } from './window';
import { createSafeStorageSecrets } from './safe-storage-secrets';
import { buildAppMenu } from './menu';

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | undefined;
  let core: ReturnType<typeof createCore> | undefined;

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url, APP_ORIGIN)) event.preventDefault();
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  const open = (): void => {
    if (!core) return;
    mainWindow = createMainWindow(preloadPathFor(__dirname), app.getPath('userData'));
    const disconnect = connectIpc(core, mainWindow);
    mainWindow.on('closed', () => {
      disconnect();
      mainWindow = undefined;
    });
  };

  void app.whenReady().then(() => {
    // safeStorage is usable only once the app is ready, so the core starts here.
    const dataDir = app.getPath('userData');
    core = createCore({ info: { name: 'Smart Process Migrator', version: app.getVersion(), mode: 'electron' }, dataDir, secrets: createSafeStorageSecrets(dataDir) });
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
