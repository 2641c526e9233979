// Renders build/icon.svg to the 512×512 build/icon.png electron-builder needs,
// with the same Chromium the browser tests use (so the PNG's origin is this script).
import { chromium } from '@playwright/test';
import { readFile } from 'node:fs/promises';

const svg = await readFile(new URL('../icon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 512, height: 512 } });
await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', '<svg width="512" height="512" ')}</body></html>`);
await page.screenshot({ path: new URL('../icon.png', import.meta.url).pathname, omitBackground: true });
await browser.close();
process.stdout.write('Wrote build/icon.png\n');
