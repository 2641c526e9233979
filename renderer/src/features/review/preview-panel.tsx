import { VirtualRow } from '../../components/virtual-row';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Mapping } from '../../../../shared/sheet/mapping/types';
import type { MappingPreview, PreviewCell, PreviewRow, UserChoice } from '../../../../shared/sheet/review/types';
import type { MessageKey } from '../../i18n/messages-en';
import { useT, type T } from '../../i18n/use-t';
import { useAppStore } from '../../store/use-app-store';
import { formatSentValue } from './format-sent-value';

const ROW_HEIGHT = 36;
const COLUMN_WIDTH = 200;
const ROW_NUMBER_WIDTH = 72;
const PAGE = 100;

interface Page {
  rows: PreviewRow[];
}

interface ActiveCell {
  position: number;
  column: number;
}

/**
 * Every row as it will be sent under the current mapping, in a virtualized
 * grid: each sent column shows the value the portal gets, a cell that cannot
 * be sent is marked with the reason, and any cell but the row key can be
 * fixed in place (the edit is saved with the project). While the key cannot
 * tell rows apart, an edit is tied to its sheet row instead of the key.
 */
export function PreviewPanel() {
  const t = useT();
  const review = useAppStore((state) => state.review);
  const previewWindow = useAppStore((state) => state.previewWindow);
  const editCell = useAppStore((state) => state.editCell);
  const revertCell = useAppStore((state) => state.revertCell);
  const [problemsOnly, setProblemsOnly] = useState(false);
  const [meta, setMeta] = useState<Omit<MappingPreview, 'window'> | undefined>(undefined);
  const [pages, setPages] = useState<Map<number, Page>>(new Map());
  const [active, setActive] = useState<ActiveCell>({ position: 0, column: 0 });
  const [editing, setEditing] = useState<{ position: number; column: number; text: string } | undefined>(undefined);
  const scroller = useRef<HTMLDivElement>(null);
  const grid = useRef<HTMLDivElement>(null);
  const requested = useRef(new Set<number>());
  const closing = useRef(false);
  const mapping = review.status === 'ready' ? review.mapping : undefined;
  const users = review.status === 'ready' ? review.suggestion.users : [];

  // A new mapping or filter makes every fetched page stale.
  const generation = useMemo(() => ({ mapping, problemsOnly }), [mapping, problemsOnly]);
  const currentGeneration = useRef(generation);
  currentGeneration.current = generation;
  useEffect(() => {
    requested.current = new Set();
    setPages(new Map());
  }, [generation]);

  const total = meta?.total ?? 0;
  // The sticky column header sits above the rows in the same scroller: the virtualizer is told its height
  // (scrollMargin) and keeps that much room above a row it scrolls to, so the active row never hides under it.
  const headerRow = useRef<HTMLDivElement>(null);
  const [headerHeight, setHeaderHeight] = useState(53);
  useEffect(() => {
    const height = headerRow.current?.offsetHeight;
    if (height && height !== headerHeight) setHeaderHeight(height);
  });
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    scrollMargin: headerHeight,
    scrollPaddingStart: headerHeight,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  const fetchPage = useCallback(
    async (page: number) => {
      if (requested.current.has(page)) return;
      requested.current.add(page);
      const requestedFor = generation;
      try {
        const result = await previewWindow(page * PAGE, PAGE, generation.problemsOnly);
        if (!result || requestedFor !== currentGeneration.current) return;
        const { window, ...rest } = result;
        setMeta(rest);
        setPages((current) => new Map(current).set(page, { rows: window }));
      } catch {
        // A failed page may be asked again, but only within the mapping it was for: a stale failure
        // must not unmark the same page of the mapping shown now.
        if (requestedFor === currentGeneration.current) requested.current.delete(page);
      }
    },
    [generation, previewWindow],
  );

  useEffect(() => {
    if (!mapping) return;
    if (total === 0) {
      void fetchPage(0);
      return;
    }
    for (let page = Math.floor(first / PAGE); page <= Math.floor(last / PAGE); page++) void fetchPage(page);
  }, [first, last, total, fetchPage, mapping]);

  if (!mapping) return null;
  const columns = meta?.columns ?? [];
  const lockedColumns = new Set(meta?.lockedColumns ?? []);
  // A fingerprint is the whole row, not a column: no header is marked as the key, the toolbar says it once.
  const keyColumns = lockedColumns;
  const byContent = mapping.key.kind === 'fingerprint';
  const choices = editing ? valueChoices(mapping, columns[editing.column]) : [];
  const editable = meta !== undefined;
  // The row check above already words the key problem in the UI's language; the preview then only says what it means for edits.
  const keyProblemShown = review.status === 'ready' && review.check?.blocking !== undefined;
  const rowAt = (position: number): PreviewRow | undefined => pages.get(Math.floor(position / PAGE))?.rows[position % PAGE];
  const width = ROW_NUMBER_WIDTH + columns.length * COLUMN_WIDTH;
  const template = `${ROW_NUMBER_WIDTH}px repeat(${columns.length}, ${COLUMN_WIDTH}px)`;

  const startEditing = (position: number, column: number): void => {
    const row = rowAt(position);
    const header = columns[column];
    if (!editable || !row || header === undefined || lockedColumns.has(header)) return;
    closing.current = false;
    setActive({ position, column });
    setEditing({ position, column, text: row.cells[column]?.text ?? '' });
  };
  // Enter and Escape move the focus back to the grid, which blurs the editor: the blur must not save a second time.
  const finish = (save: boolean): void => {
    if (!editing || closing.current) return;
    closing.current = true;
    const row = rowAt(editing.position);
    const header = columns[editing.column];
    const cell = row?.cells[editing.column];
    if (save && row && header !== undefined && cell && editing.text !== cell.text) {
      const sheetValue = cell.edit && !cell.edit.stale ? cell.edit.sheetValue : cell.text;
      // A cell edited before keeps the row it was named by; otherwise the key names the row, or, while keys repeat, the sheet row.
      const tiedTo = cell.edit ? cell.edit.row : row.anchor;
      editCell(tiedTo ? { key: '', row: tiedTo, column: header, value: editing.text, sheetValue } : { key: row.key, column: header, value: editing.text, sheetValue });
    }
    setEditing(undefined);
    grid.current?.focus();
  };
  const commit = (): void => finish(true);
  const cancel = (): void => finish(false);
  const move = (position: number, column: number): void => {
    const next = { position: Math.max(0, Math.min(total - 1, position)), column: Math.max(0, Math.min(columns.length - 1, column)) };
    setActive(next);
    virtualizer.scrollToIndex(next.position, { align: 'auto' });
  };
  const onGridKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (editing || total === 0) return;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active.position + 1, active.column),
      ArrowUp: () => move(active.position - 1, active.column),
      ArrowRight: () => move(active.position, active.column + 1),
      ArrowLeft: () => move(active.position, active.column - 1),
      PageDown: () => move(active.position + 10, active.column),
      PageUp: () => move(active.position - 10, active.column),
      Home: () => move(active.position, 0),
      End: () => move(active.position, columns.length - 1),
      Enter: () => startEditing(active.position, active.column),
      F2: () => startEditing(active.position, active.column),
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  return (
    <div className="preview-panel" data-testid="preview-panel">
      <div className="preview-toolbar">
        <label className="toggle">
          <input type="checkbox" checked={problemsOnly} onChange={(event) => setProblemsOnly(event.currentTarget.checked)} data-testid="problems-only" />
          {t('preview.problemsOnly')}
        </label>
        {/* While the key cannot tell rows apart no row can be sent, whatever its cells say. */}
        {meta && (meta.problemRows > 0 || meta.keyProblem === undefined) && (
          <span className={meta.problemRows > 0 ? 'warn-text' : 'ok-text'} data-testid="preview-problem-rows">
            {meta.problemRows === 0 ? t('preview.noProblems') : meta.problemRows === 1 ? t('preview.problemRow') : t('preview.problemRows', { count: t.n(meta.problemRows) })}
          </span>
        )}
        {meta && meta.editedCells > 0 && (
          <span className="badge info" data-testid="preview-edited">
            {meta.editedCells === 1 ? t('preview.editedOne') : t('preview.edited', { count: t.n(meta.editedCells) })}
          </span>
        )}
        {meta && meta.staleEdits > 0 && (
          <span className="badge warn" data-testid="preview-stale">
            {t('preview.stale', { count: t.n(meta.staleEdits) })}
          </span>
        )}
        <span className="muted-inline preview-hint">{editable ? t('preview.hint') : ''}</span>
      </div>
      {byContent && (
        <div className="muted-inline" data-testid="preview-by-content">
          {t('preview.byContent')}
        </div>
      )}
      {meta?.keyProblem && (
        <div className="problem warning" data-testid="preview-key-problem">
          <div>
            {!keyProblemShown && <div>{meta.keyProblem}</div>}
            <div className="problem-hint">{t('preview.keyProblemHint')}</div>
          </div>
        </div>
      )}
      {meta && total === 0 ? (
        <div className="empty-sheet" data-testid="preview-empty">
          {problemsOnly ? t('preview.noProblemRows') : t('workbook.noRows')}
        </div>
      ) : (
        <div className="grid-scroller preview-grid" ref={scroller} data-testid="preview-grid">
          <div
            ref={grid}
            role="grid"
            tabIndex={0}
            aria-label={t('tabs.preview')}
            aria-rowcount={total + 1}
            aria-colcount={columns.length + 1}
            onKeyDown={onGridKey}
            className="preview-grid-body"
          >
            <div ref={headerRow} className="grid-header" style={{ width, gridTemplateColumns: template }} role="row">
              <div className="grid-cell grid-rownum" role="columnheader">
                {t('grid.row')}
              </div>
              {columns.map((header) => (
                <div key={header} className="grid-cell column-header" role="columnheader">
                  <span className="column-header-name">{header}</span>
                  <span className="column-header-meta">{targetLabel(t, mapping, header, keyColumns.has(header))}</span>
                </div>
              ))}
            </div>
            <div style={{ height: virtualizer.getTotalSize(), width, position: 'relative' }}>
              {items.map((item) => {
                const row = rowAt(item.index);
                return (
                  <VirtualRow key={item.key} index={item.index} start={item.start - headerHeight} template={template} width={width} height={ROW_HEIGHT} testId="preview-row" rowNumber={row?.sourceRow} sourceRow={row?.sourceRow}>
                    {columns.map((header, column) => {
                      const cell = row?.cells[column];
                      const isActive = active.position === item.index && active.column === column;
                      if (editing && editing.position === item.index && editing.column === column) {
                        return (
                          <div key={header} className="grid-cell editing" role="gridcell">
                            <input
                              autoFocus
                              className="cell-editor"
                              value={editing.text}
                              aria-label={t('preview.editLabel', { column: header, row: row?.sourceRow ?? '' })}
                              onChange={(event) => setEditing({ ...editing, text: event.currentTarget.value })}
                              onKeyDown={(event) => {
                                if (event.key === 'Enter') {
                                  event.preventDefault();
                                  commit();
                                } else if (event.key === 'Escape') {
                                  event.preventDefault();
                                  cancel();
                                }
                              }}
                              onBlur={commit}
                              list={choices.length > 0 ? 'preview-value-choices' : undefined}
                              data-testid="cell-editor"
                            />
                            {choices.length > 0 && (
                              <datalist id="preview-value-choices" data-testid="cell-choices">
                                {choices.map((choice) => (
                                  <option key={choice} value={choice} />
                                ))}
                              </datalist>
                            )}
                          </div>
                        );
                      }
                      return (
                        <PreviewGridCell
                          key={header}
                          t={t}
                          cell={cell}
                          header={header}
                          mapping={mapping}
                          users={users}
                          active={isActive}
                          locked={lockedColumns.has(header) ? 'key' : undefined}
                          onSelect={() => setActive({ position: item.index, column })}
                          onEdit={() => startEditing(item.index, column)}
                          onRevert={row && cell?.edit ? () => revertCell({ key: row.key, column: header, ...(cell.edit!.row ? { row: cell.edit!.row } : {}) }) : undefined}
                        />
                      );
                    })}
                  </VirtualRow>
                );
              })}
            </div>
          </div>
        </div>
      )}
    </div>
  );
}

function PreviewGridCell({
  t,
  cell,
  header,
  mapping,
  users,
  active,
  locked,
  onSelect,
  onEdit,
  onRevert,
}: {
  t: T;
  cell: PreviewCell | undefined;
  header: string;
  mapping: Mapping;
  users: UserChoice[];
  active: boolean;
  /** Why the cell cannot be edited: it is part of the row key. */
  locked: 'key' | undefined;
  onSelect: () => void;
  onEdit: () => void;
  onRevert: (() => void) | undefined;
}) {
  if (!cell) return <div className="grid-cell loading" role="gridcell" />;
  const classes = ['grid-cell', 'preview-cell'];
  if (cell.error) classes.push('invalid');
  if (cell.edit && !cell.edit.stale) classes.push('edited');
  if (cell.edit?.stale) classes.push('stale');
  if (active) classes.push('active');
  if (locked) classes.push('locked');
  const shown = cell.error ? cell.text : formatSentValue(t, mapping, users, header, cell.sent ?? {});
  const title = [
    cell.error ? t('preview.invalid', { reason: cell.problem ? t(`preview.problem.${cell.problem}`, { text: cell.text }) : cell.error }) : undefined,
    cell.edit && !cell.edit.stale ? t('preview.editedFrom', { value: cell.edit.sheetValue || '∅' }) : undefined,
    cell.edit?.stale ? t('preview.staleFrom', { value: cell.edit.value }) : undefined,
    locked === 'key' ? t('preview.keyLocked') : undefined,
    !cell.error && shown !== cell.text && cell.text ? t('preview.sheetSays', { value: cell.text }) : undefined,
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <div
      className={classes.join(' ')}
      role="gridcell"
      aria-selected={active}
      aria-invalid={cell.error ? true : undefined}
      title={title || undefined}
      onClick={onSelect}
      onDoubleClick={onEdit}
      data-testid="preview-cell"
      data-column={header}
      data-locked={locked}
      data-state={cell.error ? 'invalid' : cell.edit ? (cell.edit.stale ? 'stale' : 'edited') : 'ok'}
    >
      <span className="preview-cell-text">{shown === '' ? <span className="muted-inline">—</span> : shown}</span>
      {onRevert && (
        <button
          type="button"
          className="cell-revert"
          title={t('preview.revert')}
          aria-label={t('preview.revert')}
          onClick={(event) => {
            event.stopPropagation();
            onRevert();
          }}
          data-testid="cell-revert"
        >
          ↺
        </button>
      )}
    </div>
  );
}

/** The texts a list or stage cell can be edited to (the list's items, the sheet values of the stages); none for other columns. */
function valueChoices(mapping: Mapping, header: string | undefined): string[] {
  const target = mapping.columns.find((column) => column.header === header)?.target;
  if (target?.kind === 'custom' && target.userTypeId === 'enumeration') return [...(target.items ?? [])];
  if (target?.kind === 'builtin' && target.field === 'stageId') return [...new Set(mapping.stages.flatMap((stage) => stage.values))];
  return [];
}

/** What a column becomes in the portal, in a few words under its header. */
function targetLabel(t: T, mapping: Mapping, header: string, key: boolean): string {
  const column = mapping.columns.find((candidate) => candidate.header === header);
  const target = column?.target;
  // The column's type as the Fields tab names it, not the portal field type it is stored in
  // (a whole number or an e-mail goes into a number or text field, and would read as another type here).
  const base =
    !column || !target || target.kind === 'skip'
      ? ''
      : target.kind === 'builtin'
        ? t(`fields.builtin.${target.field}` as MessageKey)
        : `${t('fields.newField')} · ${t(`type.${column.type}` as MessageKey)}${target.multiple ? t('type.many') : ''}`;
  return key ? `${base} · ${t('fields.key')}` : base;
}
