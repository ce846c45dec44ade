/** The energy layer: stations (points) and lines (gas trunk/branch, power). */
import { z } from 'zod';
import { boundedFigure, FIGURE_LIMITS } from './figureLimits';

export const STATION_KINDS = ['cchp', 'substation', 'gas_gate', 'storage'] as const;
export type StationKind = (typeof STATION_KINDS)[number];
export const STATION_STATUSES = ['planned', 'under_construction', 'operating'] as const;
export type StationStatus = (typeof STATION_STATUSES)[number];

export const STATION_KIND_LABELS: Record<StationKind, { zh: string; en: string }> = {
  cchp: { zh: '综合能源站（冷热电三联供）', en: 'CCHP energy station' },
  substation: { zh: '变电站', en: 'Substation' },
  gas_gate: { zh: '天然气门站', en: 'Gas gate station' },
  storage: { zh: '储能电站', en: 'Energy storage' },
};
export const STATION_STATUS_LABELS: Record<StationStatus, { zh: string; en: string }> = {
  planned: { zh: '规划', en: 'Planned' },
  under_construction: { zh: '在建', en: 'Under construction' },
  operating: { zh: '运行', en: 'Operating' },
};

export const stationPropertiesSchema = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(STATION_KINDS),
  status: z.enum(STATION_STATUSES),
  /** Electrical capacity, MWe (a substation's transformer rating, a CCHP station's generating sets). */
  capacityMW: boundedFigure(FIGURE_LIMITS.capacityMW, { zh: '电力容量（MWe）', en: 'capacityMW (MWe)' }).nullable().default(null),
  /** Thermal (heating/cooling) capacity, MWth; a CCHP station has one, a substation none. */
  thermalCapacityMW: boundedFigure(FIGURE_LIMITS.capacityMW, { zh: '冷热容量（MWth）', en: 'thermalCapacityMW (MWth)' }).nullable().default(null),
  serviceRadiusMeters: z.number().finite().positive().max(100_000).nullable().default(null),
  notes: z.string().trim().max(2000).nullable().default(null),
  illustrative: z.boolean().default(false),
});
export type StationProperties = z.output<typeof stationPropertiesSchema>;

export const LINE_KINDS = ['gas_trunk', 'gas_branch', 'power_line'] as const;
export type LineKind = (typeof LINE_KINDS)[number];
export const LINE_KIND_LABELS: Record<LineKind, { zh: string; en: string }> = {
  gas_trunk: { zh: '天然气干线', en: 'Gas trunk line' },
  gas_branch: { zh: '天然气支线', en: 'Gas branch line' },
  power_line: { zh: '电力线路', en: 'Power line' },
};

export const linePropertiesSchema = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(LINE_KINDS),
  status: z.enum(STATION_STATUSES),
  /** Nominal voltage for power lines, kV. */
  voltageKV: boundedFigure(FIGURE_LIMITS.voltageKV, { zh: '电压等级（kV）', en: 'voltageKV' }).positive().nullable().default(null),
  notes: z.string().trim().max(2000).nullable().default(null),
  illustrative: z.boolean().default(false),
});
export type LineProperties = z.output<typeof linePropertiesSchema>;
