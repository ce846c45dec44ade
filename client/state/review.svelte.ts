/**
 * The review tools of issue 4 in one place: drill-down, the year slider,
 * ledger health, plan/target and zone administration, and the map focus
 * requests they make. Created once by AppState.
 */
import { AsOfYear } from './asOfYear.svelte';
import { DrillDown } from './drillDown.svelte';
import { LedgerHealth } from './ledgerHealth.svelte';
import type { MapData } from './mapData.svelte';
import { MapFocus } from './mapFocus.svelte';
import { PlanAdmin } from './planAdmin.svelte';
import type { Plans } from './plans.svelte';
import { ZoneAdmin } from './zoneAdmin.svelte';

export class Review {
  readonly focus = new MapFocus();
  readonly asOf: AsOfYear;
  readonly drill: DrillDown;
  readonly health = new LedgerHealth();
  readonly planAdmin: PlanAdmin;
  readonly zoneAdmin: ZoneAdmin;

  constructor(data: MapData, plans: Plans) {
    this.asOf = new AsOfYear(plans);
    this.drill = new DrillDown(plans, this.focus);
    this.planAdmin = new PlanAdmin(plans, () => void this.drill.reload());
    this.zoneAdmin = new ZoneAdmin(data, plans);
  }

  /** The year slider moved: the tally and the map follow, and so does an open drill-down. */
  async setYear(year: number | null): Promise<void> {
    await this.asOf.setYear(year);
    await this.drill.reload();
  }
}
