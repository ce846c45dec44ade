/**
 * "打印地图 / Print map": the sheet the layout previews, downloaded as a PDF
 * (client/print/mapPdf.ts). The legend is read from the previewed sheet, so
 * the file lists exactly the layers the preview shows; pdf-lib and the font
 * load on the first download only.
 */
import type { MapSnapshot, PaperOrientation, PaperSize } from '../../state/printLayout.svelte';
import type { LegendEntry } from '../../print/mapPdf';

export interface SheetPdfRequest {
  sheet: HTMLElement;
  paper: PaperSize;
  orientation: PaperOrientation;
  title: string;
  snapshot: MapSnapshot;
  dateText: string;
  sourceText: string;
  illustrativeNote: string | null;
  words: { legend: string; north: string; scale: string };
}

/** The legend rows the previewed sheet shows, with the swatch colour each row draws. */
export function legendOfSheet(sheet: HTMLElement): LegendEntry[] {
  const rows: LegendEntry[] = [];
  for (const li of sheet.querySelectorAll<HTMLLIElement>('.legend-box li')) {
    const label = (li.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (!label) continue;
    const line = li.querySelector('svg line');
    const circle = li.querySelector('svg circle, svg path');
    const fill = li.querySelector<HTMLElement>('span.fill, span');
    if (line) rows.push({ label, color: line.getAttribute('stroke') ?? '#808080', shape: 'line' });
    else if (circle) rows.push({ label, color: circle.getAttribute('fill') ?? getComputedStyle(circle).fill, shape: 'point' });
    else if (fill) rows.push({ label, color: getComputedStyle(fill).backgroundColor, shape: 'fill' });
    else rows.push({ label, color: '#808080', shape: 'fill' });
  }
  return rows;
}

function bytesOfDataUrl(url: string): Uint8Array {
  const base64 = url.slice(url.indexOf(',') + 1);
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Builds the PDF and hands it to the browser as a download named after the title. */
export async function downloadSheetPdf(r: SheetPdfRequest): Promise<void> {
  if (!r.snapshot.imageUrl) throw new Error('no map picture');
  const [{ buildMapPdf }, { default: fontUrl }] = await Promise.all([import('../../print/mapPdf'), import('../../print/fonts/NotoSansSC-Regular.ttf?url')]);
  const font = await (await fetch(fontUrl)).arrayBuffer();
  const png = bytesOfDataUrl(r.snapshot.imageUrl);
  const bytes = await buildMapPdf(
    {
      paper: r.paper,
      orientation: r.orientation,
      title: r.title,
      map: { png, widthPixels: r.snapshot.widthPx, heightPixels: r.snapshot.heightPx },
      legend: legendOfSheet(r.sheet),
      groundWidthMeters: r.snapshot.metersPerPixel * r.snapshot.widthPx,
      bearingDegrees: r.snapshot.bearingDegrees,
      dateText: r.dateText,
      sourceText: r.sourceText,
      illustrativeNote: r.illustrativeNote,
      words: r.words,
    },
    font,
  );
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }));
  link.download = `${r.title.replace(/[\\/:*?"<>|]+/g, '_').slice(0, 80) || 'map'}-${r.paper}.pdf`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}
