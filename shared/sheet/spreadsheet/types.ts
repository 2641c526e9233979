/**
 * A cell value that Excel (or the CSV text) gave us with more than a primitive.
 *
 * `kind` says what the reader knew; `value` is the plain value a person sees.
 * Dates are wall-clock ISO strings without a time zone (`2024-03-05` or
 * `2024-03-05T09:30:00`), so no reader or machine time zone can shift them.
 * Treat cells as immutable: the xlsx reader shares one RichCell among cells
 * with equal content to keep 100,000-row sheets small.
 */
export interface RichCell {
  kind: 'date' | 'datetime' | 'number' | 'hyperlink' | 'formula' | 'error' | 'text';
  /** The plain value: a number for numbers, an ISO string for dates, text otherwise. */
  value: string | number | boolean | null;
  /** The Excel number format when it is not `General` (a type signal: currency, percent, `@`). */
  numFmt?: string;
  /** The link target of a hyperlink cell; `value` keeps its text. */
  hyperlink?: string;
  /** The formula of a formula cell; `value` is its cached result. */
  formula?: string;
  /** The text Excel would display, when it differs from `String(value)`. */
  text?: string;
}

/**
 * One cell as read: a primitive for plain values, a `RichCell` when Excel knew more.
 *
 * Primitives keep 100,000-row sheets small in memory. `null` is an empty cell.
 * CSV cells are always strings or `null`: CSV text is never typed by the reader.
 */
export type Cell = null | string | number | boolean | RichCell;

/**
 * Something the reader noticed and decided, which the person should know about.
 *
 * A code and its facts only: each UI language words it (the English wording,
 * which the command line prints, is `readWarningText`).
 */
export type ReadWarning = {
  /** 1-based source row numbers the warning is about. */
  rows?: number[];
  /** Header of the column the warning is about. */
  column?: string;
} & (
  | { code: 'TITLE_ROWS_SKIPPED'; rows: number[] }
  /** The person chose the header row (`row`), overriding the reader's guess; the rows above it are skipped. */
  | { code: 'HEADER_ROW_CHOSEN'; params: { row: number }; rows?: number[] }
  | { code: 'HEADER_ROWS_JOINED'; params: { groupRow: number; headerRow: number } }
  | { code: 'TOTALS_ROW_EXCLUDED'; params: { row: number } }
  | { code: 'BLANK_ROWS_DROPPED'; rows: number[] }
  /** `columns`: the letters of the dropped columns (C, F). */
  | { code: 'BLANK_COLUMNS_DROPPED'; params: { columns: string[] } }
  /** `reason`: `empty` — data under no header, named after its letter; `duplicate` — a repeated header, numbered. */
  | { code: 'HEADER_RENAMED'; column: string; params: { reason: 'empty' | 'duplicate'; letter: string; header: string; renamed: string } }
  | { code: 'MERGED_CELLS_FILLED'; params: { sheet: string } }
  | { code: 'ENCODING_GUESSED'; params: { file: string; encoding: string } }
  | { code: 'ROWS_TRUNCATED'; params: { sheet: string; declared: number; read: number } }
);

/** The codes of `ReadWarning`. */
export type ReadWarningCode = ReadWarning['code'];

/**
 * A data-validation list found on a column: the best evidence of an
 * enumeration or a stage column, and of the order of its values.
 */
export interface ValidationList {
  /** 0-based index into `SheetTable.headers`. */
  column: number;
  values: string[];
}

/**
 * The table region of one sheet: header row, headers and data rows.
 *
 * `rows[i][j]` is the cell under `headers[j]` in source row `rowNumbers[i]`.
 * Title rows above the header, blank rows, blank columns and a totals row are
 * already excluded (and reported in `warnings`).
 */
export interface SheetTable {
  name: string;
  /** 1-based row number of the header row in the sheet; 0 when the sheet is empty. */
  headerRow: number;
  headers: string[];
  /** 1-based source column number of each header. */
  columnNumbers: number[];
  rows: Cell[][];
  /** 1-based source row number of each data row. */
  rowNumbers: number[];
  validations: ValidationList[];
  warnings: ReadWarning[];
  /**
   * The non-blank rows the table left out (title rows, the header rows, a
   * totals row or rows the person skipped), at their source width, so the
   * table can be located again under another choice without reading the file.
   */
  setAside?: { rowNumber: number; cells: Cell[] }[];
}

/**
 * The person's own choice of a sheet's table region, over what `locateTable`
 * found: the header row, and which rows below it are not items.
 */
export interface TableChoice {
  /** 1-based sheet row of the header; rows above it are skipped as a title. */
  headerRow: number;
  /** 1-based sheet rows below the header that are not imported (titles, totals, notes); replaces the automatic totals-row check. */
  skippedRows: number[];
  /** 1-based sheet row of group labels joined over the header (“Заявка” over “№ п/п”); absent: the header row alone. */
  groupRow?: number;
}

/** The file formats the reader opens. */
export type WorkbookFormat = 'xlsx' | 'csv' | 'xls' | 'xlsb' | 'ods';

/**
 * A whole file as read: every sheet's table, in workbook order.
 *
 * A CSV file has one sheet, named after the file.
 */
export interface Workbook {
  fileName: string;
  format: WorkbookFormat;
  /** CSV only: the detected text encoding (`utf-8`, `utf-16le`, `windows-1251`, …). */
  encoding?: string;
  /** CSV only: the detected delimiter. */
  delimiter?: string;
  /** Workbooks only: true when the workbook uses the 1904 date system. */
  date1904?: boolean;
  sheets: SheetTable[];
}

/** Progress of reading one file. `done`/`total` are in `unit`s. */
export interface ReadProgress {
  phase: 'reading' | 'parsing' | 'finishing';
  done: number;
  total: number;
  unit: 'bytes' | 'rows';
}
