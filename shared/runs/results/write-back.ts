import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { AppError, toWireError, type WireError } from '../../base/errors/errors';
import { openJournal } from '../journal/open-journal';
import { prepareRows } from '../../sheet/plan/prepare-rows';
import { readProject } from '../../sheet/project/project-file';
import type { ProjectFile } from '../../sheet/project/types';
import { isLegacyFormat, legacyToXlsx, type LegacyFormat } from '../../sheet/spreadsheet/read-sheetjs';
import { readWorkbook } from '../../sheet/spreadsheet/read-workbook';
import type { SheetTable, Workbook } from '../../sheet/spreadsheet/types';
import { readSyncState } from '../sync/sync-state';
import { placedRowKeys } from '../sync/pair-changed-rows';
import { writeBackCsv } from './write-back-csv';

/** The headers of the two added columns, in the sheet's language. */
export const WRITE_BACK_HEADERS = {
  en: { id: 'Bitrix24 ID', link: 'Bitrix24 link' },
  ru: { id: 'ID в Битрикс24', link: 'Ссылка' },
} as const;

/** Where the copies' ownership is recorded, inside the project's data folder. */
const RECORD_FILE = 'write-back.json';

/** What to write back: a project, and the portal origin its links point to. */
export interface WriteBackInput {
  projectPath: string;
  /** `https://portal.bitrix24.ru` (or a sandbox's loopback origin): the links' origin, never a webhook. */
  portalOrigin: string;
  /** The sheet to copy (default: the project's source file). */
  sourceFile?: string;
  /** The file name the copy is named after (default: the source's); the app passes the name the person opened. */
  displayName?: string;
}

/** The copy written: where, and how many rows got an id. */
export interface WriteBackResult {
  path: string;
  fileName: string;
  format: Workbook['format'];
  /** Set when the source was .xls, .xlsb or .ods: the copy is an .xlsx, since those formats are not written. */
  convertedFrom?: LegacyFormat;
  /** Rows that got an id and a link. */
  linked: number;
  /** Table rows left empty: not created (failed or skipped), or deleted by a sync since. */
  empty: number;
}

/** The link to an item's card on the portal. */
export function itemCardUrl(portalOrigin: string, entityTypeId: number, itemId: number): string {
  return `${new URL(portalOrigin).origin}/crm/type/${entityTypeId}/details/${itemId}/`;
}

/** `<name> (Bitrix24).<ext>` for `<name>.<ext>`. */
export function writeBackName(fileName: string): string {
  const ext = extname(fileName);
  return `${basename(fileName, ext)} (Bitrix24)${ext}`;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function readBytes(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The item id of each table row (by index), from the journal; rows never
 * created, or deleted by a sync since, have none.
 */
async function itemIdsByRow(project: ProjectFile, folder: string, table: SheetTable): Promise<Array<number | undefined>> {
  const state = await readSyncState(resolve(folder, project.state));
  // The keys sync gave the rows: identical rows of a sheet without an ID column go by their place.
  const keys = placedRowKeys(prepareRows(table, project.mapping).keys, table, project.mapping, state);
  const journal = await openJournal(resolve(folder, project.journal));
  const ids = new Map<string, number>();
  try {
    for (const entry of journal.entries()) ids.set(entry.key, entry.itemId);
  } finally {
    await journal.close();
  }
  // A key whose row changed handed its item to the row's new key.
  return keys.map((key) => (state.rows[key]?.gone === 'deleted' || state.rows[key]?.gone === 'renamed' ? undefined : ids.get(key)));
}

/**
 * Where the copy goes: `<name> (Bitrix24).<ext>` next to the project file.
 * An existing file there is replaced only when it is our own earlier copy,
 * unchanged since (its hash is in the project's data folder); otherwise the
 * next free `(Bitrix24 2)`, `(Bitrix24 3)`… name is used. Never the source.
 */
async function targetPath(folder: string, recordPath: string, fileName: string, source: string): Promise<string> {
  const record = JSON.parse((await readFile(recordPath, 'utf8').catch(() => '{}')) || '{}') as { files?: Record<string, string> };
  const ours = record.files ?? {};
  const ext = extname(fileName);
  const stem = basename(fileName, ext);
  for (let n = 1; n < 1000; n++) {
    const candidate = join(folder, `${stem} (Bitrix24${n === 1 ? '' : ` ${n}`})${ext}`);
    if (resolve(candidate) === resolve(source)) continue;
    const existing = await readBytes(candidate);
    if (existing === undefined || ours[basename(candidate)] === sha256(existing)) return candidate;
  }
  throw new AppError('INVALID_INPUT', `Too many copies named “${stem} (Bitrix24 …)${ext}” in ${folder}.`, { hint: 'Move or delete older copies, then save again.', where: { file: folder }, params: { reason: 'tooManyCopies', name: `${stem} (Bitrix24 …)${ext}` } });
}

async function writeXlsx(bytes: Uint8Array, table: SheetTable, ids: Array<number | undefined>, headers: { id: string; link: string }, link: (id: number) => string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(table.name);
  if (!sheet) throw new AppError('INVALID_INPUT', `The sheet “${table.name}” is not in the file any more.`, { where: { sheet: table.name }, params: { reason: 'sheetGone' } });
  const last = Math.max(...table.columnNumbers, 1);
  const idColumn = last + 1;
  const linkColumn = last + 2;
  // Something already right of the table (notes, a second table): make room instead of writing over it.
  let occupied = false;
  sheet.eachRow({ includeEmpty: false }, (row) => {
    for (const column of [idColumn, linkColumn]) {
      const value = row.getCell(column).value;
      if (value !== null && value !== undefined && value !== '') occupied = true;
    }
  });
  if (occupied) sheet.spliceColumns(idColumn, 0, [], []);

  const headerStyle = sheet.getCell(table.headerRow, last).style;
  for (const [column, text] of [[idColumn, headers.id], [linkColumn, headers.link]] as const) {
    const cell = sheet.getCell(table.headerRow, column);
    cell.value = text;
    // The header looks like its neighbours (bold, fill, borders), as if the sheet always had it.
    cell.style = structuredClone(headerStyle);
  }
  table.rowNumbers.forEach((rowNumber, index) => {
    const id = ids[index];
    const idCell = sheet.getCell(rowNumber, idColumn);
    const linkCell = sheet.getCell(rowNumber, linkColumn);
    if (id === undefined) {
      idCell.value = null;
      linkCell.value = null;
      return;
    }
    const url = link(id);
    idCell.value = id;
    idCell.numFmt = '0';
    linkCell.value = { text: url, hyperlink: url };
    linkCell.font = { color: { argb: 'FF0563C1' }, underline: true };
  });
  sheet.getColumn(idColumn).width = Math.max(sheet.getColumn(idColumn).width ?? 0, headers.id.length + 4, 12);
  sheet.getColumn(linkColumn).width = Math.max(sheet.getColumn(linkColumn).width ?? 0, 48);
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

/**
 * Saves a copy of the project's sheet with two added columns, right after
 * the table: the Bitrix24 item id of each row and a link to its card
 * (`<origin>/crm/type/<entityTypeId>/details/<id>/`). The original is never
 * touched. xlsx keeps every sheet and its formatting (the header gets the
 * header row's style; title rows above and a totals row below stay as they
 * are); .xls, .xlsb and .ods get an .xlsx copy (values, formats, merges; not
 * other styles), since those formats are read but not written; csv keeps its encoding, byte-order mark, delimiter and line ends, and
 * text that a spreadsheet could run as a formula is neutralised. Rows not
 * created (failed, skipped, deleted since) get empty cells. The links carry
 * the portal's origin only, never a webhook.
 */
export async function writeBack(input: WriteBackInput): Promise<WriteBackResult> {
  const projectPath = resolve(input.projectPath);
  const folder = dirname(projectPath);
  const project = await readProject(projectPath);
  const { entityTypeId } = project.smartProcess;
  if (entityTypeId === null) {
    throw new AppError('INVALID_INPUT', 'This project has no smart process yet, so no row has an id to write back.', { hint: 'Run the migration first.', where: { file: projectPath }, params: { reason: 'nothingToWriteBack' } });
  }
  const source = resolve(input.sourceFile ?? resolve(folder, project.source.file));
  const bytes = await readBytes(source);
  if (!bytes) throw new AppError('NOT_FOUND', `The sheet ${source} is not there any more.`, { hint: 'Put the file back where it was migrated from, or pass the file to copy.', where: { file: source }, params: { reason: 'sourceFileMissing' } });
  const fileName = input.displayName ?? basename(source);
  const workbook = await readWorkbook(bytes, fileName, { signal: new AbortController().signal, onProgress: () => undefined });
  const only = workbook.format === 'csv' ? workbook.sheets[0] : undefined;
  const table = workbook.sheets.find((sheet) => sheet.name === project.source.sheet) ?? only;
  if (!table) throw new AppError('INVALID_INPUT', `The sheet “${project.source.sheet}” is not in ${fileName}.`, { where: { file: source, sheet: project.source.sheet }, params: { reason: 'sheetGone' } });

  const ids = await itemIdsByRow(project, folder, table);
  const headers = WRITE_BACK_HEADERS[project.mapping.language === 'ru' ? 'ru' : 'en'];
  const link = (id: number): string => itemCardUrl(input.portalOrigin, entityTypeId, id);
  const legacy = isLegacyFormat(workbook.format) ? workbook.format : undefined;
  const out =
    workbook.format === 'csv'
      ? writeBackCsv(bytes, workbook, table, ids, headers, link)
      : await writeXlsx(legacy ? await legacyToXlsx(bytes) : bytes, table, ids, headers, link);
  const copyName = legacy ? `${basename(fileName, extname(fileName))}.xlsx` : fileName;

  const recordPath = join(dirname(resolve(folder, project.journal)), RECORD_FILE);
  const target = await targetPath(folder, recordPath, copyName, source);
  const temporary = `${target}.${process.pid}.tmp`;
  await writeFile(temporary, out);
  await rename(temporary, target);
  const record = JSON.parse((await readFile(recordPath, 'utf8').catch(() => '{}')) || '{}') as { files?: Record<string, string> };
  await writeFile(recordPath, `${JSON.stringify({ files: { ...(record.files ?? {}), [basename(target)]: sha256(out) } }, null, 2)}\n`);
  const linked = ids.filter((id) => id !== undefined).length;
  const result: WriteBackResult = { path: target, fileName: basename(target), format: legacy ? 'xlsx' : workbook.format, linked, empty: ids.length - linked };
  if (legacy) result.convertedFrom = legacy;
  return result;
}

/** What a run's automatic write-back did: the copy, or why there is none (the run itself still succeeded). */
export type WriteBackOutcome = WriteBackResult | { error: WireError };

/**
 * Writes the copy after a `migrate`/`sync` run; a failure is returned, not
 * thrown: the rows are in the portal whatever happens to the copy.
 */
export async function writeBackAfterRun(input: WriteBackInput): Promise<WriteBackOutcome> {
  try {
    return await writeBack(input);
  } catch (error) {
    return { error: toWireError(error) };
  }
}

/** The line the CLI prints about the copy. */
export function formatWriteBack(outcome: WriteBackOutcome): string {
  if ('error' in outcome) return `  copy with Bitrix24 ids: not written — ${outcome.error.message}${outcome.error.hint ? ` ${outcome.error.hint}` : ''}`;
  const converted = outcome.convertedFrom ? `, saved as .xlsx: .${outcome.convertedFrom} files are read but not written` : '';
  return `  copy with Bitrix24 ids: ${outcome.path} (${outcome.linked} row(s) linked${outcome.empty > 0 ? `, ${outcome.empty} left empty: not created` : ''}${converted})`;
}
