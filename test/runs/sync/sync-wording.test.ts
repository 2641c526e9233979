/**
 * The sync's change list says what a person reads in the sheet and the
 * portal, over real HTTP: a stage and a list item the sync is about to add
 * are named (they have no portal id yet), money keeps its currency, yes/no
 * stays typed, and a portal user the sheet never named (the default
 * responsible) is named from the portal, not left as a bare id. The rows held back
 * by new values carry the CLI's flag only for the CLI.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import { sync } from '../../../shared/runs/sync/sync';
import { cli } from '../migrate/cli-harness';
import { contractRows, writeContractsXlsx } from '../migrate/corpus';

let dir: string;
let sandbox: SandboxHandle;
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-sync-wording-'));
  sandbox = await startSandbox({ plan: 'unlimited' });
  env = { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(dir, 'data') };
});

afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

type Change = { key: string; values?: Array<{ field: string; before: unknown; after: unknown }> };
const valuesOf = (diff: Change[], key: string): Record<string, { before: unknown; after: unknown }> => Object.fromEntries((diff.find((change) => change.key === key)?.values ?? []).map((value) => [value.field, { before: value.before, after: value.after }]));

describe('sync change list wording', () => {
  it('names new stages and list items, keeps money and yes/no typed, and names the default responsible', async () => {
    const xlsx = join(dir, 'contracts.xlsx');
    const project = join(dir, 'contracts.spm.json');
    const rows = contractRows(12);
    await writeContractsXlsx(xlsx, rows);
    const migrate = await cli(['migrate', xlsx, '--project', project, '--yes', '--json', '--no-automation'], env);
    expect(migrate.code, migrate.stderr).toBe(0);

    // Д-0004 (“Отклонён”) was “Сидоров Павел”, who is no portal user: the item went to the default responsible, the webhook's user 1 (Анна Смирнова).
    expect(rows[3]![6]).toBe('Сидоров Павел');
    rows[3]![6] = 'Иванова Мария';
    rows[3]![5] = 'Возврат поставщику';
    rows[0]![8] = 'опт, дилер';
    expect(rows[1]!.slice(7)).toEqual(['нет', 'розница']);
    rows[1]![7] = 'да';
    rows[1]![3] = 777.25;
    await writeContractsXlsx(xlsx, rows);

    const added = await cli(['sync', project, '--dry-run', '--allow-schema-changes', '--json'], env);
    expect(added.code, added.stderr).toBe(0);
    const diff = added.json!['diff'] as Change[];
    const moved = valuesOf(diff, 'Д-0004');
    expect(moved['stageId']).toEqual({ before: { kind: 'text', text: 'Отклонён' }, after: { kind: 'text', text: 'Возврат поставщику' } });
    expect(moved['assignedById']).toEqual({ before: { kind: 'text', text: 'Анна Смирнова' }, after: { kind: 'text', text: 'Иванова Мария' } });
    const tagged = Object.entries(valuesOf(diff, 'Д-0001')).find(([field]) => field.startsWith('UF_CRM_'))?.[1];
    expect(tagged).toEqual({ before: { kind: 'text', text: 'опт' }, after: { kind: 'text', text: 'опт, дилер' } });
    const paid = valuesOf(diff, 'Д-0002');
    expect(paid['opportunity']).toEqual({ before: { kind: 'money', amount: rowsAmount(1), currency: 'RUB' }, after: { kind: 'money', amount: 777.25, currency: 'RUB' } });
    expect(Object.values(paid).find((value) => (value.before as { kind: string }).kind === 'no')).toEqual({ before: { kind: 'no' }, after: { kind: 'yes' } });

    const text = await cli(['sync', project, '--dry-run', '--allow-schema-changes'], env);
    expect(text.stdout).toContain('Статус: Отклонён → Возврат поставщику');
    expect(text.stdout).toContain('Ответственный: Анна Смирнова → Иванова Мария');
    expect(text.stdout).not.toContain('VOZVRAT');

    // Without adding them, the rows wait: the CLI names its flag, the app its own choice (no suffix at all).
    const held = await cli(['sync', project, '--dry-run', '--json'], env);
    const cliFailures = held.json!['failures'] as Array<{ message: string }>;
    expect(cliFailures.length).toBe(2);
    for (const failure of cliFailures) expect(failure.message).toMatch(/\(new values are added with --allow-schema-changes\)$/);
    const client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
    const portal = { kind: 'webhook' as const, display: `${new URL(sandbox.webhook).origin}/rest/1/***/` };
    const app = await sync({ projectPath: project, client, portal, dryRun: true, audience: 'app' }, { signal: new AbortController().signal, onProgress: () => undefined });
    expect(app.failures.map((failure) => failure.problem).sort()).toEqual(['list-item', 'stage']);
    for (const failure of app.failures) expect(failure.message).not.toContain('preview');
    for (const failure of app.failures) expect(failure.message).toMatch(/\.$/);
  });
});

function rowsAmount(index: number): number {
  return contractRows(12)[index]![3];
}
