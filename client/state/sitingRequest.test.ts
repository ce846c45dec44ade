import { describe, expect, it } from 'vitest';
import { sitingRequestSchema } from '../../domain/api/energy.schema';
import { sitingRequestOf, type SitingFormValues } from './sitingRequest';

const FORM: Readonly<SitingFormValues> = Object.freeze({
  k: 3,
  radiusMeters: 2500,
  objective: 'max_covering',
  candidateSource: 'grid',
  gridSpacingMeters: 400,
  avoidRedLine: true,
  avoidFarmland: true,
  avoidParcels: false,
  maxDistanceToGasMeters: null,
  placedCandidates: Object.freeze([[106.9, 28.97]]),
});

describe('sitingRequestOf', () => {
  it('asks for a grid with its spacing, and no gas requirement when the field is blank', () => {
    expect(sitingRequestOf(FORM, true)).toEqual({
      k: 3,
      radiusMeters: 2500,
      objective: 'max_covering',
      includePipeline: true,
      gridSpacingMeters: 400,
      constraints: { avoidRedLine: true, avoidFarmland: true, avoidParcels: false },
    });
  });

  it('sends the placed candidates (and no grid) and the gas distance when set', () => {
    const request = sitingRequestOf({ ...FORM, candidateSource: 'placed', objective: 'p_median', maxDistanceToGasMeters: 500 }, false);
    expect(request.candidates).toEqual([[106.9, 28.97]]);
    expect(request.gridSpacingMeters).toBeUndefined();
    expect(request.constraints?.maxDistanceToGasMeters).toBe(500);
    expect(request).toMatchObject({ objective: 'p_median', includePipeline: false });
  });

  it('makes bodies the server accepts with the same schema, keeping every field the form set', () => {
    for (const request of [sitingRequestOf(FORM, true), sitingRequestOf({ ...FORM, candidateSource: 'placed', maxDistanceToGasMeters: 500 }, false)]) {
      const parsed = sitingRequestSchema.safeParse(request);
      expect(parsed.success, parsed.success ? '' : parsed.error.message).toBe(true);
      expect(parsed.data).toMatchObject(request);
    }
  });
});
