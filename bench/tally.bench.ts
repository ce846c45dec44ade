/**
 * The plan's tally at ledger scale (issue 16 goal 9): a full recompute of
 * every target over every parcel — what GET /api/plans/{id}/tally did on
 * each request — side by side with the tally kept edit by edit
 * (server/store/tallyCache.ts): a request when nothing changed, and the first
 * request after one parcel's figures changed. In-process, SQLite in a temp
 * folder, the seed plus a generated district (scripts/generate-district.ts).
 * Nothing asserts; figures go in bench/RESULTS.md.
 *
 * `npx tsx bench/tally.bench.ts` (200,000 parcels, ~2 min); BENCH_PARCELS=n.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../server/db/connection';
import { loadPlanFigures, tallyBody } from '../server/store/planFigures';
import { currentTally } from '../server/store/tallyCache';

const PLAN = 'wansheng-2023-2025';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const parcels = Number(process.env.BENCH_PARCELS ?? 200_000);

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const out = await fn();
  return [performance.now() - t0, out];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'land-ledger-tally-bench-'));
  const path = join(dir, 'ledger.db');
  try {
    const t0 = performance.now();
    execFileSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'scripts/generate-district.ts'), '--parcels', String(parcels)], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', LEDGER_DB: path },
      stdio: 'pipe',
    });
    console.log(`generated ${parcels.toLocaleString('en')} parcels (+ the seed's 88) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const { db } = openDatabase(path);
    const full: number[] = [];
    for (let i = 0; i < 5; i++) full.push((await timed(async () => tallyBody((await loadPlanFigures(db, PLAN))!)))[0]);
    const [firstMs, first] = await timed(() => currentTally(db, PLAN));
    const hits: number[] = [];
    for (let i = 0; i < 20; i++) hits.push((await timed(() => currentTally(db, PLAN)))[0]);
    const updates: number[] = [];
    let agree = true;
    for (let i = 0; i < 10; i++) {
      // One parcel's investment changes as a planner's save would log it: the row and its change.
      const id = 1 + (i % 88);
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('parcels').set({ investmentYi: 1 + i }).where('id', '=', id).execute();
        await trx
          .insertInto('changes')
          .values({ collection: 'parcels', featureId: String(id), action: 'update', version: 1, userId: null, username: 'bench', at: new Date().toISOString(), before: null, after: null, editId: null })
          .execute();
      });
      const [ms, kept] = await timed(() => currentTally(db, PLAN));
      updates.push(ms);
      const { computedAt: _a, ...k } = kept!.body;
      const { computedAt: _b, ...f } = tallyBody((await loadPlanFigures(db, PLAN))!);
      agree &&= kept!.path === 'update' && JSON.stringify(k) === JSON.stringify(f);
    }
    await db.destroy();
    const fullMs = median(full);
    const row = (name: string, ms: number) => `| ${name.padEnd(44)} | ${ms.toFixed(1).padStart(8)} | ${(fullMs / ms).toFixed(1).padStart(6)}× |`;
    console.log(`\n${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
    console.log(`| ${'tally of the plan, ' + (parcels + 88).toLocaleString('en') + ' parcels'.padEnd(10)} | ms (median) | vs full |`);
    console.log('|---|---:|---:|');
    console.log(row('full recompute (reference, every request before)', fullMs));
    console.log(row(`kept: first request (builds the parts, path ${first!.path})`, firstMs));
    console.log(row('kept: nothing changed (hit)', median(hits)));
    console.log(row('kept: after one parcel edit (update)', median(updates)));
    console.log(`kept equals full recompute after every edit: ${agree}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
