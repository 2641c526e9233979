import { compactRows } from './build-plan';
import type { RowWarning } from './types';

const ROW_PREFIX = /^Row \d+(?:, column “[^”]*”)?: /;

/**
 * Row warnings as lines a person reads: the same message on several rows
 * becomes one line naming the rows (`Rows 4, 7, 10 … (40), column “Клиент”:
 * no company “X” …`), in the order the messages first appear.
 */
export function groupRowWarnings(warnings: readonly RowWarning[]): string[] {
  const groups = new Map<string, { column: string | undefined; detail: string; rows: number[] }>();
  for (const warning of warnings) {
    const detail = warning.message.replace(ROW_PREFIX, '');
    const key = `${warning.column ?? ''}\u0000${detail}`;
    const group = groups.get(key) ?? { column: warning.column, detail, rows: [] };
    group.rows.push(warning.row);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ column, detail, rows }) => {
    const sorted = [...new Set(rows)].sort((a, b) => a - b);
    const place = `${sorted.length === 1 ? 'Row' : 'Rows'} ${compactRows(sorted)}${column === undefined ? '' : `, column “${column}”`}`;
    return `${place}: ${detail}`;
  });
}
