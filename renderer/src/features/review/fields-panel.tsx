import type { ColumnSchema, ColumnType } from '../../../../shared/sheet/inference/types';
import type { BuiltinField, ColumnTarget, Mapping } from '../../../../shared/sheet/mapping/types';
import type { MappingCheck } from '../../../../shared/sheet/review/types';

type ColumnFit = MappingCheck['columnFits'][number];
import type { MessageKey } from '../../i18n/messages-en';
import { useT, type T } from '../../i18n/use-t';
import { formatIsoDate } from '../../components/format';
import { useAppStore } from '../../store/use-app-store';
import { titleColumn, titleTemplate } from './title-column';
import { editsByKey, isMultiple, setColumnTarget, setColumnType, setKeyColumn, setMultiple, setTitle, type TargetChoice } from './mapping-edits';
import { quoteName } from '../../i18n/quote-name';
import { wordEvidence } from '../../i18n/word-evidence';

const COLUMN_TYPES: ColumnType[] = ['string', 'text', 'integer', 'double', 'money', 'date', 'datetime', 'boolean', 'enumeration', 'url', 'email', 'phone', 'employee'];
const BUILTINS: BuiltinField[] = [
  'title',
  'stageId',
  'assignedById',
  'observers',
  'opportunity',
  'begindate',
  'closedate',
  'companyId',
  'contactIds',
  // History (import only, administrator only), the parent deal, notes to the timeline.
  'createdTime',
  'createdBy',
  'movedTime',
  'parentId2',
  'timelineComment',
];

function targetValue(target: ColumnTarget, isFunnel = false): string {
  if (isFunnel) return 'funnel';
  return target.kind === 'builtin' ? `builtin:${target.field}` : target.kind;
}

/**
 * Makes column `index` the funnel column (its values pick each row's
 * funnel; the column itself feeds no field), or, with `choice`, stops it
 * being one and sends it there. A previous funnel column becomes the new
 * field it would otherwise be.
 */
function withFunnelChoice(mapping: Mapping, index: number, value: string, customTargets: Parameters<typeof setColumnTarget>[3]): Mapping {
  const header = mapping.columns[index]!.header;
  if (value !== 'funnel') {
    const { funnel, ...rest } = mapping;
    const base: Mapping = funnel?.column === header ? rest : mapping;
    return setColumnTarget(base, index, choiceOf(value), customTargets);
  }
  const previous = mapping.columns.findIndex((column) => column.header === mapping.funnel?.column);
  let out = previous >= 0 && previous !== index ? setColumnTarget(mapping, previous, { kind: 'custom' }, customTargets) : mapping;
  out = setColumnTarget(out, index, { kind: 'skip' }, customTargets);
  return { ...out, funnel: { column: header, categories: [] } };
}

function choiceOf(value: string): TargetChoice {
  if (value.startsWith('builtin:')) return { kind: 'builtin', field: value.slice('builtin:'.length) as BuiltinField };
  return value === 'skip' ? { kind: 'skip' } : { kind: 'custom' };
}

/** One row per column: how its values are read, where they go, and which column is the row key. */
export function FieldsPanel() {
  const t = useT();
  const review = useAppStore((state) => state.review);
  const schemaState = useAppStore((state) => state.schemaState);
  const editMapping = useAppStore((state) => state.editMapping);
  if (review.status !== 'ready') return null;
  const { mapping, suggestion } = review;
  const schemaColumns = schemaState.status === 'ready' ? schemaState.schema.columns : [];
  const keyColumn = mapping.key.kind === 'column' ? mapping.key.columns[0] : undefined;
  const edits = editsByKey(mapping);
  const template = titleTemplate(mapping);
  // Preview edits are stored by row key, so a new key drops them: say so first.
  const changeKey = (header: string | null): void => {
    if (edits > 0 && !window.confirm(t('fields.keyDropsEdits', { count: t.n(edits) }))) return;
    editMapping((m) => setKeyColumn(m, header));
  };

  return (
    <div className="review-panel" data-testid="fields-panel">
      <label className="process-title">
        <span className="field-label">{t('review.processTitle')}</span>
        <input className="text-input" value={mapping.title} maxLength={255} onChange={(event) => editMapping((m) => setTitle(m, event.currentTarget.value))} data-testid="process-title" />
      </label>
      {template !== undefined && (
        <div className="notice" data-testid="fields-title-template">
          {t('fields.titleTemplate', { template: template.replace(/\{([^}]+)\}/g, (_, header: string) => quoteName(t.language, header)) })}
        </div>
      )}
      {template === undefined && titleColumn(mapping) === undefined && (
        <div className="problem error" role="alert" data-testid="fields-title-missing">
          <div>
            <div>{t('fields.titleMissing')}</div>
            <div className="problem-hint">{t('fields.titleMissingHint')}</div>
          </div>
        </div>
      )}
      <table className="fields-table">
        <thead>
          <tr>
            <th>{t('fields.column')}</th>
            <th>{t('fields.type')}</th>
            <th>{t('fields.target')}</th>
            <th>{t('fields.multiple')}</th>
            <th title={t('fields.keyHint')}>{t('fields.key')}</th>
            <th>{t('fields.examples')}</th>
          </tr>
        </thead>
        <tbody>
          {mapping.columns.map((column, index) => {
            const inferred = schemaColumns.find((candidate) => candidate.header === column.header);
            const dated = column.type === 'date' || column.type === 'datetime';
            const examples = (inferred?.examples ?? []).map((example) => (dated ? formatIsoDate(example, t.language) : example));
            const fit = review.check?.columnFits.find((candidate) => candidate.column === column.header);
            return (
              <tr key={column.header} className={column.target.kind === 'skip' ? 'skipped' : ''} data-testid="field-row">
                <td className="field-header">
                  {column.header}
                  {inferred && inferred.evidence.length > 0 && (
                    <div className={inferred.confidence < 0.7 ? 'field-evidence unsure' : 'field-evidence'} title={evidenceHint(t, inferred)} data-testid="field-evidence">
                      {t('evidence.sure', { percent: Math.round(inferred.confidence * 100) })}
                      {` · ${wordEvidence(t.language, inferred.evidence[0]!)}`}
                    </div>
                  )}
                </td>
                <td>
                  <select className="select" value={column.type} aria-label={`${t('fields.type')}: ${column.header}`} onChange={(event) => editMapping((m) => setColumnType(m, index, event.currentTarget.value as ColumnType))} data-testid="field-type">
                    {COLUMN_TYPES.map((type) => (
                      <option key={type} value={type}>
                        {t(`type.${type}` as MessageKey)}
                      </option>
                    ))}
                  </select>
                  {fit && <ColumnFitNote t={t} fit={fit} />}
                </td>
                <td>
                  <select
                    className="select"
                    value={targetValue(column.target, review.mapping.funnel?.column === column.header)}
                    aria-label={`${t('fields.target')}: ${column.header}`}
                    onChange={(event) => {
                      const value = event.currentTarget.value;
                      editMapping((m) => withFunnelChoice(m, index, value, suggestion.customTargets));
                    }}
                    data-testid="field-target"
                  >
                    <option value="custom">{t('fields.newField')}</option>
                    <optgroup label={t('fields.builtins')}>
                      {BUILTINS.map((field) => (
                        <option key={field} value={`builtin:${field}`}>
                          {t(`fields.builtin.${field}` as MessageKey)}
                        </option>
                      ))}
                    </optgroup>
                    {(column.type === 'enumeration' || review.mapping.funnel?.column === column.header) && <option value="funnel">{t('fields.funnel')}</option>}
                    <option value="skip">{t('fields.skip')}</option>
                  </select>
                </td>
                <td className="center">
                  <input
                    type="checkbox"
                    checked={isMultiple(column.target)}
                    disabled={column.target.kind !== 'custom'}
                    aria-label={`${t('fields.multiple')}: ${column.header}`}
                    onChange={(event) => editMapping((m) => setMultiple(m, index, event.currentTarget.checked))}
                  />
                </td>
                <td className="center">
                  <input type="radio" name="row-key" checked={keyColumn === column.header} aria-label={`${t('fields.key')}: ${column.header}`} onChange={() => changeKey(column.header)} data-testid="field-key" />
                </td>
                <td className="field-examples">{examples.slice(0, 3).join(' · ')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="key-hint">
        <label>
          <input type="radio" name="row-key" checked={keyColumn === undefined} onChange={() => changeKey(null)} /> {t('fields.noKey')}
        </label>
        <span className="muted-inline">{t('fields.keyHint')}</span>
      </div>
      <div className="key-hint">
        <label>
          <input type="checkbox" checked={mapping.createClients !== false} onChange={(event) => editMapping((m) => ({ ...m, createClients: event.currentTarget.checked }))} data-testid="create-clients" /> {t('fields.createClients')}
        </label>
        <span className="muted-inline">{t('fields.createClientsHint')}</span>
      </div>
    </div>
  );
}

/** Under a column's type: how many of its values cannot be sent as that type, and person values that match no user. */
function ColumnFitNote({ t, fit }: { t: T; fit: ColumnFit }) {
  return (
    <>
      {fit.unfit > 0 && fit.problem !== undefined && (
        <div className="field-fit warn-text" title={t('fields.unfitRows', { example: t(`preview.problem.${fit.problem}` as MessageKey, { text: fit.example ?? '' }) })} data-testid="field-unfit">
          {t(`fields.unfit.${fit.problem}` as MessageKey, { count: t.n(fit.unfit), filled: t.n(fit.filled) })}
        </div>
      )}
      {fit.unmatched > 0 && (
        <div className="field-fit muted-inline" data-testid="field-unmatched">
          {t('fields.unmatchedPeople', { count: t.n(fit.unmatched), filled: t.n(fit.filled) })}
        </div>
      )}
    </>
  );
}

/** What a column's hover hint says: every reason inference gave, one a line, in the UI language. */
function evidenceHint(t: T, column: ColumnSchema): string {
  return column.evidence.map((evidence) => wordEvidence(t.language, evidence)).join('\n');
}
