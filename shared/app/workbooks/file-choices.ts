import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writePrivateFile } from '../../base/storage/write-private-file';
import type { TableChoice } from '../../sheet/spreadsheet/types';

/** What the person chose for one sheet of a file, kept so that opening the file again keeps it. */
export interface SheetChoices {
  /** Their header row and skipped rows. */
  table?: TableChoice;
  /** The header of the column they chose as the item title. */
  title?: string;
}

/**
 * The person's choices per opened file (by the path the app reads it from,
 * which for a dropped file is a copy named by its content) and sheet, in one
 * small file of the app's data folder. A choice that cannot be read back is
 * forgotten, never an error: the app then decides as for a new file.
 */
export interface FileChoices {
  read(sourcePath: string): Promise<Record<string, SheetChoices>>;
  /** Sets (or, with `undefined`, forgets) some choices of a sheet. */
  update(sourcePath: string, sheet: string, change: SheetChoices): Promise<void>;
}

/** The most files remembered; the oldest are forgotten first. */
const KEPT_FILES = 200;

/** Creates the store of choices in `dataDir`. */
export function createFileChoices(dataDir: string): FileChoices {
  const path = join(dataDir, 'file-choices.json');
  const load = async (): Promise<Record<string, Record<string, SheetChoices>>> => {
    try {
      const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, Record<string, SheetChoices>>) : {};
    } catch {
      return {};
    }
  };
  // Writes follow one another, so two quick choices never overwrite each other.
  let writing: Promise<void> = Promise.resolve();
  return {
    async read(sourcePath) {
      await writing;
      const all = await load();
      const sheets = all[sourcePath];
      return sheets !== null && typeof sheets === 'object' ? sheets : {};
    },
    update(sourcePath, sheet, change) {
      writing = writing.then(async () => {
        const all = await load();
        const { [sourcePath]: previous, ...others } = all;
        const sheets = { ...(previous ?? {}) };
        const merged: SheetChoices = { ...(sheets[sheet] ?? {}), ...change };
        for (const key of Object.keys(merged) as (keyof SheetChoices)[]) if (merged[key] === undefined) delete merged[key];
        if (Object.keys(merged).length > 0) sheets[sheet] = merged;
        else delete sheets[sheet];
        // The file just changed goes last: the oldest are at the front, where they are dropped.
        const kept = Object.entries(others).slice(-(KEPT_FILES - 1));
        const next = Object.fromEntries(Object.keys(sheets).length > 0 ? [...kept, [sourcePath, sheets]] : kept);
        await writePrivateFile(path, JSON.stringify(next));
      });
      return writing;
    },
  };
}
