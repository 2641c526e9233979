/**
 * Notes: a notes column goes to each item's timeline as a
 * comment, exactly once across a migration, its resumption, a lost answer
 * and later syncs; a changed note adds a new comment, the old one stays.
 * Everything is read back from the sandbox portal's timeline.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitrixClient, type BitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import { noteHash, notesJournalPath, postNotes } from '../../../shared/portal/notes/post-notes';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import { cli } from './cli-harness';
import { CONTRACT_HEADERS, contractRows, writeContractsXlsx } from './corpus';

const HEADERS = [...CONTRACT_HEADERS, 'Комментарий'];
const ROWS = 10;
let dir: string;
let sandbox: SandboxHandle;
let client: BitrixClient;
let env: Record<string, string>;

function note(i: number, version = 1): string {
  // Every third row has no note; notes span lines.
  return i % 3 === 2 ? '' : `Звонок ${i + 1}: клиент просит скидку.\nВерсия ${version}`;
}

function rows(notes: (i: number) => string = note): Array<Array<string | number | Date>> {
  return contractRows(ROWS).map((row, i) => [...row, notes(i)]);
}

async function timeline(entityTypeId: number, itemId: number): Promise<string[]> {
  const { result } = await client.call<Array<{ ID: string; COMMENT: string }>>('crm.timeline.comment.list', { filter: { ENTITY_ID: itemId, ENTITY_TYPE: `DYNAMIC_${entityTypeId}` } });
  return result.sort((a, b) => Number(a.ID) - Number(b.ID)).map((entry) => entry.COMMENT);
}

async function itemIds(entityTypeId: number): Promise<Map<string, number>> {
  const { result } = await client.call<{ items: Array<{ id: number; xmlId: string }> }>('crm.item.list', { entityTypeId, select: ['id', 'xmlId'] });
  return new Map(result.items.map((item) => [item.xmlId.split(':')[1]!, item.id]));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-e2e-notes-'));
  sandbox = await startSandbox({ plan: 'unlimited' });
  client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
  env = { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(dir, 'data') };
  await writeFile(join(dir, 'mapping.json'), JSON.stringify({ columns: { Комментарий: 'timelineComment' } }));
});
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('notes to the timeline', () => {
  it('posts each note once across migrate, a resumed run and syncs; a changed note adds a comment', async () => {
    const file = join(dir, 'contracts.xlsx');
    await writeContractsXlsx(file, rows(), HEADERS);
    const project = join(dir, 'notes.spm.json');
    const mapping = join(dir, 'mapping.json');

    const plan = await cli(['plan', file, '--mapping', mapping, '--project', project, '--json'], env);
    expect(plan.code, plan.stderr).toBe(0);
    expect((plan.json!['operations'] as Array<{ method: string; summary: string }>).find((op) => op.method === 'crm.timeline.comment.add')?.summary).toMatch(/^7 note\(s\)/);

    const run = await cli(['migrate', file, '--mapping', mapping, '--project', project, '--yes', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json!['notes']).toEqual({ posted: 7, unchanged: 0, failed: 0 });
    // A notes column is not a field of the smart process.
    expect((run.json!['fields'] as Array<{ column: string }>).map((field) => field.column)).not.toContain('Комментарий');
    const entityTypeId = run.json!['entityTypeId'] as number;
    const ids = await itemIds(entityTypeId);
    const keys = contractRows(ROWS).map((row) => row[0]);
    for (const [i, key] of keys.entries()) expect(await timeline(entityTypeId, ids.get(key)!), key).toEqual(note(i) === '' ? [] : [note(i)]);

    // A resumed run (the project as if interrupted after loading) posts nothing again.
    const saved = JSON.parse(await readFile(project, 'utf8')) as Record<string, unknown>;
    await writeFile(project, JSON.stringify({ ...saved, status: 'loading' }));
    const resumed = await cli(['migrate', file, '--mapping', mapping, '--project', project, '--yes', '--json'], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.json!['notes']).toEqual({ posted: 0, unchanged: 7, failed: 0 });
    expect(sandbox.stats().calls['crm.timeline.comment.add']).toBe(7);

    // Sync: one note changed and one emptied; the changed one gets a new comment, the old stays.
    await writeContractsXlsx(file, rows((i) => (i === 0 ? note(0, 2) : i === 1 ? '' : note(i))), HEADERS);
    const synced = await cli(['sync', project, '--json'], env);
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.json!['notes'], JSON.stringify(synced.json)).toEqual({ posted: 1, unchanged: 5, failed: 0 });
    expect(await timeline(entityTypeId, ids.get(keys[0]!)!)).toEqual([note(0), note(0, 2)]);
    expect(await timeline(entityTypeId, ids.get(keys[1]!)!)).toEqual([note(1)]);
    const again = await cli(['sync', project, '--json'], env);
    expect(again.json!['notes']).toEqual({ posted: 0, unchanged: 6, failed: 0 });
    expect(sandbox.stats().calls['crm.timeline.comment.add']).toBe(8);
  });

  it('after a lost answer, looks at the timeline before posting again', async () => {
    const project = join(dir, 'notes.spm.json');
    const saved = JSON.parse(await readFile(project, 'utf8')) as { journal: string; smartProcess: { entityTypeId: number } };
    const journalPath = notesJournalPath(resolve(dirname(project), saved.journal));
    const entityTypeId = saved.smartProcess.entityTypeId;
    const ids = [...(await itemIds(entityTypeId)).values()].sort((a, b) => a - b);
    // Two notes were sent by a run that died before the answer: one reached the portal, one did not.
    const reached = 'Дошедшая заметка';
    const lost = 'Потерянная заметка';
    await client.call('crm.timeline.comment.add', { fields: { ENTITY_ID: ids[0], ENTITY_TYPE: `DYNAMIC_${entityTypeId}`, COMMENT: reached } });
    const at = new Date().toISOString();
    const pending = [
      { op: 'pending', key: 'lost-a', itemId: ids[0], hash: noteHash(reached), at },
      { op: 'pending', key: 'lost-b', itemId: ids[1], hash: noteHash(lost), at },
    ];
    await writeFile(journalPath, `${await readFile(journalPath, 'utf8')}${pending.map((line) => JSON.stringify(line)).join('\n')}\n`);
    const before = sandbox.stats().calls['crm.timeline.comment.add'] ?? 0;
    const rowsToPost = [
      { key: 'lost-a', itemId: ids[0]!, text: reached },
      { key: 'lost-b', itemId: ids[1]!, text: lost },
    ];
    const summary = await postNotes({ client, entityTypeId, rows: rowsToPost, journalPath, signal: new AbortController().signal });
    expect(summary).toEqual({ posted: 1, unchanged: 1, failures: [] });
    expect(sandbox.stats().calls['crm.timeline.comment.add']).toBe(before + 1);
    expect((await timeline(entityTypeId, ids[0]!)).filter((text) => text === reached)).toHaveLength(1);
    expect((await timeline(entityTypeId, ids[1]!)).filter((text) => text === lost)).toHaveLength(1);
    // And once settled, never again.
    expect(await postNotes({ client, entityTypeId, rows: rowsToPost, journalPath, signal: new AbortController().signal })).toEqual({ posted: 0, unchanged: 2, failures: [] });
  });
});
