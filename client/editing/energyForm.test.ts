import { describe, expect, it } from 'vitest';
import { checkLineForm, checkStationForm, emptyLineForm, emptyStationForm, stationFormFrom } from './energyForm';

const STATION = Object.freeze({ ...emptyStationForm(), name: '鱼田堡综合能源站', capacityMW: '12.5', serviceRadiusMeters: '2,500' });

describe('station form', () => {
  it('turns typed text into the properties the server validates, blanks into null', () => {
    const check = checkStationForm({ ...STATION, notes: '  ' });
    expect(check).toEqual({
      ok: true,
      properties: { name: '鱼田堡综合能源站', kind: 'cchp', status: 'planned', capacityMW: 12.5, thermalCapacityMW: null, serviceRadiusMeters: 2500, notes: null, illustrative: false },
    });
    const blank = checkStationForm({ ...STATION, capacityMW: '', serviceRadiusMeters: '' });
    expect(blank.ok && blank.properties.capacityMW === null && blank.properties.serviceRadiusMeters === null).toBe(true);
    const cchp = checkStationForm({ ...STATION, thermalCapacityMW: '30' });
    expect(cchp.ok && cchp.properties.capacityMW === 12.5 && cchp.properties.thermalCapacityMW === 30).toBe(true);
  });

  it('names each refused field in Chinese and English', () => {
    const check = checkStationForm({ ...STATION, name: ' ', capacityMW: '12 MW', serviceRadiusMeters: '-5', kind: 'reactor' });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors.name).toEqual({ zh: '必填', en: 'Required' });
    expect(check.errors.capacityMW).toEqual({ zh: '请输入数字', en: 'Enter a number' });
    expect(check.errors.serviceRadiusMeters?.en).toMatch(/more than 0/);
    expect(check.errors.kind).toEqual({ zh: '请从列表中选择', en: 'Choose from the list' });
  });

  it('reads stored properties back into the form', () => {
    const values = stationFormFrom({ name: 'A', kind: 'substation', status: 'operating', capacityMW: 40, serviceRadiusMeters: null, notes: null });
    expect(values).toEqual({ name: 'A', kind: 'substation', status: 'operating', capacityMW: '40', thermalCapacityMW: '', serviceRadiusMeters: '', notes: '' });
  });
});

describe('line form', () => {
  it('accepts a gas branch without voltage and refuses a non-positive voltage', () => {
    expect(checkLineForm({ ...emptyLineForm(), name: '中压燃气支线' }).ok).toBe(true);
    const check = checkLineForm({ ...emptyLineForm(), name: '110 kV 线路', kind: 'power_line', voltageKV: '0' });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.errors.voltageKV?.zh).toMatch(/大于 0/);
  });
});
