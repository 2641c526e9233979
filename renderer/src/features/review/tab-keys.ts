/**
 * The tab a key press moves to in a row of tabs (the WAI-ARIA tabs pattern):
 * Left/Right to the neighbour, wrapping around the ends, Home/End to the first
 * and last. Undefined for any other key, which the tab row leaves alone.
 */
export function tabForKey<Tab>(tabs: readonly Tab[], current: Tab, key: string): Tab | undefined {
  const index = Math.max(0, tabs.indexOf(current));
  switch (key) {
    case 'ArrowRight':
      return tabs[(index + 1) % tabs.length];
    case 'ArrowLeft':
      return tabs[(index - 1 + tabs.length) % tabs.length];
    case 'Home':
      return tabs[0];
    case 'End':
      return tabs[tabs.length - 1];
    default:
      return undefined;
  }
}
