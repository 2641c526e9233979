/**
 * The desktop app never tells a person to type a command: every hint in the
 * core that names `spmigrate`, a `--flag` or "the same command" has an app
 * wording next to it, the app's adapters pick that wording, and the app's own
 * texts name buttons and tabs only.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AppError, toWireError } from '../../../shared/base/errors/errors';
import { BitrixError } from '../../../shared/portal/bitrix/bitrix-error';
import { en } from '../../../renderer/src/i18n/messages-en';
import { ru } from '../../../renderer/src/i18n/messages-ru';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const COMMAND_LINE = /spmigrate|(^|[\s(“"])--[a-z]|the same (migrate )?command/;
// Code that only the command line runs words its hints for it.
const CLI_ONLY = ['shared/cli/', 'sandbox/', 'shared/runs/migrate/cli-support.ts', 'shared/runs/migrate/target-options.ts'];

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sources(path)));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

describe('hints that name a command', () => {
  it('have an app wording beside them in every core module the app runs', async () => {
    const missing: string[] = [];
    let checked = 0;
    for (const path of await sources(join(ROOT, 'shared'))) {
      const file = relative(ROOT, path);
      if (CLI_ONLY.some((prefix) => file.startsWith(prefix))) continue;
      const lines = (await readFile(path, 'utf8')).split('\n');
      lines.forEach((line, i) => {
        const hint = /\bhint: (['`"])(.*)/.exec(line);
        if (!hint || !COMMAND_LINE.test(hint[2]!)) return;
        checked += 1;
        const around = lines.slice(Math.max(0, i - 2), i + 4).join('\n');
        if (!/\bappHint\b/.test(around)) missing.push(`${file}:${i + 1}`);
      });
      lines.forEach((line, i) => {
        const appHint = /\bappHint: (['`"])(.*)/.exec(line);
        if (appHint && COMMAND_LINE.test(appHint[2]!)) missing.push(`${file}:${i + 1} (its app wording names a command)`);
      });
    }
    // The scan really found the command-line hints it is about.
    expect(checked).toBeGreaterThan(15);
    expect(missing).toEqual([]);
  });

  it('reach the app in its wording and the command line in its own', () => {
    const error = new AppError('INVALID_INPUT', 'Already migrated.', { hint: 'Run: spmigrate sync p.spm.json', appHint: 'Open Projects and click “Sync…”.' });
    expect(toWireError(error, 'app').hint).toBe('Open Projects and click “Sync…”.');
    expect(toWireError(error).hint).toBe('Run: spmigrate sync p.spm.json');
    // A portal error pointed at a row keeps both wordings.
    const portal = new BitrixError('PORTAL_NETWORK', 'No answer.', { bitrixCode: 'NO_ANSWER', httpStatus: 0, hint: 'run the same command again', appHint: 'click the same button again' }).atRow(4);
    expect(toWireError(portal, 'app').hint).toBe('click the same button again');
    // Without an app wording the one hint serves both.
    expect(toWireError(new AppError('NOT_FOUND', 'Gone.', { hint: 'Connect it again.' }), 'app').hint).toBe('Connect it again.');
  });
});

describe('the app’s own texts', () => {
  it('name buttons and tabs, never a command, in both languages', () => {
    for (const [language, messages] of [['en', en], ['ru', ru]] as const) {
      const commands = Object.entries(messages).filter(([, text]) => COMMAND_LINE.test(text) && !text.includes('npm run web'));
      expect(commands.map(([key]) => `${language} ${key}`)).toEqual([]);
    }
  });
});
