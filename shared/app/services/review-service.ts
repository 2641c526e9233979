import { AppError, toWireError } from '../../base/errors/errors';
import { defaultProcessTitle } from '../../sheet/review/default-process-title';
import { createBitrixClient } from '../../portal/bitrix/bitrix-client';
import { customTarget, suggestMapping } from '../../sheet/mapping/suggest-mapping';
import type { ColumnTarget, Mapping } from '../../sheet/mapping/types';
import type { PortalUser } from '../../sheet/mapping/match-users';
import { prepareRowsAsync } from '../../sheet/plan/prepare-rows';
import { readUsers } from '../../portal/snapshot/read-snapshot';
import type { PortalRegistry } from '../../portal/portals/portal-registry';
import type { WorkbookSessions } from '../workbooks/workbook-sessions';
import type { SheetTable } from '../../sheet/spreadsheet/types';
import { matchUsers } from '../../sheet/mapping/match-users';
import { indexPreviewAsync, previewRows, type PreviewIndex, type PreviewWindow } from '../../sheet/review/preview-rows';
import type { MappingCheck, MappingPreview, MappingSuggestion, UserChoice, UserMatching } from '../../sheet/review/types';

const MAX_LISTED_FAILURES = 200;
const SAMPLES_PER_STAGE = 3;
/** Full passes over a sheet (checks, preview indexes) that may run at once; a newer one stops the oldest. */
const KEPT_PASSES = 2;

/** What the review screen asks of the core: a suggested mapping, and a check of the rows under a mapping. */
export interface ReviewService {
  suggest(workbookId: string, sheet: string, portalId?: string, signal?: AbortSignal): Promise<MappingSuggestion>;
  /**
   * Every row checked under `mapping`, a slice at a time so other requests are
   * served meanwhile. Two checks of a sheet may run at once; a third stops the
   * oldest (which then rejects with an AbortError): the screen shows only the latest.
   */
  check(workbookId: string, sheet: string, mapping: Mapping): Promise<MappingCheck>;
  matchUsers(portalId: string, values: string[], signal?: AbortSignal): Promise<UserMatching>;
  /**
   * A window of the rows as they will be sent under the mapping (all rows, or
   * only those with problems). The pass over every row it needs is made once
   * per mapping, a slice at a time; windows asked meanwhile wait for the same
   * pass. The passes of the two latest mappings are kept; older ones stop.
   */
  preview(workbookId: string, sheet: string, mapping: Mapping, window: PreviewWindow): Promise<MappingPreview>;
}

/** Creates the review service over the open workbooks and the saved portals. */
export function createReviewService({ workbooks, portals }: { workbooks: WorkbookSessions; portals: PortalRegistry }): ReviewService {
  const portalUsers = async (portalId: string, signal?: AbortSignal): Promise<PortalUser[]> => {
    const client = createBitrixClient({ webhookUrl: await portals.webhookFor(portalId) });
    return readUsers(client, signal);
  };

  // Scrolling asks for many windows under one mapping: the full pass over the rows is kept for the last mapping seen.
  // The two latest passes are kept, not one: a window for the mapping before may still arrive after
  // the latest one started (separate HTTP requests in browser mode, a second tab); older ones stop.
  // A pass belongs to one table: a sheet whose header row the person changed is a new table.
  let passes: { id: string; table: SheetTable; index: Promise<PreviewIndex>; stop: AbortController }[] = [];
  // The running checks of each sheet, oldest first; a third stops the oldest (the screen shows only the latest).
  const checks = new Map<string, AbortController[]>();

  const choices = (users: PortalUser[]): UserChoice[] =>
    users.map((user) => ({ id: user.id, name: [user.name, user.lastName].filter(Boolean).join(' ') || `#${user.id}`, email: user.email }));

  return {
    async matchUsers(portalId, values, signal) {
      const users = (await portalUsers(portalId, signal)).filter((user) => user.active);
      return { users: choices(users), matches: matchUsers(values, users) };
    },
    async suggest(workbookId, sheet, portalId, signal) {
      const table = workbooks.table(workbookId, sheet);
      const schema = await workbooks.schema(workbookId, sheet);
      const users = portalId ? (await portalUsers(portalId, signal)).filter((user) => user.active) : [];
      const workbook = workbooks.get(workbookId);
      const title = defaultProcessTitle(sheet, workbook.fileName, workbook.format);
      const suggestion = suggestMapping(schema, table, { users, title });
      // Suffixes already used by the suggestion stay reserved, so a column switched to "new field" never collides.
      const taken = new Set(suggestion.mapping.columns.flatMap((column) => (column.target.kind === 'custom' ? [column.target.suffix] : [])));
      const customTargets = schema.columns.map((column, index) => {
        const current = suggestion.mapping.columns[index]?.target;
        return (current?.kind === 'custom' ? current : customTarget(column, table, taken)) as Extract<ColumnTarget, { kind: 'custom' }>;
      });
      return {
        ...suggestion,
        customTargets,
        users: choices(users),
      };
    },
    async preview(workbookId, sheet, mapping, window) {
      const table = workbooks.table(workbookId, sheet);
      const id = JSON.stringify([workbookId, sheet, mapping]);
      let pass = passes.find((candidate) => candidate.id === id && candidate.table === table);
      if (!pass) {
        const stop = new AbortController();
        const started = { id, table, index: indexPreviewAsync(table, mapping, stop.signal), stop };
        // A stopped or failed pass is not kept: the next window starts it again.
        started.index.catch(() => {
          passes = passes.filter((candidate) => candidate !== started);
        });
        passes = [...passes, started];
        while (passes.length > KEPT_PASSES) passes.shift()!.stop.abort();
        pass = started;
      }
      return previewRows(table, mapping, await pass.index, window);
    },
    async check(workbookId, sheet, mapping) {
      const table = workbooks.table(workbookId, sheet);
      const sheetKey = JSON.stringify([workbookId, sheet]);
      const stop = new AbortController();
      const running = [...(checks.get(sheetKey) ?? []), stop];
      while (running.length > KEPT_PASSES) running.shift()!.abort();
      checks.set(sheetKey, running);
      try {
        const prepared = await prepareRowsAsync(table, mapping, stop.signal);
        const stageCounts: Record<string, number> = {};
        const stageSamples: Record<string, string[]> = {};
        for (const row of prepared.rows) {
          const code = String(row.values['stageId'] ?? '');
          if (!code) continue;
          stageCounts[code] = (stageCounts[code] ?? 0) + 1;
          const samples = (stageSamples[code] ??= []);
          if (samples.length < SAMPLES_PER_STAGE) samples.push(String(row.values['title'] ?? `#${row.key}`));
        }
        return {
          rows: table.rows.length,
          readyRows: prepared.rows.length,
          failures: prepared.failures.slice(0, MAX_LISTED_FAILURES),
          failureCount: prepared.failures.length,
          stageCounts,
          stageSamples,
          blankStageRows: prepared.blankStageRows.length,
          unknownStageValues: [...prepared.unknownStageValues].map(([value, rows]) => ({ value, rows: rows.length })),
          unmatchedPeople: [...prepared.unmatchedPeople],
          editedCells: prepared.overriddenCells,
          staleEdits: prepared.staleOverrides.length,
          columnFits: prepared.columnFits,
        };
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const { code, message, hint, where, params } = toWireError(error, 'app');
        const blocking: NonNullable<MappingCheck['blocking']> = { code, message, ...(hint !== undefined ? { hint } : {}), ...(where !== undefined ? { where } : {}), ...(params !== undefined ? { params } : {}) };
        // How each column's values fit its type does not depend on the key: Fields still shows it while the key is being fixed.
        const byContent = params?.['reason'] === 'keyColumnMissing' ? undefined : await prepareRowsAsync(table, { ...mapping, key: { kind: 'fingerprint', columns: mapping.key.columns } }, stop.signal);
        return { rows: table.rows.length, readyRows: 0, failures: [], failureCount: 0, stageCounts: {}, stageSamples: {}, blankStageRows: 0, unknownStageValues: [], unmatchedPeople: [], editedCells: 0, staleEdits: 0, columnFits: byContent?.columnFits ?? [], blocking };
      } finally {
        const left = (checks.get(sheetKey) ?? []).filter((other) => other !== stop);
        if (left.length > 0) checks.set(sheetKey, left);
        else checks.delete(sheetKey);
      }
    },
  };
}
