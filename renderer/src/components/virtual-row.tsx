import type { ReactNode } from 'react';

/**
 * One row of a virtualized grid, placed where the virtualizer says: striped,
 * with its ARIA row index (the header is row 1) and its sheet row number as
 * the row header, then the cells given.
 */
export function VirtualRow({
  index,
  start,
  template,
  width,
  height,
  testId,
  rowNumber,
  sourceRow,
  children,
}: {
  index: number;
  start: number;
  template: string;
  width: number;
  height: number;
  testId: string;
  rowNumber: number | undefined;
  /** Set as `data-source-row` for tests and tools that look a row up by its sheet row. */
  sourceRow?: number | undefined;
  children: ReactNode;
}) {
  return (
    <div
      className={index % 2 === 0 ? 'grid-row' : 'grid-row odd'}
      role="row"
      aria-rowindex={index + 2}
      data-testid={testId}
      data-source-row={sourceRow}
      style={{ transform: `translateY(${start}px)`, gridTemplateColumns: template, width, height }}
    >
      <div className="grid-cell grid-rownum" role="rowheader">
        {rowNumber ?? ''}
      </div>
      {children}
    </div>
  );
}
