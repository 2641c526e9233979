import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../../base/errors/errors';
import type { BitrixClient } from '../../portal/bitrix/bitrix-client';
import type { JobListeners, JobRunner } from '../../base/jobs/job-runner';
import { EMBEDDED_SANDBOX } from '../../runs/migrate/connect-portal';
import type { PortalRegistry } from '../../portal/portals/portal-registry';
import { readProject } from '../../sheet/project/project-file';
import type { ProjectFile } from '../../sheet/project/types';
import { sync, type SyncInput, type SyncProgress, type SyncResult } from '../../runs/sync/sync';
import type { WorkbookSessions } from '../workbooks/workbook-sessions';
import { findProjectFile, listProjectFiles, projectClient, projectPortalId, projectsDir, type ProjectFileEntry } from './app-project-files';
import type { ProjectView, SyncRequest } from '../../runs/results/types';
import { withColumnNames } from '../../runs/sync/with-column-names';
import { undoComplete, undoneView, undoStarted } from '../../runs/undo/undo-record';
import { migrate } from '../../runs/migrate/migrate';
import type { MigrateProgress, MigrateResult } from '../../runs/migrate/types';

/** The app's saved migrations, and syncing them with a new version of their sheet. */
export interface AppProjects {
  list(): Promise<ProjectView[]>;
  /** A dry run: the diff a sync would apply, changing nothing. */
  preview(request: SyncRequest, signal?: AbortSignal): Promise<SyncResult>;
  /** Applies the sync as a job. */
  start(request: SyncRequest, listeners: JobListeners<SyncProgress, SyncResult>): Promise<string>;
  /** Finishes an interrupted migration (a crash, a closed app, a pause) from where it stopped, as a job. */
  resume(projectId: string, listeners: JobListeners<MigrateProgress, MigrateResult>): Promise<string>;
}

export { projectsDir };

/** Creates the app's projects over the data folder, the saved portals and the open workbooks. */
export function createAppProjects({ dataDir, portals, workbooks, jobs }: { dataDir: string; portals: PortalRegistry; workbooks: WorkbookSessions; jobs: JobRunner }): AppProjects {
  const portalIdFor = (project: ProjectFile): Promise<string | undefined> => projectPortalId(portals, project);
  const listFiles = (): Promise<ProjectFileEntry[]> => listProjectFiles(dataDir);

  const connect = async (projectId: string): Promise<{ projectPath: string; project: ProjectFile; client: BitrixClient }> => {
    const { path: projectPath, project } = await findProjectFile(dataDir, projectId);
    return { projectPath, project, client: await projectClient(portals, project) };
  };

  const inputFor = async (request: SyncRequest, dryRun: boolean): Promise<SyncInput> => {
    const { projectPath, project, client } = await connect(request.projectId);
    const input: SyncInput = {
      projectPath,
      client,
      portal: project.portal.kind === 'sandbox' ? { kind: 'sandbox', display: EMBEDDED_SANDBOX } : project.portal,
      dryRun,
      removed: request.removed,
      conflicts: request.conflicts,
      allowSchemaChanges: request.allowSchemaChanges,
      audience: 'app',
    };
    if (request.workbookId) input.file = workbooks.sourcePath(request.workbookId);
    if (request.confirmRemovals !== undefined) input.confirmRemovals = request.confirmRemovals;
    return input;
  };

  return {
    async list() {
      const files = await listFiles();
      const views = await Promise.all(
        files.map(async ({ path, project }): Promise<ProjectView> => {
          const view: ProjectView = {
            id: project.id,
            title: project.smartProcess.title,
            status: project.status,
            portalDisplay: project.portal.kind === 'sandbox' ? 'sandbox' : project.portal.display,
            portalKind: project.portal.kind,
            sourceFile: basename(project.source.file),
            sheet: project.source.sheet,
            entityTypeId: project.smartProcess.entityTypeId,
            categoryId: project.smartProcess.categoryId,
            createdAt: project.createdAt,
            updatedAt: project.updatedAt,
            fileName: basename(path),
            projectPath: path,
            rereadable: !resolve(dirname(path), project.source.file).startsWith(join(dataDir, 'files')),
          };
          const portalId = await portalIdFor(project);
          if (portalId) view.portalId = portalId;
          if (project.lastSyncAt) view.lastSyncAt = project.lastSyncAt;
          if (undoStarted(project)) view.undo = undoComplete(project) ? 'complete' : 'partial';
          const undone = undoneView(project);
          if (undone) view.undone = undone;
          return view;
        }),
      );
      return views.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    },
    async preview(request, signal) {
      const input = await inputFor(request, true);
      const result = await sync(input, { signal: signal ?? new AbortController().signal, onProgress: () => undefined });
      return withColumnNames(result, await readProject(input.projectPath));
    },
    async start(request, listeners) {
      const input = await inputFor(request, false);
      return jobs.start((control) => sync(input, control), listeners, { isFinal: (progress) => progress.phase === 'done' });
    },
    async resume(projectId, listeners) {
      const { projectPath, project, client } = await connect(projectId);
      if (project.status === 'done') {
        throw new AppError('INVALID_INPUT', `“${project.smartProcess.title}” is migrated already; nothing to resume.`, { hint: 'Use Sync to bring the sheet’s changes over.', params: { reason: 'nothingToResume', title: project.smartProcess.title } });
      }
      // The project file remembers its mapping and what exists; migrate continues from the journal without duplicates.
      const file = resolve(dirname(projectPath), project.source.file);
      const portal = project.portal.kind === 'sandbox' ? { kind: 'sandbox' as const, display: EMBEDDED_SANDBOX } : project.portal;
      return jobs.start((control) => migrate({ file, sheet: project.source.sheet, projectPath, client, portal, dataDir }, control), listeners, { isFinal: (progress) => progress.phase === 'done' });
    },
  };
}

