import type { StateCreator } from 'zustand';
import type { ApiClient } from '../../../shared/app/api/contract';
import { ApiError, type WireError } from '../../../shared/base/errors/errors';
import type { CellOverride, Mapping, RowAnchor } from '../../../shared/sheet/mapping/types';
import type { MappingCheck, MappingPreview, MappingSuggestion } from '../../../shared/sheet/review/types';
import type { AppState } from './app-state';

/** The tabs of an opened sheet: its rows, and the decisions about them. */
export type WorkbookTab = 'rows' | 'fields' | 'stages' | 'lists' | 'people' | 'preview' | 'create';

/** The mapping being reviewed for the active sheet, and how the rows fare under it. */
export type ReviewState =
  | { status: 'idle' }
  | { status: 'loading'; key: string }
  | { status: 'ready'; key: string; suggestion: MappingSuggestion; mapping: Mapping; check: MappingCheck | undefined; checking: boolean }
  | { status: 'error'; key: string; error: WireError };

/** Reviewing the mapping: load the suggestion, edit it, and re-check the rows after every change. */
export interface ReviewSlice {
  workbookTab: WorkbookTab;
  review: ReviewState;
  showTab: (tab: WorkbookTab) => void;
  loadReview: (force?: boolean) => Promise<void>;
  editMapping: (change: (mapping: Mapping) => Mapping) => void;
  /** Matches the sheet's people with the active portal's users, keeping matches the person already made. */
  matchPeople: () => Promise<void>;
  /** A window of the rows as they will be sent under the current mapping; undefined when nothing is reviewed. */
  previewWindow: (from: number, count: number, problemsOnly: boolean) => Promise<MappingPreview | undefined>;
  /**
   * Uses `value` for one cell instead of the sheet's text (`sheetValue`); the sheet's own text again removes the edit.
   * The cell is named by its row key, or (with `key` empty) by its sheet row `row`.
   */
  editCell: (edit: CellOverride) => void;
  /** Goes back to the sheet's text for one cell, named by its row key or its sheet row. */
  revertCell: (cell: { key: string; column: string; row?: RowAnchor }) => void;
  /** Forgets the person's kept review of the sheet and starts from the app's suggestion again. */
  forgetReview: () => Promise<void>;
  /** Writes a review change still waiting for its pause at once (before another file opens, which may be this one again). */
  flushRememberedReview: () => Promise<void>;
}

/** True when two preview edits are of the same cell: the same column of the same row key, or of the same sheet row. */
function sameEditedCell(a: CellOverride, b: CellOverride): boolean {
  if (a.column !== b.column) return false;
  if (a.row !== undefined || b.row !== undefined) return a.row !== undefined && b.row !== undefined && a.row.index === b.row.index && a.row.cells === b.row.cells;
  return a.key === b.key;
}

// Checks run after a short pause, so typing a stage name does not send a request per key.
const CHECK_DELAY_MS = 150;
// The review is written to the app's data folder after a slightly longer pause.
const REMEMBER_DELAY_MS = 300;

/** Creates the review slice over the given client. */
export const createReviewSlice =
  (api: ApiClient): StateCreator<AppState, [], [], ReviewSlice> =>
  (set, get) => {
    let checkTimer: ReturnType<typeof setTimeout> | undefined;
    let rememberTimer: ReturnType<typeof setTimeout> | undefined;
    let pendingRemember: (() => Promise<unknown>) | undefined;
    let checkSerial = 0;

    const reviewKey = (): string | undefined => {
      const state = get().importState;
      if (state.status !== 'ready') return undefined;
      return `${state.summary.workbookId}\u0000${state.sheet}`;
    };

    const runCheck = async (): Promise<void> => {
      const state = get().importState;
      const review = get().review;
      if (state.status !== 'ready' || review.status !== 'ready') return;
      const serial = ++checkSerial;
      try {
        const check = await api.invoke('mapping.check', { workbookId: state.summary.workbookId, sheet: state.sheet, mapping: review.mapping });
        const now = get().review;
        if (serial === checkSerial && now.status === 'ready' && now.key === review.key) set({ review: { ...now, check, checking: false } });
      } catch {
        const now = get().review;
        if (serial === checkSerial && now.status === 'ready') set({ review: { ...now, checking: false } });
      }
    };

    return {
      workbookTab: 'rows',
      review: { status: 'idle' },

      showTab(tab) {
        set({ workbookTab: tab });
        if (tab !== 'rows') void get().loadReview();
      },

      async loadReview(force = false) {
        const key = reviewKey();
        const state = get().importState;
        if (!key || state.status !== 'ready') return;
        const current = get().review;
        if (!force && current.status !== 'idle' && current.status !== 'error' && current.key === key) return;
        set({ review: { status: 'loading', key } });
        try {
          const portalId = get().activePortalId;
          const input = { workbookId: state.summary.workbookId, sheet: state.sheet, ...(portalId ? { portalId } : {}) };
          const suggestion = await api.invoke('mapping.suggest', input);
          if (reviewKey() !== key) return;
          set({ review: { status: 'ready', key, suggestion, mapping: suggestion.mapping, check: undefined, checking: true } });
          await runCheck();
        } catch (error) {
          if (reviewKey() === key) set({ review: { status: 'error', key, error: error instanceof ApiError ? error.wire : { code: 'INTERNAL', message: 'The suggestion failed.' } } });
        }
      },

      async matchPeople() {
        const review = get().review;
        const portalId = get().activePortalId;
        if (review.status !== 'ready' || !portalId) return;
        const values = Object.keys(review.mapping.users);
        const { users, matches } = await api.invoke('mapping.matchUsers', { portalId, values });
        const now = get().review;
        if (now.status !== 'ready' || now.key !== review.key) return;
        const merged = { ...now.mapping.users };
        for (const match of matches) if (merged[match.value] == null) merged[match.value] = match.userId;
        set({ review: { ...now, suggestion: { ...now.suggestion, users, userMatches: matches }, mapping: { ...now.mapping, users: merged }, checking: true } });
        await runCheck();
      },

      async previewWindow(from, count, problemsOnly) {
        const state = get().importState;
        const review = get().review;
        if (state.status !== 'ready' || review.status !== 'ready') return undefined;
        return api.invoke('mapping.preview', { workbookId: state.summary.workbookId, sheet: state.sheet, mapping: review.mapping, from, count, problemsOnly });
      },

      editCell(edit) {
        get().editMapping((mapping) => {
          const others = (mapping.overrides ?? []).filter((other) => !sameEditedCell(other, edit));
          return { ...mapping, overrides: edit.value.trim() === edit.sheetValue.trim() ? others : [...others, edit] };
        });
      },

      revertCell(cell) {
        const named: CellOverride = { ...cell, value: '', sheetValue: '' };
        get().editMapping((mapping) => ({ ...mapping, overrides: (mapping.overrides ?? []).filter((other) => !sameEditedCell(other, named)) }));
      },

      async flushRememberedReview() {
        clearTimeout(rememberTimer);
        const remember = pendingRemember;
        pendingRemember = undefined;
        if (remember) await remember();
      },

      async forgetReview() {
        const state = get().importState;
        if (state.status !== 'ready') return;
        clearTimeout(rememberTimer);
        pendingRemember = undefined;
        await api.invoke('mapping.remember', { workbookId: state.summary.workbookId, sheet: state.sheet, mapping: null });
        set({ planState: { status: 'idle' } });
        await get().loadReview(true);
      },

      editMapping(change) {
        const review = get().review;
        if (review.status !== 'ready') return;
        const mapping = change(review.mapping);
        // A plan made for the previous mapping no longer says what a run would do.
        set({ review: { ...review, mapping, checking: true }, planState: { status: 'idle' } });
        // The person's review is kept for when the file is opened again (after a pause, so typing a name writes once).
        const state = get().importState;
        if (state.status === 'ready') {
          const portalId = get().activePortalId;
          const input = { workbookId: state.summary.workbookId, sheet: state.sheet, mapping, ...(portalId ? { portalId } : {}) };
          clearTimeout(rememberTimer);
          const remember = (): Promise<unknown> => api.invoke('mapping.remember', input).catch(() => undefined);
          pendingRemember = remember;
          rememberTimer = setTimeout(() => {
            pendingRemember = undefined;
            void remember();
          }, REMEMBER_DELAY_MS);
        }
        clearTimeout(checkTimer);
        checkTimer = setTimeout(() => void runCheck(), CHECK_DELAY_MS);
      },
    };
  };
