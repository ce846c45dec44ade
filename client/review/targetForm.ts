/**
 * The target form's fields and their conversion to a target definition
 * (pure). The form keeps what the planner typed (text for numbers and code
 * lists); `toDefinition` parses it through domain/target.schema.ts, the
 * schema the server validates with, so a form that passes here is a body
 * the server accepts in shape (it still checks zone codes and year order).
 */
import { enterpriseFilterSchema, targetDefinitionSchema, type Comparator, type EnterpriseFilter, type Metric, type TargetDefinition } from '$domain/target.schema';
import { DEFAULT_FLOOR_LEVEL, DEFAULT_STRETCH_LEVEL, type FigureWord, type TargetLevel } from '$domain/targetWords';

export interface TargetFormFields {
  code: string;
  labelZh: string;
  labelEn: string;
  metric: Metric;
  comparator: Comparator;
  zoneCodes: string[];
  /** Land-use codes as typed: separated by commas, spaces or 、. */
  landUseCodes: string;
  securedStatuses: string[];
  pipelineStatuses: string[];
  stationKinds: string[];
  /** Carried through unchanged (set through the API for now), so editing a figure never widens a D target to every enterprise. */
  enterpriseFilter: EnterpriseFilter;
  supplyYearFrom: string;
  supplyYearTo: string;
  floor: string;
  /** The plan's word for each figure (确保/力争/plain) and its qualifier ('' = none). */
  floorLevel: TargetLevel;
  floorWordZh: FigureWord | '';
  stretch: string;
  stretchLevel: TargetLevel;
  stretchWordZh: FigureWord | '';
  source: string;
  notes: string;
}

export function emptyTargetForm(): TargetFormFields {
  return {
    code: '',
    labelZh: '',
    labelEn: '',
    metric: 'land_mu',
    comparator: 'gte',
    zoneCodes: [],
    landUseCodes: '',
    securedStatuses: ['supplied', 'under_construction', 'in_production'],
    pipelineStatuses: ['planned', 'reserved'],
    stationKinds: [],
    enterpriseFilter: enterpriseFilterSchema.parse({}),
    supplyYearFrom: '',
    supplyYearTo: '',
    floor: '',
    floorLevel: DEFAULT_FLOOR_LEVEL,
    floorWordZh: '',
    stretch: '',
    stretchLevel: DEFAULT_STRETCH_LEVEL,
    stretchWordZh: '',
    source: '',
    notes: '',
  };
}

export function formFromDefinition(definition: TargetDefinition): TargetFormFields {
  const text = (value: number | null) => (value === null ? '' : String(value));
  return {
    code: definition.code,
    labelZh: definition.labelZh,
    labelEn: definition.labelEn,
    metric: definition.metric,
    comparator: definition.comparator,
    zoneCodes: [...definition.zoneCodes],
    landUseCodes: definition.landUseCodes.join(', '),
    securedStatuses: [...definition.securedStatuses],
    pipelineStatuses: [...definition.pipelineStatuses],
    stationKinds: [...definition.stationKinds],
    enterpriseFilter: {
      ...definition.enterpriseFilter,
      industryChains: [...definition.enterpriseFilter.industryChains],
      scales: [...definition.enterpriseFilter.scales],
      tags: [...definition.enterpriseFilter.tags],
    },
    supplyYearFrom: text(definition.supplyYearFrom),
    supplyYearTo: text(definition.supplyYearTo),
    floor: text(definition.floor),
    floorLevel: definition.floorLevel,
    floorWordZh: definition.floorWordZh ?? '',
    stretch: text(definition.stretch),
    stretchLevel: definition.stretchLevel,
    stretchWordZh: definition.stretchWordZh ?? '',
    source: definition.source ?? '',
    notes: definition.notes ?? '',
  };
}

/** Splits a typed code list on commas, 、, semicolons or whitespace. */
export function splitCodes(text: string): string[] {
  return text
    .split(/[\s,，、;；]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A number as typed ('' → null); thousands separators are allowed. NaN for anything else. */
export function parseNumberField(text: string): number | null {
  const trimmed = text.trim().replace(/[,，\s]/g, '');
  if (trimmed === '') return null;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** Which form field a schema issue belongs to. */
export type TargetFormField = keyof TargetFormFields;

export type TargetFormResult = { ok: true; definition: TargetDefinition } | { ok: false; fields: TargetFormField[] };

export function toDefinition(form: TargetFormFields): TargetFormResult {
  const stationTarget = form.metric === 'station_count';
  const candidate = {
    code: form.code.trim(),
    labelZh: form.labelZh.trim(),
    labelEn: form.labelEn.trim(),
    metric: form.metric,
    comparator: form.comparator,
    zoneCodes: form.zoneCodes,
    landUseCodes: stationTarget ? [] : splitCodes(form.landUseCodes),
    securedStatuses: form.securedStatuses,
    pipelineStatuses: form.pipelineStatuses,
    stationKinds: stationTarget ? form.stationKinds : [],
    enterpriseFilter: form.enterpriseFilter,
    supplyYearFrom: parseNumberField(form.supplyYearFrom),
    supplyYearTo: parseNumberField(form.supplyYearTo),
    floor: parseNumberField(form.floor),
    floorLevel: form.floorLevel,
    floorWordZh: form.floorWordZh === '' ? null : form.floorWordZh,
    stretch: parseNumberField(form.stretch),
    stretchLevel: form.stretchLevel,
    stretchWordZh: form.stretchWordZh === '' ? null : form.stretchWordZh,
    source: form.source.trim() === '' ? null : form.source.trim(),
    notes: form.notes.trim() === '' ? null : form.notes.trim(),
  };
  const parsed = targetDefinitionSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, definition: parsed.data };
  const fields = new Set<TargetFormField>();
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && field in form) fields.add(field as TargetFormField);
  }
  return { ok: false, fields: [...fields] };
}
