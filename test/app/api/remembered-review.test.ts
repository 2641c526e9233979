/**
 * The person's whole review of a sheet comes back when the file is opened
 * again: also when the workbook was saved again with the same content (other
 * bytes), and — in the desktop app, where a file is read where it lives — when
 * the file at the same path changed; a choice for a column gone from the sheet
 * is dropped with a note.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { WorkbookSummary } from '../../../shared/app/api/contract';
import { createCore } from '../../../shared/app/api/create-core';
import type { Mapping } from '../../../shared/sheet/mapping/types';
import type { MappingSuggestion } from '../../../shared/sheet/review/types';
import { openEmbeddedSandbox } from '../../../sandbox/embedded-sandbox';
import { tempDir } from '../../support/temp-dir';

const ctx = { origin: 'in-process' as const };
const HEADERS = ['Номер', 'Клиент', 'Канал', 'Статус', 'Сумма'];
const STATUSES = ['Новая', 'В работе', 'Ждём клиента', 'Закрыта', 'Отказ'];
const CHANNELS = ['Сайт', 'Телефон', 'сайт', 'Почта'];

async function call<T>(core: ReturnType<typeof createCore>, channel: string, input: unknown): Promise<T> {
  const result = await core.dispatch(channel as never, input as never, ctx);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as T;
}

/** The same 30 requests as an xlsx; `saved` goes into the file's properties, so each save has other bytes. */
async function requestsXlsx(saved: Date, headers = HEADERS): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = saved;
  workbook.modified = saved;
  workbook.lastModifiedBy = `saved ${saved.toISOString()}`;
  const sheet = workbook.addWorksheet('Заявки');
  sheet.addRow(headers);
  for (let i = 1; i <= 30; i++) {
    const row: Record<string, string | number> = { Номер: `З-${String(i).padStart(3, '0')}`, Клиент: `ООО Клиент ${i % 7}`, Канал: CHANNELS[i % 4]!, Статус: STATUSES[i % 5]!, Сумма: 1000 + i * 37 };
    sheet.addRow(headers.map((header) => row[header] ?? ''));
  }
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

/** What a person does on the review tabs: moves the last in-progress stage first, renames and recolours it, merges "сайт" into "Сайт", makes "Клиент" the title, renames the process. */
function review(mapping: Mapping): Mapping {
  const stages = [...mapping.stages];
  const waiting = stages.findIndex((stage) => stage.values.includes('Ждём клиента'));
  const [moved] = stages.splice(waiting, 1);
  stages.unshift({ ...moved!, name: 'Ожидание клиента', color: '#aa3366' });
  const columns = mapping.columns.map((column) => {
    if (column.header === 'Канал') return { ...column, valueMap: { сайт: 'Сайт' } };
    if (column.header === 'Клиент') return { ...column, target: { kind: 'builtin' as const, field: 'title' as const } };
    if (column.target.kind === 'builtin' && column.target.field === 'title') return { ...column, target: { kind: 'skip' as const } };
    return column;
  });
  return { ...mapping, title: 'Заявки клиентов', stages, columns };
}

describe('the review remembered for a file', () => {
  it('comes back for the same content saved again with other bytes, and a column gone drops its choices with a note', async () => {
    const dataDir = tempDir();
    const core = createCore({ info: { name: 'Smart Process Migrator', version: '1.2.3', mode: 'browser' }, dataDir, openSandbox: openEmbeddedSandbox });
    const open = async (bytes: Uint8Array) => {
      const summary = await call<WorkbookSummary>(core, 'workbook.open', { fileName: 'requests.xlsx', bytes });
      return { summary, suggest: () => call<MappingSuggestion>(core, 'mapping.suggest', { workbookId: summary.workbookId, sheet: 'Заявки' }) };
    };
    const firstBytes = await requestsXlsx(new Date('2026-03-01T10:00:00Z'));
    const savedAgain = await requestsXlsx(new Date('2026-03-02T15:30:00Z'));
    expect(Buffer.from(savedAgain).equals(Buffer.from(firstBytes))).toBe(false);

    const first = await open(firstBytes);
    const suggested = await first.suggest();
    expect(suggested.remembered).toBeUndefined();
    expect(suggested.mapping.stages[0]!.values).not.toContain('Ждём клиента');
    const mine = review(suggested.mapping);
    // The app closes a file as soon as another one opens; the last change of its review arrives just after.
    await call(core, 'workbook.close', { workbookId: first.summary.workbookId });
    await call(core, 'mapping.remember', { workbookId: first.summary.workbookId, sheet: 'Заявки', mapping: mine });

    // Another file in between, then the same content saved again.
    await open(await requestsXlsx(new Date('2026-03-01T10:00:00Z'), ['Номер', 'Статус', 'Сумма']));
    const again = await (await open(savedAgain)).suggest();
    expect(again.remembered).toEqual({ dropped: [] });
    expect(again.mapping).toEqual(mine);
    expect(again.mapping.stages[0]).toMatchObject({ name: 'Ожидание клиента', color: '#aa3366', values: ['Ждём клиента'] });

    // A sheet without the "Канал" column is other content at another path: nothing of the review is taken for it.
    const withoutChannel = await open(await requestsXlsx(new Date('2026-03-03T09:00:00Z'), ['Номер', 'Клиент', 'Статус', 'Сумма']));
    const fresh = await withoutChannel.suggest();
    expect(fresh.remembered).toBeUndefined();

    // Start afresh: forgotten for both the path and the content.
    const third = await open(savedAgain);
    await call(core, 'mapping.remember', { workbookId: third.summary.workbookId, sheet: 'Заявки', mapping: null });
    expect((await (await open(firstBytes)).suggest()).remembered).toBeUndefined();
  });

  it('in the desktop app, the file changed where it lives keeps what still fits: a column gone is dropped with a note', async () => {
    const dataDir = tempDir();
    const core = createCore({ info: { name: 'Smart Process Migrator', version: '1.2.3', mode: 'electron' }, dataDir, openSandbox: openEmbeddedSandbox });
    const path = join(tempDir(), 'requests.xlsx');
    const openAt = async (bytes: Uint8Array, portalId?: string) => {
      await writeFile(path, bytes);
      const summary = await call<WorkbookSummary>(core, 'workbook.open', { fileName: 'requests.xlsx', bytes, sourcePath: path });
      return { summary, suggest: () => call<MappingSuggestion>(core, 'mapping.suggest', { workbookId: summary.workbookId, sheet: 'Заявки', ...(portalId ? { portalId } : {}) }) };
    };
    const first = await openAt(await requestsXlsx(new Date('2026-03-01T10:00:00Z')));
    const mine = review((await first.suggest()).mapping);
    await call(core, 'mapping.remember', { workbookId: first.summary.workbookId, sheet: 'Заявки', mapping: mine });

    // The person deletes the "Канал" column and saves the file in place.
    const edited = await (await openAt(await requestsXlsx(new Date('2026-03-05T10:00:00Z'), ['Номер', 'Клиент', 'Статус', 'Сумма']))).suggest();
    expect(edited.remembered).toEqual({ dropped: ['Канал'] });
    expect(edited.mapping.columns.map((column) => column.header)).toEqual(['Номер', 'Клиент', 'Статус', 'Сумма']);
    expect(edited.mapping.columns.find((column) => column.header === 'Клиент')!.target).toEqual({ kind: 'builtin', field: 'title' });
    expect(edited.mapping.stages).toEqual(mine.stages);
    expect(edited.mapping.title).toBe('Заявки клиентов');
  });

  it('people matches are kept for the portal they were made on only', async () => {
    const { withRememberedMapping } = await import('../../../shared/app/workbooks/remembered-mapping');
    const suggested: Mapping = { version: 1, title: 'Заявки', language: 'ru', key: { kind: 'column', columns: ['Номер'] }, columns: [], stages: [], users: { 'Иванов И.И.': 7, 'Петрова А.С.': null, 'Новиков П.П.': null }, defaultUserId: null, currency: 'RUB' };
    const remembered: Mapping = { ...suggested, users: { 'Иванов И.И.': 3, 'Петрова А.С.': 12, 'Сидоров К.В.': 5 }, defaultUserId: 3 };
    const same = withRememberedMapping(suggested, [], remembered, true).mapping;
    // The person's matches win; a name the sheet no longer has is not brought back; a new name keeps the suggestion.
    expect(same.users).toEqual({ 'Иванов И.И.': 3, 'Петрова А.С.': 12, 'Новиков П.П.': null });
    expect(same.defaultUserId).toBe(3);
    const other = withRememberedMapping(suggested, [], remembered, false).mapping;
    expect(other.users).toEqual(suggested.users);
    expect(other.defaultUserId).toBeNull();
  });

  it('a stage value new in the sheet finds a place among the person\'s stages', async () => {
    const { withRememberedMapping } = await import('../../../shared/app/workbooks/remembered-mapping');
    const stage = (code: string, name: string, semantics: 'process' | 'success' | 'failure', values: string[]) => ({ code, name, semantics, color: '#39a8ef', values });
    const base: Mapping = { version: 1, title: 'Заявки', language: 'ru', key: { kind: 'column', columns: ['Номер'] }, columns: [], stages: [], users: {}, defaultUserId: null, currency: 'RUB' };
    // The person moved "В работе" first, merged "Ждём" into it and renamed "Закрыта".
    const mine = { ...base, stages: [stage('PREPARATION', 'В работе', 'process', ['В работе', 'Ждём']), stage('NEW', 'Новая', 'process', ['Новая']), stage('SUCCESS', 'Готово', 'success', ['Закрыта']), stage('FAIL', 'Отказ', 'failure', ['Отказ'])] };
    // The edited sheet has "На проверке" (a new in-progress stage), "Выполнена" (a success value) and "Отозвана" (a failure).
    const now = { ...base, stages: [stage('NEW', 'Новая', 'process', ['Новая']), stage('PREPARATION', 'В работе', 'process', ['В работе']), stage('CLIENT', 'Ждём', 'process', ['Ждём']), stage('UC_1', 'На проверке', 'process', ['На проверке']), stage('SUCCESS', 'Закрыта', 'success', ['Закрыта', 'Выполнена']), stage('FAIL', 'Отказ', 'failure', ['Отказ']), stage('UC_2', 'Отозвана', 'failure', ['Отозвана'])] };
    const { mapping } = withRememberedMapping(now, [], mine, true);
    expect(mapping.stages.map((s) => [s.name, s.values])).toEqual([
      ['В работе', ['В работе', 'Ждём']],
      ['Новая', ['Новая']],
      ['На проверке', ['На проверке']],
      ['Готово', ['Закрыта', 'Выполнена']],
      ['Отказ', ['Отказ']],
      ['Отозвана', ['Отозвана']],
    ]);
  });
});
