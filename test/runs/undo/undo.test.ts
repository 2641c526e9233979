/**
 * Undo against the sandbox over HTTP: migrate a generated sheet, edit an
 * item in the portal, dry-run, undo, and read the portal back — items gone,
 * the edited one kept (until --force), fields and stages gone only when
 * nothing uses them, the type gone only when empty; sync refuses an undone
 * project and migrate starts afresh.
 */
import { undoneView } from '../../../shared/runs/undo/undo-record';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import type { UndoResult } from '../../../shared/runs/undo/types';
import { cli } from '../migrate/cli-harness';
import { requestRows, writeRequestsCsv } from '../migrate/corpus';

let dir: string;
let sandbox: SandboxHandle;
let env: Record<string, string>;
const project = (): string => join(dir, 'requests.spm.json');

async function rest<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${sandbox.webhook}${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) });
  const body = (await response.json()) as { result: T; error?: string; error_description?: string };
  if (body.error) throw new Error(`${method}: ${body.error} ${body.error_description}`);
  return body.result;
}

async function types(): Promise<Array<{ id: number; entityTypeId: number; code: string }>> {
  return (await rest<{ types: Array<{ id: number; entityTypeId: number; code: string }> }>('crm.type.list')).types;
}

async function items(entityTypeId: number): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for (let start = 0; ; start += 50) {
    const response = await fetch(`${sandbox.webhook}crm.item.list`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ entityTypeId, select: ['*'], start, useOriginalUfNames: 'Y' }) });
    const body = (await response.json()) as { result: { items: Array<Record<string, unknown>> }; next?: number };
    out.push(...body.result.items);
    if (body.next === undefined) return out;
  }
}

async function userFields(typeId: number): Promise<Array<{ id: string; fieldName: string }>> {
  return (await rest<{ fields: Array<{ id: string; fieldName: string }> }>('userfieldconfig.list', { moduleId: 'crm', filter: { entityId: `CRM_${typeId}` } })).fields;
}

async function stages(entityTypeId: number): Promise<Array<{ STATUS_ID: string; NAME: string }>> {
  const { categoryId } = (JSON.parse(await readFile(project(), 'utf8')) as { smartProcess: { categoryId: number } }).smartProcess;
  return rest<Array<{ STATUS_ID: string; NAME: string }>>('crm.status.list', { filter: { ENTITY_ID: `DYNAMIC_${entityTypeId}_STAGE_${categoryId}` } });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-undo-'));
  sandbox = await startSandbox({ plan: 'unlimited' });
  env = { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(dir, 'data') };
  await writeRequestsCsv(join(dir, 'requests.csv'), requestRows(60));
  const run = await cli(['migrate', join(dir, 'requests.csv'), '--yes', '--json', '--no-automation'], env);
  expect(run.code, run.stderr).toBe(0);
});
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('spmigrate undo', () => {
  let entityTypeId: number;
  let typeId: number;
  let editedId: number;
  let editedStage: string;

  it('a dry run lists what would be deleted and the item edited in the portal, and changes nothing', async () => {
    const [type] = await types();
    entityTypeId = type!.entityTypeId;
    typeId = type!.id;
    const before = await items(entityTypeId);
    expect(before).toHaveLength(60);
    // A person edits one item's amount in the portal; a robot-like touch (same values) on another is no edit.
    const edited = before.find((item) => item['xmlId'] === `${type!.code}:REQ-0007`)!;
    editedId = Number(edited['id']);
    editedStage = String(edited['stageId']);
    await rest('crm.item.update', { entityTypeId, id: editedId, fields: { opportunity: 99999 } });
    const touched = before.find((item) => item['xmlId'] === `${type!.code}:REQ-0008`)!;
    await rest('crm.item.update', { entityTypeId, id: Number(touched['id']), fields: { title: touched['title'] } });

    const fieldsBefore = await userFields(typeId);
    const stagesBefore = await stages(entityTypeId);
    const dry = await cli(['undo', project(), '--dry-run', '--json'], env);
    expect(dry.code, dry.stderr).toBe(0);
    const result = dry.json as unknown as UndoResult;
    expect(result.dryRun).toBe(true);
    expect(result.items).toMatchObject({ deleted: 59, kept: 1, alreadyGone: 0, failed: 0 });
    expect(result.kept).toEqual([expect.objectContaining({ itemId: editedId, key: 'REQ-0007', editedColumns: ['Amount, USD'] })]);
    expect(result.plan.items.toDelete).toHaveLength(59);
    expect(result.plan.typeCreatedByProject).toBe(true);
    // The kept item still uses the type, its stage and the fields it holds values in.
    expect(result.type).toBe('kept');
    expect(result.plan.type).toEqual({ action: 'keep', reason: 'has-items' });
    expect(result.plan.stages.kept.find((stage) => stage.statusId === editedStage)?.reason).toBe('has-items');
    expect(dry.stdout).toContain('Dry run — nothing was changed.');
    expect(dry.stdout).toContain('REQ-0007');
    // Nothing changed.
    expect(await items(entityTypeId)).toHaveLength(60);
    expect(await userFields(typeId)).toEqual(fieldsBefore);
    expect(await stages(entityTypeId)).toEqual(stagesBefore);
  });

  it('undo deletes the items and unused stages, keeps the edited item and what it uses; sync then refuses', async () => {
    const run = await cli(['undo', project(), '--json'], env);
    expect(run.code, run.stderr).toBe(1);
    const result = run.json as unknown as UndoResult;
    expect(result).toMatchObject({ dryRun: false, complete: false, type: 'kept', items: { deleted: 59, kept: 1, failed: 0 } });
    expect(run.stdout).toContain('--force');
    const left = await items(entityTypeId);
    expect(left.map((item) => Number(item['id']))).toEqual([editedId]);
    // Stages: only the kept item's stage and the system ones remain.
    const stageIds = (await stages(entityTypeId)).map((stage) => stage.STATUS_ID);
    expect(stageIds).toContain(editedStage);
    expect(result.stages.deleted).toBeGreaterThan(0);
    for (const stage of result.plan.stages.kept) expect(stageIds).toContain(stage.statusId);
    // Fields: those the kept item holds a value in stay; the others are gone.
    const fieldNames = (await userFields(typeId)).map((field) => field.fieldName);
    const kept = left[0]!;
    for (const name of fieldNames) expect(kept[name] === null || kept[name] === undefined || kept[name] === '', name).toBe(false);
    expect(result.fields.deleted + fieldNames.length).toBe(result.plan.fields.toDelete.length + result.plan.fields.kept.length);

    const sync = await cli(['sync', project(), '--json'], env);
    expect(sync.code).toBe(2);
    expect(sync.stderr).toContain('was undone in part');
    expect(sync.stderr).toContain('--force');
    expect(await items(entityTypeId)).toHaveLength(1);

    // Migrating the sheet again would mix with what the undo left: refused, pointing at finishing the undo.
    const migrate = await cli(['migrate', join(dir, 'requests.csv'), '--yes', '--json', '--no-automation'], env);
    expect(migrate.code).toBe(2);
    expect(migrate.stderr).toContain('did not finish');
    expect(migrate.stderr).toContain('spmigrate undo');
    expect(await items(entityTypeId)).toHaveLength(1);
    // What the project card reads: partly undone, one item not deleted, the smart process stays.
    expect(undoneView(JSON.parse(await readFile(project(), 'utf8')))).toMatchObject({ finished: true, complete: false, notDeleted: 1, typeKept: true });
  });

  it('undo --force deletes the edited item too, then the fields, stages and the smart process', async () => {
    const run = await cli(['undo', project(), '--force', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const result = run.json as unknown as UndoResult;
    expect(result).toMatchObject({ complete: true, type: 'deleted', items: { deleted: 1, kept: 0, alreadyGone: 59, failed: 0 } });
    expect(await types()).toEqual([]);
    expect(await rest<{ fields: unknown[] }>('userfieldconfig.list', { moduleId: 'crm', filter: { entityId: `CRM_${typeId}` } }).then((r) => r.fields)).toEqual([]);
    expect(await stages(entityTypeId)).toEqual([]);
    // The project is marked undone and its journal set aside.
    const saved = JSON.parse(await readFile(project(), 'utf8')) as { undo: { complete: boolean; finishedAt: string } };
    expect(saved.undo).toMatchObject({ complete: true });
    const data = await readdir(join(dir, 'requests.spm-data'));
    expect(data.some((name) => name.startsWith('journal.jsonl.undone-'))).toBe(true);
    expect(data).not.toContain('journal.jsonl');
  });

  it('a second undo has nothing to do; sync refuses clearly; migrate starts afresh', async () => {
    const again = await cli(['undo', project(), '--json'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('undone already');
    const sync = await cli(['sync', project()], env);
    expect(sync.code).toBe(2);
    expect(sync.stderr).toContain('was undone');
    expect(sync.stderr).toContain('migrate the sheet again');
    const migrate = await cli(['migrate', join(dir, 'requests.csv'), '--yes', '--json', '--no-automation'], env);
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(migrate.json!['items']).toMatchObject({ created: 60, failed: 0 });
    const [type] = await types();
    expect(await items(type!.entityTypeId)).toHaveLength(60);
    const saved = JSON.parse(await readFile(project(), 'utf8')) as { undo?: unknown; status: string };
    expect(saved.undo).toBeUndefined();
    expect(saved.status).toBe('done');
  });

  it('usage errors exit 2', async () => {
    const none = await cli(['undo'], env);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: spmigrate undo');
    const unknown = await cli(['undo', project(), '--yes'], env);
    expect(unknown.code).toBe(2);
    const missing = await cli(['undo', join(dir, 'nope.spm.json')], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
  });
});
