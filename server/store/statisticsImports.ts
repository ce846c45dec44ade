/**
 * Statistics imports: an upload is read (in the pool), kept a day, shown
 * under a suggested or chosen column mapping with every row's verdict, and
 * committed once, whole or not at all: one transaction, one edit, one
 * change per enterprise-year (create, or update of the year's figures), so
 * the history reads like typed entries. Rows are resolved again inside the
 * commit's transaction, so a register changed since the preview is seen.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { statisticsYearSchema } from '../../domain/enterprise';
import type { ImportFailure } from '../../domain/io/importResult';
import {
  MONEY_UNITS,
  readStatisticsRows,
  statisticsMappingSchema,
  suggestMoneyUnit,
  suggestStatisticsMapping,
  type Cell,
  type MoneyUnit,
  type RowFinding,
  type StatisticsMapping,
  type StatisticsRow,
} from '../../domain/io/statisticsTable';
import { REASONS } from '../../domain/reasons';
import type { AuthUser } from '../auth/users.store';
import type { Database } from '../db/schema';
import { runJob } from '../pool/pool';
import { readStatisticsRow, storedStatistics } from './enterprises.store';
import { attributeFeature } from './enterprises.write';
import { openEdit, recordChange, type ChangeBus } from './history';
import { nowIso } from './spatial';

type Executor = Kysely<Database> | Transaction<Database>;

const TTL_MS = 24 * 3600 * 1000;

export const statisticsImportOptionsSchema = z.object({
  mapping: statisticsMappingSchema.optional(),
  moneyUnit: z.enum(MONEY_UNITS).optional(),
  /** The year of every row when the sheet has no year column. */
  defaultYear: statisticsYearSchema.nullable().optional(),
});
export type StatisticsImportOptions = z.output<typeof statisticsImportOptionsSchema>;

export interface ResolvedRow extends StatisticsRow {
  enterpriseId: number | null;
  enterpriseName: string | null;
  /** What a commit would do with the row; null while it has errors. */
  action: 'create' | 'update' | null;
  errors: (RowFinding & { messageZh: string; messageEn: string })[];
}

export interface StatisticsImportPreview {
  id: string;
  fileName: string;
  format: string;
  status: 'preview' | 'committed';
  header: string[];
  suggested: { mapping: StatisticsMapping; moneyUnit: MoneyUnit };
  mapping: StatisticsMapping;
  moneyUnit: MoneyUnit;
  defaultYear: number | null;
  counts: { rows: number; valid: number; invalid: number; create: number; update: number };
  rows: ResolvedRow[];
}

interface StoredTable {
  header: string[];
  rows: { line: number; cells: Cell[] }[];
}

/** Finds each row's enterprise (credit code first, else exact name) and whether its year exists. */
async function resolveRows(db: Executor, rows: StatisticsRow[]): Promise<ResolvedRow[]> {
  const enterprises = await db.selectFrom('enterprises').select(['id', 'name', 'creditCode']).execute();
  const byCode = new Map(enterprises.filter((e) => e.creditCode).map((e) => [e.creditCode!, e]));
  const byName = new Map(enterprises.map((e) => [e.name, e]));
  const years = [...new Set(rows.map((r) => r.year).filter((y): y is number => y !== null))];
  const existing = new Set<string>();
  if (years.length > 0) {
    const stats = await db.selectFrom('enterpriseStatistics').select(['enterpriseId', 'year']).where('year', 'in', years).execute();
    for (const s of stats) existing.add(`${s.enterpriseId}|${s.year}`);
  }
  const found = rows.map((row) => (row.creditCode ? byCode.get(row.creditCode) : row.name ? byName.get(row.name) : undefined));
  // One row by code and another by name may still name the same enterprise and year.
  const linesOf = new Map<string, number[]>();
  rows.forEach((row, i) => {
    if (!found[i] || row.year === null) return;
    const key = `${found[i]!.id}|${row.year}`;
    linesOf.set(key, [...(linesOf.get(key) ?? []), row.line]);
  });
  return rows.map((row, i) => {
    const errors: RowFinding[] = [...row.errors];
    const viaCode = row.creditCode ? byCode.get(row.creditCode) : undefined;
    const enterprise = found[i];
    const lines = enterprise && row.year !== null ? linesOf.get(`${enterprise.id}|${row.year}`)! : [];
    if (lines.length > 1 && !errors.some((e) => e.code === 'DUPLICATE_STATISTICS_ROW')) {
      errors.push({ field: null, code: 'DUPLICATE_STATISTICS_ROW', detail: `lines ${lines.join(', ')}` });
    }
    if (row.creditCode || row.name) {
      if (!enterprise) errors.push({ field: row.creditCode ? 'creditCode' : 'name', code: 'UNKNOWN_ENTERPRISE', detail: row.creditCode ?? row.name ?? '' });
      else if (viaCode && row.name && row.name !== viaCode.name) {
        errors.push({ field: 'name', code: 'ENTERPRISE_MISMATCH', detail: `${row.creditCode} is ${viaCode.name}, not ${row.name}` });
      }
    }
    const ok = errors.length === 0 && enterprise !== undefined && row.year !== null && row.figures !== null;
    return {
      ...row,
      enterpriseId: enterprise?.id ?? null,
      enterpriseName: enterprise?.name ?? null,
      action: ok ? (existing.has(`${enterprise!.id}|${row.year}`) ? 'update' : 'create') : null,
      errors: errors.map((e) => ({ ...e, messageZh: REASONS[e.code].zh, messageEn: REASONS[e.code].en })),
    };
  });
}

async function previewOf(
  db: Executor,
  row: { id: string; fileName: string; format: string; status: 'preview' | 'committed' },
  table: StoredTable,
  options: StatisticsImportOptions,
): Promise<StatisticsImportPreview> {
  const suggestedMapping = suggestStatisticsMapping(table.header);
  const suggested = { mapping: suggestedMapping, moneyUnit: suggestMoneyUnit(table.header, suggestedMapping) };
  const mapping = options.mapping ?? suggested.mapping;
  const moneyUnit = options.moneyUnit ?? (options.mapping ? suggestMoneyUnit(table.header, mapping) : suggested.moneyUnit);
  const defaultYear = options.defaultYear ?? null;
  const rows = await resolveRows(db, readStatisticsRows(table.rows, mapping, { moneyUnit, defaultYear }));
  const valid = rows.filter((r) => r.action !== null);
  return {
    ...row,
    header: table.header,
    suggested,
    mapping,
    moneyUnit,
    defaultYear,
    counts: {
      rows: rows.length,
      valid: valid.length,
      invalid: rows.length - valid.length,
      create: valid.filter((r) => r.action === 'create').length,
      update: valid.filter((r) => r.action === 'update').length,
    },
    rows,
  };
}

export type CreateOutcome = { ok: true; preview: StatisticsImportPreview } | { ok: false; failure: ImportFailure };

/** Reads an upload in the pool and keeps it; a file that cannot be read keeps nothing. */
export async function createStatisticsImport(
  db: Kysely<Database>,
  user: AuthUser,
  upload: { fileName: string; bytes: Uint8Array },
  options: StatisticsImportOptions,
): Promise<CreateOutcome> {
  const table = await runJob('readStatisticsTable', { bytes: upload.bytes });
  if (!table.ok) return { ok: false, failure: table };
  const now = new Date();
  const id = randomUUID();
  await db.deleteFrom('statisticsImports').where('expiresAt', '<', now.toISOString()).execute();
  const row = { id, fileName: upload.fileName, format: table.format, status: 'preview' as const };
  await db
    .insertInto('statisticsImports')
    .values({
      ...row,
      userId: user.id > 0 ? user.id : null,
      username: user.username,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + TTL_MS).toISOString(),
      header: JSON.stringify(table.header),
      rows: JSON.stringify(table.rows),
    })
    .execute();
  return { ok: true, preview: await previewOf(db, row, table, options) };
}

async function readStored(db: Executor, id: string) {
  const row = await db.selectFrom('statisticsImports').selectAll().where('id', '=', id).where('expiresAt', '>=', new Date().toISOString()).executeTakeFirst();
  if (!row) return null;
  return { row, table: { header: JSON.parse(row.header) as string[], rows: JSON.parse(row.rows) as StoredTable['rows'] } };
}

/** The stored upload under other options (a different mapping, unit or year), or null when gone. */
export async function previewStatisticsImport(db: Kysely<Database>, id: string, options: StatisticsImportOptions): Promise<StatisticsImportPreview | null> {
  const stored = await readStored(db, id);
  return stored ? previewOf(db, stored.row, stored.table, options) : null;
}

export type CommitOutcome =
  | { ok: true; editId: number; created: number; updated: number }
  | { ok: false; status: 404 | 409; code: 'NOT_FOUND' | 'INVALID_REQUEST'; detail: string }
  | { ok: false; status: 422; code: 'ROWS_INVALID'; preview: StatisticsImportPreview };

class Refused extends Error {
  constructor(readonly outcome: Exclude<CommitOutcome, { ok: true }>) {
    super('refused');
  }
}

/** Writes every row or none (422 ROWS_INVALID with the preview naming each bad row). */
export async function commitStatisticsImport(
  db: Kysely<Database>,
  user: AuthUser,
  bus: ChangeBus,
  id: string,
  options: StatisticsImportOptions,
): Promise<CommitOutcome> {
  const announced: Parameters<ChangeBus['publish']>[0][] = [];
  try {
    const result = await db.transaction().execute(async (trx) => {
      const stored = await readStored(trx, id);
      if (!stored) throw new Refused({ ok: false, status: 404, code: 'NOT_FOUND', detail: `statistics import ${id}` });
      // Claimed first: a second commit racing this one waits on the row, then finds it committed.
      const claimed = await trx.updateTable('statisticsImports').set({ status: 'committed' }).where('id', '=', id).where('status', '=', 'preview').executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw new Refused({ ok: false, status: 409, code: 'INVALID_REQUEST', detail: 'this import was already committed' });
      const preview = await previewOf(trx, stored.row, stored.table, options);
      if (preview.counts.invalid > 0) throw new Refused({ ok: false, status: 422, code: 'ROWS_INVALID', preview });
      const editId = await openEdit(trx, user, 'statistics-import');
      const now = nowIso();
      for (const r of preview.rows) {
        const enterpriseId = r.enterpriseId!;
        const year = r.year!;
        const featureId = `${enterpriseId}/${year}`;
        const existing = await readStatisticsRow(trx, enterpriseId, year);
        const version = existing ? existing.version + 1 : 1;
        if (existing) {
          await trx.updateTable('enterpriseStatistics').set({ ...r.figures!, version, updatedAt: now }).where('enterpriseId', '=', enterpriseId).where('year', '=', year).execute();
        } else {
          await trx.insertInto('enterpriseStatistics').values({ enterpriseId, year, ...r.figures!, version, updatedAt: now }).execute();
        }
        const after = storedStatistics((await readStatisticsRow(trx, enterpriseId, year))!);
        const action = existing ? 'update' : 'create';
        const before = existing ? attributeFeature(featureId, storedStatistics(existing)) : null;
        const changeId = await recordChange(trx, { collection: 'enterprise_statistics', featureId, action, version, before, after: attributeFeature(featureId, after) }, user);
        announced.push({ id: changeId, collection: 'enterprise_statistics', featureId, action, version });
      }
      return { ok: true as const, editId, created: preview.counts.create, updated: preview.counts.update };
    });
    for (const a of announced) bus.publish(a);
    return result;
  } catch (err) {
    if (err instanceof Refused) return err.outcome;
    throw err;
  }
}
