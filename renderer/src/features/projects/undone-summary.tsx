import { useT } from '../../i18n/use-t';
import { quoteName } from '../../i18n/quote-name';
import type { ProjectView } from '../../../../shared/runs/results/types';
import type { UndoneCard } from './undone-card';

/** An undone project's card body: when and how the undo ended, and what the migration created that stays in the portal. */
export function UndoneSummary({ project, card, date }: { project: ProjectView; card: UndoneCard; date: string }) {
  const t = useT();
  const { stays } = card;
  const headline =
    card.outcome === 'stopped'
      ? t('projects.undone.stopped', { date })
      : card.outcome === 'partial'
        ? t('projects.undone.partial', { date, count: t.n(card.notDeleted) })
        : t(stays.smartProcess ? 'projects.undone.completeTypeKept' : 'projects.undone.complete', { date, title: project.title });
  // After a complete undo the headline says whether the smart process stays; otherwise it stays with what was not deleted.
  const typeLeft = stays.smartProcess && card.outcome !== 'complete';
  const left = typeLeft || stays.clients > 0 || stays.workflows.length > 0;
  return (
    <div className="sync-panel" data-testid="project-undone" data-outcome={card.outcome}>
      <div className={card.outcome === 'complete' ? 'check-line ok strong' : 'check-line warn strong'} data-testid="project-undone-line">
        {headline}
      </div>
      {left ? (
        <div data-testid="project-undone-stays">
          <div>{t('projects.undone.stays')}</div>
          <ul className="problem-list">
            {typeLeft && <li data-testid="project-undone-type">{t('projects.undone.staysType', { title: project.title })}</li>}
            {stays.clients > 0 && <li data-testid="project-undone-clients">{t('projects.undone.staysClients', { count: t.n(stays.clients) })}</li>}
            {stays.workflows.length > 0 && <li data-testid="project-undone-workflows">{t('projects.undone.staysWorkflows', { names: stays.workflows.map((name) => quoteName(t.language, name)).join(', ') })}</li>}
          </ul>
        </div>
      ) : (
        card.outcome === 'complete' && <div data-testid="project-undone-nothing">{t('projects.undone.nothingLeft')}</div>
      )}
    </div>
  );
}
