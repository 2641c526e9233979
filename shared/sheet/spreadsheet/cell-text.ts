import type { Cell } from './types';

/**
 * The text a person should see for a cell in a grid.
 *
 * Dates show as their ISO wall-clock value; a hyperlink shows its text.
 */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  if (cell.text !== undefined) return cell.text;
  return cell.value === null ? '' : String(cell.value);
}

/** True for a cell with nothing a person would call content. */
export function isBlankCell(cell: Cell | undefined): boolean {
  return cell === undefined || cell === null || cellText(cell).trim() === '';
}
