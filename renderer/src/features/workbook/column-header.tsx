import { useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { ColumnSchema } from '../../../../shared/sheet/inference/types';
import type { MessageKey } from '../../i18n/messages-en';
import { useT, type T } from '../../i18n/use-t';
import { currencyRu, wordEvidence } from '../../i18n/word-evidence';

/**
 * A grid column's header: its text, and once inference has run, the inferred
 * type and role; the evidence shows on hover or keyboard focus.
 */
export function ColumnHeader({ header, column }: { header: string; column: ColumnSchema | undefined }) {
  const t = useT();
  const anchor = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const rect = open ? anchor.current?.getBoundingClientRect() : undefined;
  return (
    <div
      ref={anchor}
      className="grid-cell column-header"
      role="columnheader"
      tabIndex={column ? 0 : -1}
      onMouseEnter={() => setOpen(true)}
      onMouseLeave={() => setOpen(false)}
      onFocus={() => setOpen(true)}
      onBlur={() => setOpen(false)}
      data-testid="column-header-cell"
      aria-describedby={open && column ? `evidence-${column.index}` : undefined}
    >
      <span className="column-header-text" data-testid="column-header">
        {header}
      </span>
      {column && (
        <span className="column-tags" data-testid="column-tags">
          <span className={`type-tag type-${column.type}`} data-testid="column-type" data-type={column.type}>
            {t(`type.${column.type}`)}
            {column.multiple ? t('type.many') : ''}
          </span>
          {column.role && (
            <span className="role-tag" data-testid="column-role" data-role={column.role}>
              {t(`role.${column.role}`)}
            </span>
          )}
          {column.confidence < 0.7 && (
            <span className="unsure-tag" title={t('type.unsure')}>
              ?
            </span>
          )}
        </span>
      )}
      {open && column && rect &&
        createPortal(
          <div
            id={`evidence-${column.index}`}
            role="tooltip"
            className="evidence-popover"
            data-testid="column-evidence"
            style={{ top: rect.bottom + 6, left: Math.max(8, Math.min(rect.left, window.innerWidth - 360)) }}
          >
            <div className="evidence-title">
              {t(`type.${column.type}`)}
              {column.multiple ? t('type.manyLong') : ''}
              {column.role ? ` — ${t(`role.${column.role}`)}` : ''}
              <span className="evidence-confidence">{t('evidence.sure', { percent: Math.round(column.confidence * 100) })}</span>
            </div>
            <ul>
              {column.evidence.map((evidence, index) => (
                <li key={index}>{wordEvidence(t.language, evidence)}</li>
              ))}
            </ul>
            <div className="evidence-facts">
              {t('evidence.filled', { filled: t.n(column.filled), distinct: t.n(column.distinct) })}
              {column.currency ? ` · ${currencyName(t, column.currency)}` : ''}
              {column.format ? ` · ${formatName(t, column.format)}` : ''}
            </div>
            {column.misfitCount > 0 && (
              <div className="evidence-misfits">
                {t(column.misfitCount === 1 ? 'evidence.misfit' : 'evidence.misfits', { count: t.n(column.misfitCount), row: column.misfits[0]?.row ?? '', value: column.misfits[0]?.value ?? '' })}
              </div>
            )}
          </div>,
          document.body,
        )}
    </div>
  );
}

/** A currency as the UI language names it: the ISO code in English, “российский рубль” in Russian. */
function currencyName(t: T, code: string): string {
  return t.language === 'en' ? code : currencyRu(code);
}

const FORMAT_NAMES = new Set(['decimal-comma', 'decimal-dot', 'day-first', 'month-first', 'iso']);

/** How the core read a column's numbers or dates, worded in the UI language. */
function formatName(t: T, format: string): string {
  return FORMAT_NAMES.has(format) ? t(`evidence.format.${format}` as MessageKey) : format;
}
