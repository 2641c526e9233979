import type { FollowUp } from '../../../../shared/base/errors/errors';
import type { MessageKey } from '../../i18n/messages-en';
import { useT } from '../../i18n/use-t';
import { useAppStore } from '../../store/use-app-store';

/** One button per next step an error offers: the click does it (sync, finish, undo, or the Fields tab), where the CLI prints a command. */
export function FollowUpButtons({ followUps }: { followUps: readonly FollowUp[] | undefined }) {
  const t = useT();
  const runFollowUp = useAppStore((state) => state.runFollowUp);
  const shown = followUps ?? [];
  if (shown.length === 0) return null;
  return (
    <div className="form-actions" data-testid="follow-ups">
      {shown.map((followUp, index) => (
        <button key={index} type="button" className={index === 0 ? 'button primary' : 'button'} onClick={() => void runFollowUp(followUp)} data-testid={`follow-up-${followUp.kind}`}>
          {t(`followUp.${followUp.kind}` as MessageKey)}
        </button>
      ))}
    </div>
  );
}
