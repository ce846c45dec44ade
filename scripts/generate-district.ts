/**
 * `npm run gen -- --parcels 200000`: fills the database named by LEDGER_DB —
 * or the PostgreSQL database named by DATABASE_URL, as the server would pick
 * it — (creating, migrating and seeding it if needed) with a synthetic district of
 * N non-overlapping, tagged parcels around the zones — the cadastral context
 * planners load beside their own parcels, for load tests and benchmarks.
 * Parcels sit in a grid of ~120 m cells skipping any cell near a zone or an
 * existing parcel, so none overlaps and each lies outside every zone.
 * Everything it writes is marked illustrative. SQLite gets one prepared
 * statement in one transaction; PostgreSQL multi-row INSERTs of 1,000 in one
 * transaction (its trigger fills the PostGIS geometry from the GeoJSON).
 */
import { parseArgs } from 'node:util';
import type { Polygon } from 'geojson';
import { areaSquareMeters } from '../domain/area';
import { LAND_USE_CODES, type LandUseCode } from '../domain/landUse';
import { INDUSTRY_CHAINS, PARCEL_STATUSES } from '../domain/parcel.schema';
import { openConfiguredDatabase } from '../server/db/connection';
import { migrateToLatest } from '../server/db/migrations';
import { isEmpty, seedDatabase } from '../server/db/seed';

const { values } = parseArgs({ options: { parcels: { type: 'string', default: '10000' }, seed: { type: 'string', default: '42' } } });
const count = Number(values.parcels);
if (!Number.isInteger(count) || count < 1 || count > 2_000_000) {
  console.error('--parcels must be an integer from 1 to 2,000,000');
  process.exit(2);
}

function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = prng(Number(values.seed));

const { db, sqlite, description } = openConfiguredDatabase();
await migrateToLatest(db);
if (await isEmpty(db)) await seedDatabase(db);

type Box = [number, number, number, number];
const keepOut: Box[] = [];
for (const table of ['zones', 'parcels', 'constraints'] as const) {
  const rows = await db.selectFrom(table).select(['minX', 'minY', 'maxX', 'maxY']).$if(table === 'constraints', (q) => q.where('kind', '!=', 'urban_development_boundary')).execute();
  for (const r of rows) keepOut.push([r.minX - 0.001, r.minY - 0.001, r.maxX + 0.001, r.maxY + 0.001]);
}
const hits = (b: Box) => keepOut.some((k) => b[0] <= k[2] && k[0] <= b[2] && b[1] <= k[3] && k[1] <= b[3]);

// ~120 m × 120 m cells (0.00125° of longitude at 29°N ≈ 122 m; 0.0011° of latitude ≈ 122 m).
const CELL_LON = 0.00125;
const CELL_LAT = 0.0011;
const CENTRE = [106.93, 28.96];
const side = Math.ceil(Math.sqrt(count * 1.6)) + 4;
const INDUSTRIAL: LandUseCode[] = ['100101', '100102', '100103', '1101', '110101'];
const OTHER = LAND_USE_CODES.filter((c) => !INDUSTRIAL.includes(c));

const now = new Date().toISOString();
let written = 0;
const started = performance.now();

const COLUMNS = ['name', 'land_use_code', 'status', 'supply_year', 'industry_chain', 'notes', 'geometry', 'min_x', 'min_y', 'max_x', 'max_y', 'area_square_meters', 'zone_cells', 'created_at', 'updated_at'] as const;
type Row = readonly [string, string, string, number | null, string, string, string, number, number, number, number, number, string, string, string];

/** The synthetic parcels, in the column order of COLUMNS. */
function* syntheticParcels(): Generator<Row> {
  for (let j = 0; j < side && written < count; j++) {
    for (let i = 0; i < side && written < count; i++) {
      const x0 = CENTRE[0]! + (i - side / 2) * CELL_LON;
      const y0 = CENTRE[1]! + (j - side / 2) * CELL_LAT;
      const cell: Box = [x0, y0, x0 + CELL_LON, y0 + CELL_LAT];
      if (hits(cell)) continue;
      // An irregular quadrilateral inset in its cell: parcels in neighbouring cells never touch.
      const inset = () => 0.08 + rnd() * 0.12;
      const ring = [
        [x0 + CELL_LON * inset(), y0 + CELL_LAT * inset()],
        [x0 + CELL_LON * (1 - inset()), y0 + CELL_LAT * inset()],
        [x0 + CELL_LON * (1 - inset()), y0 + CELL_LAT * (1 - inset())],
        [x0 + CELL_LON * inset(), y0 + CELL_LAT * (1 - inset())],
      ].map(([x, y]) => [Math.round(x! * 1e7) / 1e7, Math.round(y! * 1e7) / 1e7]);
      ring.push(ring[0]!);
      const geometry: Polygon = { type: 'Polygon', coordinates: [ring] };
      const area = areaSquareMeters(geometry);
      const xs = ring.map((p) => p[0]!);
      const ys = ring.map((p) => p[1]!);
      const status = PARCEL_STATUSES[Math.floor(rnd() * PARCEL_STATUSES.length)]!;
      const code = rnd() < 0.7 ? INDUSTRIAL[Math.floor(rnd() * INDUSTRIAL.length)]! : OTHER[Math.floor(rnd() * OTHER.length)]!;
      yield [
        `示例地籍-${written + 1}`,
        code,
        status,
        status === 'planned' ? null : 2005 + Math.floor(rnd() * 21),
        INDUSTRY_CHAINS[Math.floor(rnd() * INDUSTRY_CHAINS.length)]!,
        '合成地籍背景数据（npm run gen），示意',
        JSON.stringify(geometry),
        Math.min(...xs),
        Math.min(...ys),
        Math.max(...xs),
        Math.max(...ys),
        area,
        JSON.stringify([{ zones: [], areaSquareMeters: area }]),
        now,
        now,
      ] as const;
      written++;
    }
  }
}

if (sqlite) {
  const insert = sqlite.prepare(
    `INSERT INTO parcels (${COLUMNS.join(', ')}, illustrative, version) VALUES (${COLUMNS.map(() => '?').join(', ')}, 1, 1)`,
  );
  sqlite.transaction(() => {
    for (const row of syntheticParcels()) insert.run(...row);
  })();
} else {
  const camel = (c: string) => c.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());
  await db.transaction().execute(async (trx) => {
    let batch: Record<string, unknown>[] = [];
    const flush = async () => {
      if (batch.length) await trx.insertInto('parcels').values(batch as never).execute();
      batch = [];
    };
    for (const row of syntheticParcels()) {
      const values: Record<string, unknown> = { illustrative: 1, version: 1 };
      COLUMNS.forEach((c, i) => (values[camel(c)] = row[i]));
      batch.push(values);
      if (batch.length === 1000) await flush();
    }
    await flush();
  });
}

console.log(`Wrote ${written.toLocaleString('en-US')} synthetic parcels to ${description} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (written < count) console.warn(`Only ${written} cells were free of zones and parcels; asked for ${count}.`);
await db.destroy();
