/**
 * Everything the completion report shows, read once: the tally (the same
 * figures GET /api/plans/{id}/tally serves), each target's parcel list, the
 * expansion areas and featured parks with their parcels' outlines, and the provenance note from
 * /api/meta. The HTML, XLSX and CSV renderers only format this model, so the
 * three outputs agree with each other and with the API. The routes read its
 * inputs (readReportInputs) and the report job assembles and renders it in
 * the worker pool (server/pool/report.job.ts).
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { Kysely } from 'kysely';
import { formatFigure, formatPercent, shareOfFloor, UNIT_SHORT_ZH, VERDICT_TEXT } from '../../domain/figureFormat';
import { METRIC_LABELS, type Metric } from '../../domain/target.schema';
import { bothLanguages, levelWording, TALLY_ROLE_LABELS, type FigureLevels } from '../../domain/targetWords';
import type { MetricUnit } from '../../domain/units';
import type { ZoneCell } from '../../domain/zoneCells';
import type { Database } from '../db/schema';
import { metaRoutes } from '../routes/meta';
import { drillDown, loadPlanFiguresText, parsedFigures, tallyBody, type DrillParcel, type DrillStation, type PlanFiguresText, type TallyBody } from '../store/planFigures';
import { parcelsAsOf, type AsOf } from '../store/snapshot';

type Poly = Polygon | MultiPolygon;

export interface Provenance {
  illustrative: boolean;
  provenanceZh: string;
  provenanceEn: string;
}

/**
 * The target table's columns in the XLSX and CSV. The wording columns hold
 * the plan's word for the figure beside them; the group names are the
 * dashboard's (domain/targetWords.ts).
 */
export const TARGET_TABLE_HEADER = [
  '编号 Code',
  '指标 Target',
  'Target (English)',
  '单位 Unit',
  '用语 Wording',
  '目标值 Target figure',
  '更高目标用语 Higher wording',
  '更高目标值 Higher figure',
  bothLanguages(TALLY_ROLE_LABELS.secured),
  bothLanguages(TALLY_ROLE_LABELS.pipeline),
  '完成率 % of target figure',
  '差额 Gap',
  '结论 Verdict',
];

/** One row of the target table: raw numbers (XLSX) and the dashboard's text for them (HTML, CSV checks). */
export interface TargetTableRow extends FigureLevels {
  code: string;
  labelZh: string;
  labelEn: string;
  metric: Metric;
  metricZh: string;
  unit: MetricUnit;
  unitZh: string;
  comparator: 'gte' | 'lte';
  floor: number;
  stretch: number | null;
  secured: number;
  pipeline: number;
  /** secured / floor; null when the floor is 0. */
  share: number | null;
  /** The tally's `remaining`: gte = still missing to the floor; lte = headroom below the cap. */
  gap: number;
  met: boolean;
  verdictZh: string;
  text: { floor: string; stretch: string; secured: string; pipeline: string; share: string; gap: string };
  /** The plan's words for the figures (stretch: null without a stretch figure). */
  wording: { floor: { zh: string; en: string }; stretch: { zh: string; en: string } | null };
}

export interface TargetSection {
  row: TargetTableRow;
  parcels: DrillParcel[];
  stations: DrillStation[];
}

export interface ParkMap {
  code: string;
  nameZh: string;
  nameEn: string;
  geometry: Poly;
  parcels: { id: number; name: string; status: string; geometry: Poly }[];
}

export interface ReportModel {
  plan: TallyBody['plan'];
  generatedAt: string;
  /** The day the ledger is shown as it stood at the end of (YYYY-MM-DD, UTC+8); null: as it is now. */
  asOf: string | null;
  provenance: Provenance;
  tally: TallyBody;
  sections: TargetSection[];
  parks: ParkMap[];
}

export function tableRow(t: TallyBody['targets'][number]): TargetTableRow {
  const share = shareOfFloor(t.secured, t.floor);
  return {
    code: t.code,
    labelZh: t.labelZh,
    labelEn: t.labelEn,
    metric: t.metric,
    metricZh: METRIC_LABELS[t.metric].zh,
    unit: t.unit,
    unitZh: UNIT_SHORT_ZH[t.unit],
    comparator: t.comparator,
    floor: t.floor,
    stretch: t.stretch,
    floorLevel: t.floorLevel,
    floorWordZh: t.floorWordZh,
    stretchLevel: t.stretchLevel,
    stretchWordZh: t.stretchWordZh,
    secured: t.secured,
    pipeline: t.pipeline,
    share,
    gap: t.remaining,
    met: t.met,
    verdictZh: t.met ? VERDICT_TEXT.met.zh : VERDICT_TEXT.notMet.zh,
    text: {
      floor: formatFigure(t.floor, t.unit),
      stretch: t.stretch === null ? '—' : formatFigure(t.stretch, t.unit),
      secured: formatFigure(t.secured, t.unit),
      pipeline: formatFigure(t.pipeline, t.unit),
      share: share === null ? '—' : formatPercent(share),
      gap: formatFigure(t.remaining, t.unit),
    },
    wording: {
      floor: levelWording(t.floorLevel, t.floorWordZh),
      stretch: t.stretch === null ? null : levelWording(t.stretchLevel, t.stretchWordZh),
    },
  };
}

/** The data-provenance note exactly as /api/meta states it (one source for both). */
export async function loadProvenance(db: Kysely<Database>): Promise<Provenance> {
  const res = await metaRoutes(db).request('http://ledger.internal/');
  const meta = (await res.json()) as Provenance;
  return { illustrative: meta.illustrative, provenanceZh: meta.provenanceZh, provenanceEn: meta.provenanceEn };
}

/**
 * The zones the plan's targets are scoped to — expansion areas (A1–A4) and
 * featured parks (B1–B3), ordered by code — and the parcels' rows they draw, as read: geometry and
 * cells still JSON text where the database holds them, so the read stays
 * short and the copy to the worker is of strings, not of object trees.
 */
export interface ParkRows {
  zones: { code: string; nameZh: string; nameEn: string; geometry: string }[];
  parcels: { id: number; name: string; status: string; geometry: string; zoneCells: string | ZoneCell[] }[];
}

/** Everything the report is made from, read on the request thread; the model is assembled from it in the worker pool. */
export interface ReportInputs {
  /** The parcels' zone cells as stored text: parsed in the report job, off the request thread (planFigures.ts parsedFigures). */
  figures: PlanFiguresText;
  provenance: Provenance;
  /** Null when the output draws no park maps (XLSX, CSV). */
  parks: ParkRows | null;
}

/** The expansion areas and featured parks with their parcels: as stored now, or as the history had them at `asOf`. */
async function readParkRows(db: Kysely<Database>, asOf: AsOf | null): Promise<ParkRows> {
  const zones = await db.selectFrom('zones').select(['code', 'nameZh', 'nameEn', 'geometry']).where('kind', 'in', ['expansion_area', 'featured_park']).orderBy('code').execute();
  const parcels = asOf
    ? (await parcelsAsOf(db, asOf.cutoff)).map((f) => ({
        id: Number(f.id),
        name: String(f.properties?.name ?? ''),
        status: String(f.properties?.status ?? ''),
        geometry: JSON.stringify(f.geometry),
        zoneCells: (f.properties?.zoneCells ?? []) as ZoneCell[],
      }))
    : await db.selectFrom('parcels').select(['id', 'name', 'status', 'geometry', 'zoneCells']).orderBy('id').execute();
  return { zones, parcels };
}

function parkMaps(rows: ParkRows): ParkMap[] {
  const cells = rows.parcels.map((p) => ({ ...p, cells: typeof p.zoneCells === 'string' ? (JSON.parse(p.zoneCells) as ZoneCell[]) : p.zoneCells }));
  return rows.zones.map((z) => ({
    code: z.code,
    nameZh: z.nameZh,
    nameEn: z.nameEn,
    geometry: JSON.parse(z.geometry) as Poly,
    parcels: cells
      .filter((p) => p.cells.some((c) => c.zones.includes(z.code)))
      .map((p) => ({ id: p.id, name: p.name, status: p.status, geometry: JSON.parse(p.geometry) as Poly })),
  }));
}

/**
 * The database reads a report needs, and nothing more: on a ledger of
 * thousands of parcels the tally, each target's drill-down and the park
 * outlines take hundreds of ms, so they are left to assembleReportModel,
 * which the report job runs in the pool. Null: no such plan.
 */
export async function readReportInputs(db: Kysely<Database>, planId: string, options: { asOf?: AsOf | null; withParks: boolean }): Promise<ReportInputs | null> {
  const asOf = options.asOf ?? null;
  const figures = await loadPlanFiguresText(db, planId, asOf);
  if (!figures) return null;
  return { figures, provenance: await loadProvenance(db), parks: options.withParks ? await readParkRows(db, asOf) : null };
}

/** The report model from its inputs: pure computation (the report job's first step). */
export function assembleReportModel(inputs: ReportInputs, now: Date): ReportModel {
  const figures = parsedFigures(inputs.figures);
  const tally = tallyBody(figures);
  const sections = figures.plan.targets.map((target, i) => {
    const drill = drillDown(target, figures);
    return { row: tableRow(tally.targets[i]!), parcels: drill.parcels, stations: drill.stations };
  });
  return {
    plan: tally.plan,
    generatedAt: now.toISOString(),
    asOf: figures.asOf?.date ?? null,
    provenance: inputs.provenance,
    tally,
    sections,
    parks: inputs.parks ? parkMaps(inputs.parks) : [],
  };
}

/** The whole model in one call, on the calling thread (scripts and tests; the routes go through the pool). */
export async function buildReportModel(
  db: Kysely<Database>,
  planId: string,
  options: { now?: Date; asOf?: AsOf | null } = {},
): Promise<ReportModel | null> {
  const inputs = await readReportInputs(db, planId, { asOf: options.asOf ?? null, withParks: true });
  return inputs ? assembleReportModel(inputs, options.now ?? new Date()) : null;
}

/** "2026-11-27 05:33" on the zone's clock (UTC+8). */
export function formatCstDateTime(iso: string): string {
  const cst = new Date(new Date(iso).getTime() + 8 * 3600 * 1000).toISOString();
  return `${cst.slice(0, 10)} ${cst.slice(11, 16)}`;
}
