import { quoteName } from '../../i18n/quote-name';
import { useT } from '../../i18n/use-t';
import { useAppStore } from '../../store/use-app-store';

/**
 * Says that the review on screen is the person's own from an earlier
 * opening of the file (so a moved stage is not mistaken for the app's
 * order), which columns' choices were dropped because the sheet lost them,
 * and lets them start from the app's suggestion instead.
 */
export function RememberedNote() {
  const t = useT();
  const review = useAppStore((state) => state.review);
  const forgetReview = useAppStore((state) => state.forgetReview);
  if (review.status !== 'ready' || review.suggestion.remembered === undefined) return null;
  const { dropped } = review.suggestion.remembered;
  return (
    <div className="notice notice-action" data-testid="review-remembered">
      <span>
        {t('review.remembered')}
        {dropped.length > 0 && <> {t('review.rememberedDropped', { columns: dropped.map((header) => quoteName(t.language, header)).join(', ') })}</>}
      </span>
      <button type="button" className="button" onClick={() => void forgetReview()} data-testid="review-forget">
        {t('review.rememberedForget')}
      </button>
    </div>
  );
}
