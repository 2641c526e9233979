import { readFile } from 'node:fs/promises';
import { basename, relative, resolve, sep } from 'node:path';
import { AppError } from '../../base/errors/errors';
import type { PortalRegistry } from '../../portal/portals/portal-registry';
import { readProject } from '../../sheet/project/project-file';
import { projectsDir } from './app-projects';
import { writeBack } from '../../runs/results/write-back';

/** The copy with Bitrix24 ids as the app downloads it. */
export interface WriteBackDownload {
  fileName: string;
  bytes: Uint8Array;
  linked: number;
  empty: number;
}

/**
 * The app's write-back: only for a project in the app's own projects
 * folder (the UI never names another file), with the links on the origin of
 * the saved portal the project belongs to (the sandbox's loopback origin for
 * the built-in one). The copy is saved next to the project and its bytes
 * returned, so the UI offers it as a download.
 */
export async function writeBackForApp({ dataDir, portals, projectPath }: { dataDir: string; portals: PortalRegistry; projectPath: string }): Promise<WriteBackDownload> {
  const folder = resolve(projectsDir(dataDir));
  const path = resolve(folder, projectPath);
  const inside = relative(folder, path);
  if (inside.startsWith('..') || inside.includes(sep) || !path.endsWith('.spm.json')) {
    throw new AppError('INVALID_INPUT', 'Only a project of this app can be written back.', { hint: 'Open the project from the projects list.', params: { reason: 'writeBackForeign' } });
  }
  const project = await readProject(path);
  const saved = (await portals.list()).find((portal) => portal.kind === project.portal.kind && (portal.kind === 'sandbox' || portal.display === project.portal.display));
  const origin = saved?.origin ?? (project.portal.kind === 'webhook' ? new URL(project.portal.display).origin : undefined);
  if (origin === undefined) throw new AppError('PORTAL_AUTH', 'The sandbox portal is not running, so its links cannot be made.', { hint: 'Connect the sandbox portal again, then save the copy.' });
  // The app keeps the opened file as <dataDir>/files/<hash>/<original name>: the copy is named after the original.
  const result = await writeBack({ projectPath: path, portalOrigin: origin, displayName: basename(project.source.file) });
  return { fileName: result.fileName, bytes: new Uint8Array(await readFile(result.path)), linked: result.linked, empty: result.empty };
}
