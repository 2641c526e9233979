import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

/**
 * Keeps a copy of an opened spreadsheet under `<dataDir>/files/<hash>/<name>`
 * and returns its path. Migrations and syncs read the file from there, so
 * the app needs no path from the browser, and the original is never touched.
 * The same bytes always land in the same place.
 */
export async function keepSourceCopy(dataDir: string, fileName: string, bytes: Uint8Array): Promise<string> {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const safeName = basename(fileName.replace(/[\\/]/g, '_')).replace(/^\.+/, '') || 'spreadsheet';
  const folder = join(dataDir, 'files', hash);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const path = join(folder, safeName);
  await writeFile(path, bytes, { mode: 0o600 });
  return path;
}
