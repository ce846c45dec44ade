/**
 * Generates Land Ledger's ILLUSTRATIVE seed geodata for the Wansheng ETDZ:
 * zones, parcels, energy stations and lines, and 三区三线 constraints.
 * Every geometry and every parcel attribute is invented (the plan publishes
 * no boundaries); only the targets in plans.json are official.
 *
 *   npx tsx geodata/generate.ts
 *
 * Deterministic: a seeded PRNG, no Math.random, no network.
 */
import { writeFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Point, Polygon, LineString } from 'geojson';
import { areaSquareMeters } from '../domain/area';
import { parcelPropertiesSchema, type ParcelPropertiesInput } from '../domain/parcel.schema';
import { zonePropertiesSchema } from '../domain/zone.schema';
import { stationPropertiesSchema, linePropertiesSchema } from '../domain/energy.schema';
import { constraintPropertiesSchema } from '../domain/constraint.schema';
import { landUseMatches } from '../domain/landUse';
import { squareMetersToMu } from '../domain/units';
import {
  makeRng, blobPoints, polygonFromXY, gridCells, cellPoints, subCell, overlapSquareMeters, muOf,
  toLonLat, toXY, rotate, round1, round7, featureCollection, type Blob, type Cell, type XY,
} from './lib';
import { assignAttributes, type Draft } from './attributes';

const HERE = dirname(fileURLToPath(import.meta.url));
const rng = makeRng(20230201);
type Poly = Polygon | MultiPolygon;

// ---------------------------------------------------------------- zones
// Metres from Wansheng town (106.93°E, 28.96°N): x east, y north.
const ZONE_SPECS: { code: string; nameZh: string; nameEn: string; kind: 'expansion_area' | 'featured_park'; blob: Blob; n: number }[] = [
  { code: 'A1', nameZh: '内陆无水港', nameEn: 'Inland dry port', kind: 'expansion_area', blob: { cx: -1500, cy: 4800, a: 850, b: 560, rot: 20 }, n: 12 },
  { code: 'A2', nameZh: '鱼田堡高新技术产业园', nameEn: 'Yutianbao high-tech industrial park', kind: 'expansion_area', blob: { cx: 3000, cy: 1500, a: 1250, b: 820, rot: -15 }, n: 16 },
  { code: 'A3', nameZh: '循环经济产业园扩展区', nameEn: 'Circular-economy park expansion area', kind: 'expansion_area', blob: { cx: 0, cy: 0, a: 720, b: 580, rot: 25 }, n: 12 },
  { code: 'A4', nameZh: '联创煤业片区及中小企业集聚区', nameEn: 'Lianchuang coal-mine area and SME cluster', kind: 'expansion_area', blob: { cx: -2500, cy: -3000, a: 950, b: 600, rot: 10 }, n: 13 },
  { code: 'B1', nameZh: '新能源（储能）特色产业基地', nameEn: 'New-energy (energy-storage) industrial base', kind: 'featured_park', blob: { cx: 4100, cy: 750, a: 1200, b: 720, rot: 5 }, n: 14 },
  { code: 'B2', nameZh: '智能网联新能源汽车特色产业园', nameEn: 'Intelligent connected new-energy-vehicle park', kind: 'featured_park', blob: { cx: 3200, cy: 5200, a: 1250, b: 780, rot: 10 }, n: 15 },
  { code: 'B3', nameZh: '关坝—扶欢循环经济产业园', nameEn: 'Guanba–Fuhuan circular-economy industrial park', kind: 'featured_park', blob: { cx: -6500, cy: 2500, a: 1550, b: 950, rot: 25 }, n: 18 },
];
const B3 = ZONE_SPECS.find((z) => z.code === 'B3')!.blob;
// A3 sits in the south-western end of B3, along its long axis.
const a3Off = rotate([-480, -60], B3.rot);
Object.assign(ZONE_SPECS.find((z) => z.code === 'A3')!.blob, { cx: B3.cx + a3Off[0], cy: B3.cy + a3Off[1] });

const zones = new Map<string, Polygon>();
for (const z of ZONE_SPECS.filter((s) => s.code !== 'A3')) zones.set(z.code, polygonFromXY(blobPoints(z.blob, z.n, 0.1, rng)));
{
  const spec = ZONE_SPECS.find((z) => z.code === 'A3')!;
  for (let scale = 1; ; scale -= 0.03) {
    const g = polygonFromXY(blobPoints({ ...spec.blob, a: spec.blob.a * scale, b: spec.blob.b * scale }, spec.n, 0.1, rng));
    if (turf.booleanWithin(turf.feature(g), turf.feature(zones.get('B3')!))) { zones.set('A3', g); break; }
  }
}
const ALLOWED_OVERLAPS = new Set(['A2|B1', 'A3|B3']);
const codes = ZONE_SPECS.map((z) => z.code).sort();
for (const a of codes) for (const b of codes) {
  if (a < b && !ALLOWED_OVERLAPS.has(`${a}|${b}`) && overlapSquareMeters(zones.get(a)!, zones.get(b)!) > 0) throw new Error(`zones ${a} and ${b} overlap`);
}

// ---------------------------------------------------------------- constraints
const CONSTRAINT_SPECS: { name: string; kind: 'ecological_red_line' | 'permanent_basic_farmland'; blob: Blob; n: number }[] = [
  { name: '示例生态保护红线（黑山方向林地）', kind: 'ecological_red_line', blob: { cx: 6800, cy: -5400, a: 2200, b: 1300, rot: 30 }, n: 16 },
  { name: '示例生态保护红线（南部山林）', kind: 'ecological_red_line', blob: { cx: -6200, cy: -3900, a: 1200, b: 800, rot: -20 }, n: 12 },
  { name: '示例永久基本农田（关坝—无水港之间）', kind: 'permanent_basic_farmland', blob: { cx: -4000, cy: 4300, a: 420, b: 260, rot: 15 }, n: 9 },
  { name: '示例永久基本农田（无水港—鱼田堡之间）', kind: 'permanent_basic_farmland', blob: { cx: 700, cy: 3000, a: 380, b: 250, rot: -30 }, n: 9 },
  { name: '示例永久基本农田（联创—鱼田堡之间）', kind: 'permanent_basic_farmland', blob: { cx: -200, cy: -1800, a: 400, b: 240, rot: 40 }, n: 10 },
  { name: '示例永久基本农田（关坝—联创之间）', kind: 'permanent_basic_farmland', blob: { cx: -3500, cy: -600, a: 360, b: 230, rot: 0 }, n: 8 },
];
const constraints = CONSTRAINT_SPECS.map((c) => ({ ...c, geometry: polygonFromXY(blobPoints(c.blob, c.n, 0.12, rng)) }));
const blocked = (g: Poly) => constraints.some((c) => turf.booleanIntersects(turf.feature(g), turf.feature(c.geometry)));

// ---------------------------------------------------------------- parcels
interface Candidate { cell: Cell; geometry: Poly; inside: Map<string, number>; area: number; clipped: boolean }
function classify(geometry: Poly): Map<string, number> {
  const inside = new Map<string, number>();
  for (const [code, z] of zones) {
    const a = overlapSquareMeters(geometry, z);
    if (a > 0) inside.set(code, a);
  }
  return inside;
}
// Cells cut by a zone edge are trimmed to 12 m inside it (or 12 m clear of a neighbouring zone).
const inset = new Map([...zones].map(([c, z]) => [c, turf.buffer(turf.feature(z), -12, { units: 'meters' })! as Feature<Poly>]));
const outset = new Map([...zones].map(([c, z]) => [c, turf.buffer(turf.feature(z), 12, { units: 'meters' })! as Feature<Poly>]));
const fc2 = (a: Feature<Poly>, b: Feature<Poly>) => turf.featureCollection([a, b]);
function fitCell(geometry: Polygon, home: string): Polygon | null {
  let g = turf.intersect(fc2(turf.feature(geometry), inset.get(home)!)) as Feature<Poly> | null;
  for (const code of zones.keys()) {
    if (!g || code === home) continue;
    const a = overlapSquareMeters(g.geometry, zones.get(code)!);
    if (a === 0 || a >= areaSquareMeters(g.geometry) - 0.01) continue;
    const parts = [turf.intersect(fc2(g, inset.get(code)!)), turf.difference(fc2(g, outset.get(code)!))].filter((p): p is Feature<Poly> => !!p);
    g = parts.sort((p, q) => areaSquareMeters(q.geometry) - areaSquareMeters(p.geometry))[0] ?? null;
  }
  if (!g || g.geometry.type !== 'Polygon') return null;
  const rounded = g.geometry.coordinates.map((r) => r.map((p) => [round7(p[0]!), round7(p[1]!)]).filter((p, k, all) => k === 0 || p[0] !== all[k - 1]![0] || p[1] !== all[k - 1]![1]));
  if (rounded.some((r) => r.length < 4)) return null;
  const out = (turf.rewind(turf.polygon(rounded), { reverse: false }) as Feature<Polygon>).geometry;
  return turf.kinks(turf.feature(out)).features.length ? null : out;
}
const accepted: Candidate[] = [];
let straddler: Candidate | null = null;
const GRID_ORDER = ['A1', 'A2', 'B1', 'B2', 'B3', 'A4'];
const SKIP_SHARE: Record<string, number> = { A1: 0.05, A2: 0.1, B1: 0.05, B2: 0.3, B3: 0.1, A4: 0.1 };
for (const code of GRID_ORDER) {
  const blob = ZONE_SPECS.find((z) => z.code === code)!.blob;
  const cells = gridCells(code, blob, rng);
  if (code === 'A4') {
    // The one parcel left straddling a zone edge: a raw A4 cell about half inside.
    const options = cells.map((cell) => {
      const geometry = polygonFromXY(cellPoints(cell));
      const inside = classify(geometry);
      const area = areaSquareMeters(geometry);
      return { cell, geometry, inside, area, clipped: false, frac: (inside.get('A4') ?? 0) / area };
    }).filter((o) => o.inside.size === 1 && o.frac > 0.3 && o.frac < 0.7 && !blocked(o.geometry));
    straddler = options.sort((x, y) => Math.abs(x.frac - 0.5) - Math.abs(y.frac - 0.5))[0] ?? null;
  }
  for (const cell of cells) {
    const skip = rng.next() < SKIP_SHARE[code]!; // left as green space / roads
    if (cell === straddler?.cell) continue;
    const raw = polygonFromXY(cellPoints(cell));
    const rawArea = areaSquareMeters(raw);
    let geometry: Polygon | null = raw;
    let inside = classify(raw);
    const clipped = inside.get(code) !== undefined && [...inside.values()].some((a) => a < rawArea - 0.01);
    if (clipped) {
      geometry = fitCell(raw, code);
      if (!geometry) continue;
      inside = classify(geometry);
    }
    if (!inside.has(code) || skip || blocked(geometry)) continue;
    const area = areaSquareMeters(geometry);
    if (area < 0.4 * rawArea || squareMetersToMu(area) < 25 || [...inside.values()].some((a) => a < area - 0.01)) continue;
    if (accepted.some((p) => overlapSquareMeters(p.geometry, geometry) > 0)) continue;
    accepted.push({ cell, geometry, inside, area, clipped });
  }
}
if (!straddler) throw new Error('no straddling parcel found');

// One MultiPolygon: a B3 project whose land is split in two by a 40 m road.
{
  const p = accepted.find((c) => c.cell.grid === 'B3' && c.inside.size === 1 && !c.clipped)!;
  const halves = [subCell(p.cell, 0, 0.45, 0, 1), subCell(p.cell, 0.55, 1, 0, 1)];
  const geometry: MultiPolygon = { type: 'MultiPolygon', coordinates: halves.map((h) => polygonFromXY(h.corners).coordinates) };
  Object.assign(p, { geometry, area: areaSquareMeters(geometry), clipped: true });
}

// One parcel outside every zone and outside the urban development boundary.
const outsideCell: Cell = { grid: 'none', i: 0, j: 0, cut: 2, corners: ([[-160, -130], [150, -150], [170, 140], [-140, 125]] as XY[]).map(([x, y]) => [1200 + x, -4800 + y] as XY) };
const outside: Candidate = { cell: outsideCell, geometry: polygonFromXY(cellPoints(outsideCell)), inside: new Map(), area: 0, clipped: false };
outside.area = areaSquareMeters(outside.geometry);
if (classify(outside.geometry).size > 0 || blocked(outside.geometry)) throw new Error('outside parcel misplaced');

const drafts: Draft[] = [...accepted, straddler, outside].map((c) => ({
  group: c === straddler ? 'A4~' : c === outside ? 'none' : [...c.inside.keys()].sort().join('+'),
  cell: c.cell, clipped: c.clipped, geometry: c.geometry, areaSquareMeters: c.area, props: null,
}));
const shrink = (d: Draft) => {
  const sub = subCell(d.cell, 0.33, 0.67, 0.28, 0.72);
  d.geometry = polygonFromXY(sub.corners);
  d.areaSquareMeters = areaSquareMeters(d.geometry);
};
const punchHole = (d: Draft) => {
  const [c0, c1, c2, c3] = subCell(d.cell, 0.45, 0.58, 0.42, 0.55).corners as [XY, XY, XY, XY];
  d.geometry = polygonFromXY(cellPoints(d.cell), [[c0, c3, c2, c1]]); // hole: clockwise
  d.areaSquareMeters = areaSquareMeters(d.geometry);
};
assignAttributes(drafts, rng, { shrink, punchHole, straddleShare: straddler.inside.get('A4')! / straddler.area });

// ---------------------------------------------------------------- checks
for (const d of drafts) {
  const f = turf.feature(d.geometry);
  if (turf.kinks(f as Feature<Polygon>).features.length > 0) throw new Error(`self-intersection in ${d.props!.name}`);
  const polys = d.geometry.type === 'Polygon' ? [d.geometry.coordinates] : d.geometry.coordinates;
  for (const rings of polys) rings.forEach((r, k) => {
    if (turf.booleanClockwise(r) !== (k > 0)) throw new Error(`ring orientation in ${d.props!.name}`);
  });
  const mu = squareMetersToMu(d.areaSquareMeters);
  if (mu < 15 || mu > 400) throw new Error(`${d.props!.name}: ${mu.toFixed(1)} mu out of range`);
  if (blocked(d.geometry)) throw new Error(`${d.props!.name} hits a constraint`);
  parcelPropertiesSchema.parse(d.props);
}
for (let i = 0; i < drafts.length; i++) for (let j = i + 1; j < drafts.length; j++) {
  if (overlapSquareMeters(drafts[i]!.geometry, drafts[j]!.geometry) > 0.01) throw new Error(`parcels ${i} and ${j} overlap`);
}

// ---------------------------------------------------------------- energy
const xyOf = (g: Poly): XY => toXY(turf.pointOnFeature(turf.feature(g)).geometry.coordinates);
const parcelOf = (group: string, code: string) => drafts.find((d) => d.group === group && d.props!.landUseCode === code)!;
const cchp = [
  { name: '示例储能基地综合能源站（冷热电三联供）', at: xyOf(parcelOf('B1', '1305').geometry), status: 'under_construction', mwe: 110, mwth: 110, r: 2800 },
  { name: '示例智能网联园综合能源站（冷热电三联供）', at: xyOf(parcelOf('B2', '1305').geometry), status: 'planned', mwe: 80, mwth: 70, r: 2500 },
  { name: '示例关坝—扶欢园综合能源站（冷热电三联供）', at: xyOf(parcelOf('B3', '1305').geometry), status: 'planned', mwe: 95, mwth: 110, r: 3000 },
] as const;
const sub220: XY = [600, -1200];
const subYtb = xyOf(parcelOf('A2', '1303').geometry);
const subNorth = xyOf(parcelOf('B2', '1303').geometry);
const b3South = rotate([300, -1200], B3.rot);
const subGuanba: XY = [B3.cx + b3South[0], B3.cy + b3South[1]];
const gasGate: XY = [-4200, 900];
const B1 = ZONE_SPECS.find((z) => z.code === 'B1')!.blob;
const storage: XY = [B1.cx + 400, B1.cy - 1000];
type StationInput = Parameters<typeof stationPropertiesSchema.parse>[0];
const stations: [XY, StationInput][] = [
  ...cchp.map((c) => [c.at, { name: c.name, kind: 'cchp', status: c.status, capacityMW: c.mwe, thermalCapacityMW: c.mwth, serviceRadiusMeters: c.r, notes: '示意位置；规划冷热电三联供综合能源站，天然气支线供气' }] as [XY, StationInput]),
  [sub220, { name: '示例220kV万盛变电站', kind: 'substation', status: 'operating', capacityMW: 360, notes: '220 kV，2×180 MVA（示意）' }],
  [subYtb, { name: '示例110kV鱼田堡变电站', kind: 'substation', status: 'operating', capacityMW: 100, notes: '110 kV，2×50 MVA（示意）' }],
  [subNorth, { name: '示例110kV智能网联园变电站', kind: 'substation', status: 'operating', capacityMW: 80, notes: '110 kV，2×40 MVA（示意）' }],
  [subGuanba, { name: '示例110kV关坝变电站', kind: 'substation', status: 'operating', capacityMW: 100, notes: '110 kV，2×50 MVA（示意）' }],
  [gasGate, { name: '示例万盛天然气门站', kind: 'gas_gate', status: 'operating', capacityMW: null, notes: '天然气干线分输门站（示意），可为大用户直供' }],
  [storage, { name: '示例储能基地电网侧储能电站', kind: 'storage', status: 'operating', capacityMW: 100, notes: '100 MW / 200 MWh（示意），源网荷储一体化示范' }],
];
const stationFeatures = stations.map(([xy, p], k) => ({
  type: 'Feature' as const, id: `ES-${String(k + 1).padStart(2, '0')}`,
  geometry: { type: 'Point', coordinates: toLonLat(xy) } as Point,
  properties: { ...stationPropertiesSchema.parse(p), illustrative: true },
}));
const trunkXY: XY[] = [[-10500, 300], [-7000, 200], gasGate, [-1000, 1500], [1500, 600], [3000, -900], [6500, -1500]];
const trunk: LineString = { type: 'LineString', coordinates: trunkXY.map(toLonLat) };
const branch = (to: XY): LineString => {
  const from = toXY(turf.nearestPointOnLine(turf.feature(trunk), toLonLat(to)).geometry.coordinates);
  return { type: 'LineString', coordinates: [from, [from[0], (from[1] + to[1]) / 2] as XY, [to[0], (from[1] + to[1]) / 2] as XY, to].map(toLonLat) };
};
type LineInput = Parameters<typeof linePropertiesSchema.parse>[0];
const lines: [LineString, LineInput][] = [
  [trunk, { name: '示例綦江—万盛天然气干线', kind: 'gas_trunk', status: 'operating', notes: '经万盛天然气门站（示意走向）' }],
  ...cchp.map((c) => [branch(c.at), { name: `${c.name.replace('（冷热电三联供）', '')}供气支线`, kind: 'gas_branch', status: c.status, notes: '示意走向' }] as [LineString, LineInput]),
  [{ type: 'LineString', coordinates: ([[-2200, -7500], [-600, -4200], sub220] as XY[]).map(toLonLat) }, { name: '示例220kV入区线路', kind: 'power_line', status: 'operating', voltageKV: 220, notes: '示意走向' }],
  [{ type: 'LineString', coordinates: ([sub220, [1800, -300], subYtb, subNorth] as XY[]).map(toLonLat) }, { name: '示例110kV万盛—鱼田堡—智能网联线', kind: 'power_line', status: 'operating', voltageKV: 110, notes: '示意走向' }],
  [{ type: 'LineString', coordinates: ([sub220, [-3000, -300], subGuanba] as XY[]).map(toLonLat) }, { name: '示例110kV万盛—关坝线', kind: 'power_line', status: 'operating', voltageKV: 110, notes: '示意走向' }],
];
const lineFeatures = lines.map(([g, p], k) => ({
  type: 'Feature' as const, id: `EL-${String(k + 1).padStart(2, '0')}`, geometry: g,
  properties: { ...linePropertiesSchema.parse(p), illustrative: true },
}));

// ---------------------------------------------------------------- urban development boundary
// Convex hull of all zones pushed 400 m outward, minus the farmland patches inside it.
let udb: Feature<Poly> = (() => {
  const pts = [...zones.values()].flatMap((z) => z.coordinates[0]!.map(toXY));
  const hull = turf.convex(turf.featureCollection(pts.map((p) => turf.point(p))))!.geometry.coordinates[0]!.slice(0, -1) as XY[];
  const c: XY = [hull.reduce((s, p) => s + p[0], 0) / hull.length, hull.reduce((s, p) => s + p[1], 0) / hull.length];
  const pushed = hull.map(([x, y]) => { const d = Math.hypot(x - c[0], y - c[1]); return [x + ((x - c[0]) / d) * 400, y + ((y - c[1]) / d) * 400] as XY; });
  return turf.rewind(turf.feature(polygonFromXY(pushed)), { reverse: false }) as Feature<Poly>;
})();
for (const c of constraints) udb = turf.difference(turf.featureCollection([udb, turf.feature(c.geometry)])) as Feature<Poly>;
if (udb.geometry.type !== 'Polygon') throw new Error('urban development boundary split into parts');
udb.geometry.coordinates = udb.geometry.coordinates.map((r) => r.map((p) => [round7(p[0]!), round7(p[1]!)]));
for (const [code, z] of zones) if (!turf.booleanWithin(turf.feature(z), udb)) throw new Error(`zone ${code} not inside the urban development boundary`);
if (!turf.booleanDisjoint(turf.feature(outside.geometry), udb)) throw new Error('outside parcel touches the urban development boundary');

// ---------------------------------------------------------------- write
// One position per line: readable diffs without one number per line.
const write = (file: string, fc: unknown) =>
  writeFileSync(join(HERE, file), JSON.stringify(fc, null, 1).replace(/\[\s*(-?[\d.]+),\s*(-?[\d.]+)\s*\]/g, '[$1, $2]') + '\n');
write('zones.geojson', featureCollection(ZONE_SPECS.map((s) => ({
  type: 'Feature' as const, id: s.code, geometry: zones.get(s.code)!,
  properties: { ...zonePropertiesSchema.parse({ code: s.code, nameZh: s.nameZh, nameEn: s.nameEn, kind: s.kind }), illustrative: true },
}))));
write('parcels.geojson', featureCollection(drafts.map((d, k) => ({
  type: 'Feature' as const, id: `P-${String(k + 1).padStart(3, '0')}`, geometry: d.geometry, properties: parcelPropertiesSchema.parse(d.props),
}))));
write('energy_stations.geojson', featureCollection(stationFeatures));
write('energy_lines.geojson', featureCollection(lineFeatures));
write('constraints.geojson', featureCollection([
  ...constraints.map((c) => ({ type: 'Feature' as const, geometry: c.geometry as Poly, properties: { name: c.name, kind: c.kind } })),
  { type: 'Feature' as const, geometry: udb.geometry, properties: { name: '示例城镇开发边界（万盛经开区产业片区）', kind: 'urban_development_boundary' as const } },
].map((f, k) => ({ ...f, id: `CN-${String(k + 1).padStart(2, '0')}`, properties: { ...constraintPropertiesSchema.parse(f.properties), illustrative: true } }))));

// ---------------------------------------------------------------- summary
const inZone = drafts.map((d) => new Map([...zones].map(([code, z]) => [code, overlapSquareMeters(d.geometry, z)])));
const isSecuredA = (p: ParcelPropertiesInput) =>
  ['supplied', 'under_construction', 'in_production'].includes(p.status) && landUseMatches(p.landUseCode, ['1001', '1101']) && (p.supplyYear ?? 0) >= 2023 && (p.supplyYear ?? 9999) <= 2025;
console.log(`parcels: ${drafts.length}  (stations ${stationFeatures.length}, lines ${lineFeatures.length}, constraints ${constraints.length + 1})`);
console.log('| zone | zone area (mu) | parcels (any part inside) | parcel land inside (mu) | secured 2023–2025, 1001/1101 (mu) |');
console.log('|---|---:|---:|---:|---:|');
for (const code of codes) {
  const idx = drafts.map((_, k) => k).filter((k) => inZone[k]!.get(code)! > 0);
  const mu = (ks: number[]) => squareMetersToMu(ks.reduce((s, k) => s + inZone[k]!.get(code)!, 0)).toFixed(0);
  console.log(`| ${code} | ${muOf(zones.get(code)!).toFixed(0)} | ${idx.length} | ${mu(idx)} | ${mu(idx.filter((k) => isSecuredA(drafts[k]!.props!)))} |`);
}
const plans = JSON.parse(readFileSync(join(HERE, 'plans.json'), 'utf8')).plans[0];
console.log('\n| target | floor | secured | pipeline | met |');
console.log('|---|---:|---:|---:|---|');
for (const t of plans.targets) {
  let secured = 0;
  let pipeline = 0;
  if (t.metric === 'station_count') {
    for (const s of stationFeatures) if (t.stationKinds.includes(s.properties.kind)) {
      if (t.securedStatuses.includes(s.properties.status)) secured++;
      else if (t.pipelineStatuses.includes(s.properties.status)) pipeline++;
    }
  } else drafts.forEach((d, k) => {
    const p = d.props!;
    if (t.landUseCodes.length && !landUseMatches(p.landUseCode, t.landUseCodes)) return;
    const y = p.supplyYear ?? null;
    const inWindow = y !== null && (t.supplyYearFrom === null || y >= t.supplyYearFrom) && (t.supplyYearTo === null || y <= t.supplyYearTo);
    const role = t.securedStatuses.includes(p.status) && inWindow ? 'secured' : t.pipelineStatuses.includes(p.status) && (inWindow || y === null) ? 'pipeline' : null;
    if (!role) return;
    const inside = t.zoneCodes.length ? t.zoneCodes.reduce((s: number, c: string) => s + inZone[k]!.get(c)!, 0) : d.areaSquareMeters;
    const f = inside / d.areaSquareMeters;
    const v = { land_mu: squareMetersToMu(inside), investment_yi: (p.investmentYi ?? 0) * f, output_yi: (p.outputYi ?? 0) * f, floor_area_m2: (p.factoryFloorSquareMeters ?? 0) * f }[t.metric as string] ?? 0;
    if (role === 'secured') secured += v; else pipeline += v;
  });
  const fmt = (v: number) => (t.metric === 'floor_area_m2' ? Math.round(v).toLocaleString('en') : round1(v).toString());
  console.log(`| ${t.code} | ${fmt(t.floor)} | ${fmt(secured)} | ${fmt(pipeline)} | ${secured >= t.floor ? 'yes' : 'no'} |`);
}
const counts = (k: 'status' | 'supplyYear' | 'landUseCode') => Object.entries(drafts.reduce<Record<string, number>>((m, d) => ({ ...m, [String(d.props![k])]: (m[String(d.props![k])] ?? 0) + 1 }), {})).map(([a, n]) => `${a}:${n}`).join(' ');
console.log(`\nstatus ${counts('status')}\nsupplyYear ${counts('supplyYear')}\nlandUse ${counts('landUseCode')}`);
console.log(`straddler: ${drafts.find((d) => d.group === 'A4~')!.props!.name}, ${(100 * straddler.inside.get('A4')! / straddler.area).toFixed(0)}% inside A4; mu range ${Math.min(...drafts.map((d) => muOf(d.geometry))).toFixed(0)}–${Math.max(...drafts.map((d) => muOf(d.geometry))).toFixed(0)}`);
