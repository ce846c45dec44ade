/**
 * Parcel operations: the pieces add up (official area, areaSquareMeters) and
 * every result is a valid parcel geometry (validatePolygonGeometry).
 */
import { describe, expect, it } from 'vitest';
import type { LineString, MultiPolygon, Polygon } from 'geojson';
import { areaSquareMeters } from '../area';
import { validatePolygonGeometry } from '../geometry.validation';
import { clipAwayFrom, clipToZone, cutHole, mergeParcels, splitParcel } from './index';

/** A lon/lat rectangle, counter-clockwise. */
function rect(west: number, south: number, east: number, north: number): Polygon {
  return Object.freeze({
    type: 'Polygon',
    coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
  }) as Polygon;
}

const line = (...coordinates: [number, number][]): LineString => ({ type: 'LineString', coordinates });

/** An L-shaped parcel near 鱼田堡 (~29°N), about 600 m across. */
const L_SHAPE: Polygon = Object.freeze({
  type: 'Polygon',
  coordinates: [[[106.9, 28.9], [106.906, 28.9], [106.906, 28.903], [106.903, 28.903], [106.903, 28.906], [106.9, 28.906], [106.9, 28.9]]],
}) as Polygon;

function expectValid(geometry: Polygon | MultiPolygon): void {
  const result = validatePolygonGeometry(geometry);
  expect(result.valid, JSON.stringify(result)).toBe(true);
}

/** Relative agreement expected after clipping in the lon/lat plane (see zoneCells.ts). */
const RELATIVE_TOLERANCE = 1e-5;

function expectSameArea(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(expected * RELATIVE_TOLERANCE);
}

describe('cutHole', () => {
  it('removes exactly the hole’s area and leaves a valid polygon with an inner ring', () => {
    const parcel = rect(106.9, 28.9, 106.91, 28.91);
    const hole = rect(106.903, 28.903, 106.905, 28.906);
    const result = cutHole(parcel, hole);
    if (!result.ok) throw new Error(result.reason);
    expectValid(result.value);
    expect(result.value.type).toBe('Polygon');
    expect((result.value as Polygon).coordinates).toHaveLength(2);
    expectSameArea(areaSquareMeters(result.value) + areaSquareMeters(hole), areaSquareMeters(parcel));
  });

  it('refuses a hole that crosses the boundary', () => {
    const result = cutHole(rect(106.9, 28.9, 106.91, 28.91), rect(106.905, 28.905, 106.92, 28.906));
    expect(result).toEqual({ ok: false, reason: 'HOLE_NOT_INSIDE' });
  });

  it('refuses a hole that covers the whole parcel', () => {
    const result = cutHole(rect(106.9, 28.9, 106.91, 28.91), rect(106.8, 28.8, 107, 29));
    expect(result).toEqual({ ok: false, reason: 'NOTHING_LEFT' });
  });
});

describe('splitParcel', () => {
  it('a straight line across a rectangle gives two valid pieces that add up', () => {
    const parcel = rect(106.9, 28.9, 106.91, 28.91);
    const result = splitParcel(parcel, line([106.904, 28.899], [106.905, 28.911]));
    if (!result.ok) throw new Error(result.reason);
    expect(result.value).toHaveLength(2);
    result.value.forEach(expectValid);
    expectSameArea(result.value.reduce((s, p) => s + areaSquareMeters(p), 0), areaSquareMeters(parcel));
  });

  it('a bent line across an L-shape', () => {
    const result = splitParcel(L_SHAPE, line([106.899, 28.9015], [106.9015, 28.9015], [106.9015, 28.907]));
    if (!result.ok) throw new Error(result.reason);
    expect(result.value.length).toBeGreaterThanOrEqual(2);
    result.value.forEach(expectValid);
    expectSameArea(result.value.reduce((s, p) => s + areaSquareMeters(p), 0), areaSquareMeters(L_SHAPE));
  });

  it('a line crossing the L-shape’s two arms gives three pieces', () => {
    const result = splitParcel(L_SHAPE, line([106.9045, 28.899], [106.9045, 28.904], [106.899, 28.9045]));
    if (!result.ok) throw new Error(result.reason);
    expect(result.value).toHaveLength(3);
    result.value.forEach(expectValid);
    expectSameArea(result.value.reduce((s, p) => s + areaSquareMeters(p), 0), areaSquareMeters(L_SHAPE));
  });

  it('a parcel with a hole splits through the hole', () => {
    const holed = cutHole(rect(106.9, 28.9, 106.91, 28.91), rect(106.904, 28.904, 106.906, 28.906));
    if (!holed.ok) throw new Error(holed.reason);
    const result = splitParcel(holed.value, line([106.905, 28.899], [106.905, 28.911]));
    if (!result.ok) throw new Error(result.reason);
    expect(result.value).toHaveLength(2);
    result.value.forEach(expectValid);
    expectSameArea(result.value.reduce((s, p) => s + areaSquareMeters(p), 0), areaSquareMeters(holed.value));
  });

  it('refuses a line that misses the parcel, and one that crosses itself', () => {
    const parcel = rect(106.9, 28.9, 106.91, 28.91);
    expect(splitParcel(parcel, line([106.92, 28.89], [106.93, 28.92]))).toEqual({ ok: false, reason: 'LINE_DOES_NOT_SPLIT' });
    expect(splitParcel(parcel, line([106.9, 28.9]))).toEqual({ ok: false, reason: 'LINE_DOES_NOT_SPLIT' });
    expect(
      splitParcel(parcel, line([106.899, 28.905], [106.911, 28.905], [106.905, 28.911], [106.905, 28.899])),
    ).toEqual({ ok: false, reason: 'LINE_SELF_INTERSECTS' });
  });
});

describe('mergeParcels', () => {
  it('two parcels sharing an edge merge into one valid polygon with their summed area', () => {
    const west = rect(106.9, 28.9, 106.905, 28.91);
    const east = rect(106.905, 28.902, 106.91, 28.908);
    const result = mergeParcels([west, east]);
    if (!result.ok) throw new Error(result.reason);
    expectValid(result.value);
    expectSameArea(areaSquareMeters(result.value), areaSquareMeters(west) + areaSquareMeters(east));
  });

  it('split then merge gives back the parcel’s area', () => {
    const pieces = splitParcel(L_SHAPE, line([106.899, 28.9015], [106.9015, 28.9015], [106.9015, 28.907]));
    if (!pieces.ok) throw new Error(pieces.reason);
    const merged = mergeParcels(pieces.value);
    if (!merged.ok) throw new Error(merged.reason);
    expectValid(merged.value);
    expectSameArea(areaSquareMeters(merged.value), areaSquareMeters(L_SHAPE));
  });

  it('refuses parcels that do not touch, and a single parcel', () => {
    expect(mergeParcels([rect(106.9, 28.9, 106.901, 28.901), rect(106.902, 28.9, 106.903, 28.901)])).toEqual({
      ok: false,
      reason: 'NOT_ADJACENT',
    });
    expect(mergeParcels([rect(106.9, 28.9, 106.901, 28.901)])).toEqual({ ok: false, reason: 'TOO_FEW_PARCELS' });
  });
});

describe('clipToZone and clipAwayFrom', () => {
  const zone = rect(106.9, 28.9, 106.91, 28.91);
  const shape = rect(106.905, 28.905, 106.915, 28.915);

  it('clipToZone keeps the inside; inside + outside = the shape', () => {
    const inside = clipToZone(shape, zone);
    const outside = clipAwayFrom(shape, [zone]);
    if (!inside.ok || !outside.ok) throw new Error('clip failed');
    expectValid(inside.value);
    expectValid(outside.value);
    expectSameArea(areaSquareMeters(inside.value), areaSquareMeters(rect(106.905, 28.905, 106.91, 28.91)));
    expectSameArea(areaSquareMeters(inside.value) + areaSquareMeters(outside.value), areaSquareMeters(shape));
  });

  it('clipAwayFrom several neighbours removes each overlap once', () => {
    const a = rect(106.9, 28.9, 106.908, 28.908);
    const b = rect(106.906, 28.9, 106.912, 28.907); // overlaps a as well as the shape
    const result = clipAwayFrom(shape, [a, b]);
    if (!result.ok) throw new Error(result.reason);
    expectValid(result.value);
    const overlapA = areaSquareMeters(rect(106.905, 28.905, 106.908, 28.908));
    const overlapBOnly = areaSquareMeters(rect(106.908, 28.905, 106.912, 28.907));
    expectSameArea(areaSquareMeters(result.value), areaSquareMeters(shape) - overlapA - overlapBOnly);
  });

  it('a shape with no neighbours is unchanged; one wholly covered is refused', () => {
    expect(clipAwayFrom(shape, [])).toEqual({ ok: true, value: shape });
    expect(clipToZone(shape, rect(107, 29, 107.01, 29.01))).toEqual({ ok: false, reason: 'NOTHING_LEFT' });
    expect(clipAwayFrom(zone, [rect(106.8, 28.8, 107, 29)])).toEqual({ ok: false, reason: 'NOTHING_LEFT' });
  });
});
