/**
 * Energy-station siting: the exact solver (domain/siting/solver.ts) against
 * the greedy heuristic, its reference, in the same run. 2,000 synthetic
 * parcels around 28.96°N 106.93°E with demand estimated from the default
 * intensities; 100, 300 and 500 candidates; k = 3; both problems. Prints
 * time, objective, nodes, gap and whether optimality was proven. Nothing
 * here asserts.
 *
 * Run alone with `npx tsx bench/siting.bench.ts`, or call runSitingBench().
 */
import type { Polygon, Position } from 'geojson';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { INDUSTRY_CHAINS, PARCEL_STATUSES } from '../domain/parcel.schema';
import { toDemandPoints } from '../domain/siting/coverage';
import { estimateDemand, type DemandParcel } from '../domain/siting/demand';
import { greedySiting, prepareSiting, solveSiting, type SitingProblem } from '../domain/siting/solver';
import { areaSquareMeters } from '../domain/area';

const PARCELS = 2_000;
const CANDIDATE_COUNTS = [100, 300, 500] as const;
const K = 3;
const RADIUS_METERS = 1_500;
const CENTER: Position = [106.93, 28.96];
/** Half-width of the synthetic park, degrees (~0.04° ≈ 3.9 km east–west, 4.4 km north–south). */
const SPREAD_DEGREES = 0.04;

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

function square(lon: number, lat: number, halfDegrees: number): Polygon {
  return {
    type: 'Polygon',
    coordinates: [[[lon - halfDegrees, lat - halfDegrees], [lon + halfDegrees, lat - halfDegrees], [lon + halfDegrees, lat + halfDegrees], [lon - halfDegrees, lat + halfDegrees], [lon - halfDegrees, lat - halfDegrees]]],
  };
}

/** Parcels in five clusters (the park's sub-areas) plus a scatter, 10–150 mu each. */
function syntheticParcels(): { id: number; geometry: Polygon; parcel: DemandParcel }[] {
  const rnd = prng(2026);
  const clusters = Array.from({ length: 5 }, () => [CENTER[0]! + (rnd() * 2 - 1) * SPREAD_DEGREES * 0.7, CENTER[1]! + (rnd() * 2 - 1) * SPREAD_DEGREES * 0.7]);
  const out: { id: number; geometry: Polygon; parcel: DemandParcel }[] = [];
  for (let id = 0; id < PARCELS; id++) {
    let lon: number;
    let lat: number;
    if (rnd() < 0.8) {
      const c = clusters[Math.floor(rnd() * clusters.length)]!;
      lon = c[0]! + (rnd() + rnd() - 1) * SPREAD_DEGREES * 0.35;
      lat = c[1]! + (rnd() + rnd() - 1) * SPREAD_DEGREES * 0.35;
    } else {
      lon = CENTER[0]! + (rnd() * 2 - 1) * SPREAD_DEGREES;
      lat = CENTER[1]! + (rnd() * 2 - 1) * SPREAD_DEGREES;
    }
    // A square of 10–150 mu: side √(mu · 666.67 m²), ≈ 1.03e-5° per metre at this latitude, halved.
    const sideMeters = Math.sqrt((10 + rnd() * 140) * (10000 / 15));
    const geometry = square(lon, lat, (sideMeters / 2) * 1.03e-5);
    const chain = rnd() < 0.1 ? null : INDUSTRY_CHAINS[Math.floor(rnd() * INDUSTRY_CHAINS.length)]!;
    out.push({
      id,
      geometry,
      parcel: {
        id,
        landUseCode: chain === 'logistics' ? '110101' : '100101',
        status: PARCEL_STATUSES[Math.floor(rnd() * PARCEL_STATUSES.length)]!,
        industryChain: chain,
        areaSquareMeters: areaSquareMeters(geometry),
        enteredDemand: null,
      },
    });
  }
  return out;
}

function syntheticCandidates(count: number, seed: number): Position[] {
  const rnd = prng(seed);
  return Array.from({ length: count }, () => [CENTER[0]! + (rnd() * 2 - 1) * SPREAD_DEGREES, CENTER[1]! + (rnd() * 2 - 1) * SPREAD_DEGREES]);
}

const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export async function runSitingBench(): Promise<string> {
  const lines: string[] = [];
  const say = (line: string) => lines.push(line);
  const parcels = syntheticParcels();
  const demands = estimateDemand(
    parcels.map((p) => p.parcel),
    { includePipeline: true },
  );
  const points = toDemandPoints(parcels, demands);
  const totalKilowatts = points.reduce((s, p) => s + p.demandKilowatts, 0);
  say(`## Siting: ${fmt(points.length)} parcels (${fmt(totalKilowatts)} kW estimated) around ${CENTER[1]}°N ${CENTER[0]}°E, k = ${K}, radius ${fmt(RADIUS_METERS)} m`);
  say(`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`);
  say('');
  say('| candidates | problem | distances | greedy (reference) | greedy objective | exact | exact objective | vs greedy | nodes | gap | optimal |');
  say('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const count of CANDIDATE_COUNTS) {
    const instance = prepareSiting(syntheticCandidates(count, 7 + count), points);
    for (const problem of ['max_covering', 'p_median'] as const satisfies readonly SitingProblem[]) {
      const options = { problem, k: K, radiusMeters: RADIUS_METERS };
      greedySiting(instance, options); // warm-up
      const greedy = greedySiting(instance, options);
      const exact = solveSiting(instance, options);
      const unit = problem === 'max_covering' ? 'kW' : 'kW·km';
      const show = (x: number) => (problem === 'max_covering' ? fmt(x) : fmt(x / 1000));
      const better = problem === 'max_covering' ? exact.objective / greedy.objective - 1 : 1 - exact.objective / greedy.objective;
      say(
        `| ${count} | ${problem} | ${fmt(instance.prepareMilliseconds)} ms | ${fmt(greedy.solveMilliseconds, 1)} ms | ${show(greedy.objective)} ${unit} | ${fmt(exact.solveMilliseconds, 1)} ms | ${show(exact.objective)} ${unit} | ${(better * 100).toFixed(3)} % better | ${fmt(exact.nodes)} | ${exact.gap.toExponential(2)} | ${exact.optimal} |`,
      );
    }
  }
  say('');
  say('"distances" (Vincenty, every candidate × parcel) is shared by both problems and not in either time.');
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(await runSitingBench());
}
