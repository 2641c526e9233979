import { useRef, type KeyboardEvent } from 'react';
import { useT } from '../../i18n/use-t';
import type { WorkbookTab } from '../../store/review-slice';
import { tabForKey } from './tab-keys';

/**
 * The workbook's tabs (rows, the review tabs, Create) as one tab stop: the
 * chosen tab takes the focus from Tab, the arrow keys, Home and End move
 * between tabs and show the one they land on.
 */
export function ViewTabs({ tabs, tab, onShow }: { tabs: readonly WorkbookTab[]; tab: WorkbookTab; onShow: (tab: WorkbookTab) => void }) {
  const t = useT();
  const buttons = useRef(new Map<WorkbookTab, HTMLButtonElement>());
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const next = tabForKey(tabs, tab, event.key);
    if (next === undefined) return;
    event.preventDefault();
    onShow(next);
    buttons.current.get(next)?.focus();
  };
  return (
    <div className="view-tabs" role="tablist" aria-label={t('tabs.label')} onKeyDown={onKeyDown}>
      {tabs.map((name) => (
        <button
          key={name}
          ref={(element) => {
            if (element) buttons.current.set(name, element);
            else buttons.current.delete(name);
          }}
          type="button"
          role="tab"
          id={`view-tab-${name}`}
          aria-selected={tab === name}
          tabIndex={tab === name ? 0 : -1}
          className={tab === name ? 'view-tab active' : 'view-tab'}
          onClick={() => onShow(name)}
          data-testid={`tab-${name}`}
        >
          {t(`tabs.${name}`)}
        </button>
      ))}
    </div>
  );
}
