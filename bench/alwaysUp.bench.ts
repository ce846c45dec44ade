/**
 * Issue 11: does the request thread stay free under attack, and how fast are
 * the new geometry checks? Two parts, nothing asserts:
 * 1. A seeded SQLite server on loopback (same process, worker pool as in
 *    production); for each attack, planners' reads (GET parcels?limit=10)
 *    every 10 ms while it runs: their p50 / max latency, and the attack's
 *    own answer and time.
 * 2. validatePolygonGeometry (R-tree self-intersection) on 20k/40k/100k-vertex
 *    circles, against turf.kinks (O(n²): run at 20k only unless
 *    BENCH_TURF_ALL=1, since 100k takes minutes).
 *
 * Run alone with `npx tsx bench/alwaysUp.bench.ts`, or call runAlwaysUpBench().
 * BENCH_ONLY=text runs only the attacks whose name contains it, and skips part 2
 * (`BENCH_ONLY=vertices` for the large-parcel save alone).
 */
import { kinks, polygon as turfPolygon } from '@turf/turf';
import { zipSync } from 'fflate';
import type { Polygon, Position } from 'geojson';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { validatePolygonGeometry } from '../domain/geometry.validation';
import { writeShapefileParts } from '../domain/io/shapefile';
import { ringsHaveKink } from '../domain/segmentIntersections';
import { createApp } from '../server/app';
import { createUser } from '../server/auth/users.store';
import { openDatabase } from '../server/db/connection';
import { migrateToLatest } from '../server/db/migrations';
import { seedDatabase } from '../server/db/seed';
import { warmPool } from '../server/pool/pool';
import { listen } from '../tests/support/httpServer';

function circle(n: number, cx: number, cy: number, r: number): Polygon {
  const ring: Position[] = Array.from({ length: n }, (_, i) => [cx + r * Math.cos((2 * Math.PI * i) / n), cy + r * Math.sin((2 * Math.PI * i) / n)]);
  return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
}

function dbf(records: number, recordBytes: number, bodyBytes: number): Uint8Array {
  const out = new Uint8Array(33 + bodyBytes).fill(0x20);
  out.fill(0, 0, 33);
  const view = new DataView(out.buffer);
  out[0] = 3;
  view.setUint32(4, records, true);
  view.setUint16(8, 33, true);
  view.setUint16(10, recordBytes, true);
  out[32] = 0x0d;
  return out;
}

function dxf(polylines: number): Uint8Array {
  const lines = ['0', 'SECTION', '2', 'ENTITIES'];
  for (let i = 0; i < polylines; i++) {
    const x = 36_500_000 + (i % 200) * 20;
    const y = 3_200_000 + Math.floor(i / 200) * 20;
    lines.push('0', 'LWPOLYLINE', '8', 'P', '90', '4', '70', '1', '10', `${x}`, '20', `${y}`, '10', `${x + 10}`, '20', `${y}`, '10', `${x + 10}`, '20', `${y + 10}`, '10', `${x}`, '20', `${y + 10}`);
  }
  lines.push('0', 'ENDSEC', '0', 'EOF');
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN;
};

export async function runAlwaysUpBench(): Promise<void> {
  console.log(`Always up (issue 11) — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
  const dir = mkdtempSync(join(tmpdir(), 'll-alwaysup-'));
  const { db } = openDatabase(join(dir, 'ledger.db'));
  await migrateToLatest(db);
  await seedDatabase(db);
  await createUser(db, 'editor', 'bench-password', 'editor');
  const editor = `Basic ${Buffer.from('editor:bench-password').toString('base64')}`;
  const server = await listen(createApp(db));
  await warmPool();
  const zone = JSON.parse((await db.selectFrom('zones').select('geometry').executeTakeFirstOrThrow()).geometry) as Polygon;
  const z0 = zone.coordinates[0]!;
  const cx = z0.reduce((s, p) => s + p[0]!, 0) / z0.length;
  const cy = z0.reduce((s, p) => s + p[1]!, 0) / z0.length;
  const shp = writeShapefileParts([{ type: 'Feature', geometry: circle(8, cx, cy, 0.0005), properties: { name: 'x' } }]);
  const zipWith = (table: Uint8Array) => zipSync({ 'a.shp': shp.shp, 'a.shx': shp.shx, 'a.prj': new TextEncoder().encode(shp.prj), 'a.dbf': table }, { level: 9 });
  const upload = (name: string, bytes: Uint8Array): RequestInit => {
    const form = new FormData();
    form.append('file', new File([bytes as Uint8Array<ArrayBuffer>], name));
    return { method: 'POST', headers: { Authorization: editor }, body: form };
  };
  const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { Authorization: editor, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const attacks: [string, string, RequestInit][] = [
    ['.dbf 0xFFFFFFFF × 0-byte records', '/api/imports', upload('a.zip', zipWith(dbf(0xffffffff, 0, 0)))],
    ['.dbf 40M × 1-byte records (zip)', '/api/imports', upload('a.zip', zipWith(dbf(40_000_000, 1, 40_000_000)))],
    ['DXF, 20,000 closed polylines', '/api/imports', upload('a.dxf', dxf(20_000))],
    ['parcel of 20,000 vertices (valid)', '/ogc/collections/parcels/items', json({ type: 'Feature', geometry: circle(20_000, cx, cy, 0.0004), properties: { name: 'bench', landUseCode: '1001', status: 'planned' } })],
    ['siting k=10 p_median, grid 150 m, 3 s budget', '/api/energy/siting', json({ k: 10, objective: 'p_median', gridSpacingMeters: 150, maxMilliseconds: 3000 })],
  ];
  // Warm the read path and the upload path first, so the first attack does not pay for JIT and first-use costs.
  for (let i = 0; i < 30; i++) await (await fetch(`${server.url}/ogc/collections/parcels/items?limit=10`)).arrayBuffer();
  await (await fetch(server.url + '/api/imports', upload('w.zip', zipWith(dbf(1, 1, 1))))).arrayBuffer();
  // A read is sent 10 ms after the previous one answered, so a read cannot measure a block that
  // fell between two reads: the event loop's longest delay (thread held) shows it.
  console.log('| attack | answer | attack ms | reads during (failed) | read p50 / max ms | thread held max ms |');
  console.log('|---|---:|---:|---:|---:|---:|');
  const only = process.env.BENCH_ONLY;
  for (const [name, path, init] of attacks.filter(([name]) => !only || name.includes(only))) {
    const latencies: number[] = [];
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const start = performance.now();
    let done = false;
    const attack = fetch(server.url + path, init).then(async (res) => {
      await res.arrayBuffer();
      done = true;
      return { status: res.status, ms: performance.now() - start };
    });
    let failed = 0;
    while (!done) {
      const t0 = performance.now();
      try {
        await (await fetch(`${server.url}/ogc/collections/parcels/items?limit=10`)).arrayBuffer();
        latencies.push(performance.now() - t0);
      } catch {
        failed++; // e.g. a keep-alive socket reset while the request thread was held
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const a = await attack;
    loop.disable();
    console.log(`| ${name} | ${a.status} | ${a.ms.toFixed(0)} | ${latencies.length} (${failed}) | ${quantile(latencies, 0.5).toFixed(1)} / ${Math.max(...latencies).toFixed(1)} | ${(loop.max / 1e6).toFixed(0)} |`);
  }
  await server.close();
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
  if (only) return;

  console.log('');
  console.log('| vertices | validatePolygonGeometry ms | R-tree kink check ms | turf.kinks ms |');
  console.log('|---:|---:|---:|---:|');
  for (const n of [20_000, 40_000, 100_000]) {
    const g = circle(n, 106.9, 28.95, 0.01);
    let t = performance.now();
    const v = validatePolygonGeometry(g);
    const validateMs = performance.now() - t;
    t = performance.now();
    ringsHaveKink(g.coordinates);
    const kinkMs = performance.now() - t;
    let turfMs = '—';
    if (n === 20_000 || process.env.BENCH_TURF_ALL === '1') {
      t = performance.now();
      kinks(turfPolygon(g.coordinates));
      turfMs = (performance.now() - t).toFixed(0);
    }
    const shown = v.valid ? validateMs.toFixed(0) : `${v.reason} after ${validateMs.toFixed(1)}`;
    console.log(`| ${n.toLocaleString('en')} | ${shown} | ${kinkMs.toFixed(0)} | ${turfMs} |`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runAlwaysUpBench();
  process.exit(0);
}
