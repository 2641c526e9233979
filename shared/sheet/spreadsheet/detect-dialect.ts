import Papa from 'papaparse';

/** The delimiters we consider, in tie-break order. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

const SAMPLE_CHARS = 64 * 1024;
const TYPED = [
  /^$/,
  /^[-+]?\d+([.,]\d+)?%?$/, // plain numbers, decimal comma or dot
  /^[-+]?\d{1,3}([ \u00a0.]\d{3})+(,\d+)?$/, // ru groups
  /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/, // en groups
  /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}( \d{1,2}:\d{2}(:\d{2})?)?$/,
  /^[^@\s]+@[^@\s]+\.[^@\s]+$/,
  /^(https?:\/\/|www\.)\S+$/i,
];

/**
 * Detects the delimiter of CSV text by the consistency of the rows (the
 * CleverCSV idea), not by the first line alone: each candidate is scored by
 * how regular the row lengths come out times how many cells look like a clean
 * value. A `;` file with decimal commas therefore stays `;` (papaparse's own
 * guesser picks `,` there).
 */
export function detectDelimiter(text: string): string {
  let sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  if (text.length > SAMPLE_CHARS) {
    const lastNewline = sample.lastIndexOf('\n');
    if (lastNewline > 0) sample = sample.slice(0, lastNewline);
  }
  let best: string = ',';
  let bestScore = -1;
  for (const delimiter of DELIMITERS) {
    const score = dialectScore(sample, delimiter);
    if (score > bestScore + 1e-9) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

/** CleverCSV-style score of one delimiter on a text sample (0 when it does not split anything). */
export function dialectScore(sample: string, delimiter: string): number {
  let rows: string[][];
  try {
    rows = Papa.parse<string[]>(sample, { delimiter, dynamicTyping: false, skipEmptyLines: 'greedy', preview: 500 }).data;
  } catch {
    return 0;
  }
  if (rows.length === 0) return 0;
  const lengths = new Map<number, number>();
  for (const row of rows) lengths.set(row.length, (lengths.get(row.length) ?? 0) + 1);
  let pattern = 0;
  for (const [length, count] of lengths) pattern += (count * (length - 1)) / length;
  pattern /= lengths.size;
  if (pattern <= 0) return 0;
  let cells = 0;
  let typed = 0;
  for (const row of rows) {
    for (const raw of row) {
      const cell = raw.trim();
      cells++;
      if (TYPED.some((regex) => regex.test(cell))) typed++;
      else if (!DELIMITERS.some((other) => other !== delimiter && other !== ',' && cell.includes(other))) typed += /,\S/.test(cell) && delimiter !== ',' ? 0.7 : 0.9;
    }
  }
  return pattern * (cells === 0 ? 0 : typed / cells);
}
