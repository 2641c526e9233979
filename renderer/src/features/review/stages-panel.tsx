import { useEffect, useRef, useState } from 'react';
import type { StageSemantics } from '../../../../shared/sheet/inference/types';
import { useT } from '../../i18n/use-t';
import { useAppStore } from '../../store/use-app-store';
import { canMoveStage, mergeStage, moveStage, recolorStage, renameStage, setStageSemantics } from './mapping-edits';

const SEMANTICS: StageSemantics[] = ['process', 'success', 'failure'];

/** The kanban-to-be: stages in order, each renamable, recolourable, with its meaning, movable and mergeable. */
export function StagesPanel() {
  const t = useT();
  const review = useAppStore((state) => state.review);
  const editMapping = useAppStore((state) => state.editMapping);
  const [dragging, setDragging] = useState<number | undefined>();
  // After a move by button the moved stage keeps the keyboard focus: its DOM node is moved by React, which drops
  // the focus, and the button pressed may be disabled at its new place (the first or last movable position).
  const [moved, setMoved] = useState<{ code: string; direction: 'left' | 'right' } | undefined>();
  const kanban = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (!moved) return;
    const column = kanban.current?.querySelector<HTMLElement>(`[data-code="${CSS.escape(moved.code)}"]`);
    const buttons = [`stage-${moved.direction}`, `stage-${moved.direction === 'left' ? 'right' : 'left'}`].map((testId) => column?.querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`));
    const target = buttons.find((button) => button && !button.disabled) ?? column?.querySelector<HTMLInputElement>('[data-testid="stage-name"]');
    target?.focus();
    setMoved(undefined);
  }, [moved]);
  if (review.status !== 'ready') return null;
  const { mapping, check } = review;
  const hasStageColumn = mapping.columns.some((column) => column.target.kind === 'builtin' && column.target.field === 'stageId');

  return (
    <div className="review-panel" data-testid="stages-panel">
      <p className="muted">{hasStageColumn ? t('stages.lead') : t('stages.none')}</p>
      <ol ref={kanban} className="kanban" aria-label={t('tabs.stages')}>
        {mapping.stages.map((stage, index) => (
          <li
            key={stage.code}
            className={`kanban-column ${stage.semantics}${dragging === index ? ' dragging' : ''}`}
            draggable
            onDragStart={(event) => {
              setDragging(index);
              event.dataTransfer.effectAllowed = 'move';
            }}
            onDragEnd={() => setDragging(undefined)}
            onDragOver={(event) => {
              if (dragging !== undefined && canMoveStage(mapping, dragging, index)) event.preventDefault();
            }}
            onDrop={(event) => {
              event.preventDefault();
              event.stopPropagation();
              if (dragging !== undefined) editMapping((m) => moveStage(m, dragging, index));
              setDragging(undefined);
            }}
            data-testid="stage-column"
            data-code={stage.code}
          >
            <div className="kanban-bar" style={{ background: stage.color }} />
            <div className="kanban-head">
              <input className="stage-name" value={stage.name} maxLength={255} aria-label={t('stages.name')} onChange={(event) => editMapping((m) => renameStage(m, index, event.currentTarget.value))} data-testid="stage-name" />
              <input type="color" className="stage-color" value={stage.color} aria-label={t('stages.color')} onChange={(event) => editMapping((m) => recolorStage(m, index, event.currentTarget.value))} />
            </div>
            <div className="kanban-count">{t('stages.rows', { count: t.n(check?.stageCounts[stage.code] ?? 0) })}</div>
            <select
              className="select"
              value={stage.semantics}
              aria-label={t('stages.meaning')}
              disabled={stage.semantics === 'success'}
              onChange={(event) => editMapping((m) => setStageSemantics(m, index, event.currentTarget.value as StageSemantics))}
              data-testid="stage-semantics"
            >
              {SEMANTICS.map((semantics) => (
                <option key={semantics} value={semantics}>
                  {t(`semantics.${semantics}`)}
                </option>
              ))}
            </select>
            {stage.values.length > 0 && (
              <div className="kanban-values" title={t('stages.values')}>
                {stage.values.map((value) => (
                  <span key={value} className="value-chip">
                    {value}
                  </span>
                ))}
              </div>
            )}
            <div className="kanban-actions">
              <button type="button" className="icon-button" onClick={() => {
                  editMapping((m) => moveStage(m, index, index - 1));
                  setMoved({ code: stage.code, direction: 'left' });
                }} disabled={!canMoveStage(mapping, index, index - 1)} aria-label={`${t('stages.moveLeft')}: ${stage.name}`} data-testid="stage-left">
                ←
              </button>
              <button type="button" className="icon-button" onClick={() => {
                  editMapping((m) => moveStage(m, index, index + 1));
                  setMoved({ code: stage.code, direction: 'right' });
                }} disabled={!canMoveStage(mapping, index, index + 1)} aria-label={`${t('stages.moveRight')}: ${stage.name}`} data-testid="stage-right">
                →
              </button>
              {stage.semantics !== 'success' && mapping.stages.length > 2 && (
                <select
                  className="select small"
                  value=""
                  aria-label={`${t('stages.mergeInto')} ${stage.name}`}
                  onChange={(event) => {
                    const into = Number(event.currentTarget.value);
                    editMapping((m) => mergeStage(m, index, into));
                  }}
                  data-testid="stage-merge"
                >
                  <option value="">{t('stages.mergeInto')}</option>
                  {mapping.stages.map((other, otherIndex) =>
                    otherIndex === index ? null : (
                      <option key={other.code} value={otherIndex}>
                        {other.name}
                      </option>
                    ),
                  )}
                </select>
              )}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
