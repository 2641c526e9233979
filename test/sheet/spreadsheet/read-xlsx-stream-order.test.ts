import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listZipEntries } from '../../../shared/sheet/spreadsheet/read-zip';
import { readWorkbook } from '../../../shared/sheet/spreadsheet/read-workbook';
import { rawZip, tableRows, xlsxParts } from '../../hostile/hostile-files';
import { control, xlsxBytes } from './helpers';

/** Runs `read` with TMPDIR pointing at a fresh folder and returns what was left in it while reading. */
async function tempFilesDuring(read: () => Promise<unknown>): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'spm-stream-order-'));
  const before = process.env['TMPDIR'];
  const seen = new Set<string>();
  const watch = setInterval(() => void readdir(dir).then((names) => names.forEach((name) => seen.add(name))), 1);
  process.env['TMPDIR'] = dir;
  try {
    await read();
    for (const name of await readdir(dir)) seen.add(name);
  } finally {
    clearInterval(watch);
    if (before === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = before;
    await rm(dir, { recursive: true, force: true });
  }
  return [...seen];
}

describe('the xlsx streaming pass', () => {
  // Writers (exceljs included) put the sheets before the shared strings; exceljs's streaming reader then
  // parks every sheet in a temporary file, a detour that failed now and then under load.
  it('never parks sheets in temporary files, even when the sheets come before the shared strings', async () => {
    const bytes = await xlsxBytes((wb) => {
      for (const name of ['One', 'Two']) {
        const sheet = wb.addWorksheet(name);
        sheet.addRow(['Key', 'Status']);
        for (let i = 0; i < 300; i++) sheet.addRow([`K-${i}`, i % 2 ? 'Open' : 'Done']);
      }
    });
    const names = [...listZipEntries(bytes)!.keys()];
    expect(names.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(names.indexOf('xl/sharedStrings.xml'));
    let rows = 0;
    const left = await tempFilesDuring(async () => {
      const workbook = await readWorkbook(bytes, 'order.xlsx', control);
      rows = workbook.sheets.reduce((sum, sheet) => sum + sheet.rows.length, 0);
    });
    expect(rows).toBe(600);
    expect(left).toEqual([]);
  });

  it('reads a workbook without a shared-string table (inline strings only) without temporary files', async () => {
    const bytes = rawZip(xlsxParts(tableRows(50)));
    let dataRows = 0;
    const left = await tempFilesDuring(async () => {
      dataRows = (await readWorkbook(bytes, 'inline.xlsx', control)).sheets[0]!.rows.length;
    });
    expect(dataRows).toBe(50);
    expect(left).toEqual([]);
  });
});
