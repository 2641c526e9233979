import { extname, isAbsolute, resolve } from 'node:path';

const SPREADSHEET_EXTENSIONS = new Set(['.xlsx', '.xlsm', '.xls', '.xlsb', '.ods', '.csv', '.tsv', '.txt']);

/**
 * The spreadsheet a launch asks to open (`smart-process-migrator contracts.xlsx`,
 * "Open with…" from a file manager, a second launch while the app runs): the
 * last argument that names a spreadsheet, resolved against the launch's
 * working folder. Switches (`--flag`) and the executable itself are ignored.
 */
export function spreadsheetFromArgs(argv: readonly string[], cwd: string): string | undefined {
  for (let i = argv.length - 1; i >= 1; i--) {
    const arg = argv[i]!;
    if (arg.startsWith('-')) continue;
    if (!SPREADSHEET_EXTENSIONS.has(extname(arg).toLowerCase())) continue;
    return isAbsolute(arg) ? arg : resolve(cwd, arg);
  }
  return undefined;
}
