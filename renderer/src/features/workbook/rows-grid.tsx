import { VirtualRow } from '../../components/virtual-row';
import { useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useAppStore } from '../../store/use-app-store';
import { ROW_PAGE_SIZE } from '../../store/workbook-slice';
import type { ColumnSchema } from '../../../../shared/sheet/inference/types';
import { ColumnHeader } from './column-header';
import { useT } from '../../i18n/use-t';
import { formatIsoDate } from '../../components/format';

const ROW_HEIGHT = 34;
const COLUMN_WIDTH = 188;
const ROW_NUMBER_WIDTH = 72;

/**
 * Every data row of the active sheet in a virtualized grid: only the rows in
 * view are in the DOM, and their pages are fetched as they scroll into view.
 */
export function RowsGrid({ headers, rowCount, columns }: { headers: string[]; rowCount: number; columns: ColumnSchema[] | undefined }) {
  const t = useT();
  const scroller = useRef<HTMLDivElement>(null);
  const rowPages = useAppStore((state) => state.rowPages);
  const ensureRows = useAppStore((state) => state.ensureRows);
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (rowCount > 0) void ensureRows(first, last);
  }, [first, last, rowCount, ensureRows]);

  const width = ROW_NUMBER_WIDTH + headers.length * COLUMN_WIDTH;
  const template = `${ROW_NUMBER_WIDTH}px repeat(${headers.length}, ${COLUMN_WIDTH}px)`;

  return (
    <div className="grid-scroller" ref={scroller} data-testid="rows-grid" role="grid" aria-rowcount={rowCount + 1} aria-colcount={headers.length + 1}>
      <div className="grid-header" style={{ width, gridTemplateColumns: template }} role="row">
        <div className="grid-cell grid-rownum" role="columnheader">
          {t('grid.row')}
        </div>
        {headers.map((header, index) => (
          <ColumnHeader key={index} header={header} column={columns?.[index]} />
        ))}
      </div>
      <div style={{ height: virtualizer.getTotalSize(), width, position: 'relative' }}>
        {items.map((item) => {
          const row = rowPages[Math.floor(item.index / ROW_PAGE_SIZE)]?.[item.index % ROW_PAGE_SIZE];
          return (
            <VirtualRow key={item.key} index={item.index} start={item.start} template={template} width={width} height={ROW_HEIGHT} testId="grid-row" rowNumber={row?.rowNumber}>
              {headers.map((_, column) => {
                const cell = row?.cells[column] ?? '';
                const type = columns?.[column]?.type;
                const text = type === 'date' || type === 'datetime' ? formatIsoDate(cell, t.language) : cell;
                return (
                  <div className={row ? 'grid-cell' : 'grid-cell loading'} role="gridcell" key={column} title={text.length > 24 ? text : undefined}>
                    {text}
                  </div>
                );
              })}
            </VirtualRow>
          );
        })}
      </div>
    </div>
  );
}
