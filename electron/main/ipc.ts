import { ipcMain, type BrowserWindow } from 'electron';
import type { Core } from '../../shared/app/api/create-core';
import { APP_ORIGIN } from './app-protocol';
import { isAppUrl } from './web-preferences';

/**
 * Connects the core to one window: `api:invoke` calls from that window's own
 * page reach the router; events go back on `api:event`. Calls from any other
 * sender or origin are refused.
 */
export function connectIpc(core: Core, window: BrowserWindow): () => void {
  ipcMain.handle('api:invoke', async (event, channel: unknown, input: unknown) => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (event.sender !== window.webContents || !isAppUrl(frameUrl, APP_ORIGIN)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'This call did not come from the app’s own window.' } };
    }
    return core.dispatch(typeof channel === 'string' ? channel : '', input, { origin: 'ipc' });
  });
  const off = core.bus.onAny((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send('api:event', name, payload);
  });
  return () => {
    off();
    ipcMain.removeHandler('api:invoke');
  };
}
