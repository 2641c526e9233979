import { app, dialog, Menu, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Core } from '../../shared/app/api/create-core';
import { DOCS_URL } from './external-links';

/**
 * Opens the system file dialog and hands the chosen file to the UI, which
 * opens it exactly as if it had been dropped.
 */
export async function openFileWithDialog(core: Core, window: BrowserWindow): Promise<void> {
  const result = await dialog.showOpenDialog(window, {
    title: 'Open a spreadsheet',
    properties: ['openFile'],
    filters: [
      { name: 'Spreadsheets', extensions: ['xlsx', 'xlsm', 'xls', 'xlsb', 'ods', 'csv', 'tsv', 'txt'] },
      { name: 'All files', extensions: ['*'] },
    ],
  });
  const path = result.filePaths[0];
  if (result.canceled || !path) return;
  await openFileAtPath(core, path);
}

/** Hands the file at `path` to the UI, which opens it as if dropped (and syncs re-read it there). */
export async function openFileAtPath(core: Core, path: string): Promise<void> {
  const bytes = await readFile(path).catch(() => undefined);
  if (bytes === undefined) {
    dialog.showErrorBox('Cannot open the file', `${path} could not be read. Check that it exists and that you may read it.`);
    return;
  }
  core.bus.emit('app.openFile', { fileName: basename(path), bytes: new Uint8Array(bytes), sourcePath: path });
}

/** The application menu: File (open, connect), Edit, View, Window, Help. */
export function buildAppMenu(core: Core, getWindow: () => BrowserWindow | undefined): Menu {
  const isMac = process.platform === 'darwin';
  const withWindow = (action: (window: BrowserWindow) => void) => () => {
    const window = getWindow();
    if (window) action(window);
  };
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Spreadsheet…', accelerator: 'CmdOrCtrl+O', click: withWindow((window) => void openFileWithDialog(core, window)) },
        { label: 'Connect a Portal…', accelerator: 'CmdOrCtrl+K', click: () => core.bus.emit('app.navigate', { view: 'connect' }) },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }, ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }])],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: 'Bitrix24 REST documentation', click: () => void shell.openExternal(DOCS_URL) }],
    },
  ];
  return Menu.buildFromTemplate(template);
}
