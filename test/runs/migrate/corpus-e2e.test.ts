/**
 * Every tracker of the inference corpus, end to end over real HTTP: migrate,
 * read the portal back and compare every mapped value of every row; add
 * rows to the sheet and sync; sync again and see nothing change.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitrixClient, type BitrixClient } from '../../../shared/portal/bitrix/bitrix-client';
import { planLimits } from '../../../shared/portal/bitrix/rate-limiter';
import { parseWebhookUrl } from '../../../shared/portal/bitrix/webhook-url';
import { loadSheet } from '../../../shared/runs/migrate/load-sheet';
import { migrate, resolveContext } from '../../../shared/runs/migrate/migrate';
import { prepareRows } from '../../../shared/sheet/plan/prepare-rows';
import { readClients, readStages } from '../../../shared/portal/snapshot/read-snapshot';
import { fieldKinds, normalizeValue, resolveItemFields } from '../../../shared/sheet/plan/resolve-item-fields';
import type { ProjectFile } from '../../../shared/sheet/project/types';
import { startSandbox } from '../../../sandbox/start-sandbox';
import type { SandboxHandle } from '../../../sandbox/types';
import { sync } from '../../../shared/runs/sync/sync';
import { generateCorpus } from '../../corpus/generate-corpus';
import { TRACKERS } from '../../corpus/trackers';

let dir: string;
let sandbox: SandboxHandle;
let client: BitrixClient;
let portal: { kind: 'webhook'; display: string };
const control = { signal: new AbortController().signal, onProgress: () => undefined };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-e2e-corpus-'));
  sandbox = await startSandbox({ plan: 'unlimited' });
  client = createBitrixClient({ webhookUrl: sandbox.webhook, limits: planLimits('unlimited') });
  portal = { kind: 'webhook', display: parseWebhookUrl(sandbox.webhook).display };
});
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Every item of a type, by id, with original UF names. */
async function itemsOf(entityTypeId: number): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  for (let start: number | undefined = 0; start !== undefined; ) {
    const page: { result: { items: Array<Record<string, unknown>> }; next?: number } = await client.call('crm.item.list', { entityTypeId, select: ['*'], useOriginalUfNames: 'Y', start });
    for (const item of page.result.items) out.set(String(item['xmlId']), item);
    start = page.next;
  }
  return out;
}

/** Compares every row of the sheet with its item, field by field, in the form both sides agree on. */
async function expectPortalMatchesSheet(file: string, project: ProjectFile): Promise<number> {
  const { table } = await loadSheet(file, project.source.sheet, control.signal);
  const prepared = prepareRows(table, project.mapping);
  const companies = [...new Set(prepared.rows.flatMap((r) => (typeof r.values['companyId'] === 'string' ? [r.values['companyId']] : [])))];
  const contacts = [...new Set(prepared.rows.flatMap((r) => (Array.isArray(r.values['contactIds']) ? (r.values['contactIds'] as string[]) : [])))];
  const ctx = resolveContext(project, await readClients(client, companies, contacts, project.mapping.language));
  const kinds = fieldKinds(ctx);
  const items = await itemsOf(ctx.entityTypeId);
  for (const row of prepared.rows) {
    const item = items.get(`${project.id}:${row.key}`);
    expect(item, `${project.source.file} row ${row.sourceRow}`).toBeDefined();
    const wanted = resolveItemFields(row.values, ctx, 'update');
    for (const [key, value] of Object.entries(wanted)) {
      const kind = kinds[key] ?? 'text';
      const sent = normalizeValue(kind, value);
      // An empty cell leaves the portal's own default (responsible person, dates).
      if (sent === null) continue;
      expect(normalizeValue(kind, item![key]), `${project.source.file} row ${row.sourceRow} ${key}`).toEqual(sent);
    }
  }
  return prepared.rows.length;
}

describe.each(TRACKERS.map((spec) => [spec.file, spec] as const))('corpus %s', (_name, spec) => {
  it('migrates, reads back, syncs new rows, and a second sync is a no-op', async () => {
    const folder = join(dir, spec.file.replace(/\W+/g, '-'));
    const path = (await generateCorpus(folder, [spec]))[0]?.path;
    expect(path).toBeDefined();
    const result = await migrate({ file: path!, client, portal }, control);
    const project = JSON.parse(await readFile(result.project, 'utf8')) as ProjectFile;

    // The type: workflows and automation on, and the flags the data calls for.
    const { result: typeAnswer } = await client.call<{ type: Record<string, string> }>('crm.type.get', { id: result.typeId });
    expect(typeAnswer.type).toMatchObject({ isBizProcEnabled: 'Y', isAutomationEnabled: 'Y', isStagesEnabled: 'Y', isUseInUserfieldEnabled: 'Y' });
    const fed = new Set(project.mapping.columns.flatMap((c) => (c.target.kind === 'builtin' ? [c.target.field] : [])));
    if (fed.has('companyId') || fed.has('contactIds')) expect(typeAnswer.type['isClientEnabled']).toBe('Y');
    if (fed.has('opportunity')) expect(typeAnswer.type['isLinkWithProductsEnabled']).toBe('Y');
    if (fed.has('begindate') || fed.has('closedate')) expect(typeAnswer.type['isBeginCloseDatesEnabled']).toBe('Y');

    // Every field: type, multiplicity, label.
    const { result: fieldAnswer } = await client.call<{ fields: Array<Record<string, unknown>> }>('userfieldconfig.list', { moduleId: 'crm', select: { 0: '*', language: project.mapping.language }, filter: { entityId: `CRM_${result.typeId}` } });
    for (const column of project.mapping.columns) {
      if (column.target.kind !== 'custom') continue;
      const field = fieldAnswer.fields.find((f) => f['fieldName'] === `UF_CRM_${result.typeId}_${column.target.kind === 'custom' ? column.target.suffix : ''}`);
      expect(field, column.header).toBeDefined();
      expect(String(field!['fieldName']).length).toBeLessThanOrEqual(50);
      expect(field).toMatchObject({ userTypeId: column.target.userTypeId, multiple: column.target.multiple ? 'Y' : 'N' });
      expect(Object.values(field!['editFormLabel'] as Record<string, string>)).toContain(column.target.label);
    }

    // Every stage, in order, with one success stage.
    const stages = await readStages(client, result.entityTypeId, result.categoryId);
    if (project.mapping.stages.length > 0) {
      expect(stages.map((s) => [s.name, s.semantics])).toEqual(project.mapping.stages.map((s) => [s.name, s.semantics]));
    }
    expect(stages.filter((s) => s.semantics === 'success')).toHaveLength(1);

    // Every item, every mapped value.
    const loaded = await expectPortalMatchesSheet(path!, project);
    expect(result.items.created).toBe(loaded);
    expect(result.items.failed).toBe(result.failures.length);

    // New rows in the sheet: created by sync; then nothing to do.
    await generateCorpus(folder, [{ ...spec, rows: spec.rows + 3 }]);
    const first = await sync({ projectPath: result.project, client, portal, allowSchemaChanges: true }, control);
    expect(first.items.created + first.items.failed).toBeGreaterThanOrEqual(1);
    expect(first.items.conflicts).toBe(0);
    await expectPortalMatchesSheet(path!, JSON.parse(await readFile(result.project, 'utf8')) as ProjectFile);
    const written = sandbox.stats().rowsWritten;
    const second = await sync({ projectPath: result.project, client, portal, allowSchemaChanges: true }, control);
    expect(second.items).toMatchObject({ created: 0, updated: 0, removed: 0, conflicts: 0 });
    expect(second.changes).toMatchObject({ fieldsAdded: 0, stagesAdded: 0 });
    expect(sandbox.stats().rowsWritten).toBe(written);
    expect(sandbox.stats().xmlIdDuplicates).toEqual({});
  });
});
