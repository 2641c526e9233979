import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** Lints a snippet as if it were the file at `path`, and returns the rule ids that fired. */
async function firedRules(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${path}` });
  return (result?.messages ?? []).map((message) => message.ruleId ?? 'parse-error');
}

describe('import boundaries (eslint.config.js)', () => {
  it.each([
    ['shared/x/y.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['shared/x/y.ts', "import { useState } from 'react';\nexport const a = useState;"],
    ['shared/x/y.ts', "import { create } from 'zustand';\nexport const a = create;"],
    ['shared/x/y.ts', "import { App } from '../../renderer/src/app';\nexport const a = App;"],
    ['renderer/src/x.ts', "import { readWorkbook } from '../../shared/sheet/spreadsheet/read-workbook';\nexport const a = readWorkbook;"],
    ['renderer/src/x.ts', "import { readFile } from 'node:fs';\nexport const a = readFile;"],
    ['renderer/src/x.ts', "import { shell } from 'electron';\nexport const a = shell;"],
    ['electron/host/x.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['electron/host/x.ts', "import { connectIpc } from '../main/ipc';\nexport const a = connectIpc;"],
    ['electron/main/x.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;"],
    ['electron/main/x.ts', "import { createHostServer } from '../host/server';\nexport const a = createHostServer;"],
    ['shared/x/y-wording.ts', "import { compactRows } from '../plan/build-plan';\nexport const a = compactRows;"],
    ['shared/x/y-wording.ts', "import { readFile } from 'node:fs';\nexport const a = readFile;"],
    ['shared/x/y-wording.ts', "import { App } from '../../renderer/src/app';\nexport const a = App;"],
  ])('%s may not: %s', async (path, code) => {
    expect(await firedRules(path, code)).toContain('no-restricted-imports');
  });

  it.each([
    ['shared/x/y.ts', 'export const a = window.location;'],
    ['shared/x/y.ts', 'export const a = document.title;'],
    ['shared/x/y.ts', "export const a = localStorage.getItem('k');"],
  ])('%s may not use DOM globals: %s', async (path, code) => {
    expect(await firedRules(path, code)).toContain('no-restricted-globals');
  });

  it.each([
    ['renderer/src/x.ts', "import type { ApiClient } from '../../shared/app/api/contract';\nexport type A = ApiClient;"],
    ['renderer/src/x.ts', "import { ApiError } from '../../shared/base/errors/errors';\nexport const a = ApiError;"],
    ['renderer/src/x.ts', "import type { Cell } from '../../shared/sheet/spreadsheet/types';\nexport type A = Cell;"],
    ['electron/main/ipc.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;"],
    ['electron/preload/index.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;"],
    ['shared/x/y.ts', "import { readFile } from 'node:fs/promises';\nexport const a = readFile;"],
    ['renderer/src/x.ts', "import { readWarningText } from '../../shared/sheet/spreadsheet/read-warning-wording';\nexport const a = readWarningText;"],
    ['shared/x/y-wording.ts', "import type { ReadWarning } from '../spreadsheet/types';\nimport { rowList } from '../spreadsheet/read-warning-wording';\nexport const a = (w: ReadWarning) => rowList(w.rows ?? []);"],
  ])('%s may: %s', async (path, code) => {
    expect(await firedRules(path, code)).toEqual([]);
  });
});
