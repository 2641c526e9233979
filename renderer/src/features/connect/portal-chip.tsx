import { useT } from '../../i18n/use-t';
import { useAppStore } from '../../store/use-app-store';

/** The portal in use, in the top bar; a click opens the connect screen. */
export function PortalChip() {
  const t = useT();
  const portals = useAppStore((state) => state.portals);
  const activePortalId = useAppStore((state) => state.activePortalId);
  const showView = useAppStore((state) => state.showView);
  const active = portals.find((portal) => portal.id === activePortalId);
  return (
    <button type="button" className={active ? 'portal-chip connected' : 'portal-chip'} onClick={() => showView('connect')} data-testid="portal-chip">
      <span className="portal-dot" />
      {active ? (active.kind === 'sandbox' ? t('connect.sandboxLabel') : active.label) : t('connect.chip')}
    </button>
  );
}
