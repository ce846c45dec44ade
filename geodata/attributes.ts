/**
 * Invented (illustrative) attributes for the seed parcels: status, supply
 * year, land use, enterprise, money and factory floor. Figures are placed so
 * the tally shows a realistic mix of met and unmet targets; nothing here is
 * official.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { IndustryChain, ParcelPropertiesInput, ParcelStatus } from '../domain/parcel.schema';
import type { LandUseCode } from '../domain/landUse';
import { squareMetersToMu } from '../domain/units';
import { round1, type Cell, type Rng } from './lib';

export interface Draft {
  /** Zones the parcel lies in, e.g. "A2+B1"; "A4~" = straddles A4's edge; "none". */
  group: string;
  cell: Cell;
  /** Trimmed to a zone edge (no longer the cell's quadrilateral). */
  clipped: boolean;
  geometry: Polygon | MultiPolygon;
  areaSquareMeters: number;
  props: ParcelPropertiesInput | null;
}

interface GroupSpec {
  prefix: string;
  chains: IndustryChain[];
  /** Secured land (mu) with a supply year in 2023–2025, and with 2021–2022. */
  windowMu: number;
  oldMu: number;
  utilities: LandUseCode[];
}
const GROUPS: Record<string, GroupSpec> = {
  A1: { prefix: '无水港', chains: ['logistics'], windowMu: 1120, oldMu: 150, utilities: ['1402'] },
  A2: { prefix: '鱼田堡', chains: ['electronic_info', 'new_energy', 'biomedicine'], windowMu: 1000, oldMu: 200, utilities: ['1303', '16'] },
  'A2+B1': { prefix: '鱼田堡', chains: ['new_energy'], windowMu: 450, oldMu: 0, utilities: [] },
  B1: { prefix: '储能基地', chains: ['new_energy'], windowMu: 1000, oldMu: 350, utilities: ['1305', '1402'] },
  B2: { prefix: '智能网联', chains: ['new_energy'], windowMu: 1100, oldMu: 350, utilities: ['1305', '1303'] },
  B3: { prefix: '关坝', chains: ['new_materials'], windowMu: 1200, oldMu: 450, utilities: ['1305', '1304', '1312'] },
  'A3+B3': { prefix: '扶欢扩区', chains: ['new_materials'], windowMu: 650, oldMu: 0, utilities: [] },
  A4: { prefix: '联创', chains: ['new_materials', 'electronic_info', 'other'], windowMu: 950, oldMu: 120, utilities: ['16'] },
  'A4~': { prefix: '联创', chains: ['other'], windowMu: 1000, oldMu: 0, utilities: [] },
  none: { prefix: '零星', chains: ['other'], windowMu: 1000, oldMu: 0, utilities: [] },
};

/** Park totals the invented money is scaled to (亿元): investment of started projects, output in production. */
const PARK_MONEY: Record<string, { groups: string[]; investment: number; output: number }> = {
  B1: { groups: ['B1', 'A2+B1'], investment: 138, output: 232 },
  B2: { groups: ['B2'], investment: 113, output: 71 },
  B3: { groups: ['B3', 'A3+B3'], investment: 97, output: 117 },
};
/** C1: standard factory floor on parcels supplied 2023–2025 and started, m². */
const FACTORY_FLOOR_SECURED = 430_000;

const PROJECTS: Record<string, string[]> = {
  new_energy: ['储能电芯项目', '锂电正极材料项目', '储能系统集成项目', '电池回收利用项目', '储能变流器项目', '电解液项目'],
  nev: ['新能源汽车零部件项目', '电驱系统项目', '车载电子项目', '智能座舱项目', '动力电池包项目', '轻量化车身件项目'],
  new_materials: ['玻璃新材料项目', '铝基新材料项目', '无机非金属材料项目', '再生资源综合利用项目', '化工新材料项目', '固废资源化项目'],
  electronic_info: ['石英晶体元器件项目', '电感滤波器项目', '电子元器件项目', '片式电阻电容项目'],
  biomedicine: ['中成药生产项目', '医疗器械项目'],
  logistics: ['多式联运仓储项目', '冷链物流项目', '保税仓储项目', '集装箱堆场项目', '公铁联运分拨中心项目'],
  other: ['装备制造项目', '中小企业标准厂房项目', '机械加工项目'],
};
const COMPANY_SUFFIX: Record<string, string[]> = {
  new_energy: ['储能科技', '锂电材料', '新能源科技', '电池科技'],
  nev: ['汽车零部件', '电驱科技', '智能汽车电子'],
  new_materials: ['新材料', '再生资源', '玻璃科技', '铝业', '化工材料'],
  electronic_info: ['电子元件', '晶体科技', '电子科技'],
  biomedicine: ['药业', '医疗器械'],
  logistics: ['物流', '供应链管理', '陆港物流'],
  other: ['机械制造', '装备制造', '实业'],
};
const PLACES = ['万盛', '鱼田', '关坝', '扶欢', '黑山', '南桐', '丛林', '青年', '金桥', '溱州', '渝黔', '綦万', '石林', '万东', '平山', '星光', '凉风', '永兴'];
const UTILITY_NAMES: Record<string, string> = {
  '1303': '110kV变电站用地', '1304': '燃气调压站用地', '1305': '综合能源站用地', '1312': '排洪设施用地', '1402': '防护绿地', '16': '留白用地',
};
const SHRINK = new Set(['1303', '1304', '1305', '1312']);
const INTENSITY: Record<string, { inv: number; out: number }> = {
  new_energy: { inv: 0.1, out: 0.2 }, new_materials: { inv: 0.06, out: 0.12 }, electronic_info: { inv: 0.08, out: 0.1 },
  biomedicine: { inv: 0.07, out: 0.1 }, logistics: { inv: 0.03, out: 0.03 }, other: { inv: 0.04, out: 0.05 },
};

function landUseFor(chain: IndustryChain, rng: Rng): LandUseCode {
  if (chain === 'logistics') return rng.pick(['1101', '110101', '110101']);
  if (chain === 'electronic_info' || chain === 'biomedicine') return '100101';
  if (chain === 'new_materials') return rng.pick(['100102', '100103', '1001']);
  return rng.pick(['100102', '100102', '1001']);
}

export function assignAttributes(
  drafts: Draft[],
  rng: Rng,
  ops: { shrink: (d: Draft) => void; punchHole: (d: Draft) => void; straddleShare: number },
): void {
  const serial = new Map<string, number>();
  const companies = new Set<string>();
  let companyIndex = 0;
  const nameOf = (g: GroupSpec, what: string) => {
    const n = (serial.get(g.prefix) ?? 0) + 1;
    serial.set(g.prefix, n);
    return `${g.prefix}-${String(n).padStart(2, '0')} ${what}`;
  };
  const company = (key: string) => {
    for (;;) {
      const c = `示例${PLACES[companyIndex++ % PLACES.length]}${rng.pick(COMPANY_SUFFIX[key]!)}有限公司`;
      if (!companies.has(c)) return companies.add(c), c;
    }
  };
  const mu = (d: Draft) => squareMetersToMu(d.areaSquareMeters);

  for (const [group, spec] of Object.entries(GROUPS)) {
    const members = drafts.filter((d) => d.group === group).sort((a, b) => a.areaSquareMeters - b.areaSquareMeters);
    // Utilities and green space on the smallest parcels.
    for (const code of spec.utilities) {
      const d = members.find((m) => !m.clipped && m.geometry.type === 'Polygon');
      if (!d) break;
      members.splice(members.indexOf(d), 1);
      if (SHRINK.has(code)) ops.shrink(d);
      const cchpStarted = code === '1305' && group === 'B1';
      d.props = {
        name: nameOf(spec, UTILITY_NAMES[code]!), landUseCode: code, status: cchpStarted ? 'under_construction' : 'planned',
        supplyYear: cchpStarted ? 2024 : code === '1402' || code === '16' ? null : 2026,
        enterprise: cchpStarted ? '示例万盛综合能源服务有限公司' : null, industryChain: null,
        investmentYi: cchpStarted ? 3.2 : null, outputYi: null, factoryFloorSquareMeters: null,
        notes: code === '16' ? '示意数据：留白用地，待定用途' : '示意数据：园区配套设施用地', illustrative: true,
      };
    }
    // Secured in 2023–2025, then secured earlier, then pipeline.
    const order = rng.shuffle(members);
    const take = (target: number) => {
      const picked: Draft[] = [];
      let sum = 0;
      for (const d of order) {
        if (sum >= target * 0.97) break;
        if (d.props || picked.includes(d) || sum + mu(d) > target * 1.06) continue;
        picked.push(d);
        sum += mu(d);
      }
      picked.forEach((d) => order.splice(order.indexOf(d), 1));
      return picked;
    };
    const windowed = group === 'A4~' || group === 'none' ? order.splice(0) : take(spec.windowMu);
    const old = take(spec.oldMu);
    const cycle: ParcelStatus[] = ['in_production', 'under_construction', 'supplied', 'under_construction', 'in_production'];
    const yearFor: Record<string, number[]> = { in_production: [2023, 2023, 2024], under_construction: [2023, 2024, 2025], supplied: [2024, 2025, 2025] };
    const secured = (d: Draft, status: ParcelStatus, year: number) => {
      const chain = rng.pick(spec.chains);
      const key = group === 'B2' ? 'nev' : chain;
      const f = INTENSITY[chain]!;
      const area = mu(d);
      d.props = {
        name: nameOf(spec, `${rng.pick(PROJECTS[key]!)}用地`), landUseCode: landUseFor(chain, rng), status, supplyYear: year,
        enterprise: company(key), industryChain: chain,
        investmentYi: round1(area * f.inv * rng.range(0.7, 1.3)),
        outputYi: status === 'in_production' ? round1(area * f.out * rng.range(0.7, 1.3)) : null,
        factoryFloorSquareMeters: null,
        notes: year < 2023 ? `示意数据：${year}年供地，早于2023—2025年统计期` : `示意数据：${year}年供地`, illustrative: true,
      };
    };
    windowed.forEach((d, k) => {
      const status = group === 'none' ? 'supplied' : group === 'A4~' ? 'under_construction' : cycle[k % cycle.length]!;
      secured(d, status, group === 'none' || group === 'A4~' ? 2024 : rng.pick(yearFor[status]!));
      if (group === 'A4~') d.props!.notes = `示意数据：地块跨越联创片区边界，约${Math.round(ops.straddleShare * 100)}%在片区内，只计片区内面积`;
      if (group === 'none') d.props!.notes = '示意数据：零星工业用地，位于各片区及城镇开发边界之外';
    });
    old.forEach((d, k) => secured(d, k % 3 === 2 ? 'under_construction' : 'in_production', k % 2 ? 2021 : 2022));
    order.forEach((d, k) => {
      const chain = rng.pick(spec.chains);
      const late = group === 'A2' && k === 0; // supplied in 2026: outside the 2023–2025 window
      if (late) return secured(d, 'supplied', 2026);
      const status: ParcelStatus = k % 2 ? 'reserved' : 'planned';
      d.props = {
        name: nameOf(spec, status === 'planned' ? '规划工业用地' : '工业储备用地'), landUseCode: landUseFor(chain, rng), status,
        supplyYear: status === 'planned' ? (k % 4 === 0 ? 2025 : 2026) : null, enterprise: null, industryChain: chain,
        investmentYi: null, outputYi: null, factoryFloorSquareMeters: null,
        notes: status === 'planned' ? '示意数据：已纳入供地计划，尚未供地' : '示意数据：收储地块，尚未供地', illustrative: true,
      };
    });
  }

  // Scale the featured parks' money to the chosen (mixed: some met, some not) totals.
  const started = (d: Draft) => d.props!.status === 'under_construction' || d.props!.status === 'in_production';
  const industrial = (d: Draft) => d.props!.landUseCode.startsWith('1001');
  for (const park of Object.values(PARK_MONEY)) {
    const inPark = drafts.filter((d) => park.groups.includes(d.group) && industrial(d) && (d.props!.supplyYear ?? 9999) <= 2025);
    const scale = (ds: Draft[], key: 'investmentYi' | 'outputYi', total: number) => {
      const sum = ds.reduce((s, d) => s + (d.props![key] ?? 0), 0);
      ds.forEach((d) => (d.props![key] = round1(((d.props![key] ?? 0) * total) / sum)));
    };
    scale(inPark.filter(started), 'investmentYi', park.investment);
    scale(inPark.filter((d) => d.props!.status === 'in_production'), 'outputYi', park.output);
  }

  // Standard factory floor (C1) on most started parcels supplied 2023–2025, scaled to the chosen total.
  const c1 = drafts.filter((d) => started(d) && /^(1001|1101)/.test(d.props!.landUseCode) && d.props!.supplyYear! >= 2023 && d.props!.supplyYear! <= 2025);
  const withFloor = c1.filter(() => rng.next() < 0.7);
  const weights = withFloor.map((d) => d.areaSquareMeters * rng.range(0.5, 0.95));
  const k = FACTORY_FLOOR_SECURED / weights.reduce((s, w) => s + w, 0);
  withFloor.forEach((d, i) => (d.props!.factoryFloorSquareMeters = Math.round(Math.min(weights[i]! * k, 1.2 * d.areaSquareMeters) / 100) * 100));
  // A few outside the window or not yet started, so filters are exercised.
  for (const d of drafts.filter((x) => x.props!.enterprise && !c1.includes(x)).slice(0, 5)) {
    d.props!.factoryFloorSquareMeters = Math.round((d.areaSquareMeters * 0.6) / 100) * 100;
  }

  // One parcel with a hole: a retained pond inside a producing A2 plant.
  const holed = drafts.find((d) => d.group === 'A2' && d.props!.status === 'in_production' && !d.clipped && d.geometry.type === 'Polygon' && mu(d) > 120);
  if (holed) {
    ops.punchHole(holed);
    holed.props!.notes += '；地块内保留一处水塘（内环，不计面积）';
  }
}
