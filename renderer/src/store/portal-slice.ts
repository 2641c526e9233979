import type { StateCreator } from 'zustand';
import type { ApiClient, PortalList } from '../../../shared/app/api/contract';
import { ApiError, type WireError } from '../../../shared/base/errors/errors';
import type { PortalCheck, SavedPortal } from '../../../shared/portal/portals/types';
import type { AppState } from './app-state';

const ACTIVE_PORTAL_KEY = 'spm.activePortal';

/** The app's top-level screens. */
export type AppView = 'import' | 'connect' | 'projects';

/** A request about portals in flight, or its last outcome. */
export type PortalTask =
  | { status: 'idle' }
  | { status: 'busy'; action: 'check' | 'save' | 'sandbox' }
  | { status: 'checked'; source: 'webhook' | 'sandbox'; check: PortalCheck }
  | { status: 'failed'; error: WireError };

/** Saved portals, the one in use, and the state of a check or save. */
export interface PortalSlice {
  portals: SavedPortal[];
  secretProtection: PortalList['secretProtection'] | undefined;
  activePortalId: string | undefined;
  portalTask: PortalTask;
  view: AppView;
  showView: (view: AppView) => void;
  loadPortals: () => Promise<void>;
  checkWebhook: (webhookUrl: string) => Promise<void>;
  saveWebhook: (webhookUrl: string, label?: string) => Promise<boolean>;
  useSandbox: () => Promise<boolean>;
  choosePortal: (portalId: string) => void;
  removePortal: (portalId: string) => Promise<void>;
  clearPortalTask: () => void;
}

function wireOf(error: unknown): WireError {
  return error instanceof ApiError ? error.wire : { code: 'INTERNAL', message: 'The request failed.', hint: 'Try again.' };
}

function rememberActive(portalId: string | undefined): void {
  try {
    if (portalId) localStorage.setItem(ACTIVE_PORTAL_KEY, portalId);
    else localStorage.removeItem(ACTIVE_PORTAL_KEY);
  } catch {
    // Storage can be unavailable (private mode); the choice then lasts for this session.
  }
}

function rememberedActive(): string | undefined {
  try {
    return localStorage.getItem(ACTIVE_PORTAL_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Creates the portal slice over the given client. */
export const createPortalSlice =
  (api: ApiClient): StateCreator<AppState, [], [], PortalSlice> =>
  (set, get) => {
    const adopt = (portal: SavedPortal): void => {
      rememberActive(portal.id);
      set({ activePortalId: portal.id, portals: [...get().portals.filter((p) => p.id !== portal.id), portal] });
      // With a file open, connecting was a detour: go back to it.
      if (get().importState.status === 'ready') set({ view: 'import' });
    };
    return {
      portals: [],
      secretProtection: undefined,
      activePortalId: undefined,
      portalTask: { status: 'idle' },
      view: 'import',
      showView: (view) => set({ view, portalTask: { status: 'idle' } }),

      async loadPortals() {
        const { portals, secretProtection } = await api.invoke('portal.list', {});
        const remembered = rememberedActive();
        const active = portals.find((portal) => portal.id === remembered) ?? (portals.length === 1 ? portals[0] : undefined);
        set({ portals, secretProtection, activePortalId: active?.id });
      },

      async checkWebhook(webhookUrl) {
        set({ portalTask: { status: 'busy', action: 'check' } });
        try {
          set({ portalTask: { status: 'checked', source: 'webhook', check: await api.invoke('portal.check', { webhookUrl }) } });
        } catch (error) {
          set({ portalTask: { status: 'failed', error: wireOf(error) } });
        }
      },

      async saveWebhook(webhookUrl, label) {
        set({ portalTask: { status: 'busy', action: 'save' } });
        try {
          const input = label ? { webhookUrl, label } : { webhookUrl };
          const { portal, check } = await api.invoke('portal.save', input);
          adopt(portal);
          set({ portalTask: { status: 'checked', source: 'webhook', check } });
          return true;
        } catch (error) {
          set({ portalTask: { status: 'failed', error: wireOf(error) } });
          return false;
        }
      },

      async useSandbox() {
        set({ portalTask: { status: 'busy', action: 'sandbox' } });
        try {
          const { portal, check } = await api.invoke('portal.useSandbox', {});
          adopt(portal);
          set({ portalTask: { status: 'checked', source: 'sandbox', check } });
          return true;
        } catch (error) {
          set({ portalTask: { status: 'failed', error: wireOf(error) } });
          return false;
        }
      },

      choosePortal(portalId) {
        rememberActive(portalId);
        set({ activePortalId: portalId });
      },

      async removePortal(portalId) {
        await api.invoke('portal.remove', { portalId });
        const portals = get().portals.filter((portal) => portal.id !== portalId);
        const activePortalId = get().activePortalId === portalId ? undefined : get().activePortalId;
        rememberActive(activePortalId);
        set({ portals, activePortalId });
      },

      clearPortalTask: () => set({ portalTask: { status: 'idle' } }),
    };
  };
