import { link, mkdir, open, readFile, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError } from '../../base/errors/errors';

/**
 * What the journal knows about one source row: the portal item it became
 * and a hash of the fields last sent for it.
 */
export interface JournalEntry {
  key: string;
  itemId: number;
  hash?: string;
}

/**
 * One line of the journal file (JSON lines).
 *
 * `pending`: these keys are about to be sent, outcome unknown until a later
 * `done` line settles them (`afterId` is the highest item id known then, so a
 * scan for them can start there). `done`: acknowledged rows and keys whose
 * attempt ended without an item (refused rows, or ones found missing).
 */
export type JournalRecord =
  | { op: 'pending'; keys: string[]; afterId: number; at: string }
  | { op: 'done'; items: Array<[key: string, itemId: number, hash?: string]>; cleared: string[]; at: string };

/**
 * A durable, append-only record of which rows exist in the portal.
 *
 * Every write is one `write` plus `fdatasync` before the promise resolves, so
 * a row is never acknowledged to the caller before it is on disk. `pending`
 * keys are those sent (or about to be) without a settled outcome: after a
 * crash they must be looked up in the portal before being sent again.
 */
export interface Journal {
  readonly path: string;
  get(key: string): JournalEntry | undefined;
  entries(): IterableIterator<JournalEntry>;
  readonly size: number;
  pending(): Array<{ key: string; afterId: number }>;
  readonly maxItemId: number;
  markPending(keys: readonly string[]): Promise<void>;
  settle(items: readonly JournalEntry[], cleared?: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens (or creates) the journal at `path` and replays it.
 *
 * A torn last line (the process died mid-write) is cut off so later appends
 * start on a clean line; any other unreadable line is an error, since
 * silently skipping it could duplicate rows.
 */
export async function openJournal(path: string): Promise<Journal> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await takeLock(`${path}.lock`);
  try {
    return await openLocked(path);
  } catch (error) {
    await rm(`${path}.lock`, { force: true });
    throw error;
  }
}

async function openLocked(path: string): Promise<Journal> {
  let text = '';
  let created = false;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    created = true;
  }
  const items = new Map<string, JournalEntry>();
  const pending = new Map<string, number>();
  let maxItemId = 0;
  const lastNewline = text.lastIndexOf('\n');
  const complete = lastNewline < 0 ? '' : text.slice(0, lastNewline + 1);
  const lines = complete.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index];
    if (!line) continue;
    let record: JournalRecord;
    try {
      record = JSON.parse(line) as JournalRecord;
    } catch {
      throw new Error(`Journal ${path} is damaged at line ${index + 1}; move it aside only if the portal is checked by hand.`);
    }
    apply(record);
  }

  // Row keys can be personal data (names, e-mails): the journal is readable by its owner only.
  const handle: FileHandle = await open(path, 'a+', 0o600);
  if (created) await syncDirectory(dirname(path));
  if (Buffer.byteLength(complete) !== Buffer.byteLength(text)) {
    await handle.truncate(Buffer.byteLength(complete));
    await handle.datasync();
  }
  let tail: Promise<void> = Promise.resolve();
  let closed = false;

  function apply(record: JournalRecord): void {
    if (record.op === 'pending') {
      for (const key of record.keys) pending.set(key, record.afterId);
    } else {
      for (const [key, itemId, hash] of record.items) {
        const entry: JournalEntry = { key, itemId };
        if (hash !== undefined) entry.hash = hash;
        items.set(key, entry);
        pending.delete(key);
        if (itemId > maxItemId) maxItemId = itemId;
      }
      for (const key of record.cleared) pending.delete(key);
    }
  }

  let broken: Error | undefined;

  function append(record: JournalRecord): Promise<void> {
    if (closed) return Promise.reject(new Error('The journal is closed.'));
    const line = `${JSON.stringify(record)}\n`;
    // Appends are chained so lines never interleave and the in-memory state
    // changes only once the line is durable.
    const next = tail.then(async () => {
      if (broken) throw broken;
      const { size } = await handle.stat();
      try {
        await handle.write(line);
        await handle.datasync();
      } catch (error) {
        // A half-written line (a full disk, say) would make the journal unreadable: cut back to the last
        // whole line and take no more appends, so the next run starts from a journal that says the truth.
        await handle.truncate(size).catch(() => undefined);
        broken = new Error(`The journal ${path} could not be written (${(error as Error).message}); the run stops here and can be resumed.`);
        throw broken;
      }
      apply(record);
    });
    tail = next.catch(() => undefined);
    return next;
  }

  return {
    path,
    get: (key) => items.get(key),
    entries: () => items.values(),
    get size() {
      return items.size;
    },
    pending: () => [...pending].map(([key, afterId]) => ({ key, afterId })),
    get maxItemId() {
      return maxItemId;
    },
    markPending: (keys) => (keys.length === 0 ? Promise.resolve() : append({ op: 'pending', keys: [...keys], afterId: maxItemId, at: new Date().toISOString() })),
    settle: (done, cleared = []) =>
      done.length === 0 && cleared.length === 0
        ? Promise.resolve()
        : append({
            op: 'done',
            items: done.map((entry) => (entry.hash === undefined ? [entry.key, entry.itemId] : [entry.key, entry.itemId, entry.hash])),
            cleared: [...cleared],
            at: new Date().toISOString(),
          }),
    close: async () => {
      if (closed) return;
      closed = true;
      await tail;
      await handle.close();
      await rm(`${path}.lock`, { force: true });
    },
  };
}

// Two loaders appending to one journal would each trust lines the other is
// still writing: a lock file names the owner; a dead owner's lock is taken over.
async function takeLock(lockPath: string): Promise<void> {
  // A run, sync or undo of the project holds the journal: a typed error, so the app can say a run is going on.
  const inUse = (owner: number | string): Error =>
    new AppError('INVALID_INPUT', `The journal ${lockPath.replace(/\.lock$/, '')} is in use by process ${owner}: a migration, sync or undo of this project is running.`, {
      hint: 'Wait until it ends, then run the command again.',
      appHint: 'Wait until it ends (its progress shows at the top of the window), then try again.',
      params: { reason: 'projectBusy' },
    });
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await writeFile(lockPath, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const stale = (await readFile(lockPath, 'utf8').catch(() => '')).trim();
    const owner = Number(stale);
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) throw inUse(owner);
    await removeDeadLock(lockPath, stale);
  }
  throw new Error(`Could not lock the journal (${lockPath}).`);
}

/**
 * Removes the lock file whose content was seen as `stale` (a dead owner).
 * Two processes may find the same dead lock: moving it aside is atomic, and
 * what was moved is checked, so if another process had already replaced the
 * dead lock with its own, that live lock is put back and this one steps aside.
 */
export async function removeDeadLock(lockPath: string, stale: string): Promise<void> {
  const aside = `${lockPath}.${process.pid}.stale`;
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = (await readFile(aside, 'utf8').catch(() => '')).trim();
  if (moved !== stale) {
    await link(aside, lockPath).catch(() => undefined);
    await rm(aside, { force: true });
    throw new Error(`The journal ${lockPath.replace(/\.lock$/, '')} is in use by process ${moved}.`);
  }
  await rm(aside, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// A new file survives a power cut only once its directory entry is synced too.
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some platforms (Windows) cannot open a directory; the file itself is synced.
  }
}
