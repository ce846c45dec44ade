/**
 * The illustrative enterprise register `npm start` seeds (geodata/register.json,
 * issue 12 §8): every record is marked illustrative and named 示例, links to a
 * seeded parcel, passes the write schemas; its milestones agree with the
 * parcels' statuses (no status mismatch in the land status); the D targets
 * equal a recomputation from the file; and the file is what the generator makes
 * from the seeded parcels (frozen, reproducible).
 */
import type { FeatureCollection } from 'geojson';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRegister, type RegisterFile } from '../../geodata/generateRegister';
import { createApp } from '../../server/app';
import { migrateToLatest } from '../../server/db/migrations';
import { seedDatabase } from '../../server/db/seed';
import { repoPath } from '../../server/repoRoot';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { planApi } from './planApi';

const FILE = JSON.parse(readFileSync(repoPath('geodata/register.json'), 'utf8')) as RegisterFile;
let t: TestDatabase;
let api: ReturnType<typeof planApi>;

beforeAll(async () => {
  t = await createTestDatabase({ seed: false });
  await migrateToLatest(t.db);
  await seedDatabase(t.db, undefined, { register: true });
  api = planApi(createApp(t.db));
});
afterAll(async () => t?.dispose());

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('the illustrative register seed', () => {
  it('is what the generator makes from the seeded parcels', () => {
    const parcels = JSON.parse(readFileSync(repoPath('geodata/parcels.geojson'), 'utf8')) as FeatureCollection;
    expect(JSON.parse(JSON.stringify(generateRegister(parcels)))).toEqual(FILE);
  });

  it('loads every enterprise and project, illustrative and named 示例, each on its parcel, with no invented credit code', async () => {
    const list = (await api.json('/api/enterprises?limit=1000')).enterprises;
    expect(list).toHaveLength(FILE.enterprises.length);
    expect(list.length).toBeGreaterThanOrEqual(40);
    expect(list.every((e: any) => e.illustrative === true && e.name.startsWith('示例') && e.creditCode === null)).toBe(true);
    const projects = (await api.json('/api/projects?asOf=2026-12-01')).projects;
    expect(projects).toHaveLength(FILE.projects.length);
    expect(projects.every((p: any) => p.illustrative === true && p.parcelIds.length === 1 && p.enterpriseId !== null)).toBe(true);
    const links = await t.db.selectFrom('enterpriseParcels').selectAll().execute();
    expect(links).toHaveLength(sum(FILE.enterprises.map((e) => e.parcels.length)));
    // The parcel named on each enterprise in the file is the parcel that carries the enterprise's name.
    const parcelRows = await t.db.selectFrom('parcels').select(['id', 'enterprise']).execute();
    const nameOf = new Map(list.map((e: any) => [e.id, e.name]));
    for (const l of links) expect(parcelRows.find((p) => p.id === l.parcelId)!.enterprise).toBe(nameOf.get(l.enterpriseId));
  });

  it('has milestones that agree with the parcels’ statuses, and idle land to show as of late 2026', async () => {
    const status = await api.json('/api/land-status?asOf=2026-12-01');
    expect(status.statusMismatches).toEqual([]);
    expect(status.idle.length + status.reclaimable.length).toBeGreaterThan(0);
  });

  it('gives D targets equal to a recomputation from the file', async () => {
    const tally = await api.tally();
    const by = Object.fromEntries(tally.targets.map((x: any) => [x.code, x]));
    const latest = Math.max(...FILE.enterprises.flatMap((e) => e.statistics.map((s) => s.year)).filter((y) => y <= 2025));
    const outputs = FILE.enterprises.flatMap((e) => e.statistics.filter((s) => s.year === latest).map((s) => s.outputYi));
    expect(by.D1.secured).toBeCloseTo(sum(outputs), 9);
    expect(by.D1.secured).toBeGreaterThan(0);
    for (const year of [2023, 2024, 2025]) {
      const funds = sum(FILE.projects.map((p) => p.fundsInPlaceYi[String(year)] ?? 0));
      expect(by[`D7.${year}.funds`].secured, String(year)).toBeCloseTo(funds, 9);
    }
    const fresh = FILE.enterprises.filter((e) => e.scale === 'above_scale' && e.aboveScaleSinceYear !== null && e.aboveScaleSinceYear >= 2023 && e.aboveScaleSinceYear <= 2025).length;
    expect(by['D8.new'].secured).toBe(fresh);
  });
});
