import { useRef, useState } from 'react';
import type { WorkbookSummary } from '../../../../shared/api/contract';
import { formatBytes, plural } from '../../components/format';
import { FileIcon } from '../../components/icons';
import { useAppStore } from '../../store/use-app-store';
import { ACCEPTED_FILES } from '../import/read-dropped-file';
import { useFileOpener } from '../import/use-file-opener';
import { RowsGrid } from './rows-grid';
import { StageStrip } from './stage-strip';

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/** The opened file: its sheets as tabs, what the reader decided, and every row. */
export function WorkbookView({ summary, sheet }: { summary: WorkbookSummary; sheet: string }) {
  const selectSheet = useAppStore((state) => state.selectSheet);
  const schemaState = useAppStore((state) => state.schemaState);
  const active = summary.sheets.find((candidate) => candidate.name === sheet) ?? summary.sheets[0]!;
  const open = useFileOpener();
  const input = useRef<HTMLInputElement>(null);
  const [showNotes, setShowNotes] = useState(false);
  const schema = schemaState.status === 'ready' && schemaState.sheet === active.name ? schemaState.schema : undefined;
  const facts = [
    summary.format === 'xlsx' ? 'Excel workbook' : 'CSV',
    formatBytes(summary.sizeBytes),
    summary.encoding ? summary.encoding.toUpperCase() : undefined,
    summary.delimiter ? `${DELIMITER_NAMES[summary.delimiter] ?? summary.delimiter}-separated` : undefined,
    summary.format === 'xlsx' ? plural(summary.sheets.length, 'sheet', 'sheets') : undefined,
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
        <button type="button" className="button" onClick={() => input.current?.click()} data-testid="open-another">
          Open another file…
        </button>
        <input
          ref={input}
          type="file"
          accept={ACCEPTED_FILES}
          hidden
          onChange={(event) => {
            open(event.currentTarget.files);
            event.currentTarget.value = '';
          }}
        />
      </div>

      {summary.sheets.length > 1 && (
        <div className="sheet-tabs" role="tablist" aria-label="Sheets">
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
              <span className="sheet-tab-count">{candidate.rowCount.toLocaleString('en-US')}</span>
            </button>
          ))}
        </div>
      )}

      <div className="sheet-summary">
        <span data-testid="row-count">{plural(active.rowCount, 'row', 'rows')}</span>
        <span className="dot">·</span>
        <span>{plural(active.headers.length, 'column', 'columns')}</span>
        {active.headerRow > 0 && (
          <>
            <span className="dot">·</span>
            <span>header on row {active.headerRow}</span>
          </>
        )}
        {schemaState.status === 'loading' && (
          <>
            <span className="dot">·</span>
            <span className="muted-inline" data-testid="schema-loading">
              understanding the columns…
            </span>
          </>
        )}
        {active.warnings.length > 0 && (
          <button type="button" className="link-button" onClick={() => setShowNotes(!showNotes)} aria-expanded={showNotes} data-testid="reader-notes-toggle">
            {plural(active.warnings.length, 'note from the reader', 'notes from the reader')}
          </button>
        )}
      </div>
      {showNotes && (
        <ul className="reader-notes" data-testid="reader-notes">
          {active.warnings.map((warning, index) => (
            <li key={index}>{warning.message}</li>
          ))}
        </ul>
      )}

      {schema?.stage && <StageStrip stage={schema.stage} />}

      {active.rowCount === 0 ? (
        <div className="empty-sheet" data-testid="empty-sheet">
          {active.headers.length === 0 ? 'This sheet is empty.' : 'This sheet has a header but no data rows.'}
          {summary.sheets.length > 1 ? ' Pick another sheet above.' : ''}
        </div>
      ) : (
        <RowsGrid key={`${summary.workbookId}/${active.name}`} headers={active.headers} rowCount={active.rowCount} columns={schema?.columns} />
      )}
    </div>
  );
}
