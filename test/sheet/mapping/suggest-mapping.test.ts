import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferSchema } from '../../../shared/sheet/inference/infer-schema';
import type { Schema } from '../../../shared/sheet/inference/types';
import { applyMappingOverride, parseMappingOverride } from '../../../shared/sheet/mapping/apply-mapping-override';
import { toPortalUsers } from '../../../shared/sheet/mapping/match-users';
import { suggestMapping } from '../../../shared/sheet/mapping/suggest-mapping';
import { SEED_USERS } from '../../../sandbox/seed-users';
import { readWorkbook } from '../../../shared/sheet/spreadsheet/read-workbook';
import type { SheetTable } from '../../../shared/sheet/spreadsheet/types';
import { contractRows, writeContractsXlsx } from '../../runs/migrate/corpus';
import { prepareRows } from '../../../shared/sheet/plan/prepare-rows';
import { table } from '../plan/table';
import { planWarningText } from '../../../shared/sheet/plan/plan-warning-wording';

const users = toPortalUsers(SEED_USERS as unknown as Array<Record<string, unknown>>);
let dir: string;
let sheet: SheetTable;
let schema: Schema;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spm-mapping-'));
  const path = join(dir, 'contracts.xlsx');
  await writeContractsXlsx(path, contractRows(24));
  const workbook = await readWorkbook(new Uint8Array(await readFile(path)), 'contracts.xlsx', { signal: new AbortController().signal, onProgress: () => undefined });
  sheet = workbook.sheets[0]!;
  schema = inferSchema(sheet, {});
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('suggestMapping', () => {
  it('maps roles to built-in fields and the rest to typed custom fields', () => {
    const { mapping } = suggestMapping(schema, sheet, { users, title: 'Договоры' });
    const targets = Object.fromEntries(mapping.columns.map((c) => [c.header, c.target]));
    expect(targets['Предмет договора']).toEqual({ kind: 'builtin', field: 'title' });
    expect(targets['Статус']).toEqual({ kind: 'builtin', field: 'stageId' });
    expect(targets['Ответственный']).toEqual({ kind: 'builtin', field: 'assignedById' });
    expect(targets['Сумма, ₽']).toEqual({ kind: 'builtin', field: 'opportunity' });
    expect(targets['Дата подписания']).toEqual({ kind: 'builtin', field: 'begindate' });
    expect(targets['Контрагент']).toEqual({ kind: 'builtin', field: 'companyId' });
    expect(targets['№']).toMatchObject({ kind: 'custom', suffix: 'NO', userTypeId: 'string', multiple: false, label: '№' });
    expect(targets['Срочный']).toMatchObject({ kind: 'custom', suffix: 'SROCHNYY', userTypeId: 'boolean' });
    expect(targets['Метки']).toMatchObject({ kind: 'custom', userTypeId: 'enumeration', multiple: true, items: ['опт', 'розница', 'срочно'] });
    expect(mapping.language).toBe('ru');
    expect(mapping.currency).toBe('RUB');
    expect(mapping.key).toEqual({ kind: 'column', columns: ['№'] });
  });

  it('lays out stages with codes and exactly one success stage', () => {
    const { mapping } = suggestMapping(schema, sheet, { users });
    expect(mapping.stages.map((s) => [s.code, s.name, s.semantics])).toEqual([
      ['NEW', 'Новая', 'process'],
      ['PREPARATION', 'На согласовании', 'process'],
      ['SUCCESS', 'Подписан', 'success'],
      ['FAIL', 'Отклонён', 'failure'],
    ]);
  });

  it('matches people and lists the unmatched', () => {
    const { mapping, userMatches, warnings } = suggestMapping(schema, sheet, { users });
    expect(mapping.users).toEqual({ 'Иванова Мария': 3, 'Smith John': 4, 'Петров И.А.': 2, 'Сидоров Павел': null });
    expect(userMatches.find((m) => m.value === 'Петров И.А.')?.how).toBe('initials');
    expect(warnings.map((w) => planWarningText(w)).join(' ')).toContain('Сидоров Павел');
  });

  it('demotes extra “done” values so one success stage remains', () => {
    const t = table(['ID', 'Status'], [['1', 'Done'], ['2', 'Closed'], ['3', 'New']]);
    const s: Schema = {
      sheet: 'S', headerRow: 1, dataRows: 3, warnings: [], title: null,
      columns: [
        { index: 0, sourceColumn: 1, header: 'ID', type: 'string', multiple: false, role: 'key', confidence: 1, evidence: [], filled: 3, distinct: 3, examples: [], misfits: [], misfitCount: 0 },
        { index: 1, sourceColumn: 2, header: 'Status', type: 'enumeration', multiple: false, role: 'stage', confidence: 1, evidence: [], filled: 3, distinct: 3, examples: [], misfits: [], misfitCount: 0 },
      ],
      stage: { column: 1, header: 'Status', orderedBy: 'vocabulary', confidence: 1, evidence: [], stages: [
        { name: 'New', semantics: 'process', count: 1 }, { name: 'Done', semantics: 'success', count: 1 }, { name: 'Closed', semantics: 'success', count: 1 },
      ] },
    };
    const { mapping, warnings } = suggestMapping(s, t);
    expect(mapping.stages.map((st) => [st.code, st.name, st.semantics])).toEqual([
      ['NEW', 'New', 'process'],
      ['PREPARATION', 'Closed', 'process'],
      ['SUCCESS', 'Done', 'success'],
      ['FAIL', 'Failure', 'failure'],
    ]);
    expect(warnings.map((w) => planWarningText(w)).join(' ')).toMatch(/Several values mean “done”/);
  });

  it('falls back to a fingerprint key with a warning when no column is unique', () => {
    const t = table(['Name', 'Status'], [['A', 'New'], ['A', 'New']]);
    const s = inferSchema(t, {});
    const { mapping, warnings } = suggestMapping(s, t);
    expect(mapping.key.kind).toBe('fingerprint');
    expect(warnings.map((w) => planWarningText(w)).join(' ')).toMatch(/fingerprint/);
  });
});

describe('mapping override', () => {
  it('applies column, stage, user and key decisions', () => {
    const { mapping } = suggestMapping(schema, sheet, { users });
    const override = parseMappingOverride(
      JSON.stringify({
        title: 'Contracts',
        columns: { Срочный: 'skip', Контрагент: { type: 'string', suffix: 'COUNTERPARTY' }, 'Дата подписания': { type: 'date' } },
        stages: [
          { name: 'Новая', semantics: 'process' },
          { name: 'Отклонён', semantics: 'failure' },
          { name: 'Подписан', semantics: 'success' },
          { name: 'На согласовании', semantics: 'process', values: ['На согласовании', 'Согласование'] },
        ],
        users: { 'Сидоров Павел': 6 },
        defaultUserId: 1,
        key: { kind: 'composite', columns: ['№', 'Контрагент'] },
      }),
    );
    const result = applyMappingOverride(mapping, override);
    const targets = Object.fromEntries(result.columns.map((c) => [c.header, c.target]));
    expect(result.title).toBe('Contracts');
    expect(targets['Срочный']).toEqual({ kind: 'skip' });
    expect(targets['Контрагент']).toMatchObject({ kind: 'custom', suffix: 'COUNTERPARTY', userTypeId: 'string' });
    expect(targets['Дата подписания']).toMatchObject({ kind: 'custom', suffix: 'DATA_PODPISANIYA', userTypeId: 'date' });
    expect(result.stages.map((s) => [s.code, s.semantics])).toEqual([
      ['NEW', 'process'],
      ['NA_SOGLASOVANII', 'process'],
      ['SUCCESS', 'success'],
      ['FAIL', 'failure'],
    ]);
    expect(result.stages[1]?.values).toEqual(['На согласовании', 'Согласование']);
    expect(result.users['Сидоров Павел']).toBe(6);
    expect(result.defaultUserId).toBe(1);
    expect(result.key).toEqual({ kind: 'composite', columns: ['№', 'Контрагент'] });
    // The suggestion itself is untouched.
    expect(mapping.title).not.toBe('Contracts');
  });

  it('maps other spellings of a list value onto an item', () => {
    const { mapping } = suggestMapping(schema, sheet, { users });
    const override = parseMappingOverride(JSON.stringify({ columns: { Метки: { type: 'enumeration', multiple: true, values: { 'опт.': 'опт', Опт: 'опт' } } } }));
    const result = applyMappingOverride(mapping, override);
    const column = result.columns.find((c) => c.header === 'Метки')!;
    expect(column.valueMap).toEqual({ 'опт.': 'опт', Опт: 'опт' });
    expect(column.target).toMatchObject({ kind: 'custom', userTypeId: 'enumeration', items: ['опт', 'розница', 'срочно'] });
    const t = table(['Метки'], [['опт., срочно']]);
    const m = { ...result, key: { kind: 'fingerprint' as const, columns: ['Метки'] }, columns: [column], stages: [] };
    expect(prepareRows(t, m).rows[0]?.values[`uf:${(column.target as { suffix: string }).suffix}`]).toEqual(['опт', 'срочно']);
    expect(() => applyMappingOverride(mapping, parseMappingOverride(JSON.stringify({ columns: { Метки: { type: 'enumeration', values: { x: 'nope' } } } })))).toThrow(/not one of its list items/);
  });

  it.each([
    ['not json', /not valid JSON/],
    [JSON.stringify({ columns: { Статус: { type: 'colour' } } }), /columns\.Статус/],
    [JSON.stringify({ columns: { X: { type: 'string', suffix: 'bad name' } } }), /suffix/],
    [JSON.stringify({ unknown: 1 }), /unknown|Unrecognized/i],
    [JSON.stringify({ currency: 'rub' }), /currency/],
  ])('rejects a bad file: %s', (text, message) => {
    expect(() => parseMappingOverride(text, 'm.json')).toThrow(message);
  });

  it('gives a built-in field to the column the file names, and keeps the column inference had given it as a field of its own', () => {
    const { mapping } = suggestMapping(schema, sheet, { users });
    const inferredTitle = mapping.columns.find((column) => column.target.kind === 'builtin' && column.target.field === 'title')!;
    expect(inferredTitle.header).not.toBe('Срочный');
    const result = applyMappingOverride(mapping, parseMappingOverride(JSON.stringify({ columns: { Срочный: 'title' } })));
    expect(result.columns.filter((column) => column.target.kind === 'builtin' && column.target.field === 'title').map((column) => column.header)).toEqual(['Срочный']);
    expect(result.columns.find((column) => column.header === inferredTitle.header)!.target).toMatchObject({ kind: 'custom', label: inferredTitle.header, multiple: false });
  });

  it.each([
    [{ columns: { Nope: 'skip' } }, /no column “Nope”/],
    [{ columns: { Срочный: 'title', Контрагент: 'title' } }, /fed by both/],
    [{ stages: [{ name: 'A', semantics: 'process' }, { name: 'B', semantics: 'success' }, { name: 'C', semantics: 'success' }, { name: 'D', semantics: 'failure' }] }, /exactly one success stage/],
    [{ stages: [{ name: 'A', semantics: 'process' }, { name: 'B', semantics: 'success' }] }, /failure stage/],
    [{ key: { kind: 'column', columns: ['Nope'] } }, /key column/],
  ])('rejects an inconsistent mapping %#', (override, message) => {
    const { mapping } = suggestMapping(schema, sheet, { users });
    expect(() => applyMappingOverride(mapping, parseMappingOverride(JSON.stringify(override)))).toThrow(message);
  });
});
