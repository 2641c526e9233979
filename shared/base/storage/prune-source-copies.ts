import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** How long a copy no project reads is kept: long enough to come back to a file reviewed but not yet migrated. */
export const UNUSED_COPY_DAYS = 30;

/**
 * Deletes the app's private copies of opened files (`<dataDir>/files/<hash>/`)
 * that no project reads and that nobody has opened for `UNUSED_COPY_DAYS`.
 * A copy a project reads (its source, or the version synced last) is never
 * deleted. Returns the folders it removed.
 */
export async function pruneSourceCopies(dataDir: string, projectsFolder: string, now = Date.now()): Promise<string[]> {
  const inUse = new Set<string>();
  const projectNames = await readdir(projectsFolder).catch(() => [] as string[]);
  for (const name of projectNames.filter((candidate) => candidate.endsWith('.spm.json'))) {
    const path = join(projectsFolder, name);
    // Read leniently: even a project file that no longer validates keeps its source alive.
    const source = await readFile(path, 'utf8')
      .then((text) => (JSON.parse(text) as { source?: { file?: unknown } }).source?.file)
      .catch(() => undefined);
    if (typeof source === 'string') inUse.add(resolve(dirname(path), source));
  }
  const filesFolder = join(dataDir, 'files');
  const removed: string[] = [];
  for (const hash of await readdir(filesFolder).catch(() => [] as string[])) {
    const folder = join(filesFolder, hash);
    const names = await readdir(folder).catch(() => [] as string[]);
    const paths = names.map((name) => join(folder, name));
    if (paths.some((path) => inUse.has(path))) continue;
    const times = await Promise.all(paths.map(async (path) => (await stat(path).catch(() => undefined))?.mtimeMs ?? 0));
    if (times.some((time) => now - time < UNUSED_COPY_DAYS * 24 * 3600 * 1000)) continue;
    await rm(folder, { recursive: true, force: true });
    removed.push(folder);
  }
  return removed;
}
