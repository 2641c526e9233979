import type { ReadWarning } from './types';

/** `4–7` for a run of rows, `4, 9, 12` otherwise (at most 20 named, then a count). */
export function rowList(rows: readonly number[]): string {
  if (rows.length === 0) return '';
  const consecutive = rows.every((row, i) => i === 0 || row === rows[i - 1]! + 1);
  if (consecutive) return rows.length === 1 ? String(rows[0]) : `${rows[0]}–${rows[rows.length - 1]}`;
  return rows.length <= 20 ? rows.join(', ') : `${rows.slice(0, 20).join(', ')} … (${rows.length})`;
}

/**
 * A reader warning in English: the command line's wording, and the app's in
 * its English UI (the Russian UI words the same code and facts itself).
 */
export function readWarningText(warning: ReadWarning): string {
  switch (warning.code) {
    case 'TITLE_ROWS_SKIPPED':
      return warning.rows.length === 1
        ? `Row ${warning.rows[0]} above the header looks like a title and was skipped.`
        : `Rows ${rowList(warning.rows)} above the header look like a title and were skipped.`;
    case 'HEADER_ROW_CHOSEN': {
      const above = warning.rows ?? [];
      return `Row ${warning.params.row} is the header, as chosen${above.length === 0 ? '.' : `; ${above.length === 1 ? `row ${above[0]}` : `rows ${rowList(above)}`} above it ${above.length === 1 ? 'is' : 'are'} skipped.`}`;
    }
    case 'HEADER_ROWS_JOINED': {
      const { groupRow, headerRow } = warning.params;
      return `Rows ${groupRow} and ${headerRow} form one header: the group names of row ${groupRow} were joined with the headers below them (“Group / Header”).`;
    }
    case 'TOTALS_ROW_EXCLUDED':
      return `Row ${warning.params.row} looks like a totals row and was not imported.`;
    case 'BLANK_ROWS_DROPPED':
      return warning.rows.length === 1
        ? `Blank row ${warning.rows[0]} inside the table was dropped.`
        : `${warning.rows.length} blank rows inside the table were dropped: rows ${rowList(warning.rows)}.`;
    case 'BLANK_COLUMNS_DROPPED': {
      const { columns } = warning.params;
      return columns.length === 1 ? `Blank column ${columns[0]} was dropped.` : `${columns.length} blank columns were dropped: ${columns.join(', ')}.`;
    }
    case 'HEADER_RENAMED': {
      const { reason, letter, header, renamed } = warning.params;
      return reason === 'empty'
        ? `Column ${letter} has data but no header; it is called “${renamed}”. Type a header in the file to name it.`
        : `“${header}” appears more than once; the one in column ${letter} is called “${renamed}”.`;
    }
    case 'MERGED_CELLS_FILLED':
      return `Merged cells in “${warning.params.sheet}” were filled down: each row of a merged block gets the block's value.`;
    case 'ENCODING_GUESSED':
      return `“${warning.params.file}” has no byte-order mark and is not UTF-8; it was read as ${warning.params.encoding}. If letters look wrong, save it as “CSV UTF-8” and drop it again.`;
    case 'ROWS_TRUNCATED':
      return `“${warning.params.sheet}” declares ${warning.params.declared} rows; only the first ${warning.params.read} were read.`;
  }
}
