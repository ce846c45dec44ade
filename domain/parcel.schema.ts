/**
 * The parcel (地块) property schema, shared by the tagging form, the server's
 * request validation and the seed loader.
 */
import { z } from 'zod';
import { boundedFigure, FIGURE_LIMITS } from './figureLimits';
import { LAND_USE_CODES } from './landUse';

/**
 * Lifecycle of a parcel. `supplied` (已供地), `under_construction` (在建) and
 * `in_production` (已投产) count as secured; `planned` (规划) and `reserved`
 * (储备) count as pipeline.
 */
export const PARCEL_STATUSES = ['planned', 'reserved', 'supplied', 'under_construction', 'in_production'] as const;
export type ParcelStatus = (typeof PARCEL_STATUSES)[number];
export const SECURED_STATUSES: readonly ParcelStatus[] = ['supplied', 'under_construction', 'in_production'];
export const PIPELINE_STATUSES: readonly ParcelStatus[] = ['planned', 'reserved'];

export const PARCEL_STATUS_LABELS: Record<ParcelStatus, { zh: string; en: string }> = {
  planned: { zh: '规划', en: 'Planned' },
  reserved: { zh: '储备', en: 'Reserved' },
  supplied: { zh: '已供地', en: 'Supplied' },
  under_construction: { zh: '在建', en: 'Under construction' },
  in_production: { zh: '已投产', en: 'In production' },
};

/** The plan's four leading industries (§三(四)) and their chains. */
export const INDUSTRY_CHAINS = ['new_energy', 'new_materials', 'electronic_info', 'biomedicine', 'logistics', 'other'] as const;
export type IndustryChain = (typeof INDUSTRY_CHAINS)[number];

export const INDUSTRY_CHAIN_LABELS: Record<IndustryChain, { zh: string; en: string }> = {
  new_energy: { zh: '新能源（储能）', en: 'New energy (storage)' },
  new_materials: { zh: '新材料', en: 'New materials' },
  electronic_info: { zh: '新一代信息技术（电子元器件）', en: 'New-generation IT (electronic components)' },
  biomedicine: { zh: '生物医药', en: 'Biomedicine' },
  logistics: { zh: '现代物流', en: 'Logistics' },
  other: { zh: '其他', en: 'Other' },
};

const optionalText = (max: number) => z.string().trim().max(max).nullable().default(null);
/** A figure within its limit (./figureLimits.ts), or null when unknown. */
const optionalFigure = (max: number, zh: string, en: string) => boundedFigure(max, { zh, en }).nullable().default(null);

export const parcelPropertiesSchema = z.object({
  name: z.string().trim().min(1).max(200),
  landUseCode: z.enum(LAND_USE_CODES),
  status: z.enum(PARCEL_STATUSES),
  /** Year the land was (or is expected to be) supplied: 供地年份. */
  supplyYear: z.number().int().min(1990).max(2100).nullable().default(null),
  enterprise: optionalText(200),
  industryChain: z.enum(INDUSTRY_CHAINS).nullable().default(null),
  /** Total planned investment of the project on this parcel, 亿元. */
  investmentYi: optionalFigure(FIGURE_LIMITS.investmentYi, '计划总投资（亿元）', 'investmentYi (亿元)'),
  /** Annual output value, 亿元. */
  outputYi: optionalFigure(FIGURE_LIMITS.outputYi, '产值（亿元）', 'outputYi (亿元)'),
  /** Standard factory floor area built on this parcel, m². */
  factoryFloorSquareMeters: optionalFigure(FIGURE_LIMITS.factoryFloorSquareMeters, '厂房建筑面积（m²）', 'factoryFloorSquareMeters'),
  notes: optionalText(2000),
  /** Peak heat/cooling demand entered for this parcel, kW; with powerDemandKilowatts it wins over the estimate. */
  heatCoolingDemandKilowatts: optionalFigure(FIGURE_LIMITS.demandKilowatts, '冷热负荷（kW）', 'heatCoolingDemandKilowatts'),
  /** Peak power demand entered for this parcel, kW. */
  powerDemandKilowatts: optionalFigure(FIGURE_LIMITS.demandKilowatts, '电力负荷（kW）', 'powerDemandKilowatts'),
  /** True for the illustrative seed data; official imports set false. */
  illustrative: z.boolean().default(false),
});

export type ParcelPropertiesInput = z.input<typeof parcelPropertiesSchema>;
export type ParcelProperties = z.output<typeof parcelPropertiesSchema>;
