const NEEDS_SPACE_FOLD = /\s\s|[\t\n\r\u00a0\u202f]|^\s|\s$/;

/** The value key used to count distinct values: case, spaces and ё/е do not matter. */
export function valueKey(text: string): string {
  let key = text.toLowerCase();
  // Most values need neither replacement; testing first avoids two allocations per cell.
  if (key.includes('ё')) key = key.replace(/ё/g, 'е');
  if (NEEDS_SPACE_FOLD.test(key)) key = key.replace(/\s+/g, ' ').trim();
  return key;
}
