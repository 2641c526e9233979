import { useState } from 'react';
import type { InferJobProgress, WorkbookSummary } from '../../../../shared/app/api/contract';
import { formatBytes } from '../../components/format';
import type { MessageKey } from '../../i18n/messages-en';
import { useT } from '../../i18n/use-t';
import { wordReadWarning } from '../../i18n/word-read-warning';
import { FileIcon } from '../../components/icons';
import { useAppStore } from '../../store/use-app-store';
import { FilePickButton } from '../import/file-pick-button';
import { useFileOpener } from '../import/use-file-opener';
import { RowsGrid } from './rows-grid';
import { StageStrip } from './stage-strip';
import { TableLayout } from './table-layout';
import { ReviewArea } from '../review/review-area';
import { ViewTabs } from '../review/view-tabs';
import type { WorkbookTab } from '../../store/review-slice';

/** How far inference is, as a whole percent: indexing the rows is most of the work, then each column, then stages and roles. */
function inferPercent({ phase, done, total }: InferJobProgress): number {
  const part = total > 0 ? done / total : 1;
  if (phase === 'indexing') return Math.floor(part * 45);
  if (phase === 'profiling') return 45 + Math.floor(part * 53);
  return 100;
}

const KNOWN_DELIMITERS = new Set([',', ';', '\t', '|']);
const TABS: WorkbookTab[] = ['rows', 'fields', 'stages', 'lists', 'people', 'preview', 'create'];

/** The opened file: its sheets as tabs, what the reader decided, and every row. */
export function WorkbookView({ summary, sheet }: { summary: WorkbookSummary; sheet: string }) {
  const t = useT();
  const selectSheet = useAppStore((state) => state.selectSheet);
  const schemaState = useAppStore((state) => state.schemaState);
  const tab = useAppStore((state) => state.workbookTab);
  const showTab = useAppStore((state) => state.showTab);
  const active = summary.sheets.find((candidate) => candidate.name === sheet) ?? summary.sheets[0]!;
  const open = useFileOpener();
  const [showNotes, setShowNotes] = useState(false);
  const [layoutOf, setLayoutOf] = useState<string | undefined>();
  const schema = schemaState.status === 'ready' && schemaState.sheet === active.name ? schemaState.schema : undefined;
  const count = (one: MessageKey, many: MessageKey, value: number): string => (value === 1 ? t(one) : t(many, { count: t.n(value) }));
  const facts = [
    summary.format === 'csv' ? t('workbook.csv') : t('workbook.excel'),
    formatBytes(summary.sizeBytes, t.language),
    summary.encoding ? summary.encoding.toUpperCase() : undefined,
    summary.delimiter ? t('workbook.separated', { delimiter: KNOWN_DELIMITERS.has(summary.delimiter) ? t(`workbook.delimiter.${summary.delimiter}` as MessageKey) : summary.delimiter }) : undefined,
    summary.format !== 'csv' ? count('workbook.sheet', 'workbook.sheets', summary.sheets.length) : undefined,
  ].filter(Boolean);

  return (
    <div className="workbook-view" data-testid="workbook-view">
      <div className="file-bar">
        <div className="file-bar-icon">
          <FileIcon size={34} />
        </div>
        <div className="file-bar-text">
          <div className="file-bar-name" data-testid="file-name">
            {summary.fileName}
          </div>
          <div className="file-bar-facts">{facts.join(' · ')}</div>
        </div>
        <FilePickButton className="button" label={t('workbook.openAnother')} buttonTestId="open-another" inputTestId="file-input" onFiles={open} />
      </div>

      {summary.sheets.length > 1 && (
        <div className="sheet-tabs" role="tablist" aria-label={t('workbook.sheetsLabel')}>
          {summary.sheets.map((candidate) => (
            <button
              type="button"
              role="tab"
              key={candidate.name}
              aria-selected={candidate.name === active.name}
              className={candidate.name === active.name ? 'sheet-tab active' : 'sheet-tab'}
              onClick={() => selectSheet(candidate.name)}
              data-testid="sheet-tab"
            >
              {candidate.name}
              <span className="sheet-tab-count">{t.n(candidate.rowCount)}</span>
            </button>
          ))}
        </div>
      )}

      <div className="sheet-summary">
        <span data-testid="row-count">{count('workbook.row', 'workbook.rows', active.rowCount)}</span>
        <span className="dot">·</span>
        <span>{count('workbook.column', 'workbook.columns', active.headers.length)}</span>
        {active.headerRow > 0 && (
          <>
            <span className="dot">·</span>
            <span>{t('workbook.headerOnRow', { row: active.headerRow })}</span>
          </>
        )}
        {(active.headerRow > 0 || active.warnings.length > 0) && (
          <button type="button" className="link-button" onClick={() => setLayoutOf(layoutOf === active.name ? undefined : active.name)} aria-expanded={layoutOf === active.name} data-testid="layout-toggle">
            {t('layout.change')}
          </button>
        )}
        {schemaState.status === 'loading' && (
          <>
            <span className="dot">·</span>
            <span className="muted-inline" data-testid="schema-loading" role="status">
              {schemaState.progress ? t('workbook.understandingPercent', { percent: inferPercent(schemaState.progress) }) : t('workbook.understanding')}
            </span>
          </>
        )}
        {active.warnings.length > 0 && (
          <button type="button" className="link-button" onClick={() => setShowNotes(!showNotes)} aria-expanded={showNotes} data-testid="reader-notes-toggle">
            {count('workbook.note', 'workbook.notes', active.warnings.length)}
          </button>
        )}
      </div>
      {showNotes && (
        <ul className="reader-notes" data-testid="reader-notes">
          {active.warnings.map((warning, index) => (
            <li key={index}>{wordReadWarning(t.language, warning)}</li>
          ))}
        </ul>
      )}

      {layoutOf === active.name && <TableLayout key={`layout/${summary.workbookId}/${active.name}`} onClose={() => setLayoutOf(undefined)} />}

      {active.rowCount > 0 && (
        <ViewTabs tabs={TABS} tab={tab} onShow={showTab} />
      )}

      {tab === 'rows' && schema?.stage && <StageStrip stage={schema.stage} />}

      {active.rowCount > 0 && tab !== 'rows' ? (
        <ReviewArea />
      ) : active.rowCount === 0 ? (
        <div className="empty-sheet" data-testid="empty-sheet">
          {active.headers.length === 0 ? t('workbook.emptySheet') : t('workbook.noRows')}
          {summary.sheets.length > 1 ? t('workbook.pickAnother') : ''}
        </div>
      ) : (
        <RowsGrid key={`${summary.workbookId}/${active.name}`} headers={active.headers} rowCount={active.rowCount} columns={schema?.columns} />
      )}
    </div>
  );
}
