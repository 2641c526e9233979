import type { MessageKey } from '../../i18n/messages-en';
import type { PlanInto } from '../../../../shared/sheet/plan/types';
import { useT } from '../../i18n/use-t';

/**
 * How the sheet meets an existing smart process: each column and the field
 * it goes into (existing, new, or does not fit), each stage value and the
 * stage it goes into, what must be fixed first, and the settings that are
 * off and stay off.
 */
export function IntoReport({ into }: { into: PlanInto }) {
  const t = useT();
  const typeName = (userTypeId: string): string => {
    const key = `type.${userTypeId}` as MessageKey;
    const text = t(key);
    return text === key ? userTypeId : text;
  };
  const flagName = (flag: string): string => {
    const key = `create.flag.${flag}` as MessageKey;
    const text = t(key);
    return text === key ? flag : text;
  };
  return (
    <div className="into-report" data-testid="into-report">
      {into.problems.length > 0 && (
        <div className="problem error" role="alert" data-testid="into-problems">
          <div>
            <div>
              <strong>{t('into.problems')}</strong>
            </div>
            <ul className="problem-list">
              {into.problems.map((problem, index) => (
                <li key={index}>
                  {problem.field?.startsWith('UF_')
                    ? t('into.conflictLine', { column: problem.column ?? '', label: into.fields.find((field) => field.column === problem.column)?.label ?? problem.field })
                    : t('into.flagOffLine', { column: problem.column ?? '', field: problem.field ?? '' })}
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
      {into.settingsOff.length > 0 && (
        <div className="notice" data-testid="into-settings-off">
          <span>{t('into.settingsOff', { settings: into.settingsOff.map(flagName).join(', '), title: into.title })}</span>
        </div>
      )}
      <h3>{t('into.fields')}</h3>
      <table className="fields-table into-fields" data-testid="into-fields">
        <tbody>
          {into.fields.map((field) => (
            <tr key={field.column} data-status={field.status} data-testid="into-field">
              <td>{field.column}</td>
              <td>→</td>
              <td>
                {field.label} <span className="muted-inline">({typeName(field.userTypeId)})</span>
                {field.newItems && <div className="muted-inline">{t('into.newItems', { items: field.newItems.join(', ') })}</div>}
              </td>
              <td>
                <span className={`action-tag ${field.status === 'matched' ? 'unchanged' : field.status === 'new' ? 'create' : 'remove'}`}>{t(`into.status.${field.status}`)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {into.stages.length > 0 && (
        <>
          <h3>{t('into.stages')}</h3>
          <ul className="into-stages" data-testid="into-stages">
            {into.stages.map((stage) => (
              <li key={stage.name} data-status={stage.status}>
                {stage.name}
                {stage.into && ` → «${stage.into}»`} <span className={`action-tag ${stage.status === 'matched' ? 'unchanged' : 'create'}`}>{t(stage.status === 'matched' ? 'into.stage.matched' : 'into.stage.new')}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
