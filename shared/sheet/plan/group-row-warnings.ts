import { planWarningText } from './plan-warning-wording';
import type { PlanWarning, RowNote, RowWarning } from './types';

/**
 * Row warnings as a person reads them: the same note on several rows becomes
 * one warning naming the rows (`Rows 4, 7, 10 … (40), column “Клиент”: no
 * company “X” …`), in the order the notes first appear.
 */
export function groupRowNotes(warnings: readonly RowWarning[]): PlanWarning[] {
  const groups = new Map<string, { column: string | undefined; note: RowNote; rows: number[] }>();
  for (const warning of warnings) {
    const { row, column, ...note } = warning;
    const key = `${column ?? ''}\u0000${JSON.stringify(note)}`;
    const group = groups.get(key) ?? { column, note: note as RowNote, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ column, note, rows }) => ({
    code: 'ROWS',
    params: { rows: [...new Set(rows)].sort((a, b) => a - b), ...(column === undefined ? {} : { column }), note },
  }));
}

/** `groupRowNotes` as English lines (the command line's wording). */
export function groupRowWarnings(warnings: readonly RowWarning[]): string[] {
  return groupRowNotes(warnings).map((w) => planWarningText(w));
}
