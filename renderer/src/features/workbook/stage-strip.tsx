import type { StageSchema } from '../../../../shared/inference/types';
import { SEMANTICS_LABELS } from './column-labels';

/** The stages inferred from the stage column, in order: the kanban-to-be at a glance. */
export function StageStrip({ stage }: { stage: StageSchema }) {
  return (
    <div className="stage-strip" data-testid="stage-strip">
      <span className="stage-strip-label">
        Stages from “{stage.header}”
      </span>
      <ol>
        {stage.stages.map((item) => (
          <li key={item.name} className={`stage-pill ${item.semantics}`} data-testid="stage-pill" data-semantics={item.semantics} title={`${SEMANTICS_LABELS[item.semantics]} · ${item.count} rows`}>
            <span className="stage-dot" style={item.color ? { background: item.color } : undefined} />
            {item.name}
            <span className="stage-count">{item.count.toLocaleString('en-US')}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
