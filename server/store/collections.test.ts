import { describe, expect, it } from 'vitest';
import { COLLECTIONS } from './collections';

/** Parcel rows as the stores give them, with the values JSON.stringify treats specially. */
const PARCEL_ROWS = [
  {
    id: 1,
    name: '无水港-08 "集装箱" \\ 堆场\n用地\u2028𠀋',
    landUseCode: '100101',
    status: 'supplied',
    supplyYear: 2024,
    enterprise: null,
    industryChain: 'new_energy',
    investmentYi: 3.4,
    outputYi: 0.1 + 0.2,
    factoryFloorSquareMeters: 1e21,
    notes: '\u0000\u001f\ud800 lone surrogate',
    illustrative: 1,
    areaSquareMeters: 69848.4497100636,
    zoneCells: '[{"zones":["A1","B3"],"areaSquareMeters":1234.5},{"zones":["A1"],"areaSquareMeters":5e-7},{"zones":[],"areaSquareMeters":0}]',
    version: 3,
    updatedAt: '2026-01-02T03:04:05.678Z',
    heatCoolingDemandKilowatts: Number.NaN,
    powerDemandKilowatts: -0,
  },
  {
    id: 2,
    name: 'x',
    landUseCode: '1101',
    status: 'planned',
    supplyYear: null,
    enterprise: '重庆某某有限公司',
    industryChain: null,
    investmentYi: Number.POSITIVE_INFINITY,
    outputYi: null,
    factoryFloorSquareMeters: null,
    notes: null,
    illustrative: 0,
    areaSquareMeters: 0,
    zoneCells: '[]',
    version: 1,
    updatedAt: '2026-01-02T03:04:05.678Z',
    heatCoolingDemandKilowatts: null,
    powerDemandKilowatts: 123456789.123,
  },
  // Zone cells stored in another key order, with an extra key, or odd codes: written back as they were parsed.
  {
    id: 4,
    name: 'y',
    landUseCode: '1101',
    status: 'planned',
    illustrative: 0,
    areaSquareMeters: 5.000000000000001,
    zoneCells: '[{"areaSquareMeters":5,"zones":["A1"]},{"zones":["B\\"1"],"areaSquareMeters":1e-9,"extra":true},{"zones":["A1","B\\"1"],"areaSquareMeters":5.000000000000001}]',
    version: 2,
    updatedAt: 'z',
  },
  { id: 5, name: 'z', landUseCode: '1101', status: 'planned', illustrative: 1, areaSquareMeters: 3.3, zoneCells: '[{"zones":["B\\"1\u4e00","A1"],"areaSquareMeters":3.3},{"zones":[],"areaSquareMeters":0.1}]', version: 1, updatedAt: 'z' },
  // A row missing columns: JSON.stringify leaves undefined members out, and so must the writer.
  { id: 3, name: undefined, landUseCode: '1101', status: 'planned', illustrative: 1, areaSquareMeters: 10, zoneCells: '[{"zones":["B1"],"areaSquareMeters":10}]', version: 1 },
];

describe('parcel properties written as text', () => {
  it('are exactly JSON.stringify of the properties object', () => {
    const parcels = COLLECTIONS.parcels;
    for (const row of PARCEL_ROWS) {
      expect(parcels.toPropertiesJson!(row)).toBe(JSON.stringify(parcels.toProperties(row)));
    }
  });
});
