import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createBitrixClient, type BitrixClient } from '../../portal/bitrix/bitrix-client';
import { planLimits } from '../../portal/bitrix/rate-limiter';
import type { JobListeners, JobRunner } from '../../base/jobs/job-runner';
import type { RunControl } from '../../base/jobs/types';
import { EMBEDDED_SANDBOX } from '../../runs/migrate/connect-portal';
import { migrate } from '../../runs/migrate/migrate';
import { planMigration } from '../../runs/migrate/plan-migration';
import { listSmartProcesses } from '../../runs/migrate/list-smart-processes';
import type { MigrateInput, MigrateProgress, MigrateResult, SmartProcessSummary } from '../../runs/migrate/types';
import type { PortalRegistry } from '../../portal/portals/portal-registry';
import type { ProjectPortal } from '../../sheet/project/types';
import { mappingToOverride } from '../../sheet/review/mapping-to-override';
import type { WorkbookSessions } from '../workbooks/workbook-sessions';
import { AppError } from '../../base/errors/errors';
import { sandboxAppSession } from '../../runs/automation/sandbox-app-session';
import type { RestCaller } from '../../runs/automation/install-templates';
import type { MigrationRequest } from '../api/contract';
import type { MigrationPlanView } from '../../runs/results/types';

/** What the app migrates: the contract's request (an open sheet, the reviewed mapping, a saved portal). */
export type AppMigrationInput = MigrationRequest;

/** How the app plans and runs migrations (the same core the CLI runs). */
export interface AppMigrations {
  plan(input: AppMigrationInput, signal?: AbortSignal): Promise<MigrationPlanView>;
  /** Starts the migration as a job; progress and the end arrive through `listeners`. */
  start(input: AppMigrationInput, listeners: JobListeners<MigrateProgress, MigrateResult>): Promise<string>;
  /** The portal's smart processes, for migrating into an existing one. */
  smartProcesses(portalId: string): Promise<SmartProcessSummary[]>;
}

function slug(text: string): string {
  const ascii = text.normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').toLowerCase();
  return ascii.slice(0, 40) || 'migration';
}

/** Creates the app's migrations over the open workbooks, the saved portals and a job runner. */
export function createAppMigrations({ workbooks, portals, jobs, dataDir }: { workbooks: WorkbookSessions; portals: PortalRegistry; jobs: JobRunner; dataDir: string }): AppMigrations {
  const connect = async (portalId: string): Promise<{ client: BitrixClient; portal: ProjectPortal; label: string; origin: string; app?: RestCaller }> => {
    const saved = (await portals.list()).find((portal) => portal.id === portalId);
    if (!saved) throw new AppError('NOT_FOUND', 'This portal is no longer saved in the app.', { hint: 'Connect it again (the portal button at the top right).', params: { reason: 'portalGone' } });
    const client = createBitrixClient({ webhookUrl: await portals.webhookFor(portalId), limits: planLimits('standard') });
    // The built-in sandbox is the same portal the CLI uses without --portal, so its projects sync from either.
    const portal: ProjectPortal = saved.kind === 'sandbox' ? { kind: 'sandbox', display: EMBEDDED_SANDBOX } : { kind: 'webhook', display: saved.display };
    if (saved.kind !== 'sandbox') return { client, portal, label: saved.label, origin: saved.origin };
    // The sandbox has an application context, so the starter workflows install there as they would with a real app.
    const { appEndpoint, appAccessToken } = await portals.sandboxApp();
    return { client, portal, label: saved.label, origin: saved.origin, app: sandboxAppSession(appEndpoint, appAccessToken) };
  };

  const inputFor = async (input: AppMigrationInput): Promise<{ migrateInput: MigrateInput; label: string }> => {
    const file = workbooks.sourcePath(input.workbookId);
    const table = workbooks.choiceOf(input.workbookId, input.sheet);
    const { client, portal, label, origin, app } = await connect(input.portalId);
    // One project per file content, sheet and portal: migrating the same file again finds its project and points to sync.
    const id = createHash('sha256').update(`${file}\n${input.sheet}\n${portal.display}`).digest('hex').slice(0, 8);
    // The title in the name is for people; the project is found by the id, so renaming the smart process never starts a second one.
    const folder = join(dataDir, 'projects');
    const existing = (await readdir(folder).catch(() => [] as string[])).find((name) => name.endsWith(`-${id}.spm.json`));
    const projectPath = join(folder, existing ?? `${slug(input.mapping.title)}-${id}.spm.json`);
    return {
      migrateInput: {
        file,
        sheet: input.sheet,
        title: input.mapping.title,
        mapping: mappingToOverride(input.mapping),
        ...(table ? { table } : {}),
        projectPath,
        client,
        portal,
        portalOrigin: origin,
        dataDir,
        audience: 'app',
        ...(app ? { app } : {}),
        ...(input.into !== undefined ? { into: input.into } : input.access !== undefined ? { access: input.access } : {}),
      },
      label,
    };
  };

  return {
    async plan(input, signal) {
      const { migrateInput, label } = await inputFor(input);
      const planned = await planMigration(migrateInput, { signal: signal ?? new AbortController().signal, onProgress: () => undefined });
      return {
        projectId: planned.projectId,
        projectPath: planned.projectPath,
        alreadyMigrated: planned.alreadyMigrated,
        resuming: planned.resuming,
        undonePartly: planned.undonePartly,
        sheet: planned.sheet,
        mapping: planned.mapping,
        plan: planned.plan,
        portal: { label, display: migrateInput.portal.display, kind: migrateInput.portal.kind },
      };
    },
    async smartProcesses(portalId) {
      const { client } = await connect(portalId);
      return listSmartProcesses(client);
    },
    async start(input, listeners) {
      const { migrateInput } = await inputFor(input);
      return jobs.start((control: RunControl<MigrateProgress>) => migrate(migrateInput, control), listeners, {
        isFinal: (progress) => progress.phase === 'done',
      });
    },
  };
}

