import { describe, expect, it } from 'vitest';
import { schemas } from '../../../shared/app/api/schemas';

const accepts = (webhookUrl: string): boolean => schemas['portal.check'].safeParse({ webhookUrl }).success;

describe('portal.check input', () => {
  it('takes http(s) URLs shaped like an inbound webhook', () => {
    expect(accepts('https://acme.bitrix24.ru/rest/1/abc123def456/')).toBe(true);
    expect(accepts('https://acme.bitrix24.ru/rest/17/abc_123-def')).toBe(true);
    expect(accepts('https://acme.bitrix24.ru/rest/1/abc123/profile.json')).toBe(true);
    expect(accepts('http://127.0.0.1:4567/rest/1/sandboxsecret/')).toBe(true);
    // Plain http to another host passes the shape check so the portal check can explain it (and never sends a request).
    expect(accepts('http://acme.bitrix24.ru/rest/1/abc123/')).toBe(true);
    expect(schemas['portal.save'].safeParse({ webhookUrl: 'https://acme.bitrix24.ru/rest/1/abc123/', label: 'Main' }).success).toBe(true);
  });

  it('refuses any other scheme, path, credentials, query or fragment before the core sees it', () => {
    for (const url of [
      'file:///etc/passwd',
      'ftp://acme.bitrix24.ru/rest/1/abc/',
      'javascript:alert(1)',
      'https://acme.bitrix24.ru/crm/deal/',
      'https://acme.bitrix24.ru/rest/admin/abc/',
      'https://acme.bitrix24.ru/rest/1/',
      'https://acme.bitrix24.ru/rest/1/abc/../../admin/x/y',
      'https://user:pass@acme.bitrix24.ru/rest/1/abc/',
      'https://acme.bitrix24.ru/rest/1/abc/?next=https://evil.example',
      'https://acme.bitrix24.ru/rest/1/abc/#x',
      'http://169.254.169.254/latest/meta-data/',
      'not a url',
      '',
    ]) {
      expect(accepts(url), url).toBe(false);
    }
    expect(schemas['portal.save'].safeParse({ webhookUrl: 'file:///etc/passwd' }).success).toBe(false);
  });
});
