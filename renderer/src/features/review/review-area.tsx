import { errorText } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useAppStore } from '../../store/use-app-store';
import { CheckSummary } from './check-summary';
import { FieldsPanel } from './fields-panel';
import { ListsPanel } from './lists-panel';
import { PeoplePanel } from './people-panel';
import { PreviewPanel } from './preview-panel';
import { StagesPanel } from './stages-panel';
import { CreatePanel } from '../create/create-panel';
import { RememberedNote } from './remembered-note';

/** The mapping tabs (fields, stages, people) with the live row check above them. */
export function ReviewArea() {
  const t = useT();
  const tab = useAppStore((state) => state.workbookTab);
  const review = useAppStore((state) => state.review);
  const loadReview = useAppStore((state) => state.loadReview);
  if (review.status === 'idle' || review.status === 'loading') {
    return (
      <div className="review-area" data-testid="review-loading">
        <div className="muted-inline">{t('review.loading')}</div>
      </div>
    );
  }
  if (review.status === 'error') {
    const text = errorText(t.language, review.error);
    return (
      <div className="review-area">
        <div className="problem error" role="alert" data-testid="review-error">
          <div>
            <div>{t('review.failed')} {text.message}</div>
            {text.hint && <div className="problem-hint">{text.hint}</div>}
            <button type="button" className="button" onClick={() => void loadReview(true)}>
              ↻
            </button>
          </div>
        </div>
      </div>
    );
  }
  return (
    <div className="review-area" role="tabpanel" aria-labelledby={`view-tab-${tab}`} data-testid="review-area">
      <RememberedNote />
      <CheckSummary />
      <div className="review-scroll">
        {tab === 'fields' && <FieldsPanel />}
        {tab === 'stages' && <StagesPanel />}
        {tab === 'lists' && <ListsPanel />}
        {tab === 'people' && <PeoplePanel />}
        {tab === 'preview' && <PreviewPanel />}
        {tab === 'create' && <CreatePanel />}
      </div>
    </div>
  );
}
