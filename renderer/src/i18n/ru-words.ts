/**
 * The pieces Russian texts are built from: plural forms by count, row and
 * column references, sizes and quoted lists.
 */

/** The Russian form of a noun for `count`: one (1, 21, 101), few (2–4, 22–24) or many (0, 5–20, 25). */
export function ruPlural(count: number, one: string, few: string, many: string): string {
  const tens = count % 100;
  const units = count % 10;
  if (tens >= 11 && tens <= 14) return many;
  if (units === 1) return one;
  if (units >= 2 && units <= 4) return few;
  return many;
}

/** A count with its noun: `1 строка`, `3 строки`, `12 строк`. */
export function ruCount(count: number, one: string, few: string, many: string): string {
  return `${count.toLocaleString('ru-RU')} ${ruPlural(count, one, few, many)}`;
}

/** `4–7` for a run of rows, `4, 9, 12` otherwise (at most `named` of them, then how many in all). */
export function ruRowList(rows: readonly number[], named = 20): string {
  if (rows.length === 0) return '';
  const consecutive = rows.every((row, i) => i === 0 || row === rows[i - 1]! + 1);
  if (consecutive) return rows.length === 1 ? String(rows[0]) : `${rows[0]}–${rows[rows.length - 1]}`;
  return rows.length <= named ? rows.join(', ') : `${rows.slice(0, named - 1).join(', ')} … (всего ${rows.length})`;
}

/** `строка 4` / `строки 4–7`: where in the sheet, in the nominative. */
export function ruRows(rows: readonly number[]): string {
  return `${rows.length === 1 ? 'строка' : 'строки'} ${ruRowList(rows)}`;
}

/** Values in Russian quotes, joined: `«А», «Б»`. */
export function ruQuoted(values: readonly string[]): string {
  return values.map((value) => `«${value}»`).join(', ');
}
