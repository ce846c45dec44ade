/**
 * Seeds an empty database from geodata/: zones, then parcels (with their zone
 * cells), the energy layer, the 三区三线 constraints and the plans. Every file
 * is validated with the domain schemas first; the whole seed is one
 * transaction, so a bad file leaves the database empty, not half-filled.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { Kysely, Transaction } from 'kysely';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { constraintPropertiesSchema } from '../../domain/constraint.schema';
import { enterpriseSchema, statisticsSchema, statisticsYearSchema } from '../../domain/enterprise';
import { projectSchema } from '../../domain/project';
import { validatePolygonGeometry } from '../../domain/geometry.validation';
import { planWithTargetsSchema } from '../../domain/target.schema';
import { zonePropertiesSchema } from '../../domain/zone.schema';
import { EVERY_WARNING_CONFIRMED, insertParcelRow } from '../store/parcels.write';
import { insertPlan } from '../store/plans.store';
import { bboxColumns, nowIso } from '../store/spatial';
import { columnsFor as energyColumns } from '../store/energy.write';
import { columnsOf as zoneColumns } from '../store/zones.write';
import type { Database } from './schema';
import { repoPath } from '../repoRoot';
import { openEdit } from '../store/history';

/** The seed is written by no person; history names it. */
const SEED_USER = { id: 0, username: 'seed (geodata/)', role: 'admin' as const };

export const DEFAULT_GEODATA_DIR = repoPath('geodata') + '/';

function readCollection(dir: string, name: string): Feature[] {
  const fc = JSON.parse(readFileSync(join(dir, name), 'utf8')) as FeatureCollection;
  if (fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw new Error(`${name}: not a FeatureCollection`);
  return fc.features;
}

function polygonOf(feature: Feature, file: string, index: number): Polygon | MultiPolygon {
  const result = validatePolygonGeometry(feature.geometry);
  if (!result.valid) throw new Error(`${file} feature ${index}: ${result.reason} ${result.detail ?? ''}`);
  return result.geometry;
}

function parseProps<T extends z.ZodType>(schema: T, feature: Feature, file: string, index: number): z.output<T> {
  const parsed = schema.safeParse(feature.properties ?? {});
  if (!parsed.success) throw new Error(`${file} feature ${index}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export async function isEmpty(db: Kysely<Database>): Promise<boolean> {
  const zones = await db.selectFrom('zones').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const plans = await db.selectFrom('plans').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(zones.n) === 0 && Number(plans.n) === 0;
}

/** Loads geodata/ into an empty database, in one transaction. */
export interface SeedOptions {
  /**
   * Load the illustrative enterprise register (geodata/register.json) too. On for `npm start`;
   * test suites seed without it so each starts from an empty register it fills itself.
   */
  register?: boolean;
}

export async function seedDatabase(db: Kysely<Database>, dir: string = DEFAULT_GEODATA_DIR, options: SeedOptions = {}): Promise<void> {
  const zoneFeatures = readCollection(dir, 'zones.geojson');
  const parcelFeatures = readCollection(dir, 'parcels.geojson');
  const stationFeatures = readCollection(dir, 'energy_stations.geojson');
  const lineFeatures = readCollection(dir, 'energy_lines.geojson');
  const constraintFeatures = readCollection(dir, 'constraints.geojson');
  const plans = z.object({ plans: z.array(planWithTargetsSchema) }).parse(JSON.parse(readFileSync(join(dir, 'plans.json'), 'utf8'))).plans;

  await db.transaction().execute(async (trx) => {
    const now = nowIso();
    for (const [i, f] of zoneFeatures.entries()) {
      const props = parseProps(zonePropertiesSchema, f, 'zones.geojson', i);
      const geometry = polygonOf(f, 'zones.geojson', i);
      await trx.insertInto('zones').values(zoneColumns(props, geometry)).execute();
    }
    // Constraints first: seeded parcels pass the same rules as any planner's save, against them too.
    for (const [i, f] of constraintFeatures.entries()) {
      const props = parseProps(constraintPropertiesSchema, f, 'constraints.geojson', i);
      const geometry = polygonOf(f, 'constraints.geojson', i);
      await trx
        .insertInto('constraints')
        .values({
          name: props.name,
          kind: props.kind,
          illustrative: props.illustrative ? 1 : 0,
          geometry: JSON.stringify(geometry),
          ...bboxColumns(geometry),
          updatedAt: now,
        })
        .execute();
    }
    await openEdit(trx, SEED_USER, 'seed');
    for (const [i, f] of parcelFeatures.entries()) {
      // Through the one write path (parcels.write.ts): the same schema, area, zone cells, rules and history
      // as a planner's create; version 1 of every seeded parcel is in the history, so restores start from it.
      // The seed's warnings (e.g. a parcel on a constraint) are its data's, confirmed; an error stops the seed.
      const written = await insertParcelRow(trx, SEED_USER, { properties: f.properties, geometry: polygonOf(f, 'parcels.geojson', i) }, EVERY_WARNING_CONFIRMED);
      if ('failure' in written) {
        const { code, detail, errors } = written.failure;
        throw new Error(`parcels.geojson feature ${i}: ${code}${detail ? ` ${detail}` : ''}${errors?.length ? ` ${JSON.stringify(errors)}` : ''}`);
      }
    }
    // Stations and lines through the write path's columns (energy.write.ts): same schema, zone codes and bbox.
    for (const [collection, features] of [['energy_stations', stationFeatures], ['energy_lines', lineFeatures]] as const) {
      for (const [i, f] of features.entries()) {
        const made = await energyColumns(trx, collection, f.properties, f.geometry);
        if ('failure' in made) throw new Error(`${collection}.geojson feature ${i}: ${JSON.stringify(made.failure)}`);
        await trx.insertInto(collection === 'energy_stations' ? 'energyStations' : 'energyLines').values(made.columns as never).execute();
      }
    }
    for (const plan of plans) await insertPlan(trx, plan);
    if (options.register) await seedRegister(trx, dir);
  });
}

/**
 * The illustrative register (geodata/generateRegister.ts): enterprises with their statistics and
 * parcels (matched by the seeded parcels' names), and projects. Every record passes the schemas a
 * planner's write passes and is marked illustrative; a bad record stops the seed.
 */
async function seedRegister(trx: Transaction<Database>, dir: string): Promise<void> {
  const path = join(dir, 'register.json');
  if (!existsSync(path)) return;
  const file = JSON.parse(readFileSync(path, 'utf8')) as { enterprises: Record<string, unknown>[]; projects: Record<string, unknown>[] };
  const parcelIds = new Map((await trx.selectFrom('parcels').select(['id', 'name']).execute()).map((p) => [p.name, p.id]));
  const idOfParcel = (name: unknown, where: string) => {
    const id = parcelIds.get(String(name));
    if (id === undefined) throw new Error(`register.json ${where}: no seeded parcel named ${String(name)}`);
    return id;
  };
  const enterpriseIds = new Map<string, number>();
  const now = nowIso();
  for (const [i, raw] of file.enterprises.entries()) {
    const where = `enterprise ${i}`;
    const e = enterpriseSchema.safeParse(raw);
    if (!e.success) throw new Error(`register.json ${where}: ${z.prettifyError(e.error)}`);
    const { id } = await trx
      .insertInto('enterprises')
      .values({ ...e.data, tags: JSON.stringify(e.data.tags), illustrative: 1, version: 1, updatedAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    enterpriseIds.set(e.data.name, id);
    const parcels = z.array(z.string()).parse(raw.parcels ?? []);
    if (parcels.length) await trx.insertInto('enterpriseParcels').values(parcels.map((name) => ({ parcelId: idOfParcel(name, where), enterpriseId: id }))).execute();
    for (const rawYear of z.array(z.record(z.string(), z.unknown())).parse(raw.statistics ?? [])) {
      const year = statisticsYearSchema.parse(rawYear.year);
      const figures = statisticsSchema.safeParse(rawYear);
      if (!figures.success) throw new Error(`register.json ${where} ${year}: ${z.prettifyError(figures.error)}`);
      await trx.insertInto('enterpriseStatistics').values({ ...figures.data, enterpriseId: id, year, version: 1, updatedAt: now }).execute();
    }
  }
  for (const [i, raw] of file.projects.entries()) {
    const where = `project ${i}`;
    const enterpriseId = enterpriseIds.get(String(raw.enterprise));
    if (enterpriseId === undefined) throw new Error(`register.json ${where}: no enterprise named ${String(raw.enterprise)}`);
    const parcels = z.array(z.string()).parse(raw.parcels ?? []).map((name) => idOfParcel(name, where));
    const p = projectSchema.safeParse({ ...raw, enterpriseId, parcelIds: parcels });
    if (!p.success) throw new Error(`register.json ${where}: ${z.prettifyError(p.error)}`);
    const { parcelIds: ids, milestones, fundsInPlaceYi, ...fields } = p.data;
    const { id } = await trx
      .insertInto('projects')
      .values({ ...fields, milestones: JSON.stringify(milestones), fundsInPlaceYi: JSON.stringify(fundsInPlaceYi), illustrative: 1, version: 1, updatedAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (ids.length) await trx.insertInto('projectParcels').values(ids.map((parcelId) => ({ parcelId, projectId: id }))).execute();
  }
}
