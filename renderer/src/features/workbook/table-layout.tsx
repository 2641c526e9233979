import { useEffect, useState } from 'react';
import type { LayoutRow, SheetLayout } from '../../../../shared/app/api/contract';
import { errorText } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { ApiError, type WireError } from '../../../../shared/base/errors/errors';
import { useAppStore } from '../../store/use-app-store';

/** Cells shown per raw row: enough to recognise a header or a totals row without a wide table. */
const SHOWN_CELLS = 8;

/**
 * Where the table of the sheet is: the first rows and the last ones as they
 * are in the file, one of them picked as the header (rows above it are a
 * title and skipped), and any row below it left out (a totals row, a note).
 * Native radios and checkboxes, so it works from the keyboard.
 */
export function TableLayout({ onClose }: { onClose: () => void }) {
  const t = useT();
  const loadLayout = useAppStore((state) => state.loadLayout);
  const chooseTable = useAppStore((state) => state.chooseTable);
  const [layout, setLayout] = useState<SheetLayout | undefined>();
  const [headerRow, setHeaderRow] = useState(0);
  const [skipped, setSkipped] = useState<Set<number>>(new Set());
  const [error, setError] = useState<WireError | undefined>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let live = true;
    loadLayout()
      .then((found) => {
        if (!live || !found) return;
        setLayout(found);
        setHeaderRow(found.headerRow);
        setSkipped(new Set(found.skippedRows));
      })
      .catch((caught: unknown) => live && setError(caught instanceof ApiError ? caught.wire : { code: 'INTERNAL', message: String(caught) }));
    return () => {
      live = false;
    };
  }, [loadLayout]);

  const apply = async (choice: Parameters<typeof chooseTable>[0]): Promise<void> => {
    setSaving(true);
    try {
      await chooseTable(choice);
      onClose();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.wire : { code: 'INTERNAL', message: String(caught) });
    } finally {
      setSaving(false);
    }
  };
  const toggle = (rowNumber: number): void => {
    const next = new Set(skipped);
    if (next.has(rowNumber)) next.delete(rowNumber);
    else next.add(rowNumber);
    setSkipped(next);
  };
  const width = Math.min(SHOWN_CELLS, Math.max(1, ...[...(layout?.top ?? []), ...(layout?.bottom ?? [])].map((row) => row.cells.length)));
  const changed = layout !== undefined && (headerRow !== layout.headerRow || [...skipped].filter((row) => row > headerRow).sort().join() !== [...layout.skippedRows].sort().join());
  // Group labels joined into the header stay joined while the header row stays; another header row stands alone.
  const groupRow = layout !== undefined && headerRow === layout.headerRow ? layout.groupRow : undefined;

  const line = (row: LayoutRow) => {
    const role = row.rowNumber === groupRow ? 'group' : row.rowNumber < headerRow ? 'title' : row.rowNumber === headerRow ? 'header' : skipped.has(row.rowNumber) ? 'skipped' : 'data';
    return (
      <tr key={row.rowNumber} className={`layout-row layout-${role}`} data-testid="layout-row" data-row={row.rowNumber} data-role={role}>
        <th scope="row" className="layout-number">
          {row.rowNumber}
        </th>
        <td className="layout-choice">
          <label className="layout-radio">
            <input type="radio" name="header-row" checked={row.rowNumber === headerRow} onChange={() => setHeaderRow(row.rowNumber)} aria-label={t('layout.headerOnRow', { row: row.rowNumber })} data-testid="layout-header" />
            <span>{t('layout.header')}</span>
          </label>
        </td>
        <td className="layout-choice">
          {row.rowNumber > headerRow ? (
            <label className="layout-check">
              <input type="checkbox" checked={!skipped.has(row.rowNumber)} onChange={() => toggle(row.rowNumber)} aria-label={t('layout.importRow', { row: row.rowNumber })} data-testid="layout-import" />
              <span>{t('layout.import')}</span>
            </label>
          ) : (
            <span className="muted-inline">{role === 'group' ? t('layout.groupJoined') : row.rowNumber < headerRow ? t('layout.titleSkipped') : ''}</span>
          )}
        </td>
        {Array.from({ length: width }, (_, c) => (
          <td key={c} className="layout-cell" title={row.cells[c] || undefined}>
            {row.cells[c] ?? ''}
          </td>
        ))}
      </tr>
    );
  };

  return (
    <section className="table-layout" aria-labelledby="table-layout-title" data-testid="table-layout">
      <div className="table-layout-head">
        <h3 id="table-layout-title">{t('layout.title')}</h3>
        <span className="muted-inline">{t('layout.explain')}</span>
      </div>
      {error && (
        <div className="problem error" role="alert">
          <div>{errorText(t.language, error).message}</div>
        </div>
      )}
      {!layout && !error && <span className="muted-inline">{t('layout.loading')}</span>}
      {layout && (
        <div className="table-layout-scroll">
          <table className="layout-table">
            <tbody>
              {layout.top.map(line)}
              {layout.hiddenRows > 0 && (
                <tr className="layout-gap">
                  <td colSpan={width + 3}>{t('layout.hidden', { count: t.n(layout.hiddenRows) })}</td>
                </tr>
              )}
              {layout.bottom.map(line)}
            </tbody>
          </table>
        </div>
      )}
      <div className="table-layout-actions">
        <button type="button" className="button primary" disabled={!changed || saving} onClick={() => void apply({ headerRow, skippedRows: [...skipped].filter((row) => row > headerRow).sort((a, b) => a - b), ...(groupRow !== undefined ? { groupRow } : {}) })} data-testid="layout-apply">
          {t('layout.apply')}
        </button>
        {layout?.chosen && (
          <button type="button" className="button" disabled={saving} onClick={() => void apply(null)} data-testid="layout-reset">
            {t('layout.asFound')}
          </button>
        )}
        <button type="button" className="button" onClick={onClose} data-testid="layout-close">
          {t('layout.close')}
        </button>
      </div>
    </section>
  );
}
