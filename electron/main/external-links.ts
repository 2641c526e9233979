/**
 * Which links leave the app for the system browser, and which permissions a
 * page gets. Free of Electron imports so the decisions are unit-tested
 * without an Electron binary; window.ts and index.ts apply them.
 */

/** The documentation the app links to (the Help menu). */
export const DOCS_URL = 'https://apidocs.bitrix24.com/';

const DOCS_ORIGINS = new Set(['https://apidocs.bitrix24.com', 'https://apidocs.bitrix24.ru']);

/**
 * True when `url` may be handed to the system browser: an https address on
 * a connected portal's origin (a kanban, the automation settings) or on the
 * documentation site. Anything else a page asks to open (another site,
 * `file:`, `javascript:`, a custom scheme that starts a program, an address
 * with a user name) stays closed, so injected content cannot use the app to
 * launch things.
 */
export function mayOpenExternally(url: string, portalOrigins: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return false;
  return DOCS_ORIGINS.has(parsed.origin) || portalOrigins.some((origin) => origin === parsed.origin);
}

/** The https origins of the saved (connected) portals; the sandbox's loopback address has no pages to open. */
export function portalOriginsOf(portals: ReadonlyArray<{ kind: string; origin: string }>): string[] {
  return portals.filter((portal) => portal.kind === 'webhook' && portal.origin.startsWith('https://')).map((portal) => portal.origin);
}

/**
 * Whether a page may use a browser permission (camera, notifications,
 * clipboard, geolocation …): never. The UI needs none, and a permission a
 * page cannot get is one injected content cannot abuse.
 */
export function isPermissionAllowed(_permission: string): boolean {
  return false;
}
