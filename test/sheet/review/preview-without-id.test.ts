/**
 * A sheet with no ID column is keyed by a fingerprint of its title; its cells
 * can still be fixed in the preview, and the fixes hold while the mapping changes.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSheet } from '../../../shared/runs/migrate/load-sheet';
import { suggestMapping } from '../../../shared/sheet/mapping/suggest-mapping';
import type { Mapping } from '../../../shared/sheet/mapping/types';
import { prepareRows } from '../../../shared/sheet/plan/prepare-rows';
import { indexPreview, previewRows } from '../../../shared/sheet/review/preview-rows';
import { applyMappingOverride } from '../../../shared/sheet/mapping/apply-mapping-override';
import { mappingToOverride } from '../../../shared/sheet/review/mapping-to-override';

let dir: string;
const file = (): string => join(dir, 'tasks.csv');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-preview-no-id-'));
  // Two rows share a title, so neither a key column nor the title identifies rows.
  const lines = ['Task,Status,Hours', 'Call the client,New,2', 'Send the offer,Done,about 3', 'Call the client,Done,2', 'Order parts,New,4'];
  await writeFile(file(), lines.join('\n') + '\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the preview of a sheet without an ID column', () => {
  it('keys rows by fingerprint, locks no cell, and keeps an edit of the title across mapping changes', async () => {
    const { table, schema } = await loadSheet(file(), undefined, new AbortController().signal, true);
    const mapping = suggestMapping(schema, table, { users: [], title: 'Tasks' }).mapping;
    expect(mapping.key.kind).toBe('fingerprint');
    const first = previewRows(table, mapping, indexPreview(table, mapping), { from: 0, count: 10, problemsOnly: false });
    expect(first.keyProblem).toBeUndefined();
    expect(first.lockedColumns).toEqual([]);
    const keys = first.window.map((row) => row.key);
    expect(new Set(keys).size).toBe(4);
    expect(keys.every((key) => key.startsWith('fp-'))).toBe(true);

    // The title of row 4 (the second "Call the client") is fixed, and the bad hours of row 3.
    const edited: Mapping = {
      ...mapping,
      overrides: [
        { key: keys[2]!, column: 'Task', value: 'Call the client again', sheetValue: 'Call the client' },
        { key: keys[1]!, column: 'Hours', value: '3', sheetValue: 'about 3' },
      ],
    };
    // A later change elsewhere in the mapping (Status no longer sent) recomputes the preview; the edits hold.
    const recomputed: Mapping = { ...edited, columns: edited.columns.map((column) => (column.header === 'Status' ? { ...column, target: { kind: 'skip' } } : column)) };
    const again = previewRows(table, recomputed, indexPreview(table, recomputed), { from: 0, count: 10, problemsOnly: false });
    expect(again.window.map((row) => row.key)).toEqual(keys);
    const task = again.columns.indexOf('Task');
    const hours = again.columns.indexOf('Hours');
    expect(again.window[2]!.cells[task]!.text).toBe('Call the client again');
    expect(again.window[2]!.cells[task]!.edit).toEqual({ value: 'Call the client again', sheetValue: 'Call the client', stale: false });
    expect(again.window[1]!.cells[hours]!.error).toBeUndefined();
    expect(again.problemRows).toBe(0);
    expect(again.editedCells).toBe(2);

    // The plan reads the same edits, through the same checks as a mapping file (an edit of a fingerprinted column is allowed):
    // every row is ready, the edited title is the one sent.
    const planned = applyMappingOverride(mapping, mappingToOverride(recomputed));
    expect(planned.overrides).toEqual(edited.overrides);
    const prepared = prepareRows(table, planned);
    expect(prepared.failures).toEqual([]);
    expect(prepared.rows.map((row) => row.values['title'])).toEqual(['Call the client', 'Send the offer', 'Call the client again', 'Order parts']);
  });

  it('locks the key column of a sheet keyed by an ID column, and only it', async () => {
    const path = join(dir, 'ids.csv');
    await writeFile(path, ['ID,Task,Status', 'T-1,Call,New', 'T-2,Send,Done', 'T-3,Order,New'].join('\n') + '\n');
    const { table, schema } = await loadSheet(path, undefined, new AbortController().signal, true);
    const mapping = suggestMapping(schema, table, { users: [], title: 'Tasks' }).mapping;
    expect(mapping.key).toEqual({ kind: 'column', columns: ['ID'] });
    const preview = previewRows(table, mapping, indexPreview(table, mapping), { from: 0, count: 10, problemsOnly: false });
    expect(preview.lockedColumns).toEqual(['ID']);
  });
});
