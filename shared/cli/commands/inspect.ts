import { pickSheet } from '../../sheet/spreadsheet/pick-sheet';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { AppError, toWireError } from '../../base/errors/errors';
import { inferSchema } from '../../sheet/inference/infer-schema';
import type { Schema } from '../../sheet/inference/types';
import { readWorkbook } from '../../sheet/spreadsheet/read-workbook';
import { readWarningText } from '../../sheet/spreadsheet/read-warning-wording';
import type { SheetTable, Workbook, WorkbookFormat } from '../../sheet/spreadsheet/types';
import type { CliCommand, CliIo } from '../types';
import { ExitCode } from '../types';

const USAGE = 'Usage: spmigrate inspect <file> [--sheet NAME] [--json]\n';

interface InspectArgs {
  file: string;
  sheet?: string;
  json: boolean;
}

function parseArgs(argv: string[]): InspectArgs | string {
  let file: string | undefined;
  let sheet: string | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--sheet') {
      sheet = argv[++i];
      if (sheet === undefined) return '--sheet needs a sheet name.';
    } else if (arg.startsWith('--sheet=')) sheet = arg.slice('--sheet='.length);
    else if (arg.startsWith('-')) return `unknown option “${arg}”.`;
    else if (file === undefined) file = arg;
    else return `only one file can be inspected at a time (got “${file}” and “${arg}”).`;
  }
  if (file === undefined) return 'the file to inspect is missing.';
  return sheet === undefined ? { file, json } : { file, sheet, json };
}


/** The JSON shape of `spmigrate inspect --json`, a stable contract scripts rely on (column numbers are 1-based). */
export interface InspectJson {
  file: string;
  format: WorkbookFormat;
  encoding?: string;
  delimiter?: string;
  sheets: string[];
  sheet: string;
  headerRow: number;
  dataRows: number;
  columns: {
    index: number;
    header: string;
    type: string;
    multiple: boolean;
    role: string | null;
    filled: number;
    distinct: number;
    confidence: number;
    examples: string[];
    currency?: string;
    values?: string[];
  }[];
  stage: { column: number; stages: { name: string; semantics: string; count: number }[] } | null;
  title: { column: number } | null;
  warnings: { code: string; message: string; column?: string; rows?: number[] }[];
}

/** Builds the `inspect --json` object from a workbook, the chosen table and its schema. */
export function toInspectJson(workbook: Workbook, table: SheetTable, schema: Schema): InspectJson {
  const json: InspectJson = {
    file: workbook.fileName,
    format: workbook.format,
    ...(workbook.encoding ? { encoding: workbook.encoding } : {}),
    ...(workbook.delimiter ? { delimiter: workbook.delimiter } : {}),
    sheets: workbook.sheets.map((s) => s.name),
    sheet: table.name,
    headerRow: table.headerRow,
    dataRows: table.rows.length,
    columns: schema.columns.map((c) => {
      const column: InspectJson['columns'][number] = {
        index: c.index + 1,
        header: c.header,
        type: c.type,
        multiple: c.multiple,
        role: c.role,
        filled: c.filled,
        distinct: c.distinct,
        confidence: c.confidence,
        examples: c.examples.slice(0, 5),
      };
      if (c.currency) column.currency = c.currency;
      if (c.values) column.values = c.values;
      return column;
    }),
    stage: schema.stage
      ? { column: schema.stage.column + 1, stages: schema.stage.stages.map((s) => ({ name: s.name, semantics: s.semantics, count: s.count })) }
      : null,
    // The documented shape: a title column or null; a proposed template is in the NO_TITLE_COLUMN warning.
    title: schema.title && schema.title.column !== null ? { column: schema.title.column + 1 } : null,
    warnings: [...table.warnings.map((w) => ({ ...w, message: readWarningText(w) })), ...schema.warnings].map((w) => {
      const warning: InspectJson['warnings'][number] = { code: w.code, message: w.message };
      if (w.column !== undefined) warning.column = w.column;
      if (w.rows !== undefined) warning.rows = w.rows.slice(0, 100);
      return warning;
    }),
  };
  return json;
}

function pad(text: string, width: number): string {
  const clipped = text.length > width ? `${text.slice(0, width - 1)}…` : text;
  return clipped + ' '.repeat(Math.max(0, width - clipped.length));
}

function printHuman(io: CliIo, json: InspectJson, schema: Schema): void {
  const lines: string[] = [];
  const dialect = json.format === 'csv' ? ` (${json.encoding}, delimiter ${json.delimiter === '\t' ? 'tab' : `“${json.delimiter}”`})` : '';
  lines.push(`${json.file}: ${json.format}${dialect}; sheets: ${json.sheets.join(', ')}`);
  lines.push(`Sheet “${json.sheet}”: header in row ${json.headerRow}, ${json.dataRows} data rows, ${json.columns.length} columns`);
  lines.push('');
  lines.push(`${pad('#', 3)} ${pad('Column', 24)} ${pad('Type', 14)} ${pad('Role', 10)} ${pad('Filled', 7)} ${pad('Distinct', 8)} ${pad('Conf', 5)} Examples`);
  for (const c of json.columns) {
    const type = `${c.type}${c.multiple ? '[]' : ''}${c.currency ? ` ${c.currency}` : ''}`;
    lines.push(
      `${pad(String(c.index), 3)} ${pad(c.header, 24)} ${pad(type, 14)} ${pad(c.role ?? '', 10)} ${pad(String(c.filled), 7)} ${pad(String(c.distinct), 8)} ${pad(c.confidence.toFixed(2), 5)} ${c.examples.slice(0, 3).join(' | ').slice(0, 60)}`,
    );
  }
  lines.push('');
  if (json.stage && schema.stage) {
    lines.push(`Stages from “${schema.stage.header}” (ordered by ${schema.stage.orderedBy.replace(/-/g, ' ')}):`);
    for (const s of json.stage.stages) lines.push(`  ${s.semantics === 'success' ? '✓' : s.semantics === 'failure' ? '✗' : '·'} ${pad(s.name, 30)} ${pad(s.semantics, 8)} ${s.count}`);
  } else lines.push('Stages: no stage column found.');
  if (json.title) lines.push(`Title: “${json.columns[json.title.column - 1]?.header}”`);
  else if (schema.title?.template) lines.push(`Title: no single column; proposed template ${schema.title.template}`);
  if (json.warnings.length > 0) {
    lines.push('');
    lines.push('Warnings:');
    for (const w of json.warnings) lines.push(`  [${w.code}] ${w.message}`);
  }
  io.stdout(`${lines.join('\n')}\n`);
}

/** `spmigrate inspect <file> [--sheet NAME] [--json]`: reads a spreadsheet and prints what was inferred. */
export const run: CliCommand = async (argv, io) => {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.stderr(`spmigrate inspect: ${args}\n${USAGE}`);
    return ExitCode.badInput;
  }
  const path = resolve(io.cwd, args.file);
  const fileName = basename(path);
  try {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (cause) {
      const code = (cause as { code?: string }).code;
      throw new AppError('NOT_FOUND', code === 'ENOENT' ? `“${args.file}” does not exist.` : `“${args.file}” cannot be read (${code ?? 'I/O error'}).`, {
        hint: code === 'EISDIR' ? 'Give the path of a file, not a folder.' : 'Check the path and the file permissions.',
        where: { file: fileName },
      });
    }
    const workbook = await readWorkbook(bytes, fileName, { signal: io.stopSignal, onProgress: () => undefined });
    const table = pickSheet(workbook, args.sheet);
    if (table.headerRow === 0 || table.headers.length === 0) {
      throw new AppError('FILE_NO_HEADER', `Sheet “${table.name}” of “${fileName}” has no table: no header row was found in its first rows.`, {
        hint: 'Put the column headers in one row above the data (within the first 30 rows), or choose another sheet with --sheet.',
        where: { file: fileName, sheet: table.name },
      });
    }
    const lookups = workbook.sheets.filter((s) => s !== table).map((s) => ({ name: s.name, headers: s.headers, rows: s.rows }));
    const schema = inferSchema(table, { lookups, signal: io.stopSignal });
    const json = toInspectJson(workbook, table, schema);
    if (args.json) io.stdout(`${JSON.stringify(json)}\n`);
    else printHuman(io, json, schema);
    return ExitCode.ok;
  } catch (error) {
    const wire = toWireError(error);
    if (wire.code === 'INTERNAL') throw error;
    io.stderr(`spmigrate inspect: ${wire.message}${wire.hint ? `\n${wire.hint}` : ''}\n`);
    if (args.json) io.stdout(`${JSON.stringify({ error: wire })}\n`);
    return ExitCode.badInput;
  }
};
