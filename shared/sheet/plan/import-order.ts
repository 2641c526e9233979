import type { PreparedRow } from './types';

/**
 * Rows in the order the first migration imports them: by `createdTime`
 * ascending (the portal refuses an imported item older than one already
 * there), rows without a history date last, sheet order
 * otherwise.
 */
export function importOrder(rows: readonly PreparedRow[]): PreparedRow[] {
  // Compared as instants: a clamped future date is UTC (`…Z`), sheet dates are local wall-clock time.
  const time = (row: PreparedRow): number | undefined => {
    const value = row.values['createdTime'];
    if (typeof value !== 'string') return undefined;
    const at = Date.parse(value.length === 10 ? `${value}T00:00:00` : value);
    return Number.isFinite(at) ? at : undefined;
  };
  if (!rows.some((row) => time(row) !== undefined)) return [...rows];
  return rows
    .map((row, index) => ({ row, index, at: time(row) }))
    .sort((a, b) => (a.at === undefined ? (b.at === undefined ? a.index - b.index : 1) : b.at === undefined ? -1 : a.at < b.at ? -1 : a.at > b.at ? 1 : a.index - b.index))
    .map(({ row }) => row);
}
