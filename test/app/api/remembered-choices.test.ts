/**
 * Opening the same file again keeps what the person chose for it: the header
 * row and skipped rows of a sheet, and the column they made the item title.
 */
import { describe, expect, it } from 'vitest';
import type { WorkbookSummary } from '../../../shared/app/api/contract';
import { createCore } from '../../../shared/app/api/create-core';
import { withRememberedTitle } from '../../../shared/sheet/review/remembered-title';
import type { MappingSuggestion } from '../../../shared/sheet/review/types';
import { tempDir } from '../../support/temp-dir';
import { openEmbeddedSandbox } from '../../../sandbox/embedded-sandbox';

const info = { name: 'Smart Process Migrator', version: '1.2.3', mode: 'browser' as const };
const ctx = { origin: 'in-process' as const };
// A title line, the header, four deals (no ID column), a totals line.
const CSV = ['Сделки отдела, март;;;', 'Сделка;Клиент;Этап;Сумма', 'Поставка станков;ООО Ромашка;Новая;1200', 'Монтаж линии;АО Вектор;В работе;800', 'Сервис;ИП Петров;Новая;300', 'Обучение;ООО Лотос;Успех;150', 'Итого;;;2450'].join('\n');

async function call<T>(core: ReturnType<typeof createCore>, channel: string, input: unknown): Promise<T> {
  const result = await core.dispatch(channel as never, input as never, ctx);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as T;
}

describe('choices remembered per file', () => {
  it('reopening the file keeps the chosen header row, skipped rows and title column; another file starts afresh', async () => {
    const dataDir = tempDir();
    const core = createCore({ info, dataDir, openSandbox: openEmbeddedSandbox });
    const open = (bytes: Uint8Array, fileName = 'deals.csv') => call<WorkbookSummary>(core, 'workbook.open', { fileName, bytes });
    const bytes = new TextEncoder().encode(CSV);
    const first = await open(bytes);
    const sheet = first.defaultSheet;
    expect(first.sheets[0]).toMatchObject({ headerRow: 2, rowCount: 4 });
    const suggested = await call<MappingSuggestion>(core, 'mapping.suggest', { workbookId: first.workbookId, sheet });
    const titleOf = (s: MappingSuggestion) => s.mapping.columns.find((c) => c.target.kind === 'builtin' && c.target.field === 'title')?.header;
    expect(titleOf(suggested)).toBe('Сделка');

    // The person keeps the totals line out but also the "Сервис" row (row 5), and makes "Клиент" the title.
    await call(core, 'workbook.chooseTable', { workbookId: first.workbookId, sheet, choice: { headerRow: 2, skippedRows: [5, 7] } });
    await call(core, 'mapping.remember', { workbookId: first.workbookId, sheet, mapping: withRememberedTitle(suggested.mapping, 'Клиент', suggested.customTargets) });

    const again = await open(bytes);
    expect(again.workbookId).not.toBe(first.workbookId);
    expect(again.sheets[0]).toMatchObject({ headerRow: 2, rowCount: 3 });
    const rows = await call<{ rows: { rowNumber: number }[] }>(core, 'workbook.rows', { workbookId: again.workbookId, sheet, offset: 0, limit: 10 });
    expect(rows.rows.map((row) => row.rowNumber)).toEqual([3, 4, 6]);
    const resuggested = await call<MappingSuggestion>(core, 'mapping.suggest', { workbookId: again.workbookId, sheet });
    expect(titleOf(resuggested)).toBe('Клиент');
    // The column that was the title becomes a field of its own, not lost.
    expect(resuggested.mapping.columns.find((c) => c.header === 'Сделка')!.target.kind).toBe('custom');

    // A different file (other bytes) is not affected.
    const other = await open(new TextEncoder().encode(CSV.replace('Обучение', 'Аудит')));
    expect(other.sheets[0]).toMatchObject({ headerRow: 2, rowCount: 4 });

    // Back to what the reader found: the next opening is as found too.
    await call(core, 'workbook.chooseTable', { workbookId: again.workbookId, sheet, choice: null });
    expect((await open(bytes)).sheets[0]).toMatchObject({ headerRow: 2, rowCount: 4 });
  });
});
