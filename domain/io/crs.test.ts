import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crsInfo, detectCrs, esriWkt, fromLonLat, gaussKrugerCrs, reprojectGeometry, supportedCrsCodes, toLonLat, type CrsCode } from './crs';

describe('CRS definitions', () => {
  it('cover EPSG:4490, 4326 and the 84 CGCS2000 Gauss–Krüger codes 4491–4554 (less 4490)', () => {
    const codes = supportedCrsCodes();
    expect(codes).toHaveLength(2 + 64);
    expect(crsInfo('EPSG:4524')).toMatchObject({ zoneWidthDegrees: 3, zoneNumber: 36, centralMeridianDegrees: 108, falseEastingMeters: 36_500_000 });
    expect(crsInfo('EPSG:4545')).toMatchObject({ zoneWidthDegrees: 3, zoneNumber: 36, centralMeridianDegrees: 108, falseEastingMeters: 500_000 });
    expect(crsInfo('EPSG:4491')).toMatchObject({ zoneWidthDegrees: 6, zoneNumber: 13, centralMeridianDegrees: 75, falseEastingMeters: 13_500_000 });
    expect(crsInfo('EPSG:4512')).toMatchObject({ zoneWidthDegrees: 6, centralMeridianDegrees: 135, falseEastingMeters: 500_000 });
    expect(crsInfo('EPSG:4513')).toMatchObject({ zoneNumber: 25, centralMeridianDegrees: 75 });
    expect(crsInfo('EPSG:4554')).toMatchObject({ zoneNumber: 45, centralMeridianDegrees: 135 });
    expect(gaussKrugerCrs({ zoneWidthDegrees: 3, zoneNumber: 36, zonePrefixed: false })).toBe('EPSG:4545');
    expect(gaussKrugerCrs({ zoneWidthDegrees: 6, zoneNumber: 24, zonePrefixed: true })).toBeNull();
  });

  // Reference values from PROJ 9 (cs2cs EPSG:4490 → EPSG:xxxx), to the micrometre.
  it.each([
    ['EPSG:4524', [106.92, 28.95], [36394712.038131, 3204207.919187]],
    ['EPSG:4545', [106.92, 28.95], [394712.038131, 3204207.919187]],
    ['EPSG:4554', [130, 45], [105765.561187, 4997123.381699]],
    ['EPSG:4499', [114, 22], [20567865.075997, 2461381.771072]],
  ] as const)('%s matches PROJ within 1 mm', (crs, lonLat, expected) => {
    const [e, n] = fromLonLat(crs, lonLat);
    expect(Math.abs(e - expected[0])).toBeLessThan(1e-3);
    expect(Math.abs(n - expected[1])).toBeLessThan(1e-3);
  });

  it('round-trips projected → lon/lat → projected within 1 mm across every zone', () => {
    const zoneCodes = supportedCrsCodes().filter((c) => crsInfo(c).kind === 'gauss_kruger');
    fc.assert(
      fc.property(
        fc.constantFrom(...zoneCodes),
        fc.double({ min: -1.5, max: 1.5, noNaN: true }),
        fc.double({ min: 18, max: 53, noNaN: true }),
        (crs: CrsCode, dLon, lat) => {
          const info = crsInfo(crs);
          const projected = fromLonLat(crs, [info.centralMeridianDegrees! + dLon * (info.zoneWidthDegrees! / 3), lat]);
          const back = fromLonLat(crs, toLonLat(crs, projected));
          return Math.hypot(back[0] - projected[0], back[1] - projected[1]) < 1e-3;
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reprojects geometries between zones', () => {
    const g = { type: 'Polygon' as const, coordinates: [[[394712.038131, 3204207.919187], [394800, 3204207], [394800, 3204300], [394712.038131, 3204207.919187]]] };
    const prefixed = reprojectGeometry(g, 'EPSG:4545', 'EPSG:4524');
    expect(prefixed.coordinates[0]![0]![0]).toBeCloseTo(36394712.038131, 6);
    const lonLat = reprojectGeometry(g, 'EPSG:4545', 'EPSG:4490');
    expect(lonLat.coordinates[0]![0]![0]).toBeCloseTo(106.92, 9);
  });
});

describe('detectCrs', () => {
  const wansheng = [[36394712.04, 3204207.92], [36395712.04, 3205207.92]];
  const wanshengNoPrefix = [[394712.04, 3204207.92], [395712.04, 3205207.92]];

  it('reads our own .prj files back', () => {
    for (const code of ['EPSG:4490', 'EPSG:4326', 'EPSG:4524', 'EPSG:4545', 'EPSG:4497', 'EPSG:4508'] as const) {
      expect(detectCrs({ prj: esriWkt(code) })).toMatchObject({ crs: code, confidence: 'declared' });
    }
  });

  it('reads an OGC WKT with an EPSG authority', () => {
    const wkt =
      'PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM 108E",GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4490"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",108],PARAMETER["scale_factor",1],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1],AUTHORITY["EPSG","4545"]]';
    expect(detectCrs({ prj: wkt, sampleCoordinates: wanshengNoPrefix })).toMatchObject({ crs: 'EPSG:4545', confidence: 'declared' });
  });

  it('reads a Gauss–Krüger WKT on the WGS84 datum as the CGCS2000 zone', () => {
    const wkt =
      'PROJCS["WGS_1984_3_Degree_GK_Zone_36",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",36500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",108.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
    expect(detectCrs({ prj: wkt, sampleCoordinates: wansheng })).toMatchObject({ crs: 'EPSG:4524', confidence: 'declared' });
  });

  it('refuses Xi’an 1980 and Beijing 1954 .prj files: they need transformation parameters', () => {
    const xian =
      'PROJCS["Xian_1980_3_Degree_GK_CM_108E",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",108.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
    expect(detectCrs({ prj: xian })).toMatchObject({ crs: null, failure: 'UNSUPPORTED_CRS' });
    expect(detectCrs({ txtHeader: { coordinateSystem: '1954北京坐标系', zoneNumber: 36 } })).toMatchObject({ crs: null, failure: 'UNSUPPORTED_CRS' });
  });

  it('flags a .prj that does not fit the coordinates', () => {
    expect(detectCrs({ prj: esriWkt('EPSG:4490'), sampleCoordinates: wanshengNoPrefix })).toMatchObject({ crs: null, failure: 'CRS_MISMATCH' });
    expect(detectCrs({ prj: esriWkt('EPSG:4545'), sampleCoordinates: wansheng })).toMatchObject({ crs: null, failure: 'CRS_MISMATCH' });
  });

  it('reads the TXT header and tells prefixed eastings from the coordinates', () => {
    const header = { coordinateSystem: '2000国家大地坐标系', zoneWidthDegrees: 3, zoneNumber: 36, unit: '米' };
    expect(detectCrs({ txtHeader: header, sampleCoordinates: wansheng })).toMatchObject({ crs: 'EPSG:4524', confidence: 'declared' });
    expect(detectCrs({ txtHeader: header, sampleCoordinates: wanshengNoPrefix })).toMatchObject({ crs: 'EPSG:4545', confidence: 'declared' });
    expect(detectCrs({ txtHeader: { ...header, zoneNumber: 35 }, sampleCoordinates: wansheng })).toMatchObject({ crs: null, failure: 'CRS_MISMATCH' });
  });

  it('infers from magnitudes: zone prefix, lon/lat, and unprefixed metres assumed in zone 36 (saying so)', () => {
    expect(detectCrs({ sampleCoordinates: wansheng })).toMatchObject({ crs: 'EPSG:4524', confidence: 'inferred' });
    expect(detectCrs({ sampleCoordinates: [[106.92, 28.95]] })).toMatchObject({ crs: 'EPSG:4490', confidence: 'inferred' });
    const assumed = detectCrs({ sampleCoordinates: wanshengNoPrefix });
    expect(assumed).toMatchObject({ crs: 'EPSG:4545', confidence: 'inferred', assumedZone: true });
    expect(assumed.reason).toMatch(/108°E/);
    expect(detectCrs({ sampleCoordinates: wanshengNoPrefix, defaultCentralMeridianDegrees: 105 })).toMatchObject({ crs: 'EPSG:4544' });
    expect(detectCrs({ sampleCoordinates: [[19_512_345.6, 2_461_381.77]] })).toMatchObject({ crs: 'EPSG:4497' }); // 6° zone 19
  });

  it('detects swapped axes', () => {
    expect(detectCrs({ sampleCoordinates: [[28.95, 106.92]] })).toMatchObject({ crs: null, failure: 'SWAPPED_AXES' });
    expect(detectCrs({ sampleCoordinates: wansheng.map(([x, y]) => [y!, x!]) })).toMatchObject({ crs: null, failure: 'SWAPPED_AXES' });
    expect(detectCrs({ sampleCoordinates: wanshengNoPrefix.map(([x, y]) => [y!, x!]) })).toMatchObject({ crs: null, failure: 'SWAPPED_AXES' });
  });

  it('refuses local CAD coordinates it cannot place', () => {
    expect(detectCrs({ sampleCoordinates: [[1234.5, 987.6]] })).toMatchObject({ crs: null, failure: 'UNKNOWN_CRS' });
    expect(detectCrs({})).toMatchObject({ crs: null, failure: 'UNKNOWN_CRS' });
  });
});
