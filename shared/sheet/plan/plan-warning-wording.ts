import type { PlanWarning, RowNote, RowWarning } from './types';

/** `4–23` for consecutive source rows, else the first few and a count. */
export function compactRows(rows: readonly number[]): string {
  if (rows.length === 0) return '';
  const consecutive = rows.every((row, i) => i === 0 || row === rows[i - 1]! + 1);
  if (consecutive) return rows.length === 1 ? String(rows[0]) : `${rows[0]}–${rows[rows.length - 1]}`;
  return rows.length <= 6 ? rows.join(', ') : `${rows.slice(0, 5).join(', ')} … (${rows.length})`;
}

const quoted = (values: readonly string[]): string => values.map((value) => `“${value}”`).join(', ');

/** What happened to a row's value, in English, without the row: `2999-01-01 is in the future; …`. */
export function rowNoteText(note: RowNote): string {
  switch (note.code) {
    case 'FUTURE_HISTORY_DATE':
      return `${note.params.value} is in the future; the portal refuses future history dates, so the item gets the time of loading instead.`;
    case 'STAGE_DATE_WITHOUT_CREATED':
      return 'a stage date needs a creation date in the same row; it was left out (the portal takes the creation time).';
    case 'STAGE_DATE_BEFORE_CREATED':
      return `the stage date ${note.params.moved} is before the creation date ${note.params.created}; the creation date is used.`;
    case 'CREATED_BEFORE_NEWEST_ITEM':
      return `the smart process already has items created later (the newest on ${note.params.newest}), and the portal imports creation dates only in ascending order, so this item gets the time of loading instead.`;
    case 'DEAL_AMBIGUOUS':
      return `several deals are titled “${note.params.deal}”; the item is created without a deal (write the deal's id, e.g. D_123, to link it).`;
    case 'DEAL_NOT_FOUND':
      return `no deal “${note.params.deal}” in the portal (by id or exact title); the item is created without a deal.`;
    case 'COMPANY_NOT_FOUND':
      return `no company “${note.params.company}” in the portal; the item is created without it (creating clients is off).`;
    case 'CONTACTS_NOT_FOUND':
      return `no contact ${quoted(note.params.contacts)} in the portal; the item is created without ${note.params.contacts.length === 1 ? 'it' : 'them'} (creating clients is off).`;
  }
}

/** `Row 4, column “Клиент”` / `Rows 4–9`: the place of a row note. */
function rowPlace(rows: readonly number[], column: string | undefined): string {
  return `${rows.length === 1 ? 'Row' : 'Rows'} ${compactRows(rows)}${column === undefined ? '' : `, column “${column}”`}`;
}

/** One row warning as an English line: `Row 4, column “Создано”: 2999-01-01 is in the future; …`. */
export function rowWarningText(warning: RowWarning): string {
  return `${rowPlace([warning.row], warning.column)}: ${rowNoteText(warning)}`;
}

const SETTING_NAMES: Record<string, string> = {
  isBizProcEnabled: 'workflows (“Use business process designer”)',
  isAutomationEnabled: 'automation rules (“Use Automation rules and triggers”)',
};

/**
 * A plan warning in English: the command line's wording (which names its
 * commands and flags), or with `app` the app's English UI (which names what
 * to click instead).
 */
export function planWarningText(warning: PlanWarning, audience: 'cli' | 'app' = 'cli'): string {
  switch (warning.code) {
    case 'BLANK_STAGE_ROWS': {
      const { rows, stage } = warning.params;
      return `${rows.length} row(s) have no stage and go to the first stage “${stage}”: rows ${rows.slice(0, 20).join(', ')}.`;
    }
    case 'UNMATCHED_PEOPLE': {
      const { count, values, defaultUserId } = warning.params;
      return `${count} person value(s) match no portal user and get ${defaultUserId === null ? 'the webhook owner' : `user ${defaultUserId}`}: ${quoted(values)}.`;
    }
    case 'ROWS_CANNOT_BE_SENT':
      return audience === 'app'
        ? `${warning.params.count} row(s) cannot be sent as they are; the Preview tab shows why (“Rows with problems only”).`
        : `${warning.params.count} row(s) cannot be sent as they are; see failures.`;
    case 'PREVIEW_EDITS_SENT':
      return `${warning.params.count} cell(s) edited in the preview are sent instead of the sheet's text.`;
    case 'PREVIEW_EDIT_STALE': {
      const { row, column, value, sheetValue, sheetNow, rowChanged } = warning.params;
      if (rowChanged) return `Row ${row}, column “${column}”: the row has changed since the preview edit “${value}” was made (no row of the sheet holds what it held), so the edit no longer applies.`;
      return `Row ${row}, column “${column}”: the sheet now says “${sheetNow}”, so the preview edit “${value}” (made over “${sheetValue}”) no longer applies.`;
    }
    case 'PERSONAL_DATA': {
      const { words, columns, access } = warning.params;
      const held = columns.map((column) => `“${column.header}” (${column.holds})`).join(', ');
      const why = `This sheet looks like personal data${words.length > 0 ? ` (${words.join(', ')})` : ''}${held ? `: ${held}` : ''}.`;
      return access === 'open'
        ? `${why} The smart process will be open to everyone on the portal (the portal's default). To let only administrators and the roles you grant see it, create it closed: ${audience === 'app' ? 'choose “Who sees it” → “Closed”' : '--access closed (in the app: “Who sees it” → “Closed”)'}.`
        : `${why} The smart process is created closed: only administrators see it until you grant roles access in its permissions settings.`;
    }
    case 'SETTING_OFF': {
      const { title, setting } = warning.params;
      return `“${title}” has ${SETTING_NAMES[setting] ?? setting} off; this tool does not change an existing smart process's settings. To use them, switch them on in the smart process's settings (CRM → Smart processes → “${title}” → Edit).`;
    }
    case 'ROWS':
      return `${rowPlace(warning.params.rows, warning.params.column)}: ${rowNoteText(warning.params.note)}`;
    case 'NOT_ADMIN_CREATE':
      return 'The webhook belongs to a user who is not a portal administrator: creating the smart process needs CRM settings rights (“Allow to modify settings”). If the portal refuses, nothing is created and the run says so.';
    case 'HISTORY_LEFT_OUT':
      return `History left out: the webhook belongs to a user who is not a portal administrator, and Bitrix24 lets only an administrator set creation dates, authors and stage dates (crm.item.batchImport). The column(s) ${quoted(warning.params.columns)} are not loaded; items get the time of loading and the webhook's user as author. To keep the history, run the migration with an administrator's webhook.`;
    case 'HISTORY_NOT_KEPT':
      return 'History not kept: the portal refused crm.item.batchImport, so the items were created with crm.item.add, which cannot set creation dates, authors or stage dates.';
    case 'SEVERAL_SUCCESS_VALUES': {
      const { values, success } = warning.params;
      return `Several values mean “done” (${quoted(values)}); “${success}” is the success stage, the others become in-progress stages.`;
    }
    case 'ROWS_BY_FINGERPRINT':
      return `No column identifies rows uniquely; rows are identified by a fingerprint of ${quoted(warning.params.columns)}, so editing those cells looks like deleting the row and adding a new one. Add an ID column to the sheet to avoid this.`;
    case 'ALREADY_MIGRATED':
      return audience === 'app'
        ? 'This sheet was already migrated; creating it again would stop. Bring its changes over from Projects → Sync.'
        : `This sheet was already migrated (project ${warning.params.project}); migrate would stop. Use: spmigrate sync ${warning.params.project}`;
    case 'RESUMING':
      return `An interrupted migration (project ${warning.params.project}) will be resumed.`;
    case 'NOTE_FAILED':
      return warning.params.message;
  }
}
