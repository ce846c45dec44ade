/**
 * Land-use codes from 《国土空间调查、规划、用途管制用地用海分类指南》
 * (自然资源部, 2023), the national classification for territorial spatial
 * surveys, planning and use control. Only the classes an industrial park
 * uses are listed; codes are hierarchical (first level 2 digits, second
 * level 4, third level 6), so "1001" contains "100101".
 */
export interface LandUseClass {
  code: string;
  nameZh: string;
  nameEn: string;
}

export const LAND_USE_CLASSES = [
  { code: '0802', nameZh: '科研用地', nameEn: 'Research' },
  { code: '0901', nameZh: '商业用地', nameEn: 'Commercial' },
  { code: '1001', nameZh: '工业用地', nameEn: 'Industrial' },
  { code: '100101', nameZh: '一类工业用地', nameEn: 'Industrial, class 1 (no nuisance)' },
  { code: '100102', nameZh: '二类工业用地', nameEn: 'Industrial, class 2 (some nuisance)' },
  { code: '100103', nameZh: '三类工业用地', nameEn: 'Industrial, class 3 (serious nuisance)' },
  { code: '1002', nameZh: '采矿用地', nameEn: 'Mining' },
  { code: '1101', nameZh: '物流仓储用地', nameEn: 'Logistics and warehousing' },
  { code: '110101', nameZh: '一类物流仓储用地', nameEn: 'Logistics and warehousing, class 1' },
  { code: '110102', nameZh: '二类物流仓储用地', nameEn: 'Logistics and warehousing, class 2' },
  { code: '110103', nameZh: '三类物流仓储用地', nameEn: 'Logistics and warehousing, class 3' },
  { code: '1102', nameZh: '储备库用地', nameEn: 'Strategic reserve depots' },
  { code: '1207', nameZh: '城镇道路用地', nameEn: 'Urban roads' },
  { code: '1208', nameZh: '交通场站用地', nameEn: 'Transport stations and yards' },
  { code: '1301', nameZh: '供水用地', nameEn: 'Water supply' },
  { code: '1302', nameZh: '排水用地', nameEn: 'Drainage and sewage' },
  { code: '1303', nameZh: '供电用地', nameEn: 'Power supply' },
  { code: '1304', nameZh: '供燃气用地', nameEn: 'Gas supply' },
  { code: '1305', nameZh: '供热用地', nameEn: 'Heat supply' },
  { code: '1306', nameZh: '通信用地', nameEn: 'Telecommunications' },
  { code: '1309', nameZh: '环卫用地', nameEn: 'Sanitation' },
  { code: '1310', nameZh: '消防用地', nameEn: 'Fire services' },
  { code: '1312', nameZh: '水工设施用地', nameEn: 'Hydraulic structures' },
  { code: '1313', nameZh: '其他公用设施用地', nameEn: 'Other public utilities' },
  { code: '1402', nameZh: '防护绿地', nameEn: 'Protective green belt' },
  { code: '16', nameZh: '留白用地', nameEn: 'Land left blank (reserved for future use)' },
] as const satisfies readonly LandUseClass[];

export type LandUseCode = (typeof LAND_USE_CLASSES)[number]['code'];

export const LAND_USE_CODES = LAND_USE_CLASSES.map((c) => c.code) as unknown as readonly [LandUseCode, ...LandUseCode[]];

const BY_CODE = new Map<string, LandUseClass>(LAND_USE_CLASSES.map((c) => [c.code, c]));

export function landUseClass(code: string): LandUseClass | undefined {
  return BY_CODE.get(code);
}

/**
 * True when `code` is `counted` or one of its subclasses: a target that counts
 * "1001" counts 100101, 100102 and 100103 too.
 */
export function landUseMatches(code: string, counted: readonly string[]): boolean {
  for (const c of counted) if (code.startsWith(c)) return true;
  return false;
}
