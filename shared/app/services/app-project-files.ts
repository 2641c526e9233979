import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../base/errors/errors';
import { createBitrixClient, type BitrixClient } from '../../portal/bitrix/bitrix-client';
import { planLimits } from '../../portal/bitrix/rate-limiter';
import { SANDBOX_PORTAL_ID, type PortalRegistry } from '../../portal/portals/portal-registry';
import { readProject } from '../../sheet/project/project-file';
import type { ProjectFile } from '../../sheet/project/types';

/** A project file of the app's projects folder and what it holds. */
export interface ProjectFileEntry {
  path: string;
  project: ProjectFile;
}

/** The folder the app keeps its project files in. */
export function projectsDir(dataDir: string): string {
  return join(dataDir, 'projects');
}

/** Every readable project of the app's projects folder. */
export async function listProjectFiles(dataDir: string): Promise<ProjectFileEntry[]> {
  const dir = projectsDir(dataDir);
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.spm.json'));
  const out: ProjectFileEntry[] = [];
  for (const name of names) {
    const path = join(dir, name);
    // A damaged project file is left out of the list rather than hiding the others.
    const project = await readProject(path).catch(() => undefined);
    if (project) out.push({ path, project });
  }
  return out;
}

/** The project with this id, read afresh; `NOT_FOUND` when it left the projects folder. */
export async function findProjectFile(dataDir: string, projectId: string): Promise<ProjectFileEntry> {
  const found = (await listProjectFiles(dataDir)).find((file) => file.project.id === projectId);
  if (!found) throw new AppError('NOT_FOUND', 'This project is no longer in the app’s projects folder.', { hint: 'Open the projects list again.', params: { reason: 'projectGone' } });
  return found;
}

/** The saved portal a project belongs to, or undefined when that portal is not connected in the app. */
export async function projectPortalId(portals: PortalRegistry, project: ProjectFile): Promise<string | undefined> {
  if (project.portal.kind === 'sandbox') return SANDBOX_PORTAL_ID;
  return (await portals.list()).find((portal) => portal.kind === 'webhook' && portal.display === project.portal.display)?.id;
}

/**
 * A client for the portal a project belongs to. A project on a real portal
 * never falls back to the sandbox: rows would land in the wrong portal.
 */
export async function projectClient(portals: PortalRegistry, project: ProjectFile): Promise<BitrixClient> {
  const portalId = await projectPortalId(portals, project);
  if (!portalId) {
    throw new AppError('PORTAL_AUTH', `This project belongs to ${project.portal.display}, which is not connected in the app.`, {
      hint: 'Connect that portal (paste its inbound webhook URL), then try again. A project on a real portal never falls back to the sandbox.',
    });
  }
  return createBitrixClient({ webhookUrl: await portals.webhookFor(portalId), limits: planLimits('standard') });
}
