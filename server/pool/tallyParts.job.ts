/**
 * What each parcel adds to each target of a plan (the kept tally's parts,
 * server/store/tallyCache.ts), from the stored rows with their zone cells as
 * JSON text. A full build over ~3,000 parcels parsed and weighed every one on
 * the request thread (~70–100 ms held on the shared 2-core box); past a
 * threshold the store sends the rows here instead. The same function runs on
 * the request thread for a few rows, so the parts never depend on where.
 */
import { parcelContribution, prepare, type PreparedTarget, type TallyParcel } from '../../domain/tally';
import { isEnterpriseMetric, type TargetDefinition } from '../../domain/target.schema';
import type { ZoneCell } from '../../domain/zoneCells';

/** What one parcel adds: [target index, role (0 secured, 1 pipeline), value] for each target it counts in. */
export type TallyParts = [number, 0 | 1, number][];

/** A parcel row as the tally reads it: zone cells as stored text. */
export type TallyRow = Omit<TallyParcel, 'zoneCells'> & { id: number; zoneCells: string };

/** Targets counted from parcels (not stations, not the enterprise register). */
const countsParcels = (p: PreparedTarget) => p.target.metric !== 'station_count' && !isEnterpriseMetric(p.target.metric);

export function partsOf(prepared: readonly PreparedTarget[], parcel: TallyParcel): TallyParts {
  const out: TallyParts = [];
  prepared.forEach((p, i) => {
    if (!countsParcels(p)) return;
    const c = parcelContribution(p, parcel);
    if (c) out.push([i, c.role === 'secured' ? 0 : 1, c.value]);
  });
  return out;
}

export const toTallyParcel = (r: TallyRow): TallyParcel & { id: number } => ({ ...r, zoneCells: JSON.parse(r.zoneCells) as ZoneCell[] });

/** Each row's parts, in the rows' order. */
export function tallyParts(input: { targets: TargetDefinition[]; rows: TallyRow[] }): TallyParts[] {
  const prepared = input.targets.map(prepare);
  return input.rows.map((r) => partsOf(prepared, toTallyParcel(r)));
}
