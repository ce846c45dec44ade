import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { renderParkMap } from './parkMap.svg';
import type { ParkMap } from './reportModel';

const square = (lon: number, lat: number, side: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[lon, lat], [lon + side, lat], [lon + side, lat + side], [lon, lat + side], [lon, lat]]],
});

function zone(parcels: ParkMap['parcels']): ParkMap {
  return Object.freeze({ code: 'A9', nameZh: '测试片区', nameEn: 'Test area', geometry: square(106.9, 28.9, 0.02), parcels });
}

const numbers = (svg: string) => [...svg.matchAll(/<text class="parcel-no" data-parcel="(\d+)"[^>]*>(\d+)<\/text>/g)].map((m) => Number(m[2]));

describe('renderParkMap', () => {
  it('numbers each parcel inside its own outline and draws a north arrow and a 1-2-5 scale bar', () => {
    const svg = renderParkMap(zone([
      { id: 7, name: '甲', status: 'supplied', geometry: square(106.901, 28.901, 0.008) },
      { id: 1234, name: '乙', status: 'planned', geometry: square(106.911, 28.911, 0.008) },
    ])).value;
    expect(numbers(svg).sort((a, b) => a - b)).toEqual([7, 1234]);
    expect(svg).toContain('<g class="north-arrow"');
    expect(svg).toMatch(/<text x="0" y="-8" font-size="11" fill="#222">(1|2|5)0* (m|km)<\/text>/);
    expect(svg).not.toContain('class="unnumbered"');
    // Parcel 7 fills the lower-left of the map (south-west): its number sits left of and below 1234's.
    const at = (id: number) => /x="([\d.]+)" y="([\d.]+)"/.exec(svg.slice(svg.indexOf(`data-parcel="${id}"`)))!.slice(1).map(Number);
    expect(at(7)[0]).toBeLessThan(at(1234)[0]!);
    expect(at(7)[1]).toBeGreaterThan(at(1234)[1]!);
  });

  it('keeps the larger parcel’s number where two would overlap and says how many went unnumbered', () => {
    const big = { id: 1, name: '大', status: 'supplied', geometry: square(106.9, 28.9, 0.0005) };
    const crowd = Array.from({ length: 5 }, (_, i) => ({ id: 100 + i, name: `小${i}`, status: 'planned', geometry: square(106.9002 + i * 0.00001, 28.9002, 0.00005) }));
    const svg = renderParkMap(zone([...crowd, big])).value;
    expect(numbers(svg)).toContain(1);
    expect(numbers(svg)).toHaveLength(1);
    expect(svg).toContain('另有 5 宗地块过小未注编号');
  });
});
