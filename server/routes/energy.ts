/** /api/energy: demand per parcel, coverage of the current stations, optimal siting. */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { requireRole, type AuthVariables } from '../auth/middleware';
import type { Database } from '../db/schema';
import { readJson } from '../http/body';
import { problem } from '../http/problem';
import { coverageReport, demandReport, intensityTableSchema, loadIntensities, runSiting, saveIntensities, sitingRequestSchema } from '../store/energy.service';
import type { DemandIntensity } from '../../domain/siting/demandIntensities';
import { energyAssumptionsSchema, SIMULTANEITY_USUAL_RANGE } from '../../domain/siting/energyAssumptions';
import { MEASURED_BASIS } from '../../domain/siting/measuredDemand';
import { powerPlanningRange, rangeVerdict } from '../../domain/siting/planningNorms';
import { loadEnergyAssumptions, saveEnergyAssumptions } from '../store/energyAssumptions';
import type { coverageSchema, demandSchema } from '../../domain/api/energy.schema';
import type { assumptionsBodySchema, intensityTableBodySchema } from '../../domain/api/energySettings.schema';
import { settingsEtag, settingsVersionOf } from '../../domain/api/etags';

/** Each intensity row's published power range (GB/T 50293, kW/亩) and where its power figure sits; thermal rows have no published range. */
function intensityNorms(intensities: readonly DemandIntensity[]) {
  return intensities.map((r) => {
    const range = powerPlanningRange(r.landUseClass);
    return { power: { range, verdict: rangeVerdict(r.powerKilowattsPerMu, range) }, heatCooling: { range: null, verdict: 'no_range' as const } };
  });
}

const bool = (v: string | undefined, fallback: boolean) => (v === undefined ? fallback : v === 'true' || v === '1');

/** PUT bodies (If-Match "assumptions-v{n}" / "intensities-v{n}"); the OpenAPI document states the same schemas. */
export const assumptionsPutSchema = z.object({ assumptions: energyAssumptionsSchema });
export const intensitiesPutSchema = z.object({ intensities: intensityTableSchema });

export function energyRoutes(db: Kysely<Database>): Hono<{ Variables: AuthVariables }> {
  const app = new Hono<{ Variables: AuthVariables }>();

  app.get('/demand', async (c) => {
    const { stored: _s, demands: _d, ...report } = await demandReport(db, bool(c.req.query('includePipeline'), true), false);
    // Typed as the shared body (domain/api/energy.schema.ts): a field the client's schema lacks fails to compile here.
    const body: z.input<typeof demandSchema> = report;
    return c.json(body);
  });

  app.get('/coverage', async (c) => {
    const component = c.req.query('component') ?? 'total';
    if (component !== 'total' && component !== 'heatCooling' && component !== 'power') return problem(c, 400, 'INVALID_REQUEST', 'component must be total, heatCooling or power');
    const kinds = (c.req.query('kinds') ?? 'cchp').split(',').filter(Boolean);
    const body: z.input<typeof coverageSchema> = await coverageReport(db, { includePipeline: bool(c.req.query('includePipeline'), true), component, kinds });
    return c.json(body);
  });

  app.get('/intensities', async (c) => {
    const { intensities, version, custom } = await loadIntensities(db);
    return c.json({ intensities: [...intensities], version, custom, norms: intensityNorms(intensities) } satisfies z.input<typeof intensityTableBodySchema>, 200, { ETag: settingsEtag('intensities', version) });
  });

  // 负荷同时率 and intensity factors per scenario: read by anyone, replaced by an admin with If-Match.
  app.get('/assumptions', async (c) => {
    const { assumptions, version, custom } = await loadEnergyAssumptions(db);
    return c.json({ assumptions, version, custom, simultaneityUsualRange: SIMULTANEITY_USUAL_RANGE, measuredBasis: MEASURED_BASIS } satisfies z.input<typeof assumptionsBodySchema>, 200, { ETag: settingsEtag('assumptions', version) });
  });

  app.put('/assumptions', requireRole('admin'), async (c) => {
    const ifMatch = c.req.header('If-Match');
    if (!ifMatch) return problem(c, 428, 'PRECONDITION_REQUIRED');
    const expected = settingsVersionOf('assumptions', ifMatch);
    if (expected === null) return problem(c, 412, 'PRECONDITION_FAILED');
    const body = await readJson(c, assumptionsPutSchema);
    if (!body.ok) return body.response;
    const version = await saveEnergyAssumptions(db, body.data.assumptions, expected, c.get('user'));
    if (version === null) return problem(c, 412, 'PRECONDITION_FAILED');
    return c.json({ assumptions: body.data.assumptions, version, custom: true, simultaneityUsualRange: SIMULTANEITY_USUAL_RANGE, measuredBasis: MEASURED_BASIS } satisfies z.input<typeof assumptionsBodySchema>, 200, { ETag: settingsEtag('assumptions', version) });
  });

  app.put('/intensities', requireRole('admin'), async (c) => {
    const ifMatch = c.req.header('If-Match');
    if (!ifMatch) return problem(c, 428, 'PRECONDITION_REQUIRED');
    const expected = settingsVersionOf('intensities', ifMatch);
    if (expected === null) return problem(c, 412, 'PRECONDITION_FAILED');
    const body = await readJson(c, intensitiesPutSchema);
    if (!body.ok) return body.response;
    const version = await saveIntensities(db, body.data.intensities as DemandIntensity[], expected, c.get('user'));
    if (version === null) return problem(c, 412, 'PRECONDITION_FAILED');
    return c.json({ intensities: body.data.intensities, version, custom: true, norms: intensityNorms(body.data.intensities as DemandIntensity[]) } satisfies z.input<typeof intensityTableBodySchema>, 200, { ETag: settingsEtag('intensities', version) });
  });

  // A solve holds a pool worker for up to its time budget: editors only, like every other write-sized request.
  app.post('/siting', requireRole('editor'), async (c) => {
    const body = await readJson(c, sitingRequestSchema);
    if (!body.ok) return body.response;
    const result = await runSiting(db, body.data);
    if ('error' in result) {
      return problem(c, 422, 'INVALID_REQUEST', `${result.error}: ${result.candidateCount} candidates after constraints (need ${body.data.k}..2000)`);
    }
    return c.json(result);
  });

  return app;
}
