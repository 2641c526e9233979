import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../api/errors';
import { createBitrixClient, type BitrixClient } from '../bitrix/bitrix-client';
import { planLimits } from '../bitrix/rate-limiter';
import type { JobListeners, JobRunner } from '../jobs/job-runner';
import { EMBEDDED_SANDBOX } from '../migrate/connect-portal';
import { SANDBOX_PORTAL_ID, type PortalRegistry } from '../portals/portal-registry';
import { readProject } from '../project/project-file';
import type { ProjectFile } from '../project/types';
import { projectsDir } from '../runs/app-projects';
import type { UndoInput, UndoProgress, UndoResult } from './types';
import { undoMigration } from './undo-migration';

/** What the app asks to undo: a project of its projects folder; `confirmItems` is the count the person confirmed. */
export interface UndoRequest {
  projectId: string;
  force: boolean;
  confirmItems?: number;
}

/** Undoing the app's migrations: a preview (a dry run) and the undo itself as a job. */
export interface AppUndo {
  preview(request: UndoRequest, signal?: AbortSignal): Promise<UndoResult>;
  start(request: UndoRequest, listeners: JobListeners<UndoProgress, UndoResult>): Promise<string>;
}

/** Creates the app's undo over its projects folder and saved portals. */
export function createAppUndo({ dataDir, portals, jobs }: { dataDir: string; portals: PortalRegistry; jobs: JobRunner }): AppUndo {
  const inputFor = async (request: UndoRequest, dryRun: boolean): Promise<UndoInput> => {
    const { path, project } = await findProject(dataDir, request.projectId);
    const client = await clientFor(portals, project);
    const input: UndoInput = {
      projectPath: path,
      client,
      portal: project.portal.kind === 'sandbox' ? { kind: 'sandbox', display: EMBEDDED_SANDBOX } : project.portal,
      dryRun,
      force: request.force,
    };
    if (request.confirmItems !== undefined) input.confirmItems = request.confirmItems;
    return input;
  };
  return {
    async preview(request, signal) {
      return undoMigration(await inputFor(request, true), { signal: signal ?? new AbortController().signal, onProgress: () => undefined });
    },
    async start(request, listeners) {
      if (request.confirmItems === undefined) throw new AppError('INVALID_INPUT', 'An undo deletes data in the portal: confirm the number of items first.');
      const input = await inputFor(request, false);
      return jobs.start((control) => undoMigration(input, control), listeners, { isFinal: (progress) => progress.phase === 'done' });
    },
  };
}

async function findProject(dataDir: string, projectId: string): Promise<{ path: string; project: ProjectFile }> {
  const dir = projectsDir(dataDir);
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.spm.json'));
  for (const name of names) {
    const path = join(dir, name);
    const project = await readProject(path).catch(() => undefined);
    if (project?.id === projectId) return { path, project };
  }
  throw new AppError('NOT_FOUND', 'This project is no longer in the app’s projects folder.', { hint: 'Open the projects list again.' });
}

// A project on a real portal never falls back to the sandbox.
async function clientFor(portals: PortalRegistry, project: ProjectFile): Promise<BitrixClient> {
  const portalId = project.portal.kind === 'sandbox' ? SANDBOX_PORTAL_ID : (await portals.list()).find((portal) => portal.kind === 'webhook' && portal.display === project.portal.display)?.id;
  if (!portalId) {
    throw new AppError('PORTAL_AUTH', `This project belongs to ${project.portal.display}, which is not connected in the app.`, {
      hint: 'Connect that portal (paste its inbound webhook URL), then try again.',
    });
  }
  return createBitrixClient({ webhookUrl: await portals.webhookFor(portalId), limits: planLimits('standard') });
}
