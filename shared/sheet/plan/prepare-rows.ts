import { createHash } from 'node:crypto';
import { AppError } from '../../base/errors/errors';
import { inSlices } from '../../base/jobs/in-slices';
import { machineTimeZone, sheetInstant } from '../mapping/sheet-time';
import { splitMulti } from '../mapping/split-multi';
import type { CellOverride, ColumnMapping, Mapping, RowAnchor, StageMapping } from '../mapping/types';
import { cellText } from '../spreadsheet/cell-text';
import type { Cell, SheetTable } from '../spreadsheet/types';
import { cellFailure, readBoolean, readCurrency, readDate, readEmail, readLink, readNumber, readPhone, type CellReading } from './read-cell';
import { placeRowEdits, type PlacedEdits } from './row-anchor';
import type { CellProblem } from './read-cell';
import type { PreparedRow, RowFailure, RowWarning } from './types';

/** Rows ready to send (values still symbolic where the portal assigns ids), and the rows that cannot be sent. */
export interface PreparedRows {
  rows: PreparedRow[];
  /** The key of every row of the sheet, failed ones included (so a failed row never looks removed). */
  keys: string[];
  failures: RowFailure[];
  /** Source rows whose stage cell was blank (they go to the first stage). */
  blankStageRows: number[];
  /** Stage values that are no stage of the mapping (by source row). */
  unknownStageValues: Map<string, number[]>;
  /** Person values that map to no user (they get the default user). */
  unmatchedPeople: Set<string>;
  /** Values changed to fit the portal's rules (a future history date clamped to now, …): reported, not failed. */
  warnings: RowWarning[];
  /** How many cells were read from a preview edit instead of the sheet. */
  overriddenCells: number;
  /** Preview edits the sheet has since changed under: the sheet's new text won and the edit no longer applies. */
  staleOverrides: StaleOverride[];
  /** Per sent column (mapping order), how its cells fit its field; every cell is counted, not only a row's first bad one. */
  columnFits: ColumnFit[];
}

/** How the cells of one sent column fit where it goes. */
export interface ColumnFit {
  column: string;
  /** Cells with text. */
  filled: number;
  /** Cells that cannot be sent as the column's type (their rows cannot be sent). */
  unfit: number;
  /** What the first such cell should have been, and its text. */
  problem?: CellProblem;
  example?: string;
  /** Person cells naming someone who matches no portal user (sent with the default person). */
  unmatched: number;
}

/** A preview edit whose cell the sheet changed afterwards (the sheet wins, and it is reported). */
export interface StaleOverride {
  row: number;
  key: string;
  column: string;
  /** The edited text that no longer applies. */
  value: string;
  /** The sheet's text when the edit was made. */
  sheetValue: string;
  /** The sheet's text now (of the cell at the edit's place, for an edit whose row changed). */
  sheetNow: string;
  /** An edit tied to its sheet row: that row is no longer there as it was (another of its cells changed, or it is gone). */
  rowChanged?: true;
  /** The sheet row such an edit was tied to. */
  anchor?: RowAnchor;
}

/** Preview edits by row key, then by column (edits tied to a sheet row are placed by `placeRowEdits`). */
export function overridesByKey(overrides: readonly CellOverride[] | undefined): Map<string, Map<string, CellOverride>> {
  const byKey = new Map<string, Map<string, CellOverride>>();
  for (const edit of overrides ?? []) {
    if (edit.row !== undefined) continue;
    const row = byKey.get(edit.key) ?? new Map<string, CellOverride>();
    row.set(edit.column, edit);
    byKey.set(edit.key, row);
  }
  return byKey;
}

/** A row's preview edits: those made under its key, and those tied to its sheet row (which win for the same cell). */
export function rowEditsOf(byKey: Map<string, Map<string, CellOverride>>, placed: PlacedEdits, key: string, index: number): Map<string, CellOverride> | undefined {
  const keyed = key === '' ? undefined : byKey.get(key);
  const tied = placed.byRow.get(index);
  if (!tied) return keyed;
  return keyed ? new Map([...keyed, ...tied]) : tied;
}

/** A row-tied edit whose row is no longer there as it was, as reported. */
export function lostEdit(table: SheetTable, edit: CellOverride): StaleOverride {
  const anchor = edit.row!;
  const index = table.headers.indexOf(edit.column);
  const now = anchor.index < table.rows.length && index >= 0 ? cellText(table.rows[anchor.index]![index] ?? null).trim() : '';
  return { row: anchor.sourceRow, key: edit.key, column: edit.column, value: edit.value, sheetValue: edit.sheetValue, sheetNow: now, rowChanged: true, anchor };
}

/**
 * The cell to read for one column of a row: the preview edit while the
 * sheet still holds the text it was made over, else the sheet's own cell.
 */
export function effectiveCell(cell: Cell, edit: CellOverride | undefined): { cell: Cell; state: 'sheet' | 'edited' | 'stale' } {
  if (edit === undefined) return { cell, state: 'sheet' };
  if (cellText(cell).trim() !== edit.sheetValue.trim()) return { cell, state: 'stale' };
  return { cell: edit.value, state: 'edited' };
}

/** Milliseconds of a read date (`YYYY-MM-DD`, a wall-clock datetime of the sheet's zone, or a clamped UTC `…Z`). */
function instant(value: string, zone = machineTimeZone()): number {
  return sheetInstant(value, zone);
}

/** A history date no later than now (the portal refuses future history), in UTC so no time zone can move it past now. */
function clampToNow(value: string, now: number, zone: string): { value: string; clamped: boolean } {
  // Sheet datetimes carry no offset: they are wall-clock times of the sheet's zone.
  const at = instant(value, zone);
  if (!Number.isFinite(at) || at <= now) return { value, clamped: false };
  return { value: `${new Date(now).toISOString().slice(0, 19)}Z`, clamped: true };
}

/** The logical key of a custom field's value in `PreparedRow.values`. */
export function customKey(suffix: string): string {
  return `uf:${suffix}`;
}

function norm(text: string): string {
  return text.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
}

/** Finds the stage a sheet value belongs to (exact, then case/space/ё-insensitive). */
export function stageForValue(stages: readonly StageMapping[], value: string): StageMapping | undefined {
  return stages.find((stage) => stage.values.includes(value)) ?? stages.find((stage) => stage.values.some((v) => norm(v) === norm(value)));
}

/**
 * The row key of every row: the key column's text, several
 * columns joined with ` / `, or a fingerprint hash. Duplicate or empty keys
 * of a key column are an `INVALID_INPUT` error that lists the rows.
 */
export function rowKeys(table: SheetTable, mapping: Mapping): string[] {
  const indexes = mapping.key.columns.map((header) => {
    const index = table.headers.indexOf(header);
    if (index < 0) throw new AppError('INVALID_INPUT', `The key column “${header}” is not in the sheet “${table.name}”.`, { hint: 'Pick a key column that exists, with --mapping.', appHint: 'Pick a key column that exists (the row key in the Fields tab).', where: { sheet: table.name, column: header }, params: { reason: 'keyColumnMissing' }, followUps: [{ kind: 'edit-mapping' }] });
    return index;
  });
  const texts = table.rows.map((row) => indexes.map((index) => cellText(row[index] ?? null).trim()));
  if (mapping.key.kind === 'fingerprint') {
    const counts = new Map<string, number>();
    return texts.map((parts) => {
      const base = `fp-${createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16)}`;
      const n = (counts.get(base) ?? 0) + 1;
      counts.set(base, n);
      // Identical rows are distinct items; their order tells them apart.
      return n === 1 ? base : `${base}-${n}`;
    });
  }
  const keys = texts.map((parts) => (parts.every((part) => part === '') ? '' : parts.join(' / ')));
  const empty = keys.flatMap((key, i) => (key === '' ? [table.rowNumbers[i] ?? i + 1] : []));
  const rowsOf = new Map<string, number[]>();
  keys.forEach((key, i) => {
    if (key === '') return;
    const rows = rowsOf.get(key) ?? [];
    rows.push(table.rowNumbers[i] ?? i + 1);
    rowsOf.set(key, rows);
  });
  const duplicates = [...rowsOf].filter(([, rows]) => rows.length > 1).map(([key, rows]) => `“${key}” (rows ${rows.join(', ')})`);
  const keyName = mapping.key.columns.map((header) => `“${header}”`).join(' + ');
  if (empty.length > 0 || duplicates.length > 0) {
    const problems = [
      empty.length > 0 ? `empty in row(s) ${empty.slice(0, 20).join(', ')}${empty.length > 20 ? ' …' : ''}` : '',
      duplicates.length > 0 ? `repeated: ${duplicates.slice(0, 10).join(', ')}${duplicates.length > 10 ? ' …' : ''}` : '',
    ].filter(Boolean);
    throw new AppError('INVALID_INPUT', `The row key ${keyName} must be unique and filled; it is ${problems.join('; ')}.`, {
      hint: 'Fill or fix those cells, or choose another key (a composite of several columns) in a --mapping file.',
      appHint: 'Fill or fix those cells in the file, or choose another row key (several columns together) in the Fields tab.',
      followUps: [{ kind: 'edit-mapping' }],
      where: { sheet: table.name, column: mapping.key.columns.join(' + ') },
      // The facts for a wording in another language: which rows are empty, which keys repeat on which rows.
      params: {
        reason: empty.length > 0 && duplicates.length > 0 ? 'keyEmptyAndRepeated' : empty.length > 0 ? 'keyEmpty' : 'keyRepeated',
        emptyRows: `${empty.slice(0, 20).join(', ')}${empty.length > 20 ? ' …' : ''}`,
        repeated: `${[...rowsOf].filter(([, rows]) => rows.length > 1).slice(0, 10).map(([key, rows]) => `«${key}» (${rows.join(', ')})`).join(', ')}${duplicates.length > 10 ? ' …' : ''}`,
      },
    });
  }
  return keys;
}

/**
 * Turns every table row into item values, column by column, following the
 * mapping. Values the portal identifies by id (stages, enum items, clients)
 * stay symbolic here and are resolved once the portal side exists. A cell
 * that does not fit its field fails its row (never coerced).
 */
export function prepareRows(table: SheetTable, mapping: Mapping): PreparedRows {
  const preparing = startPreparing(table, mapping);
  preparing.prepare(0, table.rows.length);
  return preparing.out;
}

/** Rows prepared between yields by `prepareRowsAsync`. */
const PREPARE_SLICE = 4096;

/**
 * `prepareRows` for an event loop that must stay responsive (the app's row
 * check on every mapping edit): the same result, prepared a few thousand rows
 * at a time with a yield between slices; stops at `signal`.
 */
export async function prepareRowsAsync(table: SheetTable, mapping: Mapping, signal: AbortSignal): Promise<PreparedRows> {
  signal.throwIfAborted();
  const preparing = startPreparing(table, mapping);
  await inSlices(table.rows.length, PREPARE_SLICE, signal, preparing.prepare);
  return preparing.out;
}

/** Row preparation set up once per table and mapping, then run over ranges of rows in order. */
function startPreparing(table: SheetTable, mapping: Mapping): { out: PreparedRows; prepare: (from: number, to: number) => void } {
  const keys = rowKeys(table, mapping);
  const out: PreparedRows = { rows: [], keys, failures: [], blankStageRows: [], unknownStageValues: new Map(), unmatchedPeople: new Set(), warnings: [], overriddenCells: 0, staleOverrides: [], columnFits: [] };
  // The cells after a row's first bad one are still read, for the per-column counts only: their findings go here.
  const scratch = emptyPreparedRows();
  const fits = mapping.columns.map((column): ColumnFit => ({ column: column.header, filled: 0, unfit: 0, unmatched: 0 }));
  const person = mapping.columns.map((column) => personParts(column));
  out.columnFits = fits.filter((_, c) => mapping.columns[c]!.target.kind !== 'skip');
  const read = mappedCellReader(mapping);
  const headerOf = (field: string): string | undefined => mapping.columns.find((column) => column.target.kind === 'builtin' && column.target.field === field)?.header;
  const columnIndexes = mapping.columns.map((column) => table.headers.indexOf(column.header));
  const edits = overridesByKey(mapping.overrides);
  const placed = placeRowEdits(table, mapping);
  for (const edit of placed.lost) out.staleOverrides.push(lostEdit(table, edit));

  const prepareRow = (cells: readonly Cell[], i: number): void => {
    const sourceRow = table.rowNumbers[i] ?? i + 1;
    const values: Record<string, unknown> = {};
    const rowEdits = rowEditsOf(edits, placed, keys[i]!, i);
    let failed = false;
    mapping.columns.forEach((column, c) => {
      if (column.target.kind === 'skip') return;
      const index = columnIndexes[c] ?? -1;
      const sheetCell: Cell = index < 0 ? null : (cells[index] ?? null);
      const edit = rowEdits?.get(column.header);
      const { cell, state } = effectiveCell(sheetCell, edit);
      if (!failed && state === 'edited') out.overriddenCells++;
      else if (!failed && state === 'stale') out.staleOverrides.push({ row: sourceRow, key: keys[i]!, column: column.header, value: edit!.value, sheetValue: edit!.sheetValue, sheetNow: cellText(sheetCell).trim(), ...(edit!.row ? { anchor: edit!.row } : {}) });
      const reading = read(column, cell, failed ? scratch : out, sourceRow);
      const text = cellText(cell).trim();
      const fit = fits[c]!;
      if (text !== '') {
        fit.filled++;
        if (!reading.ok) {
          fit.unfit++;
          if (fit.problem === undefined && reading.problem !== undefined) {
            fit.problem = reading.problem;
            fit.example = reading.text ?? text;
          }
        }
        const parts = person[c];
        if (parts && parts(text).some((value) => mapping.users[value] == null)) fit.unmatched++;
      }
      if (failed) return;
      if (!reading.ok) {
        failed = true;
        out.failures.push({
          row: sourceRow,
          column: column.header,
          code: 'INVALID_INPUT',
          message: `Row ${sourceRow}, column “${column.header}”: ${reading.reason}.`,
          detail: reading.reason,
          ...(reading.problem !== undefined ? { problem: reading.problem, text: reading.text ?? '' } : {}),
        });
        return;
      }
      Object.assign(values, reading.value);
    });
    if (failed) return;
    checkMovedTime(values, sourceRow, headerOf, out.warnings);
    if (mapping.titleTemplate !== undefined && values['title'] === undefined) {
      values['title'] = mapping.titleTemplate.replace(/\{([^}]+)\}/g, (_, header: string) => {
        const index = table.headers.indexOf(header);
        return index < 0 ? '' : cellText(effectiveCell(cells[index] ?? null, rowEdits?.get(header)).cell).trim();
      });
    }
    out.rows.push({ key: keys[i]!, sourceRow, values });
  };
  return {
    out,
    prepare(from, to) {
      for (let i = from; i < to; i++) prepareRow(table.rows[i]!, i);
    },
  };
}

/** How a person column's cell splits into person values; undefined for other columns. */
function personParts(column: ColumnMapping): ((text: string) => string[]) | undefined {
  const target = column.target;
  const several = (target.kind === 'builtin' && target.field === 'observers') || (target.kind === 'custom' && target.userTypeId === 'employee' && target.multiple);
  const one = (target.kind === 'builtin' && (target.field === 'assignedById' || target.field === 'createdBy')) || (target.kind === 'custom' && target.userTypeId === 'employee' && !target.multiple);
  if (several) return splitMulti;
  return one ? (text) => [text] : undefined;
}

type Values = Record<string, unknown>;

/**
 * Reads cells the way `prepareRows` reads them, one column of one row at a
 * time: the logical field values a cell yields, or why it cannot be sent.
 * Side findings (unknown stage values, unmatched people, blank stages) go
 * into `out`. What does not depend on the cell (the first stage, "now") is
 * worked out once, not for each of 100,000s of cells.
 */
export function mappedCellReader(mapping: Mapping): (column: ColumnMapping, cell: Cell, out: PreparedRows, sourceRow: number) => CellReading<Values> {
  const firstProcess = mapping.stages.find((stage) => stage.semantics === 'process');
  // A minute of slack: the portal's clock may run a little behind this one.
  const now = Date.now() - 60_000;
  return (column, cell, out, sourceRow) => readColumn(column, cell, mapping, out, sourceRow, firstProcess, now);
}

/** An empty `PreparedRows` to collect side findings into. */
export function emptyPreparedRows(): PreparedRows {
  return { rows: [], keys: [], failures: [], blankStageRows: [], unknownStageValues: new Map(), unmatchedPeople: new Set(), warnings: [], overriddenCells: 0, staleOverrides: [], columnFits: [] };
}

/**
 * The portal wants `createdTime ≤ movedTime` and a stage date only with a
 * creation date: an earlier stage date becomes the creation
 * date; one without a creation date is left out. Both are reported.
 */
function checkMovedTime(values: Values, sourceRow: number, headerOf: (field: string) => string | undefined, warnings: RowWarning[]): void {
  const moved = values['movedTime'];
  if (typeof moved !== 'string') return;
  const created = values['createdTime'];
  const column = headerOf('movedTime');
  if (typeof created !== 'string') {
    values['movedTime'] = null;
    warnings.push({ row: sourceRow, ...(column ? { column } : {}), code: 'STAGE_DATE_WITHOUT_CREATED', params: {} });
  } else if (instant(moved) < instant(created)) {
    values['movedTime'] = created;
    warnings.push({ row: sourceRow, ...(column ? { column } : {}), code: 'STAGE_DATE_BEFORE_CREATED', params: { moved: moved.slice(0, 10), created: created.slice(0, 10) } });
  }
}

function readColumn(
  column: ColumnMapping,
  cell: Cell,
  mapping: Mapping,
  out: PreparedRows,
  sourceRow: number,
  firstProcess: StageMapping | undefined,
  now: number,
): CellReading<Values> {
  const target = column.target;
  const text = cellText(cell).trim();
  // What `isBlankCell` says, without reading the cell twice.
  const blank = text === '';
  const person = (value: string): number | null => {
    const id = mapping.users[value];
    if (id === undefined || id === null) {
      out.unmatchedPeople.add(value);
      return mapping.defaultUserId;
    }
    return id;
  };
  const single = (key: string, reading: CellReading<unknown>): CellReading<Values> => (reading.ok ? { ok: true, value: { [key]: reading.value } } : reading);

  if (target.kind === 'builtin') {
    switch (target.field) {
      case 'title':
        return { ok: true, value: { title: blank ? null : text } };
      case 'stageId': {
        if (blank) {
          out.blankStageRows.push(sourceRow);
          return { ok: true, value: { stageId: firstProcess?.code ?? null } };
        }
        const stage = stageForValue(mapping.stages, text);
        if (!stage) {
          const rows = out.unknownStageValues.get(text) ?? [];
          rows.push(sourceRow);
          out.unknownStageValues.set(text, rows);
          return cellFailure('stage', text, `“${text}” is not one of the stages (${mapping.stages.map((s) => s.name).join(', ')})`);
        }
        return { ok: true, value: { stageId: stage.code } };
      }
      case 'assignedById':
        return { ok: true, value: { assignedById: blank ? mapping.defaultUserId : person(text) } };
      case 'observers':
        return { ok: true, value: { observers: blank ? [] : splitMulti(text).map(person).filter((id): id is number => id !== null) } };
      case 'opportunity': {
        if (blank) return { ok: true, value: { opportunity: null } };
        const reading = readNumber(cell, column.format);
        if (!reading.ok) return reading;
        return { ok: true, value: { opportunity: reading.value, currencyId: readCurrency(cell) ?? column.currency ?? mapping.currency } };
      }
      case 'begindate':
      case 'closedate':
        return blank ? { ok: true, value: { [target.field]: null } } : single(target.field, readDate(cell, column.format, mapping.language, false));
      case 'companyId':
        return { ok: true, value: { companyId: blank ? null : text } };
      case 'createdTime':
      case 'movedTime': {
        if (blank) return { ok: true, value: { [target.field]: null } };
        const reading = readDate(cell, column.format, mapping.language, true);
        if (!reading.ok) return reading;
        // The portal refuses history in the future: such a date becomes "now", and the row says so.
        const clamped = clampToNow(reading.value, now, mapping.timeZone ?? machineTimeZone());
        if (clamped.clamped) {
          out.warnings.push({ row: sourceRow, column: column.header, code: 'FUTURE_HISTORY_DATE', params: { value: text } });
        }
        return { ok: true, value: { [target.field]: clamped.value } };
      }
      case 'createdBy':
        return { ok: true, value: { createdBy: blank ? null : person(text) } };
      case 'parentId2':
        return { ok: true, value: { parentId2: blank ? null : text } };
      case 'timelineComment':
        return { ok: true, value: { timelineComment: blank ? null : cellText(cell).replace(/\r\n?/g, '\n').trim() } };
      case 'contactIds':
        return { ok: true, value: { contactIds: blank ? [] : splitMulti(text) } };
    }
  }
  if (target.kind !== 'custom') return { ok: true, value: {} };
  const key = customKey(target.suffix);
  if (blank) return { ok: true, value: { [key]: target.multiple ? [] : null } };
  const parts = target.multiple ? splitMulti(text) : [text];
  const results: unknown[] = [];
  for (const part of parts) {
    const partCell: Cell = target.multiple ? part : cell;
    let reading: CellReading<unknown>;
    switch (target.userTypeId) {
      case 'string': {
        // E-mails and phones are text fields in the portal; the column's type says what each value must look like.
        const value = target.multiple ? part : text;
        reading = column.type === 'email' ? readEmail(value) : column.type === 'phone' ? readPhone(value) : { ok: true, value };
        break;
      }
      case 'url':
        reading = target.multiple ? readLink(part, part) : readLink(cell, text);
        break;
      case 'integer': {
        const n = readNumber(partCell, column.format);
        reading = n.ok && !Number.isInteger(n.value) ? cellFailure('whole-number', part, `“${part}” is not a whole number`) : n;
        break;
      }
      case 'double':
        reading = readNumber(partCell, column.format);
        break;
      case 'money': {
        const n = readNumber(partCell, column.format);
        reading = n.ok ? { ok: true, value: `${Math.round(n.value * 100) / 100}|${readCurrency(partCell) ?? column.currency ?? mapping.currency}` } : n;
        break;
      }
      case 'boolean':
        reading = readBoolean(partCell);
        break;
      case 'date':
      case 'datetime':
        reading = readDate(partCell, column.format, mapping.language, target.userTypeId === 'datetime');
        break;
      case 'enumeration': {
        const wanted = column.valueMap?.[part] ?? part;
        const item = (target.items ?? []).find((v) => v === wanted) ?? (target.items ?? []).find((v) => norm(v) === norm(wanted));
        reading = item === undefined ? cellFailure('list-item', part, `“${part}” is not one of the list items`) : { ok: true, value: item };
        break;
      }
      case 'employee': {
        const id = person(part);
        reading = { ok: true, value: id };
        break;
      }
    }
    if (!reading.ok) return reading;
    if (reading.value !== null) results.push(reading.value);
  }
  return { ok: true, value: { [key]: target.multiple ? results : (results[0] ?? null) } };
}
