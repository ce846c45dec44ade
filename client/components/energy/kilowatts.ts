/** How the Energy tab writes power figures: whole kW with separators; MW to one decimal. */
import { formatFixed } from '../../format';

export const formatKilowatts = (kilowatts: number, locale: string): string => `${formatFixed(kilowatts, 0, locale)} kW`;

export const formatMegawatts = (megawatts: number, locale: string): string => `${formatFixed(megawatts, 1, locale)} MW`;

/** A share of a total as a percentage with one decimal ("—" when the total is zero). */
export function formatShare(part: number, total: number, locale: string): string {
  if (!(total > 0)) return '—';
  return (part / total).toLocaleString(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
}
