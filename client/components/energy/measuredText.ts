/** The words under a measured demand figure: how the enterprise's tce/a became the parcel's peak kW. Pure. */
import type { MeasuredBasisRow, ParcelDemandRow } from '../../api/energy';
import { formatFixed } from '../../format';
import { formatKilowatts } from './kilowatts';

/** Replaces each {name} in a template with its value; unknown names stay as typed. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** One parcel's derivation, e.g. "示例储能 2024 年综合能耗 3,000 吨标准煤 × 面积占比 75.0% → 平均 2,787 kW，负荷率 0.6 → 峰值 4,644 kW". */
export function measuredDetailText(template: string, measured: NonNullable<ParcelDemandRow['measured']>, locale: string): string {
  return fillTemplate(template, {
    name: measured.enterpriseName,
    year: String(measured.year),
    tce: formatFixed(measured.enterpriseTce, 0, locale),
    share: measured.areaShare.toLocaleString(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    avg: formatKilowatts(measured.averageKilowatts, locale),
    lf: String(measured.loadFactor),
    peak: formatKilowatts(measured.peakKilowatts, locale),
  });
}

/** The stated basis (conversion and load factor, with their sources) in one sentence. */
export function measuredBasisText(template: string, basis: MeasuredBasisRow, lang: 'zh' | 'en'): string {
  return fillTemplate(template, { conversion: basis.conversionSource[lang], loadFactor: basis.loadFactorSource[lang], lf: String(basis.loadFactor) });
}
