/**
 * `npm run bench`: official area (authalic sphere, domain/area.ts) against
 * turf.area (spherical) and GeographicLib (exact geodesic) on 50,000 parcels of
 * 20 vertices, and the tally of a plan over 50,000 parcels. Every figure is
 * printed beside its reference from the same run; nothing here asserts.
 */
import { area as turfArea } from '@turf/turf';
import type { Polygon, Position } from 'geojson';
import { cpus, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import { areaSquareMeters } from '../domain/area';
import { tallyTargets, type TallyParcel } from '../domain/tally';
import { planWithTargetsSchema } from '../domain/target.schema';
import { geodesicAreaSquareMeters } from '../domain/testing/geodesicReference';
import { PARCEL_STATUSES } from '../domain/parcel.schema';

const PARCELS = 50_000;
const VERTICES = 20;

/** Deterministic PRNG (mulberry32). */
function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function syntheticParcels(): Polygon[] {
  const rnd = prng(2025);
  const out: Polygon[] = [];
  for (let i = 0; i < PARCELS; i++) {
    const cx = 106.75 + rnd() * 0.4;
    const cy = 28.8 + rnd() * 0.3;
    const ring: Position[] = [];
    for (let j = 0; j < VERTICES; j++) {
      const a = (j / VERTICES) * 2 * Math.PI;
      const r = 0.0015 * (0.6 + 0.4 * rnd());
      ring.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
    }
    ring.push(ring[0]!);
    out.push({ type: 'Polygon', coordinates: [ring] });
  }
  return out;
}

/** Best of `runs` timings (ms) after one warm-up, to keep JIT and GC noise out. */
function time(runs: number, fn: () => number): { ms: number; result: number } {
  let result = fn();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = fn();
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, result };
}

function line(label: string, ms: number, vertices: number, extra = ''): string {
  return `${label.padEnd(36)} ${ms.toFixed(1).padStart(9)} ms  ${((ms * 1e6) / vertices).toFixed(1).padStart(7)} ns/vertex  ${extra}`;
}

export function runAreaBench(): string[] {
  const polygons = syntheticParcels();
  const vertices = PARCELS * VERTICES;
  const ours = time(7, () => polygons.reduce((s, p) => s + areaSquareMeters(p), 0));
  const turf = time(7, () => polygons.reduce((s, p) => s + turfArea(p), 0));
  // GeographicLib is ~100× slower: time one tenth of the parcels and scale.
  const subset = polygons.slice(0, PARCELS / 10);
  const exactSubset = time(1, () => subset.reduce((s, p) => s + geodesicAreaSquareMeters(p), 0));
  const oursSubset = subset.reduce((s, p) => s + areaSquareMeters(p), 0);
  let worst = 0;
  for (const p of subset) {
    const g = geodesicAreaSquareMeters(p);
    worst = Math.max(worst, Math.abs(areaSquareMeters(p) - g) / g);
  }
  return [
    `Area of ${PARCELS.toLocaleString('en-US')} parcels × ${VERTICES} vertices (best of 7 after warm-up)`,
    line('official (authalic, CGCS2000)', ours.ms, vertices, `ratio to turf ${(ours.ms / turf.ms).toFixed(2)}×`),
    line('turf.area (sphere, reference)', turf.ms, vertices, `reads ${(((turf.result - ours.result) / ours.result) * 100).toFixed(3)}% high`),
    line('GeographicLib (exact, ×10 of 5,000)', exactSubset.ms * 10, vertices, `ratio to turf ${((exactSubset.ms * 10) / turf.ms).toFixed(0)}×`),
    `worst relative difference official vs GeographicLib on 5,000 parcels: ${worst.toExponential(2)} (total ${oursSubset.toFixed(1)} vs ${exactSubset.result.toFixed(1)} m²)`,
  ];
}

export function runTallyBench(): string[] {
  const plan = planWithTargetsSchema.parse(
    JSON.parse(readFileSync(new URL('../geodata/plans.json', import.meta.url), 'utf8')).plans[0],
  );
  const rnd = prng(7);
  const zoneSets = [['A1'], ['A2'], ['A2', 'B1'], ['B1'], ['B2'], ['A3', 'B3'], ['B3'], ['A4'], []];
  const parcels: TallyParcel[] = Array.from({ length: PARCELS }, (_, i) => {
    const areaSquareMeters = 10_000 + rnd() * 200_000;
    const zones = zoneSets[Math.floor(rnd() * zoneSets.length)]!;
    const straddles = rnd() < 0.05;
    return {
      id: i,
      landUseCode: rnd() < 0.8 ? '100102' : '1101',
      status: PARCEL_STATUSES[Math.floor(rnd() * PARCEL_STATUSES.length)]!,
      supplyYear: rnd() < 0.1 ? null : 2020 + Math.floor(rnd() * 7),
      investmentYi: rnd() * 5,
      outputYi: rnd() * 8,
      factoryFloorSquareMeters: rnd() * 20_000,
      areaSquareMeters,
      zoneCells: straddles
        ? [{ zones, areaSquareMeters: areaSquareMeters * 0.6 }, { zones: [], areaSquareMeters: areaSquareMeters * 0.4 }]
        : [{ zones, areaSquareMeters }],
    };
  });
  const stations = [{ id: 1, kind: 'cchp', status: 'planned', zoneCodes: ['B1'] }];
  // Reference in the same run: one pass that only sums the parcels' areas.
  const baseline = time(9, () => parcels.reduce((s, p) => s + p.areaSquareMeters, 0));
  const tally = time(9, () => tallyTargets(plan.targets, parcels, stations).length);
  return [
    `Tally of plan ${plan.id} (${plan.targets.length} targets) over ${PARCELS.toLocaleString('en-US')} parcels (best of 9)`,
    `${'tally, all targets'.padEnd(36)} ${tally.ms.toFixed(1).padStart(9)} ms  (goal < 100 ms)`,
    `${'one summing pass (reference)'.padEnd(36)} ${baseline.ms.toFixed(1).padStart(9)} ms  → ${(tally.ms / baseline.ms / plan.targets.length).toFixed(1)}× a plain pass per target`,
  ];
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  for (const l of runAreaBench()) console.log(l);
  console.log('');
  for (const l of runTallyBench()) console.log(l);
  try {
    // The siting bench lives in its own file (energy-station siting issue).
    const siting = await import('./siting.bench.ts' as string).catch(() => null);
    if (siting?.runSitingBench) {
      console.log('');
      await siting.runSitingBench();
    }
  } catch (err) {
    console.error('siting bench failed:', err);
  }
  try {
    // Read latency under the issue-11 attacks and the R-tree geometry checks (~20 s).
    const alwaysUp = await import('./alwaysUp.bench.ts' as string).catch(() => null);
    if (alwaysUp?.runAlwaysUpBench) {
      console.log('');
      await alwaysUp.runAlwaysUpBench();
    }
  } catch (err) {
    console.error('always-up bench failed:', err);
  }
  // Opt-in (BENCH_LOAD=1): the load bench starts servers and needs wrk, mapserver-bin, gdal-bin
  // and lighttpd from apt (bench/README.md). Extra flags in BENCH_LOAD_ARGS, e.g. "--sizes 10000 --duration 5".
  if (process.env.BENCH_LOAD === '1') {
    console.log('');
    try {
      const load = await import('./load.ts' as string);
      await load.runLoadBench(load.parseLoadArgs((process.env.BENCH_LOAD_ARGS ?? '').split(/\s+/).filter(Boolean)));
    } catch (err) {
      console.error('load bench failed:', err);
      process.exitCode = 1;
    }
  }
}
