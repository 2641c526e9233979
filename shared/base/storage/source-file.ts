import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { AppError } from '../errors/errors';
import { keepSourceCopy } from './keep-source-copy';

/** Where an opened spreadsheet will be read from by migrations and syncs, and whether that is the user's own file. */
export interface SourceFile {
  path: string;
  /** True: the user's file where it lives (desktop app); false: the app's private copy. */
  original: boolean;
}

const digest = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Decides which file a project will read. In the desktop app the renderer
 * tells where a dropped file lives; that path is used only if the file there
 * holds exactly the bytes that were opened (so a page cannot point the core
 * at some other file). Otherwise, and always in browser mode, where pages
 * never know paths, the app keeps a private copy (see `keepSourceCopy`).
 */
export async function resolveSourceFile(input: { dataDir: string; fileName: string; bytes: Uint8Array; sourcePath?: string; acceptsPaths: boolean }): Promise<SourceFile> {
  const { sourcePath } = input;
  if (sourcePath !== undefined) {
    if (!input.acceptsPaths) {
      throw new AppError('INVALID_INPUT', 'File paths are taken from the desktop app only.', { hint: 'Drop or pick the file instead.', where: { file: input.fileName }, params: { reason: 'pathsFromDesktopOnly' } });
    }
    if (isAbsolute(sourcePath)) {
      const onDisk = await readFile(sourcePath).catch(() => undefined);
      if (onDisk !== undefined && digest(onDisk) === digest(input.bytes)) return { path: sourcePath, original: true };
    }
  }
  return { path: await keepSourceCopy(input.dataDir, input.fileName, input.bytes), original: false };
}
