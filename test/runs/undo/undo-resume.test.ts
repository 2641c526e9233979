/**
 * Undo is exactly-once and careful about what is not its own: an
 * interrupted undo re-run finishes the job (items already gone count as
 * such, not as failures); items others created keep the type and the fields
 * they use; a project that went into an existing smart process never
 * deletes the type, its fields or its stages.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import type { ProjectFile } from '../../../shared/sheet/project/types';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import { typeCreatedByProject } from '../../../shared/runs/undo/plan-undo';
import type { UndoResult } from '../../../shared/runs/undo/types';
import { undoMigration } from '../../../shared/runs/undo/undo-migration';
import { cli } from '../migrate/cli-harness';
import { requestRows, writeRequestsCsv } from '../migrate/corpus';

let dir: string;
let sandbox: SandboxHandle;
let env: Record<string, string>;

async function rest<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${sandbox.webhook}${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) });
  const body = (await response.json()) as { result: T; error?: string; error_description?: string };
  if (body.error) throw new Error(`${method}: ${body.error} ${body.error_description}`);
  return body.result;
}

async function itemIds(entityTypeId: number): Promise<number[]> {
  const ids: number[] = [];
  for (let start = 0; ; start += 50) {
    const response = await fetch(`${sandbox.webhook}crm.item.list`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ entityTypeId, select: ['id'], start }) });
    const body = (await response.json()) as { result: { items: Array<{ id: number }> }; next?: number };
    ids.push(...body.result.items.map((item) => Number(item.id)));
    if (body.next === undefined) return ids;
  }
}

async function typeCodes(): Promise<string[]> {
  return (await rest<{ types: Array<{ code: string }> }>('crm.type.list')).types.map((type) => type.code);
}

/** Migrates `rows` request rows as its own project; returns the project path and file. */
async function migrated(name: string, rows: number): Promise<{ path: string; project: ProjectFile }> {
  await writeRequestsCsv(join(dir, `${name}.csv`), requestRows(rows));
  const path = join(dir, `${name}.spm.json`);
  const run = await cli(['migrate', join(dir, `${name}.csv`), '--project', path, '--name', name, '--yes', '--json', '--no-automation'], env);
  expect(run.code, run.stderr).toBe(0);
  return { path, project: JSON.parse(await readFile(path, 'utf8')) as ProjectFile };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-undo-resume-'));
  sandbox = await startSandbox({ plan: 'unlimited' });
  env = { SPM_PORTAL: sandbox.webhook, SPM_PORTAL_PLAN: 'unlimited', SPM_DATA_DIR: join(dir, 'data') };
});
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('undo, interrupted and re-run', () => {
  it('stops between batches when cancelled; sync refuses the half-undone project; a re-run finishes with the rest', async () => {
    const { path, project } = await migrated('interrupted', 130);
    const entityTypeId = project.smartProcess.entityTypeId!;
    const ids = await itemIds(entityTypeId);
    expect(ids).toHaveLength(130);
    // Someone deletes one item by hand before the undo: it is "already gone", not a failure.
    await rest('crm.item.delete', { entityTypeId, id: ids[5] });

    const client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
    const stop = new AbortController();
    const progress: number[] = [];
    const interrupted = undoMigration(
      { projectPath: path, client, portal: project.portal },
      {
        signal: stop.signal,
        onProgress: (event) => {
          if (event.phase !== 'items') return;
          progress.push(event.done);
          if (event.done === 50) stop.abort();
        },
      },
    );
    await expect(interrupted).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(progress).toEqual([0, 50]);
    expect(await itemIds(entityTypeId)).toHaveLength(129 - 50);
    expect(await typeCodes()).toContain(project.id);

    const sync = await cli(['sync', path], env);
    expect(sync.code).toBe(2);
    expect(sync.stderr).toContain('was undone in part');

    const rerun = await cli(['undo', path, '--json'], env);
    expect(rerun.code, rerun.stderr).toBe(0);
    const result = rerun.json as unknown as UndoResult;
    expect(result).toMatchObject({ complete: true, type: 'deleted', items: { deleted: 79, alreadyGone: 51, failed: 0, kept: 0 } });
    expect(await typeCodes()).not.toContain(project.id);
  });

  it('items others added keep the type and the fields they hold values in; the undo is still complete', async () => {
    const { path, project } = await migrated('shared', 20);
    const entityTypeId = project.smartProcess.entityTypeId!;
    const requester = project.fields.find((field) => field.column === 'Requester')!;
    const { item } = await rest<{ item: { id: number } }>('crm.item.add', { entityTypeId, fields: { title: 'Added by a colleague', [requester.fieldName]: 'colleague@example.com' }, useOriginalUfNames: 'Y' });

    const dry = await cli(['undo', path, '--dry-run', '--json'], env);
    const plan = (dry.json as unknown as UndoResult).plan;
    expect(plan.items).toMatchObject({ notOurs: 1, alreadyGone: 0 });
    expect(plan.items.toDelete).toHaveLength(20);
    expect(plan.type).toEqual({ action: 'keep', reason: 'has-items' });
    expect(plan.fields.kept).toEqual([expect.objectContaining({ fieldName: requester.fieldName, reason: 'has-values' })]);
    expect(plan.warnings.join(' ')).toContain('not created by this migration');

    const run = await cli(['undo', path, '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json).toMatchObject({ complete: true, type: 'kept', items: { deleted: 20 } });
    expect(await itemIds(entityTypeId)).toEqual([item.id]);
    const fields = (await rest<{ fields: Array<{ fieldName: string }> }>('userfieldconfig.list', { moduleId: 'crm', filter: { entityId: `CRM_${project.smartProcess.typeId}` } })).fields;
    expect(fields.map((field) => field.fieldName)).toEqual([requester.fieldName]);
  });

  it('a project that says it went into an existing smart process deletes only its items', async () => {
    const { path, project } = await migrated('into', 15);
    const entityTypeId = project.smartProcess.entityTypeId!;
    const marked = { ...project, smartProcess: { ...project.smartProcess, createdByProject: false } };
    await writeFile(path, JSON.stringify(marked, null, 2));
    const stagesBefore = await rest<unknown[]>('crm.status.list', { filter: { ENTITY_ID: `DYNAMIC_${entityTypeId}_STAGE_${project.smartProcess.categoryId}` } });

    const run = await cli(['undo', path, '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const result = run.json as unknown as UndoResult;
    expect(result).toMatchObject({ complete: true, type: 'kept', items: { deleted: 15 }, fields: { deleted: 0 }, stages: { deleted: 0 } });
    expect(result.plan.type).toEqual({ action: 'keep', reason: 'not-created-by-project' });
    expect(await itemIds(entityTypeId)).toEqual([]);
    expect(await typeCodes()).toContain(project.id);
    expect(await rest<unknown[]>('crm.status.list', { filter: { ENTITY_ID: `DYNAMIC_${entityTypeId}_STAGE_${project.smartProcess.categoryId}` } })).toEqual(stagesBefore);
    expect(run.stdout).toContain('existed before this migration');
  });

  it('rows sync added or moved count as the project’s own; a move by sync is not an edit', async () => {
    const { path, project } = await migrated('synced', 30);
    const entityTypeId = project.smartProcess.entityTypeId!;
    // A week later: rows 1–5 are gone from the sheet (sync moves them to “Rejected”), two new rows appear.
    const rows = requestRows(32).slice(5);
    await writeRequestsCsv(join(dir, 'synced.csv'), rows);
    const sync = await cli(['sync', path, '--removed', 'stage:Rejected', '--json'], env);
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.json!['items']).toMatchObject({ created: 2, removed: 5 });
    expect(await itemIds(entityTypeId)).toHaveLength(32);

    const run = await cli(['undo', path, '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json).toMatchObject({ complete: true, type: 'deleted', items: { deleted: 32, kept: 0, failed: 0 } });
    expect(await typeCodes()).not.toContain(project.id);
  });

  it('a count confirmed before the portal changed deletes nothing', async () => {
    const { path, project } = await migrated('confirmed', 10);
    const client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
    const run = undoMigration({ projectPath: path, client, portal: project.portal, confirmItems: 9 }, { signal: new AbortController().signal, onProgress: () => undefined });
    await expect(run).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('10 items would be deleted, not 9') });
    expect(await itemIds(project.smartProcess.entityTypeId!)).toHaveLength(10);
    const saved = JSON.parse(await readFile(path, 'utf8')) as { undo?: unknown };
    expect(saved.undo).toBeUndefined();
  });

  it('only a type carrying the project id as its code counts as created by the project', () => {
    const project = { id: 'spm-abc', smartProcess: { title: 'T', entityTypeId: 1030, typeId: 3, categoryId: 1 } } as ProjectFile;
    const type = { id: 3, entityTypeId: 1030, title: 'T', code: 'spm-abc', flags: {} };
    expect(typeCreatedByProject(project, type)).toBe(true);
    expect(typeCreatedByProject(project, { ...type, code: 'hr-hiring' })).toBe(false);
    expect(typeCreatedByProject({ ...project, smartProcess: { ...project.smartProcess, createdByProject: false } } as ProjectFile, type)).toBe(false);
  });
});
