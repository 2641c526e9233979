/**
 * Starter automation on a smart process with funnels: the plan and the
 * checklist name only stages that exist in the funnel they are for, and the
 * run says the other funnels need the same steps by hand.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import { cli } from './cli-harness';

let dir: string;
let sandbox: SandboxHandle;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-funnels-automation-'));
  sandbox = await startSandbox({ plan: 'unlimited' });
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Orders');
  sheet.addRow(['Order', 'Subject', 'Line', 'Stage']);
  // Wholesale rows never use "New": that funnel has no such stage.
  const rows: Array<[string, string]> = [
    ['Wholesale', 'Shipped'],
    ['Wholesale', 'Won'],
    ['Wholesale', 'Lost'],
    ['Retail', 'New'],
    ['Retail', 'Shipped'],
    ['Retail', 'Won'],
  ];
  rows.forEach(([line, stage], i) => sheet.addRow([`ORD-${i + 1}`, `Order ${i + 1}`, line, stage]));
  await workbook.xlsx.writeFile(join(dir, 'orders.xlsx'));
});
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

it('the checklist covers the default funnel’s own stages, and the run names the funnels left to do by hand', async () => {
  const env = { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(dir, 'data') };
  const run = await cli(['migrate', join(dir, 'orders.xlsx'), '--funnel', 'Line', '--project', join(dir, 'orders.spm.json'), '--yes', '--json'], env);
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  const automation = run.json!['automation'] as { warnings: string[]; checklistFile: string };
  expect(automation.warnings.join('\n')).toContain('covers the default funnel “Wholesale” only');
  expect(automation.warnings.join('\n')).toContain('“Retail”');
  const checklist = await readFile(automation.checklistFile, 'utf8');
  const project = JSON.parse(await readFile(join(dir, 'orders.spm.json'), 'utf8')) as { funnels: Array<{ isDefault: boolean; stages: Array<{ statusId: string }> }> };
  const defaultStages = project.funnels.find((funnel) => funnel.isDefault)!.stages.map((stage) => stage.statusId);
  for (const statusId of checklist.match(/DT\d+_\d+:[A-Z0-9_]+/g) ?? []) expect(defaultStages).toContain(statusId);
  expect(checklist).not.toMatch(/Stage “New”/);
});
