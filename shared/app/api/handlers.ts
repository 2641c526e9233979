import type { AppInfo } from './contract';
import { createFileChoices, type ChoiceKeys } from '../workbooks/file-choices';
import { withRememberedMapping } from '../workbooks/remembered-mapping';
import { sheetFingerprint } from '../workbooks/sheet-fingerprint';
import { withRememberedTitle } from '../../sheet/review/remembered-title';
import type { EventBus } from './event-bus';
import type { Handlers } from './router';
import { throttleProgress } from '../../base/jobs/throttle-progress';
import type { InferProgress } from '../../sheet/inference/infer-schema';
import { readWorkbook } from '../../sheet/spreadsheet/read-workbook';
import type { ReadProgress } from '../../sheet/spreadsheet/types';
import type { PortalRegistry } from '../../portal/portals/portal-registry';
import type { SecretStore } from '../../portal/portals/secret-store';
import type { ReviewService } from '../services/review-service';
import type { WorkbookSessions } from '../workbooks/workbook-sessions';
import { resolveSourceFile } from '../../base/storage/source-file';
import type { JobListeners, JobRunner } from '../../base/jobs/job-runner';
import type { MigrateProgress, MigrateResult } from '../../runs/migrate/types';
import type { AppMigrations } from '../services/app-migrations';
import type { AppProjects } from '../services/app-projects';
import { exportFailures } from '../../runs/results/export-failures';
import type { AppUndo } from '../services/app-undo';
import { writeBackForApp } from '../services/write-back-app';
import { jobFinishedEvent } from './job-finished-event';

/** What the handlers need from the process they run in. */
export interface CoreServices {
  info: AppInfo;
  bus: EventBus;
  workbooks: WorkbookSessions;
  portals: PortalRegistry;
  secrets: SecretStore;
  review: ReviewService;
  dataDir: string;
  jobs: JobRunner;
  migrations: AppMigrations;
  projects: AppProjects;
  undo: AppUndo;
}

/**
 * The handler of every channel, over the given services.
 *
 * Handlers hold no transport knowledge: they take validated input and return
 * plain data or throw `AppError`.
 */
export function createHandlers({ info, bus, workbooks, portals, secrets, review, dataDir, jobs, migrations, projects, undo }: CoreServices): Handlers {
  const migrateListeners: JobListeners<MigrateProgress, MigrateResult> = {
    onProgress: (jobId, progress) => bus.emit('job.progress', { jobId, kind: 'migrate', progress }),
    onEnd: (end) => bus.emit('job.finished', jobFinishedEvent('migrate', end)),
  };
  const choices = createFileChoices(dataDir);
  // Per workbook, where its choices are kept; kept a while after the workbook closes, because the last
  // change made to a review arrives a moment later, when the person may already have opened another file.
  const choiceKeys = new Map<string, ChoiceKeys>();
  const keysOf = (workbookId: string): ChoiceKeys => {
    const keys = choiceKeys.get(workbookId);
    return keys ?? { path: workbooks.sourcePath(workbookId), sheets: {} };
  };
  return {
    'app.info': async () => info,
    'workbook.open': async ({ fileName, bytes, jobId, sourcePath }) => {
      const report = throttleProgress<ReadProgress>(
        (progress) => {
          if (jobId !== undefined) bus.emit('job.progress', { jobId, kind: 'read', ...progress });
        },
        { isFinal: (progress) => progress.phase === 'finishing' },
      );
      report({ phase: 'reading', done: 0, total: bytes.length, unit: 'bytes' });
      const workbook = await readWorkbook(bytes, fileName, { signal: new AbortController().signal, onProgress: report });
      report.flush();
      report({ phase: 'finishing', done: 1, total: 1, unit: 'rows' });
      const source = await resolveSourceFile({ dataDir, fileName, bytes, acceptsPaths: info.mode === 'electron', ...(sourcePath !== undefined ? { sourcePath } : {}) });
      // Fingerprints of the sheets as the reader found them, before any remembered choice changes their tables.
      const keys: ChoiceKeys = { path: source.path, sheets: Object.fromEntries(workbook.sheets.map((sheet) => [sheet.name, sheetFingerprint(sheet)])) };
      const summary = workbooks.add(workbook, bytes.length, source.path);
      choiceKeys.set(summary.workbookId, keys);
      if (choiceKeys.size > 10) choiceKeys.delete(choiceKeys.keys().next().value as string);
      // The same file opened again (or saved again with the same content): the header rows and skipped rows the person chose last time hold again.
      for (const [sheet, remembered] of Object.entries(await choices.read(keys))) {
        const index = summary.sheets.findIndex((candidate) => candidate.name === sheet);
        if (index >= 0 && remembered.table) summary.sheets[index] = workbooks.chooseTable(summary.workbookId, sheet, remembered.table);
      }
      return summary;
    },
    'workbook.rows': async ({ workbookId, sheet, offset, limit }) => workbooks.rows(workbookId, sheet, offset, limit),
    'workbook.close': async ({ workbookId }) => ({ closed: workbooks.close(workbookId) }),
    'workbook.layout': async ({ workbookId, sheet }) => workbooks.layout(workbookId, sheet),
    'workbook.chooseTable': async ({ workbookId, sheet, choice }) => {
      const sheetSummary = workbooks.chooseTable(workbookId, sheet, choice);
      await choices.update(keysOf(workbookId), sheet, { table: choice ?? undefined });
      return sheetSummary;
    },
    'mapping.remember': async ({ workbookId, sheet, mapping, portalId }) => {
      if (!choiceKeys.has(workbookId)) workbooks.table(workbookId, sheet);
      // A whole review supersedes the title column kept on its own; forgetting it forgets both.
      await choices.update(keysOf(workbookId), sheet, { mapping: mapping ?? undefined, portalId: mapping === null ? undefined : portalId, title: undefined });
      return { remembered: mapping !== null };
    },
    'workbook.inferSchema': async ({ workbookId, sheet, jobId }) => {
      if (jobId === undefined) return workbooks.schema(workbookId, sheet);
      const report = throttleProgress<InferProgress>((progress) => bus.emit('job.progress', { jobId, kind: 'infer', ...progress }), { isFinal: (progress) => progress.phase === 'finishing' });
      const schema = await workbooks.schema(workbookId, sheet, report);
      report.flush();
      return schema;
    },
    'mapping.suggest': async ({ workbookId, sheet, portalId }) => {
      const suggestion = await review.suggest(workbookId, sheet, portalId);
      const remembered = (await choices.read(keysOf(workbookId)))[sheet];
      if (remembered?.mapping !== undefined) {
        const { mapping, dropped } = withRememberedMapping(suggestion.mapping, suggestion.customTargets, remembered.mapping, remembered.portalId === portalId);
        return { ...suggestion, mapping, remembered: { dropped } };
      }
      const title = remembered?.title;
      return title === undefined ? suggestion : { ...suggestion, mapping: withRememberedTitle(suggestion.mapping, title, suggestion.customTargets) };
    },
    'mapping.check': async ({ workbookId, sheet, mapping }) => review.check(workbookId, sheet, mapping),
    'mapping.preview': async ({ workbookId, sheet, mapping, from, count, problemsOnly }) => review.preview(workbookId, sheet, mapping, { from, count, problemsOnly }),
    'mapping.matchUsers': async ({ portalId, values }) => review.matchUsers(portalId, values),
    'migration.plan': async (input) => migrations.plan(input),
    'migration.start': async (input) => ({ jobId: await migrations.start(input, migrateListeners) }),
    'migration.resume': async ({ projectId }) => ({ jobId: await projects.resume(projectId, migrateListeners) }),
    'job.cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'failures.export': async ({ workbookId, sheet, failures }) => ({
      fileName: `${workbooks.get(workbookId).fileName.replace(/\.[^.]+$/, '')} - rows to fix.xlsx`,
      bytes: await exportFailures(workbooks.table(workbookId, sheet), failures),
    }),
    'project.list': async () => projects.list(),
    'sync.preview': async (input) => projects.preview(input),
    'sync.start': async (input) => ({
      jobId: await projects.start(input, {
        onProgress: (jobId, progress) => bus.emit('job.progress', { jobId, kind: 'sync', progress }),
        onEnd: (end) => bus.emit('job.finished', jobFinishedEvent('sync', end)),
      }),
    }),
    'portal.list': async () => ({ portals: await portals.list(), secretProtection: secrets.protection }),
    'portal.check': async ({ webhookUrl }) => portals.check(webhookUrl),
    'portal.save': async ({ webhookUrl, label }) => portals.save(webhookUrl, label),
    'portal.useSandbox': async () => portals.useSandbox(),
    'portal.remove': async ({ portalId }) => ({ removed: await portals.remove(portalId) }),
    'undo.preview': async (input) => undo.preview(input),
    'undo.start': async (input) => ({
      jobId: await undo.start(input, {
        onProgress: (jobId, progress) => bus.emit('job.progress', { jobId, kind: 'undo', progress }),
        onEnd: (end) => bus.emit('job.finished', jobFinishedEvent('undo', end)),
      }),
    }),
    'project.writeBack': async ({ projectPath }) => writeBackForApp({ dataDir, portals, projectPath }),
    'portal.smartProcesses': async ({ portalId }) => migrations.smartProcesses(portalId),
  };
}
