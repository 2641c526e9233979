/**
 * Sheet names spreadsheet programs and exports give by default, or single generic words
 * that say nothing about the process: a smart process named after them reads as a placeholder.
 */
const GENERIC_SHEET_NAME = /^(sheet|лист|tabelle|feuille|hoja|table|таблица|data|данные|pipeline|export|экспорт|list|список)\s*\d*$/iu;

/** "crm_deals-2024.xlsx" → "Crm deals 2024": no extension, separators as spaces, first letter capital. */
function readable(name: string): string {
  const words = name
    .replace(/\.(xlsx|xlsm|xls|xlsb|ods|csv|tsv|txt)$/iu, '')
    .replace(/[_\-.]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  return words.charAt(0).toLocaleUpperCase() + words.slice(1);
}

/**
 * The name a new smart process gets before the user types one: the sheet's name
 * when it says something, else the file's name, written as words (no underscores
 * or extension). Falls back to the sheet's own name when neither is usable.
 */
export function defaultProcessTitle(sheetName: string, fileName: string, format: string): string {
  const sheet = readable(sheetName);
  const file = readable(fileName);
  const sheetSaysSomething = format !== 'csv' && sheet !== '' && !GENERIC_SHEET_NAME.test(sheet);
  const chosen = sheetSaysSomething ? sheet : file || sheet;
  return (chosen || sheetName).slice(0, 255);
}
