/**
 * Keyboard movement in a tab list (WAI-ARIA tabs pattern): arrows move to the
 * previous or next tab, wrapping; Home and End to the first and last. Returns
 * the tab to select, or null for any other key.
 */
export function tabAfterKey<T>(tabs: readonly T[], current: T, key: string): T | null {
  const at = tabs.indexOf(current);
  if (at === -1 || tabs.length === 0) return null;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return tabs[(at + 1) % tabs.length]!;
    case 'ArrowLeft':
    case 'ArrowUp':
      return tabs[(at - 1 + tabs.length) % tabs.length]!;
    case 'Home':
      return tabs[0]!;
    case 'End':
      return tabs[tabs.length - 1]!;
    default:
      return null;
  }
}
