import { useState } from 'react';
import { useT } from '../../i18n/use-t';
import { useAppStore } from '../../store/use-app-store';
import { listViews, mapListValue, renameListItem, type ListView } from './list-edits';

const OWN_ITEM = '\u0000own';

/**
 * Value mapping for list columns: each value written in the sheet and the
 * list item it becomes. Spellings of one thing merge into one item, and
 * items can be renamed before the field is created.
 */
export function ListsPanel() {
  const t = useT();
  const review = useAppStore((state) => state.review);
  const schemaState = useAppStore((state) => state.schemaState);
  const editMapping = useAppStore((state) => state.editMapping);
  if (review.status !== 'ready') return null;
  const sheetValues: Record<string, string[]> = {};
  if (schemaState.status === 'ready') for (const column of schemaState.schema.columns) if (column.values) sheetValues[column.header] = column.values;
  const lists = listViews(review.mapping, sheetValues);

  if (lists.length === 0) {
    return (
      <div className="review-panel muted" data-testid="lists-panel">
        {t('lists.none')}
      </div>
    );
  }
  return (
    <div className="lists-panel" data-testid="lists-panel">
      <p className="muted">{t('lists.lead')}</p>
      {lists.map((list) => (
        <ListCard
          key={list.header}
          list={list}
          onMap={(value, item) => editMapping((mapping) => mapListValue(mapping, list.index, value, item, sheetValues[list.header] ?? []))}
          onRename={(from, to) => editMapping((mapping) => renameListItem(mapping, list.index, from, to, sheetValues[list.header] ?? []))}
        />
      ))}
    </div>
  );
}

function ListCard({ list, onMap, onRename }: { list: ListView; onMap: (value: string, item: string | undefined) => void; onRename: (from: string, to: string) => void }) {
  const t = useT();
  return (
    <section className="review-panel list-card" data-testid="list-card" data-column={list.header}>
      <h3 className="list-card-title">
        {list.header} <span className="muted-inline">{list.items.length === 1 ? t('lists.item') : t('lists.items', { count: t.n(list.items.length) })}</span>
      </h3>
      <div className="list-items" aria-label={t('lists.itemsLabel')}>
        {list.items.map((item) => (
          <ItemChip key={item} item={item} onRename={(to) => onRename(item, to)} />
        ))}
      </div>
      <table className="fields-table list-values">
        <thead>
          <tr>
            <th>{t('lists.sheetValue')}</th>
            <th>{t('lists.becomes')}</th>
          </tr>
        </thead>
        <tbody>
          {list.values.map(({ value, item }) => (
            <tr key={value} data-testid="list-value" data-value={value} className={item === undefined ? 'unmatched' : ''}>
              <td>{value}</td>
              <td>
                <select
                  className="select"
                  value={item === undefined || item === value ? OWN_ITEM : item}
                  aria-label={`${t('lists.becomes')}: ${value}`}
                  onChange={(event) => onMap(value, event.currentTarget.value === OWN_ITEM ? undefined : event.currentTarget.value)}
                  data-testid="list-value-item"
                >
                  <option value={OWN_ITEM}>{t('lists.ownItem')}</option>
                  {list.items
                    .filter((candidate) => candidate !== value)
                    .map((candidate) => (
                      <option key={candidate} value={candidate}>
                        {t('lists.mergeInto', { item: candidate })}
                      </option>
                    ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ItemChip({ item, onRename }: { item: string; onRename: (to: string) => void }) {
  const t = useT();
  const [editing, setEditing] = useState<string | undefined>(undefined);
  if (editing !== undefined) {
    const done = (save: boolean): void => {
      if (save) onRename(editing);
      setEditing(undefined);
    };
    return (
      <input
        autoFocus
        className="text-input list-item-editor"
        value={editing}
        aria-label={t('lists.rename', { item })}
        onChange={(event) => setEditing(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') done(true);
          if (event.key === 'Escape') done(false);
        }}
        onBlur={() => done(true)}
        data-testid="list-item-editor"
      />
    );
  }
  return (
    <button type="button" className="list-item-chip" title={t('lists.rename', { item })} onClick={() => setEditing(item)} data-testid="list-item">
      {item}
    </button>
  );
}
