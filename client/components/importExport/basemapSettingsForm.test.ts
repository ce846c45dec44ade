import { describe, expect, it } from 'vitest';
import { checkBasemapSettings, emptyCustom, emptyLocalName, flagsGcj02, isTileTemplate, valuesFrom } from './basemapSettingsForm';

const ORTHO = Object.freeze({ id: 'ortho', nameZh: '正射影像', nameEn: 'Orthophoto', url: 'https://tiles.example.gov.cn/ortho/{z}/{x}/{y}.jpg', attribution: '', maxZoom: '19' });

describe('basemap settings form', () => {
  it('builds the settings the server stores; a blank key means no Tianditu', () => {
    const check = checkBasemapSettings({ tiandituKey: ' ', osm: false, custom: [ORTHO], local: {} });
    expect(check).toEqual({ ok: true, settings: { tiandituKey: null, osm: false, custom: [{ ...ORTHO, maxZoom: 19 }], local: [] } });
  });

  it('round-trips stored settings', () => {
    const settings = { tiandituKey: 'abc123', osm: true, custom: [{ ...ORTHO, maxZoom: 19 }], local: [{ file: 'wansheng-2024', nameZh: '万盛影像 2024', nameEn: 'Wansheng imagery 2024', attribution: '© 万盛经开区规划局' }] };
    const check = checkBasemapSettings(valuesFrom(settings));
    expect(check.ok && check.settings).toEqual(settings);
  });

  it('refuses a key with symbols, a template without {z}/{x}/{y}, script URLs, bad ids and zooms', () => {
    const check = checkBasemapSettings({
      tiandituKey: 'abc-123',
      osm: true,
      custom: [{ ...emptyCustom(), id: 'Bad Id', nameZh: 'x', nameEn: 'x', url: 'javascript:alert(1)', maxZoom: '30' }],
      local: {},
    });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.keyError).not.toBeNull();
    expect(Object.keys(check.customErrors[0]!).sort()).toEqual(['id', 'maxZoom', 'url']);
    expect(isTileTemplate('https://a.example/{z}/{x}.png')).toBe(false);
  });

  it('flags GCJ-02 services (Gaode, Baidu) and not Tianditu or a government server', () => {
    expect(flagsGcj02('https://webrd01.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}&style=8')).toBe(true);
    expect(flagsGcj02('https://maponline0.bdimg.com/tile/?x={x}&y={y}&z={z}')).toBe(true);
    expect(flagsGcj02(ORTHO.url)).toBe(false);
  });

  it('names local PMTiles files: blank entries fall back to the file name, a half-named file is refused', () => {
    const ok = checkBasemapSettings({
      tiandituKey: '',
      osm: true,
      custom: [],
      local: { 'wansheng-2024': { nameZh: ' 万盛影像 2024 ', nameEn: 'Wansheng imagery 2024', attribution: '' }, district: emptyLocalName() },
    });
    expect(ok.ok && ok.settings.local).toEqual([{ file: 'wansheng-2024', nameZh: '万盛影像 2024', nameEn: 'Wansheng imagery 2024', attribution: '' }]);
    const half = checkBasemapSettings({ tiandituKey: '', osm: true, custom: [], local: { district: { ...emptyLocalName(), nameZh: '区县矢量' } } });
    expect(half.ok).toBe(false);
    if (half.ok) return;
    expect(Object.keys(half.localErrors.district!)).toEqual(['nameEn']);
  });
});
