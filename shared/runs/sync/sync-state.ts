import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../sheet/project/project-file';

/**
 * What the tool knows about one field of one item since the last run:
 * hashes of the sheet's value and of the portal's value then. A later sync
 * compares both: a changed sheet hash is an edit to apply, a changed portal
 * hash an edit made in the portal (a conflict).
 */
export interface FieldState {
  sheet: string;
  portal: string;
}

/** One source row: its item, its fields' state, and whether it has left the sheet. */
export interface RowState {
  itemId: number;
  fields: Record<string, FieldState>;
  /**
   * Set once the row's removal has been handled, so it is reported once.
   * `renamed`: a row of a sheet keyed by its content changed, so its key did;
   * its item now belongs to the new key and this key names no item.
   */
  gone?: 'kept' | 'deleted' | 'moved' | 'renamed';
  /** The sheet row it sat on at the last run, for recognising it once its content (and so its key) changed. */
  row?: number;
}

/** The sync state file: row key → state. */
export interface SyncState {
  version: 1;
  rows: Record<string, RowState>;
}

/** Reads the state file; a missing file is an empty state. */
export async function readSyncState(path: string): Promise<SyncState> {
  try {
    const json = JSON.parse(await readFile(path, 'utf8')) as SyncState;
    if (json.version !== 1 || typeof json.rows !== 'object' || json.rows === null) throw new Error('bad state');
    return json;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, rows: {} };
    throw error;
  }
}

/** Writes the state file atomically. */
export async function writeSyncState(path: string, state: SyncState): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(state)}\n`);
}
