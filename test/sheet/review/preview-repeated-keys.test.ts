/**
 * A sheet whose chosen key column has repeated or empty values: the preview
 * still lets the person fix cells, each edit tied to its sheet row (its place
 * and a fingerprint of its cells), the key column alone stays locked, and a
 * re-read of a changed sheet never applies an edit to another row.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSheet } from '../../../shared/runs/migrate/load-sheet';
import { applyMappingOverride } from '../../../shared/sheet/mapping/apply-mapping-override';
import { suggestMapping } from '../../../shared/sheet/mapping/suggest-mapping';
import type { CellOverride, Mapping } from '../../../shared/sheet/mapping/types';
import { prepareRows } from '../../../shared/sheet/plan/prepare-rows';
import { indexPreview, previewRows } from '../../../shared/sheet/review/preview-rows';
import { mappingToOverride } from '../../../shared/sheet/review/mapping-to-override';
import type { SheetTable } from '../../../shared/sheet/spreadsheet/types';
import { contractRows, writeContractsXlsx } from '../../runs/migrate/corpus';

let dir: string;
const signal = new AbortController().signal;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-preview-repeated-keys-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const window = { from: 0, count: 50, problemsOnly: false };

async function read(path: string): Promise<{ table: SheetTable; mapping: Mapping }> {
  const { table, schema } = await loadSheet(path, undefined, signal, true);
  return { table, mapping: suggestMapping(schema, table, { users: [], title: 'Test' }).mapping };
}

/** The edit the app makes of one cell of a previewed row: tied to the row's anchor. */
function editOf(mapping: Mapping, table: SheetTable, index: number, column: string, value: string): CellOverride {
  const preview = previewRows(table, mapping, indexPreview(table, mapping), { from: index, count: 1, problemsOnly: false });
  const row = preview.window[0]!;
  expect(row.anchor, 'a row of a sheet whose key repeats carries its anchor').toBeDefined();
  const cell = row.cells[preview.columns.indexOf(column)]!;
  return { key: '', row: row.anchor!, column, value, sheetValue: cell.text };
}

describe('an xlsx whose № column repeats a number and leaves one empty', () => {
  it('locks only the key column, ties edits to sheet rows, and keeps them when the key changes', async () => {
    const rows = contractRows(6);
    rows[2]![0] = 'Д-0002'; // rows 5 and 6 of the sheet share a number
    rows[4]![0] = ''; // row 8 has none
    rows[2]![3] = 1000.5; // the second "Д-0002" costs what the first does not
    const path = join(dir, 'contracts.xlsx');
    await writeContractsXlsx(path, rows);
    const { table, mapping: suggested } = await read(path);
    const mapping: Mapping = { ...suggested, key: { kind: 'column', columns: ['№'] } };

    const preview = previewRows(table, mapping, indexPreview(table, mapping), window);
    expect(preview.keyProblem).toMatch(/repeated: “Д-0002” \(rows 5, 6\)/);
    expect(preview.keyProblem).toMatch(/empty in row\(s\) 8/);
    expect(preview.lockedColumns).toEqual(['№']);
    expect(preview.window.every((row) => row.key === '' && row.anchor !== undefined)).toBe(true);
    expect(new Set(preview.window.map((row) => row.anchor!.cells)).size).toBe(6);
    expect(preview.window.map((row) => row.anchor!.sourceRow)).toEqual([4, 5, 6, 7, 8, 9]);

    // The second of the two "Д-0002" rows and the row without a number are fixed.
    const edits = [editOf(mapping, table, 2, 'Сумма, ₽', '2000'), editOf(mapping, table, 4, 'Контрагент', 'ООО «Лютик»')];
    const edited: Mapping = { ...mapping, overrides: edits };
    const index = indexPreview(table, edited);
    expect(index.editedCells).toBe(2);
    const again = previewRows(table, edited, index, window);
    const amount = again.columns.indexOf('Сумма, ₽');
    const company = again.columns.indexOf('Контрагент');
    expect(again.window[1]!.cells[amount]!.edit).toBeUndefined();
    expect(again.window[1]!.cells[amount]!.text).toBe(String(rows[1]![3]));
    expect(again.window[2]!.cells[amount]).toMatchObject({ text: '2000', sent: { opportunity: 2000 }, edit: { value: '2000', stale: false, row: edits[0]!.row } });
    expect(again.window[4]!.cells[company]).toMatchObject({ text: 'ООО «Лютик»', edit: { stale: false } });

    // The person picks a key that tells rows apart (the subject): the row-tied edits hold, and the plan sends them.
    const rekeyed: Mapping = { ...edited, key: { kind: 'column', columns: ['Предмет договора'] } };
    const planned = applyMappingOverride(suggested, mappingToOverride(rekeyed));
    expect(planned.overrides).toEqual(edits);
    const prepared = prepareRows(table, planned);
    expect(prepared.failures).toEqual([]);
    expect(prepared.overriddenCells).toBe(2);
    expect(prepared.rows.map((row) => row.values['opportunity'])).toEqual([rows[0]![3], rows[1]![3], 2000, rows[3]![3], rows[4]![3], rows[5]![3]]);
    expect(prepared.rows[4]!.values['companyId']).toBe('ООО «Лютик»');
    expect(prepared.rows[1]!.values['companyId']).toBe(rows[1]![2]);
  });

  it('refuses an edit of the key column, tied to a row or not', async () => {
    const rows = contractRows(3);
    rows[1]![0] = 'Д-0001';
    const path = join(dir, 'contracts-key-edit.xlsx');
    await writeContractsXlsx(path, rows);
    const { table, mapping: suggested } = await read(path);
    const mapping: Mapping = { ...suggested, key: { kind: 'column', columns: ['№'] } };
    const edit = editOf(mapping, table, 1, '№', 'Д-0002');
    expect(() => applyMappingOverride(suggested, { ...mappingToOverride(mapping), overrides: [edit] })).toThrow(/“№” of row 5 is part of the row key/);
  });
});

describe('a csv re-read after it changed', () => {
  const header = 'No;Task;Status;Hours';
  const base = ['1;Call the client;New;2', '2;Send the offer;Done;3.5', '2;Order parts;New;4', ';Check invoice;New;5', ';Check invoice;New;5'];
  const write = async (name: string, lines: string[]): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, [header, ...lines].join('\r\n') + '\r\n');
    return path;
  };
  const hoursOf = (table: SheetTable, mapping: Mapping): unknown[] => prepareRows(table, mapping).rows.map((row) => row.values['opportunity']);

  it('follows an edited row that moved, drops an edit whose row changed, and never guesses between identical rows', async () => {
    const { table, mapping: suggested } = await read(await write('tasks.csv', base));
    const keyed: Mapping = {
      ...suggested,
      key: { kind: 'column', columns: ['No'] },
      columns: suggested.columns.map((column) => (column.header === 'Hours' ? { ...column, target: { kind: 'builtin', field: 'opportunity' } } : column)),
    };
    expect(indexPreview(table, keyed).keyProblem).toMatch(/empty in row\(s\) 5, 6; repeated: “2” \(rows 3, 4\)/);
    const edits = [editOf(keyed, table, 1, 'Hours', '4.25'), editOf(keyed, table, 3, 'Hours', '6')];
    // Rows can be told apart by their content, and the edits stay tied to their rows.
    const mapping: Mapping = { ...keyed, key: { kind: 'fingerprint', columns: ['Task'] }, overrides: edits };
    expect(hoursOf(table, mapping)).toEqual([2, 4.25, 4, 6, 5]);

    // A row inserted on top moves every row down: "Send the offer" is found where it went; the first of two identical rows is not guessed.
    const moved = await read(await write('tasks-moved.csv', ['0;Plan the week;New;1', ...base]));
    const movedRows = prepareRows(moved.table, mapping);
    expect(movedRows.rows.map((row) => row.values['opportunity'])).toEqual([1, 2, 4.25, 4, 5, 5]);
    expect(movedRows.staleOverrides).toEqual([expect.objectContaining({ row: 5, column: 'Hours', value: '6', rowChanged: true })]);

    // Unmoved, but another cell of the edited row changed: the edit no longer applies to it, and that is reported.
    const changed = await read(await write('tasks-changed.csv', base.map((line, i) => (i === 1 ? '2;Send the offer;New;3.5' : line))));
    const changedRows = prepareRows(changed.table, mapping);
    expect(changedRows.rows.map((row) => row.values['opportunity'])).toEqual([2, 3.5, 4, 6, 5]);
    expect(changedRows.staleOverrides).toEqual([expect.objectContaining({ row: 3, key: '', column: 'Hours', value: '4.25', sheetValue: '3.5', sheetNow: '3.5', rowChanged: true })]);
    const preview = indexPreview(changed.table, mapping);
    expect(preview).toMatchObject({ editedCells: 1, staleEdits: 1 });

    // The edited cell itself changed: the sheet wins there too.
    const retyped = await read(await write('tasks-retyped.csv', base.map((line, i) => (i === 3 ? ';Check invoice;New;7' : line))));
    const retypedRows = prepareRows(retyped.table, mapping);
    expect(retypedRows.rows.map((row) => row.values['opportunity'])).toEqual([2, 4.25, 4, 7, 5]);
    expect(retypedRows.staleOverrides).toEqual([expect.objectContaining({ row: 5, column: 'Hours', value: '6', sheetNow: '7' })]);
  });
});
