/**
 * The CRS a planner can choose for imports and exports: the ones Wansheng's
 * data comes in (CGCS2000 geographic, 3° zone 36 with and without the zone
 * prefix) and the neighbouring zones. Names as in the EPSG registry; the
 * server holds the definitions (domain/io/crs.ts).
 */
export interface CrsChoice {
  code: string;
  zh: string;
  en: string;
  geographic: boolean;
}

export const CRS_CHOICES: readonly CrsChoice[] = Object.freeze([
  { code: 'EPSG:4490', zh: '2000国家大地坐标系 经纬度', en: 'CGCS2000 longitude/latitude', geographic: true },
  { code: 'EPSG:4326', zh: 'WGS84 经纬度', en: 'WGS 84 longitude/latitude', geographic: true },
  { code: 'EPSG:4524', zh: 'CGCS2000 3度带 第36带（带号）', en: 'CGCS2000 3° GK zone 36 (zone prefix)', geographic: false },
  { code: 'EPSG:4545', zh: 'CGCS2000 3度带 中央经线108°E', en: 'CGCS2000 3° GK CM 108°E', geographic: false },
  { code: 'EPSG:4523', zh: 'CGCS2000 3度带 第35带（带号）', en: 'CGCS2000 3° GK zone 35 (zone prefix)', geographic: false },
  { code: 'EPSG:4544', zh: 'CGCS2000 3度带 中央经线105°E', en: 'CGCS2000 3° GK CM 105°E', geographic: false },
  { code: 'EPSG:4496', zh: 'CGCS2000 6度带 第18带（带号）', en: 'CGCS2000 6° GK zone 18 (zone prefix)', geographic: false },
  { code: 'EPSG:4507', zh: 'CGCS2000 6度带 中央经线105°E', en: 'CGCS2000 6° GK CM 105°E', geographic: false },
]);
