/** Frozen hand-built fixtures for tally and zone-cell tests. */
import type { Polygon } from 'geojson';
import { targetDefinitionSchema, type TargetDefinition, type TargetDefinitionInput } from '../target.schema';

export function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

export function box(minLon: number, minLat: number, maxLon: number, maxLat: number): Polygon {
  return deepFreeze({
    type: 'Polygon',
    coordinates: [[[minLon, minLat], [maxLon, minLat], [maxLon, maxLat], [minLon, maxLat], [minLon, minLat]]],
  });
}

/**
 * BIG (like B3) contains SMALL (like A3); SIDE sits east of BIG, not touching.
 *   BIG   106.90–106.94 × 28.90–28.94
 *   SMALL 106.91–106.92 × 28.91–28.92
 *   SIDE  106.95–106.97 × 28.90–28.92
 */
export const ZONES = deepFreeze([
  { code: 'BIG', geometry: box(106.9, 28.9, 106.94, 28.94) },
  { code: 'SMALL', geometry: box(106.91, 28.91, 106.92, 28.92) },
  { code: 'SIDE', geometry: box(106.95, 28.9, 106.97, 28.92) },
]);

export function target(overrides: Partial<TargetDefinitionInput> & { code: string }): TargetDefinition {
  return deepFreeze(
    targetDefinitionSchema.parse({
      labelZh: overrides.code,
      labelEn: overrides.code,
      metric: 'land_mu',
      securedStatuses: ['supplied', 'under_construction', 'in_production'],
      pipelineStatuses: ['planned', 'reserved'],
      floor: 100,
      ...overrides,
    }),
  );
}
