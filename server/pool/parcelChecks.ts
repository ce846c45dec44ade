/**
 * A large parcel's save checks, worked out in the pool before the save's
 * transaction opens: its validation, its zone cells (~0.8–1.8 s for 20,000
 * vertices) and the parcel rules against its neighbours (~3 s for 20,000
 * vertices against two neighbours and the urban development boundary).
 * On SQLite a transaction holds the one connection, so nothing may await a
 * worker inside it; the store instead receives the results (a
 * PrecomputedChecks) and uses each only when the inputs it reads inside the
 * transaction are the very ones the pool was given, compared by content
 * (a hash of their JSON). Anything that moved in between — another save, a
 * zone edit — is a miss, and the store computes as before: a late answer,
 * never a wrong one.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { MAX_PARCEL_VERTICES, markValidated, validatePolygonGeometry, vertexCount, type GeometryValidation } from '../../domain/geometry.validation';
import type { ConstraintShape, Neighbour, RuleFinding, RuleResult } from '../../domain/parcel.rules';
import { parcelPropertiesSchema } from '../../domain/parcel.schema';
import type { ZoneCell, ZoneShape } from '../../domain/zoneCells';
import type { Database } from '../db/schema';
import { problemBody, type ProblemBody } from '../http/problem';
import { jsonOf } from '../store/batchWrite';
import { loadRuleContext } from '../store/parcels.write';
import { bboxColumns, loadZoneShapes } from '../store/spatial';
import { jobEvents, runJob } from './pool';

type Poly = Polygon | MultiPolygon;

/**
 * Above this many positions a parcel's checks go to the pool: below it,
 * validation, cells and rules together take a few ms on the request thread,
 * less than the worker round trip.
 */
export const POOLED_CHECK_VERTICES = 2_000;

/** The rules' inputs other than the parcel itself, as the store reads them. */
export interface RuleInputs {
  neighbours: Neighbour[];
  constraints: ConstraintShape[];
  previousGeometry: Poly | null;
}

export interface ParcelChecksInput {
  geometry: unknown;
  zones: ZoneShape[];
  /** Absent when the rules' inputs cannot be known before the transaction (an edit whose parcel is gone or moved on, which the store refuses). */
  rules?: RuleInputs;
}

export interface ParcelChecksOutput {
  validation: GeometryValidation;
  zoneCells?: ZoneCell[];
  rules?: RuleResult;
}

/** Tells tests and benches (jobEvents 'reuse') which pooled result a save used instead of computing it. */
function reused<T>(what: 'validation' | 'zoneCells' | 'rules', found: T | undefined): T | undefined {
  if (found !== undefined) jobEvents.emit('reuse', what);
  return found;
}

/** Neighbours and constraints in id order for the key: the two reads need not list them alike (PostgreSQL gives no order unasked). */
const byId = <T extends { id: number | string }>(xs: readonly T[]): T[] => [...xs].sort((a, b) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0));

const keyOf = (...parts: unknown[]): string => {
  const hash = createHash('sha256');
  // jsonOf is JSON.stringify, reusing a batch's text of its zones and constraints (store/batchWrite.ts).
  for (const part of parts) hash.update(part === undefined ? 'undefined' : jsonOf(part)).update('\u0000');
  return hash.digest('base64');
};

/** Results the pool computed, looked up by the content of their inputs. */
export class PrecomputedChecks {
  private readonly validations = new Map<string, GeometryValidation>();
  private readonly cells = new Map<string, ZoneCell[]>();
  private readonly rules = new Map<string, RuleResult>();
  /**
   * Shapes of at most this many positions are never looked up: unless the
   * caller pooled every shape (an import commit), the pool did not see them.
   */
  constructor(private readonly minVertices: number = POOLED_CHECK_VERTICES) {}

  /** Ids the edit's new rows got, by the alias the pool knew them under (`feature`, `pieces[0]`). */
  private readonly aliases = new Map<string, string>();

  add(input: ParcelChecksInput, output: ParcelChecksOutput): void {
    this.validations.set(keyOf(input.geometry), output.validation);
    if (!output.validation.valid || !output.zoneCells) return;
    const geometry = output.validation.geometry;
    this.cells.set(keyOf(geometry, input.zones), output.zoneCells);
    if (input.rules && output.rules) this.rules.set(keyOf(geometry, input.zones, byId(input.rules.neighbours), byId(input.rules.constraints), input.rules.previousGeometry), output.rules);
  }

  get size(): number {
    return this.validations.size;
  }

  /** The pool's validation of a geometry with this content, if it made one. */
  validation(geometry: unknown): GeometryValidation | undefined {
    if (this.validations.size === 0 || vertexCount(geometry) <= this.minVertices) return undefined;
    const found = this.validations.get(keyOf(geometry));
    if (found?.valid) markValidated(found.geometry);
    return reused('validation', found);
  }

  zoneCells(geometry: Poly, zones: readonly ZoneShape[]): ZoneCell[] | undefined {
    if (this.cells.size === 0 || vertexCount(geometry) <= this.minVertices) return undefined;
    return reused('zoneCells', this.cells.get(keyOf(geometry, zones)));
  }

  /**
   * Names a row the edit has just inserted (id `id`) by the alias the pool
   * checked later pieces against, so their neighbours, read inside the
   * transaction with that id, match the pool's key.
   */
  alias(id: number, as: string): void {
    this.aliases.set(String(id), as);
  }

  ruleResult(geometry: Poly, zones: readonly ZoneShape[], inputs: { neighbours: readonly Neighbour[]; constraints: readonly ConstraintShape[]; previousGeometry: Poly | null }): RuleResult | undefined {
    if (this.rules.size === 0 || vertexCount(geometry) <= this.minVertices) return undefined;
    const neighbours = this.aliases.size === 0 ? inputs.neighbours : inputs.neighbours.map((n) => ({ ...n, id: this.aliases.get(String(n.id)) ?? n.id }));
    const found = reused('rules', this.rules.get(keyOf(geometry, zones, byId(neighbours), byId(inputs.constraints), inputs.previousGeometry)));
    if (!found || this.aliases.size === 0) return found;
    // A finding about an aliased row names the id it was given.
    const idOf = new Map([...this.aliases].map(([id, as]) => [as, Number(id)]));
    const named = (f: RuleFinding): RuleFinding => (typeof f.otherId === 'string' && idOf.has(f.otherId) ? { ...f, otherId: idOf.get(f.otherId)! } : f);
    return { errors: found.errors.map(named), warnings: found.warnings.map(named) };
  }
}

export type ChecksFailure = { ok: false; status: 422; code: ProblemBody['code']; detail?: string; errors: ProblemBody[]; featureIndex?: number };

/**
 * One parcel shape to check: with `ruleContext`, its rules too, against the
 * neighbours the store will read (without the parcel itself, `excludeId`,
 * and without the parcels a merge deletes first, `absorbedIds`).
 */
export interface ShapeToCheck {
  geometry: unknown;
  /** Names the shape in a refusal, as the store does (`pieces[1]`, `feature 3`). */
  part?: string;
  /** An import feature's index, reported with its refusal. */
  featureIndex?: number;
  ruleContext?: { excludeId: number | null; previousGeometry: Poly | null; absorbedIds?: readonly number[]; writtenBefore?: readonly WrittenBefore[] };
}

/**
 * A parcel the same edit writes before this shape is checked (a split's
 * edited parcel and earlier pieces): the store reads it as a neighbour inside
 * the transaction, so the pool checks against it as it will be stored — a
 * replaced parcel under its id, a new one under an alias the store maps to
 * the id it gets (PrecomputedChecks.alias). `geometry` is the very object of
 * the earlier shape in the same list, whose pooled validation gives the
 * stored form.
 */
export interface WrittenBefore {
  id: number | string;
  properties: unknown;
  geometry: unknown;
}

const boxesTouch = (a: ReturnType<typeof bboxColumns>, b: ReturnType<typeof bboxColumns>) => a.maxX >= b.minX && a.minX <= b.maxX && a.maxY >= b.minY && a.minY <= b.maxY;

/**
 * The neighbours the store will read for `g` inside the transaction: the
 * ledger's now, without the absorbed parcels and the ones the edit rewrites,
 * plus the edit's earlier rows whose box meets g's (the store's query is a
 * box test too; an R-tree's rounded box that disagrees at the edge only
 * costs a miss). Null when an earlier row would be refused anyway.
 */
function neighboursAfterEarlierWrites(
  g: Poly,
  current: readonly Neighbour[],
  absorbedIds: readonly number[],
  writtenBefore: readonly WrittenBefore[],
  storedForm: ReadonlyMap<unknown, Poly>,
): Neighbour[] | null {
  const rewritten = new Set(writtenBefore.map((w) => String(w.id)));
  const neighbours = current.filter((n) => !absorbedIds.includes(Number(n.id)) && !rewritten.has(String(n.id)));
  const box = bboxColumns(g);
  for (const w of writtenBefore) {
    const props = parcelPropertiesSchema.safeParse(w.properties ?? {});
    let geometry = storedForm.get(w.geometry) ?? null;
    if (!geometry && vertexCount(w.geometry) <= POOLED_CHECK_VERTICES) {
      // A small shape the pool was not given: validated here in a few ms.
      const v = validatePolygonGeometry(w.geometry);
      geometry = v.valid ? v.geometry : null;
    }
    if (!props.success || !geometry) return null;
    // Stored as JSON text and read back: the same content, as the store's read gives it.
    if (boxesTouch(bboxColumns(geometry), box)) neighbours.push({ id: w.id, name: props.data.name, geometry: JSON.parse(JSON.stringify(geometry)) as Poly });
  }
  return neighbours;
}

/**
 * Runs the checks of every large shape in the pool (one job each, in turn,
 * so one save takes one worker, and the request thread is free between
 * shapes) and collects them for the store. A large shape the pool finds
 * invalid is the save's 422 outcome, as the store would give it.
 * `pooledAbove: 0` pools every shape, for a write of many small ones (an
 * import commit: a few ms each, seconds for thousands); a small invalid one
 * is then left to the store, which refuses it in its own words.
 */
export async function precomputeParcelChecks(
  db: Kysely<Database>,
  shapes: readonly ShapeToCheck[],
  options: { pooledAbove?: number } = {},
): Promise<{ precomputed: PrecomputedChecks } | { failure: ChecksFailure }> {
  const threshold = options.pooledAbove ?? POOLED_CHECK_VERTICES;
  const precomputed = new PrecomputedChecks(threshold);
  // Over the limit is refused by the store's own counting-first validation.
  const large = shapes.filter((s) => {
    const n = vertexCount(s.geometry);
    return n > threshold && n <= MAX_PARCEL_VERTICES;
  });
  if (large.length === 0) return { precomputed };
  const zones = await loadZoneShapes(db);
  /** Each pooled shape's stored form (its validated geometry), by the shape object, for the shapes written after it. */
  const storedForm = new Map<unknown, Poly>();
  for (const shape of large) {
    const small = vertexCount(shape.geometry) <= POOLED_CHECK_VERTICES;
    // A small shape that is no valid polygon has no box to read neighbours by: the store refuses it (microseconds to find out).
    if (small && !validatePolygonGeometry(shape.geometry).valid) continue;
    const input: ParcelChecksInput = { geometry: shape.geometry, zones };
    if (shape.ruleContext) {
      const g = shape.geometry as Poly;
      const { excludeId, previousGeometry, absorbedIds = [], writtenBefore = [] } = shape.ruleContext;
      const context = await loadRuleContext(db, g, excludeId);
      const neighbours = neighboursAfterEarlierWrites(g, context.neighbours, absorbedIds, writtenBefore, storedForm);
      if (neighbours) input.rules = { neighbours, constraints: context.constraints, previousGeometry };
    }
    const output = await runJob('parcelChecks', input);
    if (!output.validation.valid) {
      const { reason } = output.validation;
      const detail = [shape.part, output.validation.detail].filter(Boolean).join(': ');
      const { code, messageZh, messageEn } = problemBody(reason);
      const failure: ChecksFailure = { ok: false, status: 422, code: reason, errors: [{ code, messageZh, messageEn }] };
      if (detail) failure.detail = detail;
      if (shape.featureIndex !== undefined) failure.featureIndex = shape.featureIndex;
      return { failure };
    }
    storedForm.set(shape.geometry, output.validation.geometry);
    precomputed.add(input, output);
  }
  return { precomputed };
}
