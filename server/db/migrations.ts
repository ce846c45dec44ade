/**
 * Migrations, in code so they ship with the server (no migration folder to
 * find at run time). Each is applied once, in order, inside Kysely's Migrator
 * (which takes a lock and records what ran in `kysely_migration`).
 */
import { Migrator, sql, type CreateTableBuilder, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { dialectOf } from './dialect';

const SPATIAL_TABLES = ['zones', 'parcels', 'energy_stations', 'energy_lines', 'constraints'] as const;

/**
 * The spatial index of a table. SQLite: an R*Tree twin filled and kept in step
 * by triggers. PostgreSQL: a PostGIS `geom` column (EPSG:4490) with a GiST
 * index, set from the GeoJSON text by a trigger. (dialect/sqlite.ts, dialect/postgres.ts)
 */
function addSpatialIndex(db: Kysely<unknown>, table: string): Promise<void> {
  return dialectOf(db).addSpatialIndex(db, table);
}

/** An integer primary key never reused after a delete (history refers to ids). */
export function withSerialId<T extends CreateTableBuilder<any, any>>(db: Kysely<any>, table: T): T {
  return dialectOf(db).withSerialId(table);
}

/** 8-byte floats on both stores (PostgreSQL's `real` is 4 bytes: areas would lose digits). */
export const FLOAT = 'double precision';

const spatialColumns = (t: any) =>
  t
    .addColumn('geometry', 'text', (c: any) => c.notNull())
    .addColumn('min_x', FLOAT, (c: any) => c.notNull())
    .addColumn('min_y', FLOAT, (c: any) => c.notNull())
    .addColumn('max_x', FLOAT, (c: any) => c.notNull())
    .addColumn('max_y', FLOAT, (c: any) => c.notNull())
    .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c: any) => c.notNull());

export const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<any>) {
      await dialectOf(db).prepareSpatial(db);
      await spatialColumns(
        withSerialId(db, db.schema.createTable('zones'))
          .addColumn('code', 'text', (c) => c.notNull().unique())
          .addColumn('name_zh', 'text', (c) => c.notNull())
          .addColumn('name_en', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('illustrative', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('area_square_meters', FLOAT, (c) => c.notNull()),
      ).execute();

      await spatialColumns(
        withSerialId(db, db.schema.createTable('parcels'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('land_use_code', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('supply_year', 'integer')
          .addColumn('enterprise', 'text')
          .addColumn('industry_chain', 'text')
          .addColumn('investment_yi', FLOAT)
          .addColumn('output_yi', FLOAT)
          .addColumn('factory_floor_square_meters', FLOAT)
          .addColumn('notes', 'text')
          .addColumn('illustrative', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('area_square_meters', FLOAT, (c) => c.notNull())
          .addColumn('zone_cells', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('created_at', 'text', (c) => c.notNull()),
      ).execute();
      await db.schema.createIndex('parcels_status').on('parcels').column('status').execute();
      await db.schema.createIndex('parcels_land_use_code').on('parcels').column('land_use_code').execute();

      await spatialColumns(
        withSerialId(db, db.schema.createTable('energy_stations'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('capacity_megawatts', FLOAT)
          .addColumn('service_radius_meters', FLOAT)
          .addColumn('notes', 'text')
          .addColumn('illustrative', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('zone_codes', 'text', (c) => c.notNull().defaultTo('[]')),
      ).execute();

      await spatialColumns(
        withSerialId(db, db.schema.createTable('energy_lines'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('voltage_kilovolts', FLOAT)
          .addColumn('notes', 'text')
          .addColumn('illustrative', 'integer', (c) => c.notNull().defaultTo(0)),
      ).execute();

      await spatialColumns(
        withSerialId(db, db.schema.createTable('constraints'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('illustrative', 'integer', (c) => c.notNull().defaultTo(0)),
      ).execute();

      for (const table of SPATIAL_TABLES) await addSpatialIndex(db, table);

      await db.schema
        .createTable('plans')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name_zh', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull())
        .addColumn('period_start', 'integer', (c) => c.notNull())
        .addColumn('period_end', 'integer', (c) => c.notNull())
        .addColumn('source_document', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await withSerialId(db, db.schema.createTable('targets'))
        .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('retired', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('targets_plan_code', ['plan_id', 'code'])
        .execute();
    },
  },
};

migrations['0002_users_sessions_history'] = {
  async up(db: Kysely<any>) {
    await withSerialId(db, db.schema.createTable('users'))
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull().check(sql`role IN ('viewer', 'editor', 'admin')`))
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('sessions')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await withSerialId(db, db.schema.createTable('api_tokens'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text')
      .execute();
    await withSerialId(db, db.schema.createTable('changes'))
      .addColumn('collection', 'text', (c) => c.notNull())
      .addColumn('feature_id', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('user_id', 'integer')
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('before', 'text')
      .addColumn('after', 'text')
      .execute();
    await db.schema.createIndex('changes_feature').on('changes').columns(['collection', 'feature_id', 'id']).execute();
  },
};

migrations['0003_energy_demand_settings'] = {
  async up(db: Kysely<any>) {
    // A peak demand entered on a parcel wins over the intensity-table estimate (issue 5).
    await db.schema.alterTable('parcels').addColumn('heat_cooling_demand_kilowatts', FLOAT).execute();
    await db.schema.alterTable('parcels').addColumn('power_demand_kilowatts', FLOAT).execute();
    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
};

/** Plans and targets become editable: each carries a version for If-Match (issue 4). */
migrations['0004_plan_target_versions'] = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('plans').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    await db.schema.alterTable('targets').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  },
};

/** Import previews (issue 6): a parsed upload waits here, validated, until committed or a day old. */
migrations['0005_import_previews'] = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('imports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'integer')
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('crs', 'text', (c) => c.notNull())
      .addColumn('source_signature', 'text', (c) => c.notNull())
      .addColumn('features', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('preview', 'committed')`))
      .execute();
    await db.schema.createIndex('imports_expires_at').on('imports').column('expires_at').execute();
  },
};

/** API tokens may carry an expiry (null: until revoked). */
migrations['0007_token_expiry'] = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('api_tokens').addColumn('expires_at', 'text').execute();
  },
};

/**
 * Edits (issue 15): one row per planner action — a save, a merge, a split, an
 * import, an undo — that the change rows of its transaction point to, so an
 * action is listed and undone as one. Earlier changes each become an edit of
 * their own, with the same id.
 */
migrations['0008_edits'] = {
  async up(db: Kysely<any>) {
    await withSerialId(db, db.schema.createTable('edits'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('user_id', 'integer')
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('undoes', 'integer')
      .addColumn('undone_by', 'integer')
      .execute();
    await db.schema.alterTable('changes').addColumn('edit_id', 'integer').execute();
    await sql`INSERT INTO edits (id, kind, user_id, username, at) SELECT id, action, user_id, username, at FROM changes`.execute(db);
    await sql`UPDATE changes SET edit_id = id`.execute(db);
    await dialectOf(db).continueSerialAfterMax(db, 'edits');
    await db.schema.createIndex('changes_edit').on('changes').column('edit_id').execute();
  },
};

/** Stations get a thermal capacity (MWth) beside the electrical one, so loads compare like with like. */
migrations['0009_energy_capacities'] = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('energy_stations').addColumn('thermal_capacity_megawatts', FLOAT).execute();
  },
};

/**
 * The enterprise register and its annual statistics (issue 12). Parcels still
 * name their enterprise as text; the link is by exact name (domain/enterprise.ts).
 * A NULL credit code may repeat: both stores let UNIQUE hold several NULLs.
 */
migrations['0010_enterprises'] = {
  async up(db: Kysely<any>) {
    await withSerialId(db, db.schema.createTable('enterprises'))
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('credit_code', 'text', (c) => c.unique())
      .addColumn('industry_chain', 'text')
      .addColumn('scale', 'text', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('notes', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('enterprise_statistics')
      .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('output_yi', FLOAT)
      .addColumn('revenue_yi', FLOAT)
      .addColumn('tax_yi', FLOAT)
      .addColumn('value_added_yi', FLOAT)
      .addColumn('energy_tce', FLOAT)
      .addColumn('rd_yi', FLOAT)
      .addColumn('employees', 'integer')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('enterprise_statistics_year', ['enterprise_id', 'year'])
      .execute();
    // Parcels are matched to an enterprise by name: index the text they are looked up by.
    await db.schema.createIndex('parcels_enterprise').on('parcels').column('enterprise').execute();
  },
};

/**
 * Parcels link to the enterprise that occupies them by id (issue 12), one
 * row per parcel, so a renamed enterprise keeps its land and the 亩均 tally
 * no longer rests on matching free text. Filled once from the exact-name
 * matches the register used until now. No foreign key to parcels: a deleted
 * parcel comes back under its own id on undo (ids are never reused), and its
 * link with it; reads join to parcels, so a gone parcel counts for nothing.
 * Enterprises may also rent floor in standard factory buildings (m²).
 * Statistics uploads are kept for their preview like parcel imports.
 * Projects (项目库) carry milestones and parcels (same link rule: no foreign
 * key to parcels, for undo).
 */
migrations['0011_enterprise_statistics_more'] = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('enterprise_parcels')
      .addColumn('parcel_id', 'integer', (c) => c.primaryKey())
      .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
      .execute();
    await db.schema.createIndex('enterprise_parcels_enterprise').on('enterprise_parcels').column('enterprise_id').execute();
    await sql`INSERT INTO enterprise_parcels (parcel_id, enterprise_id)
      SELECT p.id, e.id FROM parcels p JOIN enterprises e ON e.name = p.enterprise`.execute(db);
    await db.schema.alterTable('enterprises').addColumn('rented_floor_square_meters', FLOAT).execute();
    // A statistics upload read and kept a day, so the planner can try mappings before the one commit.
    await db.schema
      .createTable('statistics_imports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'integer')
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('header', 'text', (c) => c.notNull())
      .addColumn('rows', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('preview', 'committed')`))
      .execute();
    // Projects (项目库) with their milestones (JSON, domain/project.ts) and their parcels, one project per parcel.
    await withSerialId(db, db.schema.createTable('projects'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('enterprise_id', 'integer', (c) => c.references('enterprises.id').onDelete('set null'))
      .addColumn('signed_investment_yi', FLOAT)
      .addColumn('planned_investment_yi', FLOAT)
      .addColumn('milestones', 'text', (c) => c.notNull())
      .addColumn('notes', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('project_parcels')
      .addColumn('parcel_id', 'integer', (c) => c.primaryKey())
      .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .execute();
    await db.schema.createIndex('project_parcels_project').on('project_parcels').column('project_id').execute();
  },
};

/**
 * A project's funds in place (资金到位) per year, 亿元, as JSON
 * { "2024": 12.5 } (domain/project.ts): the plan counts funds in place each
 * year (TARGETS.md D7), and the 项目库 form edits them. Existing projects
 * start with none recorded.
 */
migrations['0012_project_funds_in_place'] = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('projects').addColumn('funds_in_place_yi', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  },
};

/**
 * What the plan's D8 asks and the register could not count (issue 12): the
 * year an enterprise entered the above-scale statistics (纳入规上年份, for
 * "30 new above-scale firms"); D7's funds in place are 0012's.
 * Enterprises and projects the seed invents are marked illustrative, like
 * parcels.
 */
migrations['0013_enterprise_above_scale_since_illustrative'] = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('projects').addColumn('illustrative', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('enterprises').addColumn('above_scale_since_year', 'integer').execute();
    await db.schema.alterTable('enterprises').addColumn('illustrative', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  },
};

class InCodeMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/** Applies every pending migration; throws with the failing one's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: new InCodeMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}

/** Applies migrations up to and including `name` (tests of a later migration over older data). */
export async function migrateUpTo(db: Kysely<any>, name: string): Promise<void> {
  const migrator = new Migrator({ db, provider: new InCodeMigrationProvider() });
  const { error } = await migrator.migrateTo(name);
  if (error) throw new Error(`migration to ${name} failed: ${String(error)}`);
}
