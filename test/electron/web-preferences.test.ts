import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { isAppUrl, SECURE_WEB_PREFERENCES } from '../../electron/main/web-preferences';
import { CONTENT_SECURITY_POLICY } from '../../shared/base/security/content-security-policy';

describe('Electron window security', () => {
  it('isolates and sandboxes the renderer with no Node access', () => {
    expect(SECURE_WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('the window uses those settings', async () => {
    const source = await readFile(new URL('../../electron/main/window.ts', import.meta.url), 'utf8');
    expect(source).toContain('webPreferences: { ...SECURE_WEB_PREFERENCES, preload: preloadPath }');
    expect(source).toContain("return { action: 'deny' }");
  });

  it('allows navigation only inside the app origin', () => {
    expect(isAppUrl('app://renderer/index.html', 'app://renderer')).toBe(true);
    expect(isAppUrl('app://renderer.evil.com/x', 'app://renderer')).toBe(false);
    expect(isAppUrl('https://evil.example/app://renderer/', 'app://renderer')).toBe(false);
    expect(isAppUrl('file:///etc/passwd', 'app://renderer')).toBe(false);
    expect(isAppUrl('not a url', 'app://renderer')).toBe(false);
  });

  it('the CSP allows nothing from outside the app', async () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
    const html = await readFile(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    expect(html).toContain('Content-Security-Policy');
    expect(html).not.toMatch(/unsafe-(inline|eval)/);
  });
});
