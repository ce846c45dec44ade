import { describe, expect, it } from 'vitest';
import { maxDisplacementMeters, PARCEL_WITH_HOLE, PARCELS } from './fixtures/parcels';
import { readGeoJson, writeGeoJson } from './geojson';
import type { ImportFailure, ImportResult, ImportSuccess } from './importResult';

function ok(result: ImportResult): ImportSuccess {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return result;
}
function failed(result: ImportResult): ImportFailure {
  if (result.ok) throw new Error('expected a failure');
  return result;
}

describe('GeoJSON', () => {
  it('round-trips geometry within 1 mm and attributes', () => {
    const back = ok(readGeoJson(new TextEncoder().encode(writeGeoJson(PARCELS))));
    expect(back.sourceCrs).toBe('EPSG:4490');
    back.features.forEach((f, i) => {
      expect(maxDisplacementMeters(PARCELS[i]!.geometry, f.geometry)).toBeLessThan(1e-3);
      expect(f.properties).toEqual(PARCELS[i]!.properties);
    });
  });

  it('writes RFC 7946: a FeatureCollection, no crs member, no styling, counter-clockwise exteriors', () => {
    const outer = PARCEL_WITH_HOLE.geometry.coordinates[0]!;
    const clockwise = {
      type: 'Feature' as const,
      properties: { ...PARCEL_WITH_HOLE.properties, fill: '#f00', 'stroke-width': 2 },
      geometry: { type: 'Polygon' as const, coordinates: [[...outer].reverse()] },
    };
    const written = JSON.parse(writeGeoJson([clockwise]));
    expect(written.type).toBe('FeatureCollection');
    expect(written.crs).toBeUndefined();
    expect(written.features[0].properties).not.toHaveProperty('fill');
    expect(written.features[0].properties).not.toHaveProperty('stroke-width');
    expect(written.features[0].geometry.coordinates[0]).toEqual(outer);
  });

  it('honours a legacy crs member (GDAL writes one for projected data)', () => {
    const projected = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4545' } },
      features: [{ type: 'Feature', properties: { name: 'x' }, geometry: { type: 'Polygon', coordinates: [[[394612.345, 3204123.456], [394841.876, 3204131.21], [394853.003, 3203902.554], [394612.345, 3204123.456]]] } }],
    };
    expect(ok(readGeoJson(JSON.stringify(projected)))).toMatchObject({ sourceCrs: 'EPSG:4545', crsConfidence: 'declared' });
  });

  it('refuses truncated JSON, non-polygons, swapped lon/lat and invalid rings', () => {
    const text = writeGeoJson(PARCELS);
    expect(failed(readGeoJson(text.slice(0, 100))).reason).toBe('TRUNCATED_FILE');
    expect(failed(readGeoJson({ type: 'Point', coordinates: [106.9, 28.9] })).reason).toBe('UNSUPPORTED_FORMAT');
    expect(failed(readGeoJson({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[106.9, 28.9], [107, 29]] } })).reason).toBe('UNSUPPORTED_GEOMETRY');
    const swapped = JSON.parse(text);
    swapped.features[0].geometry.coordinates = swapped.features[0].geometry.coordinates.map((r: number[][]) => r.map(([x, y]) => [y, x]));
    swapped.features = [swapped.features[0]];
    expect(failed(readGeoJson(swapped)).reason).toBe('SWAPPED_AXES');
    const open = { type: 'Polygon', coordinates: [[[106.9, 28.9], [106.91, 28.9], [106.91, 28.91], [106.9, 28.91]]] };
    expect(failed(readGeoJson(open))).toMatchObject({ reason: 'INVALID_GEOMETRY', geometryReason: 'RING_NOT_CLOSED' });
    expect(failed(readGeoJson({ type: 'FeatureCollection', features: [] })).reason).toBe('NO_FEATURES');
    expect(failed(readGeoJson(text, { maxFeatures: 1 })).reason).toBe('TOO_MANY_FEATURES');
  });
});
