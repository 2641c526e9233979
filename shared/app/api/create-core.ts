import type { AppInfo } from './contract';
import { createEventBus, type EventBus } from './event-bus';
import { createHandlers } from './handlers';
import { createRouter, type Dispatch } from './router';
import { createPortalRegistry } from '../../portal/portals/portal-registry';
import { createFileSecretStore, type SecretStore } from '../../portal/portals/secret-store';
import type { OpenEmbeddedPortal } from '../../portal/portals/types';
import { createReviewService } from '../services/review-service';
import { createWorkbookSessions } from '../workbooks/workbook-sessions';
import { createJobRunner } from '../../base/jobs/job-runner';
import { createAppMigrations } from '../services/app-migrations';
import { createAppProjects, projectsDir } from '../services/app-projects';
import { pruneSourceCopies } from '../../base/storage/prune-source-copies';
import { createAppUndo } from '../services/app-undo';

/** The assembled core an adapter serves: one dispatch function, one event bus, and its shutdown. */
export interface Core {
  dispatch: Dispatch;
  bus: EventBus;
  close(): Promise<void>;
}

/**
 * Where the core keeps its files and secrets. `secrets` defaults to an
 * owner-only file in `dataDir`; the Electron app passes a safeStorage one.
 */
export interface CoreOptions {
  info: AppInfo;
  dataDir: string;
  secrets?: SecretStore;
  /** Starts the built-in sandbox portal; the host supplies it, so the core never imports the emulator. */
  openSandbox: OpenEmbeddedPortal;
}

/**
 * Assembles the core with its default services. Electron main, the browser
 * host and tests all start here, so they run the same code.
 */
export function createCore({ info, dataDir, secrets = createFileSecretStore(dataDir), openSandbox }: CoreOptions): Core {
  const bus = createEventBus();
  const portals = createPortalRegistry({ dataDir, secrets, openSandbox });
  const workbooks = createWorkbookSessions();
  const review = createReviewService({ workbooks, portals });
  const jobs = createJobRunner();
  const migrations = createAppMigrations({ workbooks, portals, jobs, dataDir });
  const projects = createAppProjects({ dataDir, portals, workbooks, jobs });
  const undo = createAppUndo({ dataDir, portals, jobs });
  const dispatch = createRouter(createHandlers({ info, bus, workbooks, portals, secrets, review, dataDir, jobs, migrations, projects, undo }));
  // Copies of files opened long ago and never migrated would pile up in the data folder.
  void pruneSourceCopies(dataDir, projectsDir(dataDir)).catch(() => undefined);
  return {
    dispatch,
    bus,
    close: async () => {
      for (const jobId of jobs.running()) jobs.cancel(jobId);
      await portals.close();
    },
  };
}
