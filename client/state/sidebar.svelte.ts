/** The right-hand sidebar: open or collapsed, and which tab is showing. */

export const SIDEBAR_TABS = ['dashboard', 'layers', 'details', 'edit', 'energy', 'enterprises', 'review', 'importExport'] as const;
export type SidebarTab = (typeof SIDEBAR_TABS)[number];

/** Below this window width the sidebar starts collapsed so the map is visible. */
const NARROW_WINDOW_PX = 700;

export class Sidebar {
  open = $state(typeof window === 'undefined' || window.innerWidth > NARROW_WINDOW_PX);
  tab = $state<SidebarTab>('dashboard');

  show(tab: SidebarTab): void {
    this.tab = tab;
    this.open = true;
  }

  toggle(): void {
    this.open = !this.open;
  }
}

/** Sidebar width on wide screens, px; the map keeps this much clear when framing. */
export const SIDEBAR_WIDTH_PX = 400;
