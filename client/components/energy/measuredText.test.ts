import { describe, expect, it } from 'vitest';
import { ENERGY_MESSAGES } from '../../i18n.energy';
import { fillTemplate, measuredBasisText, measuredDetailText } from './measuredText';

const MEASURED = Object.freeze({
  enterpriseId: 7,
  enterpriseName: '示例储能',
  year: 2024,
  enterpriseTce: 3000,
  areaShare: 0.75,
  tonnesCoalEquivalentPerYear: 2250,
  loadFactor: 0.6,
  averageKilowatts: 2090.4,
  peakKilowatts: 3484,
  powerShare: 0.6,
});

describe('measured demand text', () => {
  it('fills every placeholder of both languages and keeps an unknown one as typed', () => {
    expect(fillTemplate('{a} and {b}', { a: '1' })).toBe('1 and {b}');
    const zh = measuredDetailText(ENERGY_MESSAGES.measuredDetail.zh, MEASURED, 'zh-CN');
    expect(zh).toBe('示例储能 2024 年综合能耗 3,000 吨标准煤 × 面积占比 75.0% → 平均 2,090 kW，负荷率 0.6 → 峰值 3,484 kW');
    const en = measuredDetailText(ENERGY_MESSAGES.measuredDetail.en, MEASURED, 'en-US');
    expect(en).not.toMatch(/\{\w+\}/);
    expect(en).toContain('3,484 kW');
  });

  it('states the conversion and the load factor with their sources', () => {
    const basis = { kilowattHoursPerTce: 8136.7, loadFactor: 0.55, conversionSource: { zh: '转换', en: 'conversion' }, loadFactorSource: { zh: '负荷率来源', en: 'load-factor source' } };
    expect(measuredBasisText(ENERGY_MESSAGES.measuredBasisNote.zh, basis, 'zh')).toBe('实测需求：转换；负荷率来源（当前负荷率 0.55）。');
    expect(measuredBasisText(ENERGY_MESSAGES.measuredBasisNote.en, basis, 'en')).toBe('Measured demand: conversion; load-factor source (load factor now 0.55).');
  });
});
