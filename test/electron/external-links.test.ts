import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DOCS_URL, isPermissionAllowed, mayOpenExternally, portalOriginsOf } from '../../electron/main/external-links';

const portal = 'https://acme.bitrix24.ru';

describe('links the app hands to the system browser', () => {
  it('opens the connected portal’s pages and the documentation', () => {
    expect(mayOpenExternally('https://acme.bitrix24.ru/crm/type/1032/kanban/', [portal])).toBe(true);
    expect(mayOpenExternally('https://acme.bitrix24.ru/crm/type/1032/automation/0/', [portal])).toBe(true);
    expect(mayOpenExternally(DOCS_URL, [])).toBe(true);
    expect(mayOpenExternally('https://apidocs.bitrix24.ru/api-reference/crm/', [])).toBe(true);
  });

  it('keeps every other link closed', () => {
    expect(mayOpenExternally('https://evil.example/', [portal])).toBe(false);
    expect(mayOpenExternally('https://acme.bitrix24.ru.evil.example/crm/', [portal])).toBe(false);
    expect(mayOpenExternally('https://other.bitrix24.ru/crm/', [portal])).toBe(false);
    // The same host over plain http, or on another port, is another origin.
    expect(mayOpenExternally('http://acme.bitrix24.ru/crm/', [portal])).toBe(false);
    expect(mayOpenExternally('https://acme.bitrix24.ru:8443/crm/', [portal])).toBe(false);
    expect(mayOpenExternally('https://user:pass@acme.bitrix24.ru/crm/', [portal])).toBe(false);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'ms-settings:', 'smb://host/share', 'data:text/html,x', 'not a url', '']) {
      expect(mayOpenExternally(url, [portal]), url).toBe(false);
    }
  });

  it('takes only the https origins of saved webhook portals', () => {
    expect(
      portalOriginsOf([
        { kind: 'webhook', origin: portal },
        { kind: 'sandbox', origin: 'http://127.0.0.1:4567' },
        { kind: 'webhook', origin: 'http://localhost:8080' },
      ]),
    ).toEqual([portal]);
  });

  it('denies every permission, asked for or only checked', async () => {
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'fullscreen']) {
      expect(isPermissionAllowed(permission), permission).toBe(false);
    }
    const main = await readFile(new URL('../../electron/main/index.ts', import.meta.url), 'utf8');
    expect(main).toContain('setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionAllowed(permission)))');
    expect(main).toContain('setPermissionCheckHandler((_contents, permission) => isPermissionAllowed(permission))');
    const window = await readFile(new URL('../../electron/main/window.ts', import.meta.url), 'utf8');
    expect(window).toContain('if (mayOpenExternally(url, origins)) await shell.openExternal(url);');
    expect(window).not.toMatch(/startsWith\('https:\/\/'\)\) void shell\.openExternal/);
  });
});
