import type { StageSchema } from '../../../../shared/sheet/inference/types';
import { useT } from '../../i18n/use-t';

/** The stages inferred from the stage column, in order: the kanban-to-be at a glance. */
export function StageStrip({ stage }: { stage: StageSchema }) {
  const t = useT();
  return (
    <div className="stage-strip" data-testid="stage-strip">
      <span className="stage-strip-label">
        {t('workbook.stagesFrom', { column: stage.header })}
      </span>
      <ol>
        {stage.stages.map((item) => (
          <li key={item.name} className={`stage-pill ${item.semantics}`} data-testid="stage-pill" data-semantics={item.semantics} title={`${t(`semantics.${item.semantics}`)} · ${t('workbook.rows', { count: t.n(item.count) })}`}>
            <span className="stage-dot" style={item.color ? { background: item.color } : undefined} />
            {item.name}
            <span className="stage-count">{t.n(item.count)}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
