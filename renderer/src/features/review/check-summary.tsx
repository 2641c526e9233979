import { useState } from 'react';
import { errorText } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { wordRowFailure } from '../../i18n/word-row-failure';
import { quoteName } from '../../i18n/quote-name';
import { useAppStore } from '../../store/use-app-store';

const LISTED = 50;

/** How many rows are ready under the current mapping, and what is wrong with the rest. */
export function CheckSummary() {
  const t = useT();
  const review = useAppStore((state) => state.review);
  const [open, setOpen] = useState(false);
  if (review.status !== 'ready' || !review.check) return review.status === 'ready' ? <span className="muted-inline">{t('review.checking')}</span> : null;
  const { check, checking } = review;
  const blocking = check.blocking ? errorText(t.language, check.blocking) : undefined;
  return (
    <div className="check-summary" data-testid="check-summary">
      <div className="check-summary-line">
        <span className={check.failureCount === 0 && !check.blocking ? 'ok-text' : ''} data-testid="ready-rows">
          {t('review.ready', { ready: t.n(check.readyRows), rows: t.n(check.rows) })}
        </span>
        {checking && <span className="muted-inline">{t('review.checking')}</span>}
        {check.failureCount > 0 && (
          <>
            <span className="warn-text" data-testid="problem-count">
              {check.failureCount === 1 ? t('review.problem') : t('review.problems', { count: t.n(check.failureCount) })}
            </span>
            <button type="button" className="link-button" onClick={() => setOpen(!open)} aria-expanded={open}>
              {open ? t('review.hideProblems') : t('review.showProblems')}
            </button>
          </>
        )}
      </div>
      {check.blocking && (
        <div className="problem error" data-testid="blocking-problem">
          <div>
            <div>{blocking!.message}</div>
            {blocking!.hint && <div className="problem-hint">{blocking!.hint}</div>}
          </div>
        </div>
      )}
      {check.unknownStageValues.length > 0 && <div className="warn-text">{t('review.unknownStages', { values: check.unknownStageValues.map((item) => quoteName(t.language, item.value)).join(', ') })}</div>}
      {check.blankStageRows > 0 && <div className="muted-inline">{t('review.blankStages', { count: t.n(check.blankStageRows) })}</div>}
      {open && (
        <ul className="problem-list" data-testid="problem-list">
          {check.failures.slice(0, LISTED).map((failure, index) => (
            <li key={index}>{wordRowFailure(t.language, failure)}</li>
          ))}
          {check.failureCount > LISTED && <li className="muted-inline">{t('review.moreProblems', { count: t.n(check.failureCount - LISTED) })}</li>}
        </ul>
      )}
    </div>
  );
}
