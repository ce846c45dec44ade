import { DOMParser } from '@xmldom/xmldom';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { maxDisplacementMeters, PARCELS } from './fixtures/parcels';
import type { ImportFailure, ImportResult, ImportSuccess } from './importResult';
import { escapeXml, readKml, writeKml, writeKmz } from './kml';

function ok(result: ImportResult): ImportSuccess {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return result;
}
function failed(result: ImportResult): ImportFailure {
  if (result.ok) throw new Error('expected a failure');
  return result;
}

describe('KML', () => {
  it('round-trips geometry within 1 mm and attributes, typed again on reading', () => {
    const text = writeKml(PARCELS);
    const back = ok(readKml(new TextEncoder().encode(text)));
    expect(back).toMatchObject({ format: 'kml', sourceCrs: 'EPSG:4326', crsConfidence: 'declared' });
    back.features.forEach((f, i) => {
      expect(maxDisplacementMeters(PARCELS[i]!.geometry, f.geometry)).toBeLessThan(1e-3);
      expect(f.properties).toEqual(PARCELS[i]!.properties);
    });
  });

  it('round-trips through KMZ', () => {
    const back = ok(readKml(writeKmz(PARCELS)));
    expect(back.format).toBe('kmz');
    expect(back.features.map((f) => f.properties.parcelCode)).toEqual(PARCELS.map((f) => f.properties!.parcelCode));
  });

  it('escapes XML in names and values and writes well-formed KML 2.2 without styles', () => {
    const hostile = { ...PARCELS[0]!, properties: { name: 'A&B <地块> "x"', notes: "it's </Data>\u0001" } };
    const text = writeKml([hostile]);
    const errors: string[] = [];
    new DOMParser({ onError: (level, message) => void errors.push(`${level}: ${message}`) }).parseFromString(text, 'text/xml');
    expect(errors).toEqual([]);
    expect(text).toContain('xmlns="http://www.opengis.net/kml/2.2"');
    expect(text).not.toMatch(/<Style|styleUrl/);
    const back = ok(readKml(text));
    expect(back.features[0]!.properties).toEqual({ name: 'A&B <地块> "x"', notes: "it's </Data>" });
    expect(escapeXml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&apos;');
  });

  it('drops styling properties, skips placemarks without polygons', () => {
    const text = `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>
      <Style id="s"><PolyStyle><color>ff0000ff</color></PolyStyle></Style>
      <Placemark><name>点</name><Point><coordinates>106.9,28.9</coordinates></Point></Placemark>
      <Placemark><name>面</name><styleUrl>#s</styleUrl><Polygon><outerBoundaryIs><LinearRing><coordinates>
        106.90,28.90 106.91,28.90 106.91,28.91 106.90,28.90</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
      </Document></kml>`;
    const back = ok(readKml(text));
    expect(back.features).toHaveLength(1);
    expect(back.features[0]!.properties).toEqual({ name: '面' });
    expect(back.warnings).toMatchObject([{ code: 'SKIPPED_ENTITIES' }]);
  });

  it('refuses truncated KML, lat/lon written the wrong way round, and a KMZ with a traversal path', () => {
    const text = writeKml(PARCELS);
    expect(failed(readKml(text.slice(0, Math.floor(text.length * 0.6)))).reason).toBe('TRUNCATED_FILE');
    const swapped = text.replace(/(\d+\.\d+),(\d+\.\d+)/g, '$2,$1');
    expect(failed(readKml(swapped)).reason).toBe('SWAPPED_AXES');
    const evil = zipSync({ '../doc.kml': new TextEncoder().encode(text) });
    expect(failed(readKml(evil)).reason).toBe('ARCHIVE_PATH_TRAVERSAL');
  });
});
