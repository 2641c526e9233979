/** Splits a multi-value cell on commas, semicolons and line breaks (the separators inference recognises). */
export function splitMulti(text: string): string[] {
  return text
    .split(/[;\n\r|]+|,(?!\d)/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
