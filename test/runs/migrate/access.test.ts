/**
 * Access at creation: `--access open|closed` reaches
 * `crm.type.add` as `isSetOpenPermissions`, the portal reads it back, and
 * sheets that look like personal data (recruiting, HR, complaints) get a
 * warning in the plan while a sales sheet with client phones does not.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitrixClient, type BitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import type { Mapping } from '../../../shared/sheet/mapping/types';
import { detectPersonalData } from '../../../shared/sheet/plan/personal-data';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import { cli } from './cli-harness';

let dir: string;
let sandbox: SandboxHandle;
let client: BitrixClient;
let env: Record<string, string>;

async function writeSheet(path: string, name: string, headers: string[], rows: Array<Array<string | number>>): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(name);
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  await workbook.xlsx.writeFile(path);
}

const candidates = (): string => join(dir, 'candidates.xlsx');
const deals = (): string => join(dir, 'deals.xlsx');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-access-'));
  sandbox = await startSandbox({ plan: 'unlimited' });
  client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
  env = { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(dir, 'data') };
  const names = ['Иванов Пётр', 'Смирнова Анна', 'Кузнецов Олег', 'Попова Мария', 'Волков Иван', 'Соколова Ольга'];
  await writeSheet(
    candidates(),
    'Кандидаты',
    ['ФИО', 'Email', 'Телефон', 'Вакансия', 'Этап'],
    names.map((name, i) => [name, `candidate${i}@example.com`, `+7 900 111-22-${String(i).padStart(2, '0')}`, ['Бухгалтер', 'Юрист'][i % 2]!, ['Резюме получено', 'Собеседование', 'Оффер'][i % 3]!]),
  );
  await writeSheet(
    deals(),
    'Sales',
    ['Deal', 'Client company', 'Phone', 'Amount', 'Stage'],
    Array.from({ length: 6 }, (_, i) => [`Deal ${i + 1}`, ['Acme Ltd', 'Globex'][i % 2]!, `+1 555 010 ${String(i).padStart(4, '0')}`, 1000 + i * 250, ['New', 'Proposal', 'Won'][i % 3]!]),
  );
});
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('detectPersonalData', () => {
  const mapping = (title: string, columns: Array<[string, Mapping['columns'][number]['type']]>): Pick<Mapping, 'title' | 'columns'> => ({
    title,
    columns: columns.map(([header, type]) => ({ header, type, target: { kind: 'custom', suffix: 'X', userTypeId: 'string', multiple: false, label: header } })),
  });

  it('flags recruiting, HR and complaint sheets, and pay or passport columns on their own', () => {
    expect(detectPersonalData(mapping('Кандидаты', [['ФИО', 'string'], ['Email', 'email']]))).toMatchObject({ words: ['кандидаты'], columns: [{ header: 'ФИО', holds: 'person' }, { header: 'Email', holds: 'email' }] });
    expect(detectPersonalData(mapping('Customer complaints', [['Phone', 'phone'], ['Text', 'text']]))?.words).toEqual(['complaints']);
    expect(detectPersonalData(mapping('Учёт', [['Сотрудник', 'string'], ['Оклад', 'money']]))?.columns).toContainEqual({ header: 'Оклад', holds: 'sensitive' });
    expect(detectPersonalData(mapping('Visitors', [['Passport No', 'string']]))?.columns).toEqual([{ header: 'Passport No', holds: 'sensitive' }]);
  });

  it('leaves sales sheets with client phones, and assignees named “Сотрудник”, alone', () => {
    expect(detectPersonalData(mapping('Sales', [['Client', 'string'], ['Phone', 'phone'], ['E-mail', 'email']]))).toBeNull();
    const withAssignee = mapping('Заявки', [['Телефон', 'phone']]);
    withAssignee.columns.push({ header: 'Сотрудник', type: 'employee', target: { kind: 'builtin', field: 'assignedById' } });
    expect(detectPersonalData(withAssignee)).toBeNull();
  });
});

describe('access at creation over HTTP', () => {
  it('plans the recruiting sheet open by default, with the personal-data warning and the fix', async () => {
    const run = await cli(['plan', candidates(), '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const json = run.json as { operations: Array<{ method: string; summary: string }>; warnings: string[]; access: { mode: string; personalData: { words: string[]; columns: Array<{ header: string; holds: string }> } | null } };
    expect(json.access.mode).toBe('open');
    expect(json.access.personalData?.columns.map((c) => c.holds).sort()).toEqual(['email', 'person', 'phone']);
    expect(json.warnings.find((w) => w.includes('personal data'))).toMatch(/--access closed/);
    expect(json.operations[0]!.summary).toMatch(/open to everyone/);
    expect(run.stdout).toMatch(/Access: open to everyone/);
  });

  it('does not warn about a sales sheet with client phones', async () => {
    const run = await cli(['plan', deals(), '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const json = run.json as { warnings: string[]; access: { personalData: unknown } };
    expect(json.access.personalData).toBeNull();
    expect(json.warnings.join(' ')).not.toMatch(/personal data/);
  });

  it('refuses --access with --into: an existing smart process keeps its own access', async () => {
    const run = await cli(['plan', candidates(), '--access', 'closed', '--into', '1030'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/with --into the existing one keeps its own access settings/);
  });

  it('refuses a wrong --access value with the two choices', async () => {
    const run = await cli(['plan', candidates(), '--access', 'private'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--access takes “open” .* or “closed”/);
  });

  it('creates the smart process closed: the portal stores isSetOpenPermissions=N and the project remembers it', async () => {
    const project = join(dir, 'closed.spm.json');
    const run = await cli(['migrate', candidates(), '--access', 'closed', '--project', project, '--no-automation', '--yes', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const result = run.json as { entityTypeId: number; typeId: number; flags: Record<string, string> };
    expect(result.flags['isSetOpenPermissions']).toBe('N');
    expect(run.stdout).toMatch(/access closed/);
    const { result: read } = await client.call<{ type: Record<string, unknown> }>('crm.type.get', { id: result.typeId });
    expect(read.type['isSetOpenPermissions']).toBe('N');
    const saved = JSON.parse(await readFile(project, 'utf8')) as { smartProcess: { access: string } };
    expect(saved.smartProcess.access).toBe('closed');
    const { result: items } = await client.call<{ items: unknown[] }>('crm.item.list', { entityTypeId: result.entityTypeId });
    expect(items.items).toHaveLength(6);
  });

  it('creates it open when nothing is said (the portal default, sent explicitly)', async () => {
    const project = join(dir, 'open.spm.json');
    const run = await cli(['migrate', deals(), '--project', project, '--no-automation', '--yes', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const { typeId } = run.json as { typeId: number };
    const { result: read } = await client.call<{ type: Record<string, unknown> }>('crm.type.get', { id: typeId });
    expect(read.type['isSetOpenPermissions']).toBe('Y');
  });
});
