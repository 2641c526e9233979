import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 as nodeCrc32, inflateRawSync } from 'node:zlib';
import { chromium, type Browser, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAutomationPlan } from '../../../shared/runs/automation/build-automation-plan';
import { buildInstallerApp, installerPage, installerPayloads, type InstallerAppInput } from '../../../shared/runs/automation/build-installer-app';
import { createZip, crc32 } from '../../../shared/runs/automation/create-zip';
import { generateStarterTemplates } from '../../../shared/runs/automation/generate-starter-templates';
import { tempDir } from '../../support/temp-dir';
import { complaintsInput } from './inputs';

const plan = buildAutomationPlan(complaintsInput({ title: 'Жалобы </script><b>x' }));
const input: InstallerAppInput = { title: plan.title, language: 'ru', entityTypeId: 1030, templates: generateStarterTemplates(plan) };
const zip = buildInstallerApp(input);

/** Reads a zip by its central directory, checking every local header and CRC on the way. */
function readZip(bytes: Uint8Array): Map<string, string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const end = bytes.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  expect(at + view.getUint32(end + 12, true)).toBe(end);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const packed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    expect(view.getUint32(local, true)).toBe(0x04034b50);
    expect(view.getUint32(local + 14, true)).toBe(crc);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const body = bytes.subarray(start, start + packed);
    const data = method === 8 ? inflateRawSync(body) : Buffer.from(body);
    expect(data.length).toBe(size);
    expect(nodeCrc32(data)).toBe(crc);
    files.set(name, data.toString('utf8'));
    at += 46 + nameLength;
  }
  return files;
}

describe('the installer app zip', () => {
  it('holds index.html and install.html at the root, well formed', () => {
    const files = readZip(zip);
    expect([...files.keys()]).toEqual(['index.html', 'install.html']);
    expect(files.get('index.html')).toBe(installerPage(input, false));
    expect(files.get('install.html')).toBe(installerPage(input, true));
  });

  it('passes an independent zip checker (Python zipfile) and is reproducible', () => {
    const dir = tempDir('spm-zip-');
    const path = join(dir, 'app.zip');
    writeFileSync(path, zip);
    const out = execFileSync('python3', ['-c', 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(z.testzip(), sorted(z.namelist()))', path], { encoding: 'utf8' });
    expect(out.trim()).toBe("None ['index.html', 'install.html']");
    expect(Buffer.from(buildInstallerApp(input)).equals(Buffer.from(zip))).toBe(true);
  });

  it('computes CRC-32 like zlib, and stores an entry that does not shrink', () => {
    for (const text of ['', 'a', 'Проверка', 'x'.repeat(1000)]) expect(crc32(new TextEncoder().encode(text))).toBe(nodeCrc32(text));
    const tiny = readZip(createZip([{ name: 'a.txt', data: 'a' }]));
    expect(tiny.get('a.txt')).toBe('a');
  });

  it('escapes the title and embeds the payloads so no </script> can break out', () => {
    const page = installerPage(input, true);
    expect(page).not.toContain('</script><b>');
    expect(page).toContain('Жалобы &#60;/script&#62;&#60;b&#62;x');
    expect(page.match(/<\/script>/g)).toHaveLength(3);
  });
});

const STUB = `
window.__calls = [];
window.__finished = 0;
function answer(data, error) { return { error: function () { return error || false; }, data: function () { return data; } }; }
window.BX24 = {
  init: function (callback) { setTimeout(callback, 0); },
  installFinish: function () { window.__finished += 1; },
  callMethod: function (method, params, callback) {
    window.__calls.push({ method: method, params: JSON.parse(JSON.stringify(params)) });
    setTimeout(function () {
      if (method === 'bizproc.workflow.template.list') callback(answer(window.__existing || []));
      else if (window.__failAdds) callback(answer(null, 'ERROR_CORE'));
      else callback(answer(500 + window.__calls.length));
    }, 0);
  },
};
`;

describe('the installer pages in Chromium, against a stub BX24', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  const files = readZip(zip);

  async function open(file: 'install.html' | 'index.html', setup: string): Promise<Page> {
    const page = await browser.newPage();
    await page.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === 'api.bitrix24.com') return route.fulfill({ contentType: 'application/javascript', body: setup + STUB });
      if (url.hostname === 'app.test') return route.fulfill({ contentType: 'text/html; charset=utf-8', body: files.get(url.pathname.slice(1)) ?? '' });
      return route.abort();
    });
    await page.goto(`https://app.test/${file}`);
    return page;
  }

  const state = (page: Page) => page.evaluate(() => ({ calls: (window as unknown as { __calls: Array<{ method: string; params: unknown }> }).__calls, finished: (window as unknown as { __finished: number }).__finished }));

  it('install.html lists, adds every template with the exact payload, then finishes the install', async () => {
    const page = await open('install.html', '');
    await page.waitForFunction(() => (window as unknown as { __finished: number }).__finished > 0);
    const { calls, finished } = await state(page);
    expect(calls.map((c) => c.method)).toEqual(['bizproc.workflow.template.list', 'bizproc.workflow.template.add', 'bizproc.workflow.template.add']);
    expect(calls[0]!.params).toEqual({ SELECT: ['ID', 'NAME'], FILTER: { DOCUMENT_TYPE: 'DYNAMIC_1030' } });
    expect(calls.slice(1).map((c) => c.params)).toEqual(installerPayloads(input));
    expect((calls[1]!.params as { AUTO_EXECUTE: unknown }).AUTO_EXECUTE).toBe('3');
    expect(finished).toBe(1);
    expect(await page.locator('#spm-log li.ok').count()).toBe(2);
    await page.close();
  });

  it('skips templates already on the portal', async () => {
    const page = await open('install.html', `window.__existing = [{ ID: 7, NAME: ${JSON.stringify(input.templates[0]!.name)} }];`);
    await page.waitForFunction(() => (window as unknown as { __finished: number }).__finished > 0);
    const { calls } = await state(page);
    expect(calls.map((c) => (c.params as { NAME?: string }).NAME ?? c.method)).toEqual(['bizproc.workflow.template.list', input.templates[1]!.name]);
    await expect(page.locator('#spm-log li').first().textContent()).resolves.toContain('уже был установлен');
    await page.close();
  });

  it('does not finish the install when an add fails, and offers retry or finishing anyway', async () => {
    const page = await open('install.html', 'window.__failAdds = true;');
    await page.locator('#spm-actions button').nth(1).waitFor();
    expect((await state(page)).finished).toBe(0);
    await expect(page.locator('#spm-log li.error').count()).resolves.toBe(2);
    await page.locator('#spm-actions button', { hasText: 'Завершить установку' }).click();
    expect((await state(page)).finished).toBe(1);
    await page.close();
  });

  it('index.html installs what is missing but never calls installFinish', async () => {
    const page = await open('index.html', '');
    await page.waitForFunction(() => document.getElementById('spm-status')?.textContent === 'Готово.');
    const { calls, finished } = await state(page);
    expect(calls).toHaveLength(3);
    expect(finished).toBe(0);
    await page.close();
  });
});
