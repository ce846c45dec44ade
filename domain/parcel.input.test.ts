import { describe, expect, it } from 'vitest';
import { normaliseParcelInput, PARCEL_EDITABLE_FIELDS, versionProperty } from './parcel.input';

describe('normaliseParcelInput', () => {
  it('drops server-owned fields and keeps the version apart', () => {
    const r = normaliseParcelInput({ name: 'x', version: 3, areaSquareMeters: 1, zones: null, illustrative: true, zoneCodes: 'A2', updatedAt: null, id: 5 });
    expect(r).toEqual({ properties: { name: 'x' }, version: 3 });
  });

  it('makes clean decimal strings numbers in number fields only', () => {
    const r = normaliseParcelInput({ powerDemandKilowatts: '1200', investmentYi: '-0.5', outputYi: '12abc', factoryFloorSquareMeters: '1e3', supplyYear: '2024', name: '2024' });
    expect(r.properties).toEqual({ powerDemandKilowatts: 1200, investmentYi: -0.5, outputYi: '12abc', factoryFloorSquareMeters: '1e3', supplyYear: 2024, name: '2024' });
  });

  it('keeps null for optional fields (the schema decides)', () => {
    expect(normaliseParcelInput({ notes: null, supplyYear: null }).properties).toEqual({ notes: null, supplyYear: null });
  });

  it('reads the version property only as a whole positive number', () => {
    expect(versionProperty(2)).toBe(2);
    expect(versionProperty('7')).toBe(7);
    expect(versionProperty(0)).toBeNull();
    expect(versionProperty(1.5)).toBeNull();
    expect(versionProperty('07')).toBeNull();
    expect(versionProperty(null)).toBeNull();
  });

  it('the editable fields are the schema fields a planner sets', () => {
    expect(PARCEL_EDITABLE_FIELDS).toContain('name');
    expect(PARCEL_EDITABLE_FIELDS).toContain('powerDemandKilowatts');
    expect(PARCEL_EDITABLE_FIELDS).not.toContain('illustrative');
  });
});
