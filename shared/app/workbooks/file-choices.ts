import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writePrivateFile } from '../../base/storage/write-private-file';
import type { Mapping } from '../../sheet/mapping/types';
import type { TableChoice } from '../../sheet/spreadsheet/types';

/**
 * What the person chose for one sheet of a file, kept so that opening the
 * file again keeps it. These belong to the file: how its table is read and
 * how its columns, stages, lists and people become a smart process. What
 * belongs to one run — who sees a new smart process, or which existing one
 * the rows go into — is chosen again on the Create tab each time.
 */
export interface SheetChoices {
  /** Their header row and skipped rows. */
  table?: TableChoice;
  /** The header of the column they chose as the item title (kept from before whole mappings were). */
  title?: string;
  /** The whole review, in the shape a project keeps its mapping. */
  mapping?: Mapping;
  /** The portal whose users `mapping.users` names; the matches hold on that portal only. */
  portalId?: string;
}

/**
 * How an opened file's choices are found: by the path the app reads it from
 * (in the desktop app the file where it lives, so an edited file keeps its
 * choices; for a dropped file a copy named by its content), and by each
 * sheet's content (`sheetFingerprint`), so a workbook saved again with the
 * same content — other bytes, another copy — finds them too.
 */
export interface ChoiceKeys {
  path: string;
  /** Sheet name → fingerprint of the sheet as the reader found it. */
  sheets: Record<string, string>;
}

/**
 * The person's choices per opened file and sheet, in one small file of the
 * app's data folder. A choice that cannot be read back is forgotten, never an
 * error: the app then decides as for a new file.
 */
export interface FileChoices {
  /** Per sheet: the choices kept for the file's path, else for the sheet's content. */
  read(keys: ChoiceKeys): Promise<Record<string, SheetChoices>>;
  /** Sets (or, with `undefined`, forgets) some choices of a sheet, under the file's path and the sheet's content. */
  update(keys: ChoiceKeys, sheet: string, change: SheetChoices): Promise<void>;
}

/** The most entries remembered (a file's path, and one per sheet content); the oldest are forgotten first. */
const KEPT_ENTRIES = 400;

/** Sheet contents are kept under keys no path can take. */
const contentKey = (fingerprint: string): string => `sheet-content:${fingerprint}`;

/** Choices as stored, with when they were last changed: an entry with nothing else says they were forgotten then. */
type Kept = SheetChoices & { at?: number };
type Stored = Record<string, Record<string, Kept>>;

/** Creates the store of choices in `dataDir`. */
export function createFileChoices(dataDir: string): FileChoices {
  const path = join(dataDir, 'file-choices.json');
  const load = async (): Promise<Stored> => {
    try {
      const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Stored) : {};
    } catch {
      return {};
    }
  };
  const sheetsOf = (all: Stored, key: string): Record<string, Kept> => {
    const sheets = all[key];
    return sheets !== null && typeof sheets === 'object' ? sheets : {};
  };
  // The newer of what was kept for the path and for the content: the same content may sit at several paths
  // (copies of each save), and a choice made on one of them — forgetting included — holds for all.
  const lookup = (all: Stored, keys: ChoiceKeys, sheet: string): SheetChoices | undefined => {
    const byPath = sheetsOf(all, keys.path)[sheet];
    const fingerprint = keys.sheets[sheet];
    const byContent = fingerprint === undefined ? undefined : sheetsOf(all, contentKey(fingerprint))[sheet];
    const newer = byContent !== undefined && (byPath === undefined || (byContent.at ?? 0) > (byPath.at ?? 0)) ? byContent : byPath;
    if (newer === undefined || typeof newer !== 'object') return undefined;
    const { at: _at, ...choices } = newer;
    return choices;
  };
  // Writes follow one another, so two quick choices never overwrite each other.
  let writing: Promise<void> = Promise.resolve();
  return {
    async read(keys) {
      await writing;
      const all = await load();
      const names = new Set([...Object.keys(sheetsOf(all, keys.path)), ...Object.keys(keys.sheets)]);
      const found: Record<string, SheetChoices> = {};
      for (const sheet of names) {
        const choices = lookup(all, keys, sheet);
        if (choices !== undefined && Object.keys(choices).length > 0) found[sheet] = choices;
      }
      return found;
    },
    update(keys, sheet, change) {
      writing = writing.then(async () => {
        const all = await load();
        const merged: Kept = { ...(lookup(all, keys, sheet) ?? {}), ...change };
        for (const key of Object.keys(merged) as (keyof SheetChoices)[]) if (merged[key] === undefined) delete merged[key];
        merged.at = Date.now();
        const fingerprint = keys.sheets[sheet];
        const entries = [keys.path, ...(fingerprint === undefined ? [] : [contentKey(fingerprint)])];
        const changed: Stored = {};
        for (const entry of entries) changed[entry] = { ...sheetsOf(all, entry), [sheet]: merged };
        // The entries just changed go last: the oldest are at the front, where they are dropped.
        const kept = Object.entries(all).filter(([entry]) => !(entry in changed));
        const fresh = Object.entries(changed);
        const next = Object.fromEntries([...kept.slice(-(KEPT_ENTRIES - fresh.length)), ...fresh]);
        await writePrivateFile(path, JSON.stringify(next));
      });
      return writing;
    },
  };
}
