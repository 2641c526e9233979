import { AppError } from '../../base/errors/errors';
import { limitExceeded, READ_LIMITS } from './read-limits';
import { inflateEntry, localHeaderAgrees, ZipEntryError, type ZipEntry } from './read-zip';

/**
 * Refuses a zip whose directory declares parts past the bounds before
 * anything is inflated: one part too large, all parts together too large, or
 * a part that expands far more than real spreadsheet XML does.
 */
export function checkDeclaredSizes(entries: ReadonlyMap<string, ZipEntry>, fileName: string): void {
  let total = 0;
  for (const entry of entries.values()) {
    total += entry.size;
    const ratio = entry.compressedSize > 0 ? entry.size / entry.compressedSize : entry.size;
    if (entry.size > READ_LIMITS.partBytes) throw bomb('partBytes', entry, fileName, entry.size);
    if (entry.size > READ_LIMITS.ratioFloorBytes && ratio > READ_LIMITS.compressionRatio) throw bomb('compressionRatio', entry, fileName, Math.round(ratio));
  }
  if (total > READ_LIMITS.totalBytes) {
    throw limitExceeded(
      'totalBytes',
      `“${fileName}” expands to ${mb(total)} MB when unpacked, more than the ${mb(READ_LIMITS.totalBytes)} MB this tool reads.`,
      'Split the workbook (keep only the sheet with your table), save it as .xlsx and drop that copy.',
      { file: fileName },
      total,
    );
  }
}

function mb(bytes: number): string {
  return Math.round(bytes / (1024 * 1024)).toLocaleString('en-US');
}

function bomb(limit: 'partBytes' | 'compressionRatio', entry: ZipEntry, fileName: string, actual: number): AppError {
  const what =
    limit === 'partBytes'
      ? `its part ${entry.name} expands to ${mb(entry.size)} MB, more than the ${mb(READ_LIMITS.partBytes)} MB this tool reads`
      : `its part ${entry.name} expands ${actual}-fold (${mb(entry.compressedSize)} MB to ${mb(entry.size)} MB), far beyond real spreadsheet data`;
  return limitExceeded(limit, `“${fileName}” cannot be read safely: ${what}.`, 'The file is damaged or crafted to exhaust memory. Open it in Excel; if it opens, copy the table into a new workbook, save it and drop that copy.', { file: fileName }, actual, entry.name);
}

/** The error for a part that failed its inflate check: damaged, or expanding past the bounds despite what the directory declares. */
export function partError(error: ZipEntryError, fileName: string, corrupt: (cause?: unknown) => AppError): AppError {
  if (error.kind === 'damaged') {
    const damaged = corrupt(error);
    return new AppError('FILE_CORRUPT', `“${fileName}” is damaged: its part ${error.entry.name} cannot be unpacked (the compressed data is broken or incomplete).`, {
      hint: damaged.hint!,
      where: damaged.where!,
      params: { part: error.entry.name },
      cause: error,
    });
  }
  return bomb('partBytes', { ...error.entry, size: error.inflated }, fileName, error.inflated);
}


/**
 * Proves a whole zip-based workbook (.ods, .xlsb) safe to hand to a reader
 * that unpacks every part in memory without limits, as SheetJS does: the
 * declared sizes pass the bounds, and then every part is inflated as a
 * stream (nothing kept) and must end at exactly its declared size. A part
 * whose header lies about its size, or whose data is damaged, is caught
 * here, so what the reader then unpacks is known to fit the bounds.
 * `readers` see the named parts' bytes on the way (so a part is unpacked
 * once for every check); an error one of them throws ends the check.
 */
export async function checkZipParts(
  bytes: Uint8Array,
  entries: ReadonlyMap<string, ZipEntry>,
  fileName: string,
  corrupt: (cause?: unknown) => AppError,
  readers: Record<string, PartReader> = {},
): Promise<void> {
  checkDeclaredSizes(entries, fileName);
  const parts = [...entries.values()].filter((entry) => !entry.name.endsWith('/'));
  // SheetJS follows each part's local header, not the directory: both must describe the part that is checked here.
  const disagreeing = parts.find((entry) => !localHeaderAgrees(bytes, entry));
  if (disagreeing) {
    throw new AppError('FILE_CORRUPT', `“${fileName}” is damaged: the headers of its part ${disagreeing.name} contradict each other (compression or size).`, {
      hint: corrupt().hint!,
      where: { file: fileName },
      params: { part: disagreeing.name },
    });
  }
  try {
    // One part at a time: the check keeps nothing, and in parallel the inflate buffers of the large parts would add up.
    for (const entry of parts) {
      const reader = readers[entry.name];
      let failure: unknown;
      await inflateEntry(bytes, entry, {
        maxBytes: READ_LIMITS.partBytes,
        onChunk: reader
          ? (chunk) => {
              try {
                reader.chunk(chunk);
                return true;
              } catch (error) {
                failure = error;
                return false;
              }
            }
          : undefined,
      });
      if (failure !== undefined) throw failure;
      reader?.end();
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw error instanceof ZipEntryError ? partError(error, fileName, corrupt) : corrupt(error);
  }
}

/** Reads one part's inflated bytes as `checkZipParts` streams them; throws an `AppError` to refuse the file. */
export interface PartReader {
  chunk(bytes: Buffer): void;
  end(): void;
}
