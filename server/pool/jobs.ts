/**
 * The jobs the worker pool runs (loaded in each worker by worker.mjs). Every
 * job is pure computation over its input: no database, no files, no writes.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { validatePolygonGeometry, type GeometryValidation } from '../../domain/geometry.validation';
import { checkParcelRules } from '../../domain/parcel.rules';
import { demandPosition } from '../../domain/siting/coverage';
import { computeZoneCells } from '../../domain/zoneCells';
import type { ParcelChecksInput, ParcelChecksOutput } from './parcelChecks';
import { readImportJob, type ReadImportInput, type ReadImportOutput } from './importRead.job';
import { uniteShapes } from './unite.job';
import { exportJob, type ExportJobInput } from './export.job';
import { ledgerHealthJob, type LedgerHealthJobInput } from './ledgerHealth.job';
import { renderReportJob, type ReportJobInput } from './report.job';
import { sitingJob, type SitingJobInput, type SitingJobOutput } from './siting.job';
import { readStatisticsTableJob } from './statisticsRead.job';
import { tileJob, type TileJobInput } from './tile.job';
import { searchEntriesJob, type ParcelRow } from './searchEntries.job';
import { tallyParts, type TallyRow } from './tallyParts.job';
import type { TargetDefinition } from '../../domain/target.schema';

const jobs = {
  ping: (_: null): 'pong' => 'pong',
  /** A parcel or zone geometry too large to validate on the request thread. */
  validateGeometry: (input: { geometry: unknown }): GeometryValidation => validatePolygonGeometry(input.geometry),
  /** The union of parcels a zone is drawn from (POST /api/zones/from-parcels: up to 5,000 parcels). */
  uniteShapes: (input: { geometries: string[] }) => uniteShapes(input.geometries),
  /** Zone cells of the parcels a zone edit recomputes (zoneCells.ts), from their stored geometry text. */
  zoneCellsOfParcels: (input: { geometries: string[]; zones: Parameters<typeof computeZoneCells>[1] }) =>
    input.geometries.map((g) => computeZoneCells(JSON.parse(g) as Polygon | MultiPolygon, input.zones)),
  /** Where each parcel's energy demand sits (its centroid), from the stored geometry text: coverage and siting over a large ledger (energy.service.ts). */
  demandPositions: (input: { geometries: string[] }) => input.geometries.map((g) => demandPosition(JSON.parse(g) as Polygon | MultiPolygon)),
  /** A large parcel's save checks, before its transaction (parcelChecks.ts): validation, zone cells, and the rules when their inputs are known. */
  parcelChecks: (input: ParcelChecksInput): ParcelChecksOutput => {
    const validation = validatePolygonGeometry(input.geometry);
    if (!validation.valid) return { validation };
    const zoneCells = computeZoneCells(validation.geometry, input.zones);
    if (!input.rules) return { validation, zoneCells };
    return { validation, zoneCells, rules: checkParcelRules(validation.geometry, { ...input.rules, zoneCells }) };
  },
  readImport: (input: ReadImportInput): ReadImportOutput => readImportJob(input),
  /** An export file's bytes (GET /api/exports), moved back as an ArrayBuffer. */
  exportFile: (input: ExportJobInput): ArrayBuffer => exportJob(input),
  /** The ledger-health checks of every parcel (GET /api/health/ledger). */
  ledgerHealth: (input: LedgerHealthJobInput) => ledgerHealthJob(input),
  /** An enterprise statistics table (CSV or XLSX) as header and rows. */
  readStatisticsTable: (input: { bytes: Uint8Array }) => readStatisticsTableJob(input),
  siting: (input: SitingJobInput): SitingJobOutput => sitingJob(input),
  /** A completion report's bytes (HTML, XLSX or CSV), moved back as an ArrayBuffer. */
  report: (input: ReportJobInput): Promise<ArrayBuffer> => renderReportJob(input),
  /** Search entries (pinyin initials) of many parcels: the first search's build (search.index.ts). */
  searchEntries: (input: { rows: ParcelRow[] }) => searchEntriesJob(input),
  /** What each parcel adds to each target: a kept tally's full build over many parcels (tallyCache.ts). */
  tallyParts: (input: { targets: TargetDefinition[]; rows: TallyRow[] }) => tallyParts(input),
  /** A vector tile over many features (low zoom on a large ledger), moved back as an ArrayBuffer. */
  tile: (input: TileJobInput): ArrayBuffer => tileJob(input),
};

export type JobKind = keyof typeof jobs;
export type JobInput<K extends JobKind> = Parameters<(typeof jobs)[K]>[0];
export type JobOutput<K extends JobKind> = Awaited<ReturnType<(typeof jobs)[K]>>;

export function runJob(task: { kind: JobKind; input: unknown }): unknown {
  const job = jobs[task.kind] as (input: unknown) => unknown;
  if (!job) throw new Error(`unknown job ${String(task.kind)}`);
  return job(task.input);
}
