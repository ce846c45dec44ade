/**
 * GET /api/efficiency at register scale (issue 12's proof: 5,000
 * enterprises × 5 years of statistics < 200 ms): the seed plus generated
 * illustrative enterprises, each linked to one seeded parcel in turn and
 * given five years of figures, then the route timed through app.request
 * (JSON body included), in-process, SQLite in a temp folder. Nothing
 * asserts; figures go in bench/RESULTS.md.
 *
 * `npx tsx bench/efficiency.bench.ts` (~30 s); BENCH_ENTERPRISES=n.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../server/db/connection';
import { migrateToLatest } from '../server/db/migrations';
import { seedDatabase } from '../server/db/seed';
import { createApp } from '../server/app';

const count = Number(process.env.BENCH_ENTERPRISES ?? 5000);
const YEARS = [2021, 2022, 2023, 2024, 2025];

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'land-ledger-efficiency-bench-'));
  try {
    const { db } = openDatabase(join(dir, 'ledger.db'));
    await migrateToLatest(db);
    await seedDatabase(db);
    const parcelIds = (await db.selectFrom('parcels').select('id').execute()).map((p) => p.id);
    const now = new Date().toISOString();
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < count; i++) {
        const { id } = await trx
          .insertInto('enterprises')
          .values({ name: `示例基准企业${i}`, creditCode: null, industryChain: null, scale: i % 4 === 0 ? 'below_scale' : 'above_scale', tags: '[]', notes: null, updatedAt: now, rentedFloorSquareMeters: i % 7 === 0 ? 5000 : null })
          .returning('id')
          .executeTakeFirstOrThrow();
        for (const year of YEARS) {
          const k = 1 + ((i * 37 + year) % 100) / 10;
          await trx
            .insertInto('enterpriseStatistics')
            .values({ enterpriseId: id, year, outputYi: k * 2, revenueYi: k, taxYi: k / 20, valueAddedYi: k / 4, energyTce: 1000 * k, rdYi: k / 50, employees: Math.round(100 * k), updatedAt: now })
            .execute();
        }
      }
    });
    // Parcels not yet linked go to generated enterprises in turn (one parcel each, as far as they reach).
    const linked = new Set((await db.selectFrom('enterpriseParcels').select('parcelId').execute()).map((r) => r.parcelId));
    const generated = (await db.selectFrom('enterprises').select('id').where('name', 'like', '示例基准企业%').execute()).map((e) => e.id);
    const free = parcelIds.filter((id) => !linked.has(id));
    if (free.length) await db.insertInto('enterpriseParcels').values(free.map((parcelId, i) => ({ parcelId, enterpriseId: generated[i % generated.length]! }))).execute();
    const total = (await db.selectFrom('enterprises').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const { efficiencyForYear } = await import('../server/store/efficiency.query');
    // Two ways to read the register with the year's figures, alternating in one run (the machine is shared):
    // two reads (the year's rows found by scanning every year's: what the route does) and one join through the
    // unique (enterprise_id, year) index (tried; not faster on SQLite at this size, so not adopted).
    const before: number[] = [];
    const after: number[] = [];
    for (let i = 0; i < 12; i++) {
      const year = YEARS[i % YEARS.length]!;
      const t0 = performance.now();
      await db.selectFrom('enterprises').select(['id', 'name', 'scale', 'rentedFloorSquareMeters']).orderBy('id').execute();
      await db.selectFrom('enterpriseStatistics').selectAll().where('year', '=', year).execute();
      const t1 = performance.now();
      await db
        .selectFrom('enterprises as e')
        .leftJoin('enterpriseStatistics as s', (join) => join.onRef('s.enterpriseId', '=', 'e.id').on('s.year', '=', year))
        .select(['e.id', 'e.name', 'e.scale', 'e.rentedFloorSquareMeters', 's.year', 's.outputYi', 's.revenueYi', 's.taxYi', 's.valueAddedYi', 's.energyTce', 's.rdYi', 's.employees'])
        .orderBy('e.id')
        .execute();
      before.push(t1 - t0);
      after.push(performance.now() - t1);
    }
    const { evaluateEfficiency, DEFAULT_EFFICIENCY_METHOD } = await import('../domain/efficiency');
    const inputs = (await db.selectFrom('enterprises').select(['id', 'name', 'scale', 'rentedFloorSquareMeters']).execute()).map((e) => ({
      id: e.id,
      name: e.name,
      scale: e.scale,
      parcelLandMu: 10 + (e.id % 50),
      rentedFloorSquareMeters: e.rentedFloorSquareMeters,
      constructionPeriod: false,
      statistics: { outputYi: 2, revenueYi: 1 + (e.id % 9), taxYi: 0.05 + (e.id % 7) / 100, valueAddedYi: 0.5, energyTce: 1000, rdYi: 0.02, employees: 100 },
    }));
    const parts: Record<string, number[]> = { 'evaluation alone (domain)': [], 'query + evaluation': [], 'JSON.stringify': [] };
    for (let i = 0; i < 12; i++) {
      const t0 = performance.now();
      evaluateEfficiency(2024, inputs, DEFAULT_EFFICIENCY_METHOD);
      parts['evaluation alone (domain)']!.push(performance.now() - t0);
    }
    for (let i = 0; i < 12; i++) {
      const t0 = performance.now();
      const report = await efficiencyForYear(db, YEARS[i % YEARS.length]!);
      const t1 = performance.now();
      JSON.stringify(report);
      parts['query + evaluation']!.push(t1 - t0);
      parts['JSON.stringify']!.push(performance.now() - t1);
    }
    const app = createApp(db);
    const times: number[] = [];
    const brTimes: number[] = [];
    let bytes = 0;
    let brBytes = 0;
    for (let i = 0; i < 12; i++) {
      const url = `/api/efficiency?year=${YEARS[i % YEARS.length]}`;
      const t0 = performance.now();
      const res = await app.request(url);
      bytes = (await res.arrayBuffer()).byteLength;
      const t1 = performance.now();
      // What a browser asks for: the answer compressed (brotli, quality 5, off the request thread).
      const br = await app.request(url, { headers: { 'Accept-Encoding': 'br, gzip' } });
      brBytes = (await br.arrayBuffer()).byteLength;
      times.push(t1 - t0);
      brTimes.push(performance.now() - t1);
    }
    console.log(`${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}`);
    console.log(`${total} enterprises × ${YEARS.length} years of statistics (medians of 10 after 2 warm-ups):`);
    console.log(`  register + year's figures: two reads ${median(before.slice(2)).toFixed(1)} ms, one join ${median(after.slice(2)).toFixed(1)} ms`);
    for (const [name, v] of Object.entries(parts)) console.log(`  ${name}: ${median(v.slice(2)).toFixed(1)} ms`);
    console.log(`  GET /api/efficiency, identity: ${median(times.slice(2)).toFixed(1)} ms (${(bytes / 1024).toFixed(0)} KB)`);
    console.log(`  GET /api/efficiency, br: ${median(brTimes.slice(2)).toFixed(1)} ms (${(brBytes / 1024).toFixed(0)} KB)`);
    await db.destroy();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
