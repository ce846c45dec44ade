/**
 * How long each heavy read or write holds the request thread on a ledger of
 * ~3,000 parcels (the seed's 88 copied 34 times): for every request, its
 * time and the event loop's longest delay meanwhile (monitorEventLoopDelay,
 * 1 ms resolution), which is the longest stretch of work the request ran on
 * the thread without yielding — what every other request waits behind.
 * In-process through app.request() (no sockets), SQLite in a temp folder,
 * the worker pool as in production. Nothing asserts; figures go in
 * bench/RESULTS.md.
 *
 * `npx tsx bench/loopHolds.bench.ts` (~1 min). BENCH_ONLY=text[,text…] runs
 * only the rows whose name contains one of them (the import's upload runs
 * when its commit does, which needs it). BENCH_COPIES=n sets the copies (34); BENCH_ROUNDS=n repeats each
 * read row n times.
 *
 * The bulk edit and the import commit run twice, back to back: as one block
 * (the batch's slice set to ∞, as before server/store/batchWrite.ts) and in
 * slices; during each, a planner's reads fall due every 100 ms (the map's
 * bbox read, a paged list, a request that reads no table), each timed from
 * when it fell due. `BENCH_ONLY=bulk` runs just those.
 */
import type { Feature, Polygon } from 'geojson';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createApp } from '../server/app';
import { createUser } from '../server/auth/users.store';
import { openDatabase } from '../server/db/connection';
import { migrateToLatest } from '../server/db/migrations';
import { seedDatabase } from '../server/db/seed';
import { jobEvents, warmPool } from '../server/pool/pool';
import { batchSlicing, SLICE_MS } from '../server/store/batchWrite';
import { buildReportModel, readReportInputs } from '../server/report/reportModel';

const PLAN = 'wansheng-2023-2025';
const PASSWORD = 'correct horse battery staple';

interface Row {
  name: string;
  status: number | string;
  ms: number;
  heldMs: number;
  /** The 99th percentile of the loop's delays meanwhile (1 ms ticks): a single long hold shows in heldMs, many in this. */
  heldP99Ms: number;
  /** Jobs sent to the pool, and pooled results a write used instead of computing them (jobEvents). */
  jobs: number;
  reused: number;
  /** A planner's reads issued one after another while the request ran: label → each read's ms. */
  reads?: Record<string, number[]>;
}

type PlannerReads = [label: string, read: () => Promise<unknown>][];

/**
 * A planner's reads due every READ_EVERY_MS until `done`, each kind issued on
 * its own: a read's time runs from when it was due, so a read that could not
 * even start because the thread was held counts that wait too (as a browser's
 * request arriving then would).
 */
const READ_EVERY_MS = 100;
async function readWhile(done: Promise<unknown>, reads: PlannerReads): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = Object.fromEntries(reads.map(([label]) => [label, []]));
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  let issued = 0;
  const tick = () => {
    // Every read that fell due since the last tick, each timed from its due moment.
    for (; t0 + issued * READ_EVERY_MS <= performance.now(); issued++) {
      const due = t0 + issued * READ_EVERY_MS;
      for (const [label, read] of reads) pending.push(read().then(() => void out[label]!.push(performance.now() - due)));
    }
  };
  const timer = setInterval(tick, 10);
  tick();
  await done.catch(() => undefined);
  // The reads that fell due while a last block held the thread: they start only now, timed from when they were due.
  tick();
  clearInterval(timer);
  await Promise.all(pending);
  return out;
}

async function measure(name: string, run: () => Promise<number | string>, reads?: PlannerReads): Promise<Row> {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  // Let the previous row's leftovers (GC, pool messages) settle first.
  await new Promise((r) => setTimeout(r, 50));
  loop.enable();
  // Its first tick only sets the baseline: a block before it would go unseen.
  await new Promise((r) => setTimeout(r, 10));
  const started = performance.now();
  let jobs = 0;
  let reused = 0;
  const onSubmit = () => jobs++;
  const onReuse = () => reused++;
  jobEvents.on('submit', onSubmit).on('reuse', onReuse);
  const running = run().finally(() => jobEvents.off('submit', onSubmit).off('reuse', onReuse));
  const readsDone = reads ? readWhile(running, reads) : undefined;
  const status = await running;
  const ms = performance.now() - started;
  const readTimes = await readsDone;
  // The histogram records a delay when its timer next fires: give it the chance, or a block just before the answer goes unseen.
  await new Promise((r) => setTimeout(r, 5));
  loop.disable();
  return { name, status, ms, heldMs: loop.max / 1e6, heldP99Ms: loop.percentile(99) / 1e6, jobs, reused, ...(readTimes ? { reads: readTimes } : {}) };
}

/** The slippy-map tile holding lon/lat at zoom z. */
function tileAt(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return [x, y];
}

export async function runLoopHoldsBench(): Promise<Row[]> {
  const only = process.env.BENCH_ONLY;
  const copies = Number(process.env.BENCH_COPIES ?? 34);
  const dir = mkdtempSync(join(tmpdir(), 'll-holds-'));
  const { db } = openDatabase(join(dir, 'ledger.sqlite'));
  try {
    await migrateToLatest(db);
    await seedDatabase(db);
    for (const role of ['viewer', 'editor', 'admin'] as const) await createUser(db, role, PASSWORD, role);
    const auth = (role: string) => `Basic ${Buffer.from(`${role}:${PASSWORD}`).toString('base64')}`;
    const seeded = await db.selectFrom('parcels').selectAll().execute();
    // Each copy moved by whole district widths on a 6-wide grid, so no parcel overlaps another and the rules pass (warnings aside).
    const width = Math.max(...seeded.map((p) => p.maxX)) - Math.min(...seeded.map((p) => p.minX)) + 0.002;
    const height = Math.max(...seeded.map((p) => p.maxY)) - Math.min(...seeded.map((p) => p.minY)) + 0.002;
    const moved = (text: string, dx: number, dy: number): string => JSON.stringify(JSON.parse(text, (_k, v: unknown) => (Array.isArray(v) && typeof v[0] === 'number' ? [(v[0] as number) + dx, (v[1] as number) + dy] : v)));
    await db.transaction().execute(async (trx) => {
      for (let copy = 1; copy <= copies; copy++) {
        const [dx, dy] = [(copy % 6) * width, Math.floor(copy / 6) * height];
        await trx
          .insertInto('parcels')
          .values(seeded.map(({ id: _id, ...row }) => ({ ...row, name: `${row.name}（副本${copy}）`, geometry: moved(row.geometry, dx, dy), minX: row.minX + dx, maxX: row.maxX + dx, minY: row.minY + dy, maxY: row.maxY + dy })))
          .execute();
      }
    });
    const parcels = await db.selectFrom('parcels').select(['id', 'version', 'minX', 'minY', 'maxX', 'maxY']).orderBy('id').execute();
    const minX = Math.min(...parcels.map((p) => p.minX));
    const maxX = Math.max(...parcels.map((p) => p.maxX));
    const minY = Math.min(...parcels.map((p) => p.minY));
    const maxY = Math.max(...parcels.map((p) => p.maxY));
    const [cx, cy] = [(minX + maxX) / 2, (minY + maxY) / 2];
    const app = createApp(db);
    await warmPool();
    const get = (path: string, role = 'viewer') => async () => {
      const res = await app.request(path, { headers: { Authorization: auth(role) } });
      await res.arrayBuffer();
      return res.status;
    };
    const send = (method: string, path: string, body: unknown, role = 'editor', headers: Record<string, string> = {}) => async () => {
      const res = await app.request(path, { method, headers: { Authorization: auth(role), 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
      const text = await res.text();
      return res.ok ? res.status : `${res.status} ${text.slice(0, 80)}`;
    };
    // A GeoJSON import of 2,000 small squares in a grid south of the district (outside every zone: warnings confirmed);
    // `grid` n moves it a further 0.03° south, so each import lands on empty ground.
    const squares = (grid: number): Feature<Polygon>[] =>
      Array.from({ length: 2_000 }, (_, i) => {
        const x = minX + (i % 50) * 0.0006;
        const y = minY - 0.01 - grid * 0.03 - Math.floor(i / 50) * 0.0006;
        return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.0004, y], [x + 0.0004, y + 0.0004], [x, y + 0.0004], [x, y]]] }, properties: { name: `导入${grid}-${i}`, landUseCode: '1001', status: 'planned' } };
      });
    let importId = '';
    let imports = 0;
    const upload = async () => {
      const form = new FormData();
      form.append('file', new File([JSON.stringify({ type: 'FeatureCollection', features: squares(imports++) })], 'squares.geojson'));
      const res = await app.request('/api/imports', { method: 'POST', headers: { Authorization: auth('editor') }, body: form });
      const body = (await res.json()) as { id: string };
      importId = body.id;
      return res.status;
    };
    /** The bulk edit of parcels 100–600 at their current versions (each run bumps them). */
    const bulkEdit = async () => {
      const now = await db.selectFrom('parcels').select(['id', 'version']).orderBy('id').offset(100).limit(500).execute();
      return send('POST', '/api/parcels/bulk', { items: now, set: { notes: `bench ${performance.now()}` } }, 'editor', { 'X-Confirm-Warnings': 'OUTSIDE_ZONES,OUTSIDE_URBAN_BOUNDARY,SLIVER_PART,BECAME_MULTIPART' })();
    };
    const commit = async () => send('POST', `/api/imports/${importId}/commit`, { confirmWarnings: ['OUTSIDE_ZONES', 'OUTSIDE_URBAN_BOUNDARY'] })();
    /** `oneBlock`: the batch never pauses (SLICE_MS = ∞), as these writes ran before batchWrite.ts. */
    const sliced = (oneBlock: boolean, run: () => Promise<number | string>) => async () => {
      batchSlicing.sliceMs = oneBlock ? Infinity : SLICE_MS;
      return run().finally(() => (batchSlicing.sliceMs = SLICE_MS));
    };
    // A planner meanwhile: the map's bbox read (the fast path), a paged list (a Kysely query) and a request that reads no table.
    // Anonymous, as the map reads: a signed-in request's credential check is a Kysely query of its own.
    const box = [cx - 0.005, cy - 0.005, cx + 0.005, cy + 0.005].map((v) => v.toFixed(5)).join(',');
    const anonymous = (path: string) => async () => (await app.request(path)).arrayBuffer();
    const plannerReads: PlannerReads = [
      ['map bbox', anonymous(`/ogc/collections/parcels/items?bbox=${box}&limit=100`)],
      ['list page', anonymous('/ogc/collections/parcels/items?limit=10')],
      ['no table', anonymous('/ogc/conformance')],
    ];
    const rows: [string, () => Promise<number | string>][] = [
      ['report model, whole (buildReportModel, direct)', async () => ((await buildReportModel(db, PLAN)) ? 200 : 404)],
      ['report inputs with parks (readReportInputs)', async () => ((await readReportInputs(db, PLAN, { withParks: true })) ? 200 : 404)],
      ['report inputs, no parks (readReportInputs)', async () => ((await readReportInputs(db, PLAN, { withParks: false })) ? 200 : 404)],
      ['report inputs with parks: copy (structuredClone)', async () => (structuredClone(await readReportInputs(db, PLAN, { withParks: true })) ? 200 : 404)],
      ['tally', get(`/api/plans/${PLAN}/tally`)],
      ['report HTML', get(`/api/plans/${PLAN}/report`)],
      ['report XLSX', get(`/api/plans/${PLAN}/report.xlsx`)],
      ['report CSV (targets)', get(`/api/plans/${PLAN}/report.csv`)],
      ['export GeoJSON (all)', get('/api/exports?format=geojson')],
      ['export Shapefile (all)', get('/api/exports?format=shp')],
      ['export KML (all)', get('/api/exports?format=kml')],
      ['export CSV (all)', get('/api/exports?format=csv')],
      ['export TXT GBK (all)', get('/api/exports?format=txt')],
      ['export Shapefile CGCS2000 3° GK', get('/api/exports?format=shp&crs=EPSG:4547')],
      ['OGC items limit=10000', get('/ogc/collections/parcels/items?limit=10000')],
      ['attribute table (first page)', get('/api/parcels/table')],
      ['snapshot asOf 2025', get('/api/snapshot?year=2025')],
      ['changes since 0', get('/api/changes?since=0')],
      ['search', get(`/api/search?q=${encodeURIComponent('副本')}`)],
      ['energy demand', get('/api/energy/demand')],
      ['energy coverage', get('/api/energy/coverage')],
      ['ledger health', get('/api/health/ledger')],
      ...[8, 10, 12, 13, 14].map((z): [string, () => Promise<number>] => {
        const [x, y] = tileAt(cx, cy, z);
        return [`tile parcels z${z} (centre of the copies, uncached)`, get(`/tiles/parcels/${z}/${x}/${y}.mvt`)];
      }),
      ['bulk edit 500 parcels (notes), one block as before', sliced(true, bulkEdit)],
      ['bulk edit 500 parcels (notes), sliced', sliced(false, bulkEdit)],
      ['zone from the 88 seeded parcels (union)', send('POST', '/api/zones/from-parcels', { parcelIds: parcels.slice(0, 88).map((p) => p.id), code: 'BENCHZ', nameZh: '测试', nameEn: 'Bench', kind: 'other' }, 'admin')],
      ['import upload 2,000 squares (preview)', upload],
      ['import commit 2,000 squares, one block as before', sliced(true, commit)],
      ['import upload 2,000 squares (preview), again', upload],
      ['import commit 2,000 squares, sliced', sliced(false, commit)],
    ];
    const results: Row[] = [];
    console.log(`${parcels.length} parcels; ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}`);
    // BENCH_ROUNDS=n repeats the read rows (the writes run once): the machine is shared, single figures are noisy.
    const rounds = Number(process.env.BENCH_ROUNDS ?? 1);
    const wanted = (name: string) => !only || only.split(',').some((text) => name.includes(text));
    for (const [name, run] of rows) {
      if (!wanted(name) && !(name.startsWith('import upload') && wanted('import commit'))) continue;
      const repeat = /^(bulk|zone|import)/.test(name) ? 1 : rounds;
      for (let round = 0; round < repeat; round++) {
        const row = await measure(name, run, /^(bulk|import commit)/.test(name) ? plannerReads : undefined);
        results.push(row);
        console.log(`${name.padEnd(48)} ${String(row.status).padEnd(6)} ${row.ms.toFixed(0).padStart(7)} ms   held ${row.heldMs.toFixed(0).padStart(6)} ms (p99 ${row.heldP99Ms.toFixed(0)})   jobs ${row.jobs}, reused ${row.reused}`);
        for (const [label, times] of Object.entries(row.reads ?? {})) {
          const sorted = [...times].sort((a, b) => a - b);
          console.log(`    planner read meanwhile, ${label.padEnd(10)} ${String(times.length).padStart(4)} reads, median ${sorted[sorted.length >> 1]?.toFixed(0) ?? '-'} ms, max ${sorted.at(-1)?.toFixed(0) ?? '-'} ms`);
        }
      }
    }
    return results;
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runLoopHoldsBench();
  process.exit(0);
}
