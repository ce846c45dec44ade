/**
 * The station and line forms: text fields as typed, turned into properties
 * by the same schemas the server validates with (domain/energy.schema.ts),
 * and each refused field explained in Chinese and English. Pure.
 */
import type { z } from 'zod';
import {
  linePropertiesSchema,
  stationPropertiesSchema,
  type LineProperties,
  type StationProperties,
} from '$domain/energy.schema';

export interface StationFormValues {
  name: string;
  kind: string;
  status: string;
  /** Electrical capacity, MWe, blank = not set. */
  capacityMW: string;
  /** Thermal capacity, MWth, blank = not set (a substation has none). */
  thermalCapacityMW: string;
  /** m, blank = not set. */
  serviceRadiusMeters: string;
  notes: string;
}

export interface LineFormValues {
  name: string;
  kind: string;
  status: string;
  /** kV, blank = not set. */
  voltageKV: string;
  notes: string;
}

export interface FieldError {
  zh: string;
  en: string;
}

export type FormCheck<P, V> = { ok: true; properties: P } | { ok: false; errors: Partial<Record<keyof V, FieldError>> };

export const emptyStationForm = (): StationFormValues => ({
  name: '',
  kind: 'cchp',
  status: 'planned',
  capacityMW: '',
  thermalCapacityMW: '',
  serviceRadiusMeters: '2500',
  notes: '',
});

export const emptyLineForm = (): LineFormValues => ({ name: '', kind: 'gas_branch', status: 'planned', voltageKV: '', notes: '' });

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));

export function stationFormFrom(properties: Partial<StationProperties>): StationFormValues {
  return {
    name: text(properties.name),
    kind: text(properties.kind) || 'cchp',
    status: text(properties.status) || 'planned',
    capacityMW: text(properties.capacityMW),
    thermalCapacityMW: text(properties.thermalCapacityMW),
    serviceRadiusMeters: text(properties.serviceRadiusMeters),
    notes: text(properties.notes),
  };
}

export function lineFormFrom(properties: Partial<LineProperties>): LineFormValues {
  return {
    name: text(properties.name),
    kind: text(properties.kind) || 'gas_branch',
    status: text(properties.status) || 'planned',
    voltageKV: text(properties.voltageKV),
    notes: text(properties.notes),
  };
}

const NOT_A_NUMBER: FieldError = { zh: '请输入数字', en: 'Enter a number' };

/** '' → null; a number → the number; anything else → NaN (refused with NOT_A_NUMBER). */
function numberOrNull(value: string): number | null {
  const t = value.trim().replace(/,/g, '');
  if (t === '') return null;
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

function issueMessage(issue: z.core.$ZodIssue): FieldError {
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'string'
        ? { zh: '必填', en: 'Required' }
        : issue.inclusive
          ? { zh: `不能小于 ${String(issue.minimum)}`, en: `Must be at least ${String(issue.minimum)}` }
          : { zh: `必须大于 ${String(issue.minimum)}`, en: `Must be more than ${String(issue.minimum)}` };
    case 'too_big':
      return issue.origin === 'string'
        ? { zh: `不超过 ${String(issue.maximum)} 个字符`, en: `At most ${String(issue.maximum)} characters` }
        : { zh: `不能大于 ${String(issue.maximum)}`, en: `Must be at most ${String(issue.maximum)}` };
    case 'invalid_value':
      return { zh: '请从列表中选择', en: 'Choose from the list' };
    default:
      return { zh: '填写有误', en: 'Invalid value' };
  }
}

function check<P, V>(schema: z.ZodType<P>, raw: Record<string, unknown>, numeric: readonly (keyof V & string)[]): FormCheck<P, V> {
  const errors: Partial<Record<keyof V, FieldError>> = {};
  for (const field of numeric) if (Number.isNaN(raw[field])) errors[field] = NOT_A_NUMBER;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof V | undefined;
      if (field !== undefined && !errors[field]) errors[field] = issueMessage(issue);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, properties: parsed.data };
}

/** The station's properties, or why each refused field is refused. */
export function checkStationForm(values: StationFormValues): FormCheck<StationProperties, StationFormValues> {
  return check<StationProperties, StationFormValues>(
    stationPropertiesSchema,
    {
      name: values.name,
      kind: values.kind,
      status: values.status,
      capacityMW: numberOrNull(values.capacityMW),
      thermalCapacityMW: numberOrNull(values.thermalCapacityMW),
      serviceRadiusMeters: numberOrNull(values.serviceRadiusMeters),
      notes: values.notes.trim() === '' ? null : values.notes,
    },
    ['capacityMW', 'thermalCapacityMW', 'serviceRadiusMeters'],
  );
}

/** The line's properties, or why each refused field is refused. */
export function checkLineForm(values: LineFormValues): FormCheck<LineProperties, LineFormValues> {
  return check<LineProperties, LineFormValues>(
    linePropertiesSchema,
    {
      name: values.name,
      kind: values.kind,
      status: values.status,
      voltageKV: numberOrNull(values.voltageKV),
      notes: values.notes.trim() === '' ? null : values.notes,
    },
    ['voltageKV'],
  );
}
