/**
 * The zone form (code, names, kind) checked with the server's schema
 * (domain/zone.schema.ts), each refused field explained in Chinese and
 * English. Pure.
 */
import { zonePropertiesSchema, type ZoneProperties } from '$domain/zone.schema';
import type { FieldError } from './energyForm';

export interface ZoneFormValues {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: string;
}

export const emptyZoneForm = (): ZoneFormValues => ({ code: '', nameZh: '', nameEn: '', kind: 'other' });

const MESSAGES: Record<keyof ZoneFormValues, FieldError> = {
  code: { zh: '1–32 位字母、数字或 _ . -', en: '1–32 letters, digits or _ . -' },
  nameZh: { zh: '必填，不超过 200 字', en: 'Required, at most 200 characters' },
  nameEn: { zh: '必填，不超过 200 字', en: 'Required, at most 200 characters' },
  kind: { zh: '请从列表中选择', en: 'Choose from the list' },
};

export type ZoneFormCheck =
  | { ok: true; properties: Omit<ZoneProperties, 'illustrative'> }
  | { ok: false; errors: Partial<Record<keyof ZoneFormValues, FieldError>> };

export function checkZoneForm(values: ZoneFormValues): ZoneFormCheck {
  const parsed = zonePropertiesSchema.safeParse(values);
  if (parsed.success) {
    const { illustrative: _flag, ...properties } = parsed.data;
    return { ok: true, properties };
  }
  const errors: Partial<Record<keyof ZoneFormValues, FieldError>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as keyof ZoneFormValues | undefined;
    if (field && field in MESSAGES) errors[field] = MESSAGES[field];
  }
  return { ok: false, errors };
}
