import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AutomationJson } from '../../../shared/cli/commands/automation';
import { run } from '../../../shared/cli/commands/automation';
import type { CliIo } from '../../../shared/cli/types';
import { parseWebhookUrl } from '../../../shared/portal/bitrix/webhook-url';
import type { ProjectFile } from '../../../shared/sheet/project/types';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import { tempDir } from '../../support/temp-dir';

function project(portal: ProjectFile['portal']): ProjectFile {
  return {
    format: 'spm-project',
    version: 1,
    id: 'complaints-1',
    status: 'done',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    source: { file: 'complaints.xlsx', sheet: 'Жалобы' },
    portal,
    smartProcess: { title: 'Жалобы', entityTypeId: 1030, typeId: 5, categoryId: 0 },
    mapping: {
      version: 1,
      title: 'Жалобы',
      language: 'ru',
      key: { kind: 'column', columns: ['№'] },
      columns: [
        { header: '№', type: 'string', target: { kind: 'custom', suffix: 'NOMER', userTypeId: 'string', multiple: false, label: '№' } },
        { header: 'Тема', type: 'string', target: { kind: 'builtin', field: 'title' } },
        { header: 'Статус', type: 'enumeration', target: { kind: 'builtin', field: 'stageId' } },
        { header: 'Срок', type: 'date', target: { kind: 'builtin', field: 'closedate' } },
      ],
      stages: [
        { code: 'NEW', name: 'Новая', semantics: 'process', color: '#39A8EF', values: ['Новая'] },
        { code: 'REVIEW', name: 'На проверке', semantics: 'process', color: '#39A8EF', values: ['На проверке'] },
        { code: 'SUCCESS', name: 'Решена', semantics: 'success', color: '#7BD500', values: ['Решена'] },
      ],
      users: {},
      defaultUserId: null,
      currency: 'RUB',
    },
    fields: [],
    stages: [
      { code: 'NEW', statusId: 'DT1030_0:NEW', name: 'Новая', semantics: 'process' },
      { code: 'REVIEW', statusId: 'DT1030_0:REVIEW', name: 'На проверке', semantics: 'process' },
      { code: 'SUCCESS', statusId: 'DT1030_0:SUCCESS', name: 'Решена', semantics: 'success' },
    ],
    journal: 'complaints-1.journal',
    state: 'complaints-1.state.json',
  };
}

function io(env: Record<string, string | undefined>, cwd: string): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), env, cwd, stopSignal: new AbortController().signal };
}

const lastJson = (lines: string[]): AutomationJson => JSON.parse(lines.join('').trim().split('\n').at(-1)!) as AutomationJson;

let remote: SandboxHandle;
beforeAll(async () => {
  remote = await startSandbox({ plan: 'unlimited' });
});
afterAll(async () => {
  await remote?.close();
});

describe('spmigrate automation', () => {
  it('without --install prints the plan and writes the checklist, .bpt files and installer app', async () => {
    const dir = tempDir('spm-cli-auto-');
    writeFileSync(join(dir, 'p.spm.json'), JSON.stringify(project({ kind: 'sandbox', display: 'sandbox://embedded' })));
    const cli = io({ SPM_DATA_DIR: join(dir, 'data') }, dir);
    expect(await run(['p.spm.json', '--json'], cli)).toBe(0);
    const json = lastJson(cli.out);
    expect(json.summary).toMatchObject({ mode: 'plan-only', templates: 2, installed: 0, recipes: 5, enabled: 5 });
    expect(json.operations.filter((o) => o.step === 'install').map((o) => o.summary)).toEqual([
      'Стартовый: уведомления по стадиям — Жалобы (AUTO_EXECUTE "3")',
      'Стартовый: напоминание о сроке — Жалобы (AUTO_EXECUTE "1", waits; starts on create only)',
    ]);
    const folder = join(dir, 'complaints-1-automation');
    for (const file of ['starter-stage-entry.bpt', 'starter-due-reminder.bpt', 'automation-checklist.md', 'starter-automation-app.zip']) expect(existsSync(join(folder, file)), file).toBe(true);
  });

  it('with --install on the embedded sandbox installs in application mode; recipe edits in the project are honoured', async () => {
    const dir = tempDir('spm-cli-auto-');
    const file = { ...project({ kind: 'sandbox', display: 'sandbox://embedded' }), automation: { recipes: [{ id: 'due-reminder', enabled: false }] } };
    writeFileSync(join(dir, 'p.spm.json'), JSON.stringify(file));
    const cli = io({ SPM_DATA_DIR: join(dir, 'data') }, dir);
    expect(await run(['p.spm.json', '--install', '--json'], cli)).toBe(0);
    const json = lastJson(cli.out);
    expect(json.summary).toMatchObject({ mode: 'application', templates: 1, installed: 1, failed: 0, enabled: 4 });
    expect(json.warnings).toEqual([]);
    const again = io({ SPM_DATA_DIR: join(dir, 'data') }, dir);
    expect(await run(['p.spm.json', '--install', '--json'], again)).toBe(0);
    expect(lastJson(again.out).summary).toMatchObject({ installed: 0, alreadyInstalled: 1 });
  });

  it('with --install on a webhook portal and no app credentials ends in the checklist (exit 0), secret never printed', async () => {
    const dir = tempDir('spm-cli-auto-');
    writeFileSync(join(dir, 'p.spm.json'), JSON.stringify(project({ kind: 'webhook', display: parseWebhookUrl(remote.webhook).display })));
    const cli = io({ SPM_DATA_DIR: join(dir, 'data'), SPM_PORTAL: remote.webhook }, dir);
    expect(await run(['p.spm.json', '--install'], cli)).toBe(0);
    const printed = cli.out.join('') + cli.err.join('');
    expect(printed).toContain('Starter automation (checklist)');
    expect(printed).toContain(`${remote.origin}/crm/type/1030/automation/0/`);
    expect(printed).toMatch(/not for a webhook/);
    expect(printed).not.toContain(parseWebhookUrl(remote.webhook).secret);
    const checklist = readFileSync(join(dir, 'complaints-1-automation', 'automation-checklist.md'), 'utf8');
    expect(checklist).toContain('## Стадия «На проверке»');
  });

  it('exits 2 on usage errors and on a missing project, 3 when a webhook project has no webhook', async () => {
    const dir = tempDir('spm-cli-auto-');
    expect(await run([], io({}, dir))).toBe(2);
    expect(await run(['a', 'b'], io({}, dir))).toBe(2);
    expect(await run(['missing.spm.json'], io({}, dir))).toBe(2);
    writeFileSync(join(dir, 'bad.spm.json'), JSON.stringify({ ...project({ kind: 'sandbox', display: 'sandbox://embedded' }), automation: { recipes: [{ enabled: 'no' }] } }));
    expect(await run(['bad.spm.json'], io({ SPM_DATA_DIR: join(dir, 'data') }, dir))).toBe(2);
    writeFileSync(join(dir, 'p.spm.json'), JSON.stringify(project({ kind: 'webhook', display: parseWebhookUrl(remote.webhook).display })));
    expect(await run(['p.spm.json', '--install'], io({ SPM_DATA_DIR: join(dir, 'data') }, dir))).toBe(3);
  });
});
