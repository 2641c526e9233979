import { AppError } from '../../base/errors/errors';
import type { JobListeners, JobRunner } from '../../base/jobs/job-runner';
import { EMBEDDED_SANDBOX } from '../../runs/migrate/connect-portal';
import type { PortalRegistry } from '../../portal/portals/portal-registry';
import { findProjectFile, projectClient } from './app-project-files';
import type { UndoInput, UndoProgress, UndoResult } from '../../runs/undo/types';
import { undoMigration } from '../../runs/undo/undo-migration';
import { sandboxAppSession } from '../../runs/automation/sandbox-app-session';

/**
 * What the app asks to undo: a project of its projects folder and the
 * person's choices; `confirmItems` and `confirmClients` are the counts the
 * person confirmed.
 */
export interface UndoRequest {
  projectId: string;
  force: boolean;
  /** Remove the companies and contacts the migration created that nothing else uses. */
  removeClients?: boolean;
  /** With `removeClients`: those edited in the portal since too. */
  forceClients?: boolean;
  /** Remove the workflow templates the migration installed when the smart process goes. */
  removeWorkflows?: boolean;
  confirmItems?: number;
  confirmClients?: number;
}

/** Undoing the app's migrations: a preview (a dry run) and the undo itself as a job. */
export interface AppUndo {
  preview(request: UndoRequest, signal?: AbortSignal): Promise<UndoResult>;
  start(request: UndoRequest, listeners: JobListeners<UndoProgress, UndoResult>): Promise<string>;
}

/** Creates the app's undo over its projects folder and saved portals. */
export function createAppUndo({ dataDir, portals, jobs }: { dataDir: string; portals: PortalRegistry; jobs: JobRunner }): AppUndo {
  const inputFor = async (request: UndoRequest, dryRun: boolean): Promise<UndoInput> => {
    const { path, project } = await findProjectFile(dataDir, request.projectId);
    const client = await projectClient(portals, project);
    const input: UndoInput = {
      projectPath: path,
      client,
      portal: project.portal.kind === 'sandbox' ? { kind: 'sandbox', display: EMBEDDED_SANDBOX } : project.portal,
      dryRun,
      force: request.force,
      removeClients: request.removeClients === true,
      forceClients: request.removeClients === true && request.forceClients === true,
      removeWorkflows: request.removeWorkflows === true,
    };
    // Only the application that installed a workflow template may delete it: the sandbox emulates one; a webhook portal has none in the app.
    if (project.portal.kind === 'sandbox') {
      const { appEndpoint, appAccessToken } = await portals.sandboxApp();
      input.app = sandboxAppSession(appEndpoint, appAccessToken);
    }
    if (request.confirmItems !== undefined) input.confirmItems = request.confirmItems;
    if (request.confirmClients !== undefined) input.confirmClients = request.confirmClients;
    return input;
  };
  return {
    async preview(request, signal) {
      return undoMigration(await inputFor(request, true), { signal: signal ?? new AbortController().signal, onProgress: () => undefined });
    },
    async start(request, listeners) {
      if (request.confirmItems === undefined) throw new AppError('INVALID_INPUT', 'An undo deletes data in the portal: confirm the number of items first.', { params: { reason: 'undoUnconfirmed' } });
      if (request.removeClients === true && request.confirmClients === undefined) throw new AppError('INVALID_INPUT', 'Removing companies and contacts deletes data in the portal: confirm their number first.', { params: { reason: 'undoClientsUnconfirmed' } });
      const input = await inputFor(request, false);
      return jobs.start((control) => undoMigration(input, control), listeners, { isFinal: (progress) => progress.phase === 'done' });
    },
  };
}
