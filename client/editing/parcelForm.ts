/**
 * The tagging form's values and their validation. Inputs hold text; the
 * values are turned into parcel properties and checked with the same zod
 * schema the server uses (domain/parcel.schema.ts), and each failing field
 * gets a message in Chinese and English.
 */
import { ADDITIVE_DECIMALS, ADDITIVE_FIELDS } from '$domain/additive';
import type { z } from 'zod';
import { parcelPropertiesSchema, type ParcelProperties } from '$domain/parcel.schema';
import type { Bilingual, MessageKey } from '../i18n.svelte';

export interface ParcelFormValues {
  name: string;
  landUseCode: string;
  status: string;
  supplyYear: string;
  enterprise: string;
  industryChain: string;
  investmentYi: string;
  outputYi: string;
  factoryFloorSquareMeters: string;
  /** Entered peak demand, kW (blank: estimated from the intensity table). Kept on the form so a save never drops it. */
  heatCoolingDemandKilowatts: string;
  powerDemandKilowatts: string;
  notes: string;
  illustrative: boolean;
}

export type FormField = Exclude<keyof ParcelFormValues, 'illustrative'>;

/** Each form field's label, shared by the form and the history's field changes. */
export const FIELD_LABELS: Record<FormField, MessageKey> = {
  name: 'fieldName',
  landUseCode: 'fieldLandUse',
  status: 'fieldStatus',
  supplyYear: 'fieldSupplyYear',
  enterprise: 'fieldEnterprise',
  industryChain: 'fieldIndustry',
  investmentYi: 'fieldInvestment',
  outputYi: 'fieldOutput',
  factoryFloorSquareMeters: 'fieldFactoryFloor',
  heatCoolingDemandKilowatts: 'fieldHeatDemand',
  powerDemandKilowatts: 'fieldPowerDemand',
  notes: 'fieldNotes',
};

const NUMBER_FIELDS = ['supplyYear', 'investmentYi', 'outputYi', 'factoryFloorSquareMeters', 'heatCoolingDemandKilowatts', 'powerDemandKilowatts'] as const;

export function emptyForm(): ParcelFormValues {
  return {
    name: '',
    landUseCode: '1001',
    status: 'planned',
    supplyYear: '',
    enterprise: '',
    industryChain: '',
    investmentYi: '',
    outputYi: '',
    factoryFloorSquareMeters: '',
    heatCoolingDemandKilowatts: '',
    powerDemandKilowatts: '',
    notes: '',
    illustrative: false,
  };
}

const asText = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

/** The form filled from a stored parcel's properties. */
export function formFromProperties(properties: Record<string, unknown>): ParcelFormValues {
  return {
    name: asText(properties.name),
    landUseCode: asText(properties.landUseCode),
    status: asText(properties.status),
    supplyYear: asText(properties.supplyYear),
    enterprise: asText(properties.enterprise),
    industryChain: asText(properties.industryChain),
    investmentYi: asText(properties.investmentYi),
    outputYi: asText(properties.outputYi),
    factoryFloorSquareMeters: asText(properties.factoryFloorSquareMeters),
    heatCoolingDemandKilowatts: asText(properties.heatCoolingDemandKilowatts),
    powerDemandKilowatts: asText(properties.powerDemandKilowatts),
    notes: asText(properties.notes),
    illustrative: properties.illustrative === true,
  };
}

/** Text → number; blank → null; anything else unparseable → NaN (which the schema refuses). */
function parseNumber(text: string): number | null {
  const trimmed = text.trim().replace(/,/g, '');
  if (trimmed === '') return null;
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

const blankToNull = (text: string): string | null => (text.trim() === '' ? null : text);

/** The raw properties object the form describes (not yet validated). */
export function formToInput(values: ParcelFormValues): Record<string, unknown> {
  const input: Record<string, unknown> = {
    name: values.name,
    landUseCode: values.landUseCode,
    status: values.status,
    enterprise: blankToNull(values.enterprise),
    industryChain: blankToNull(values.industryChain),
    notes: blankToNull(values.notes),
    illustrative: values.illustrative,
  };
  for (const field of NUMBER_FIELDS) input[field] = parseNumber(values[field]);
  return input;
}

function issueMessage(field: string, issue: z.core.$ZodIssue): Bilingual {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return { zh: '必填', en: 'Required' };
      if (field === 'supplyYear') return { zh: '年份须在 1990—2100 之间', en: 'Year must be 1990–2100' };
      return { zh: '不能为负数', en: 'Must not be negative' };
    case 'too_big':
      if (issue.origin === 'string') return { zh: `过长（最多 ${String(issue.maximum)} 字）`, en: `Too long (at most ${String(issue.maximum)} characters)` };
      return { zh: '年份须在 1990—2100 之间', en: 'Year must be 1990–2100' };
    case 'invalid_value':
      return { zh: '请从列表中选择', en: 'Choose from the list' };
    case 'invalid_type':
      if (issue.expected === 'int') return { zh: '须为整数年份', en: 'Must be a whole year' };
      if (issue.expected === 'number') return { zh: '须为数字', en: 'Must be a number' };
      return { zh: '必填', en: 'Required' };
    default:
      return { zh: '取值无效', en: 'Invalid value' };
  }
}

export type FormErrors = Partial<Record<FormField, Bilingual>>;

export type FormValidation = { ok: true; properties: ParcelProperties } | { ok: false; errors: FormErrors };

export function validateForm(values: ParcelFormValues): FormValidation {
  const parsed = parcelPropertiesSchema.safeParse(formToInput(values));
  if (parsed.success) return { ok: true, properties: parsed.data };
  const errors: FormErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'name') as FormField;
    errors[field] ??= issueMessage(field, issue);
  }
  return { ok: false, errors };
}

/**
 * The form after merging in another parcel: its investment, output, floor
 * area and entered demand are added to the form's, so a merge keeps the
 * totals (the server refuses a merge that does not, unless confirmed).
 */
export function sumFiguresInto(values: ParcelFormValues, other: Record<string, unknown>): ParcelFormValues {
  const next = { ...values };
  for (const field of ADDITIVE_FIELDS) {
    const theirs = other[field];
    if (typeof theirs !== 'number' || !Number.isFinite(theirs)) continue;
    const mine = parseNumber(values[field]);
    // Rounded to the field's decimals so 0.1 + 0.2 reads 0.3, not 0.30000000000000004.
    const sum = Number(((Number.isFinite(mine) ? (mine ?? 0) : 0) + theirs).toFixed(ADDITIVE_DECIMALS[field] + 2));
    next[field] = String(sum);
  }
  return next;
}
