/**
 * The energy settings admins replace with If-Match (server/routes/energy.ts):
 * the demand intensity table with each row's published norm, and the
 * scenario assumptions. Read by client/api/intensities.ts and
 * client/api/energyAssumptions.ts.
 */
import { z } from 'zod';
import { INDUSTRY_CHAINS } from '../parcel.schema';

const bilingual = z.object({ zh: z.string(), en: z.string() });

/** A published range (domain/siting/planningNorms.ts PlanningRange). */
const planningRangeSchema = z.object({
  lowKilowattsPerHectare: z.number(),
  highKilowattsPerHectare: z.number(),
  lowKilowattsPerMu: z.number(),
  highKilowattsPerMu: z.number(),
  normClass: z.object({ code: z.string(), zh: z.string(), en: z.string() }),
  source: bilingual,
  /** How the range was checked (planningNorms.ts): the standard's table, a secondary source, or not at all. */
  verification: z.enum(['standard', 'secondary', 'unverified']),
  verificationNote: bilingual,
});
const normSchema = z.object({ range: planningRangeSchema.nullable(), verdict: z.enum(['within', 'below', 'above', 'no_range']) });

/** GET/PUT /api/energy/intensities. */
export const intensityTableBodySchema = z.object({
  intensities: z.array(
    z.object({
      industryChain: z.enum(INDUSTRY_CHAINS).nullable(),
      landUseClass: z.string().nullable(),
      heatCoolingKilowattsPerMu: z.number(),
      powerKilowattsPerMu: z.number(),
      source: z.string(),
      assumption: z.string(),
    }),
  ),
  version: z.number(),
  /** False while the shipped planning assumptions are in use. */
  custom: z.boolean(),
  /** Per row, in order: where its power figure sits against GB/T 50293 (thermal rows have no published range). */
  norms: z.array(z.object({ power: normSchema, heatCooling: normSchema })),
});

/** GET/PUT /api/energy/assumptions. */
export const assumptionsBodySchema = z.object({
  assumptions: z.object({
    simultaneityFactor: z.object({ low: z.number(), central: z.number(), high: z.number() }),
    intensityFactor: z.object({ low: z.number(), high: z.number() }),
    measuredLoadFactor: z.number(),
  }),
  version: z.number(),
  custom: z.boolean(),
  simultaneityUsualRange: z.object({ low: z.number(), high: z.number() }),
  /** The stated basis of demand derived from reported tce/a (GET/PUT answer both carry it). */
  measuredBasis: z
    .object({
      kilowattHoursPerTce: z.number(),
      conversionSource: bilingual,
      loadFactorSource: bilingual,
    })
    .optional(),
});
