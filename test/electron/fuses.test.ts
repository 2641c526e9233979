import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

describe('Electron fuses of the packaged app', () => {
  it('are set in electron-builder.yml, and electron-builder accepts the configuration', async () => {
    const yaml = require('js-yaml') as { load(text: string): Record<string, unknown> };
    const config = yaml.load(await readFile(new URL('../../electron-builder.yml', import.meta.url), 'utf8'));
    expect(config['electronFuses']).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
      enableCookieEncryption: true,
    });
    // asar must stay on for onlyLoadAppFromAsar and the integrity check to mean anything.
    expect(config['asar']).not.toBe(false);
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as { validateConfiguration(config: unknown, logger: unknown): Promise<void> };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, electronFuses: { runAsNode: false, noSuchFuse: true } }, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });
});
