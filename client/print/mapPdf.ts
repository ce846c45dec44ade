/**
 * A printed map (出图) as a PDF file the planner downloads: the map picture
 * on an A4 or A3 sheet, portrait or landscape, with the title, a legend of
 * the visible layers, a scale bar, a north arrow, the date, the data source
 * and the 示意 note when the data is illustrative.
 *
 * Built in the browser with pdf-lib, so the server does no work and the file
 * is ready at once. Chinese needs a font the PDF carries: Noto Sans SC
 * (simplified-Chinese subset from @fontsource/noto-sans-sc, SIL OFL 1.1,
 * fonts/OFL.txt, reduced as fonts/README.md says), embedded whole and
 * compressed (~1.6 MB): pdf-lib's glyph subsetting dropped the outlines of
 * most CJK glyphs of this font (poppler drew blanks), so it is not used. The
 * text is text: searchable, and read back by pdftotext.
 * No DOM, no MapLibre: the caller passes the map picture and the figures.
 */
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import { chooseScaleBar, scaleDenominator } from '../../domain/scaleBar';

/** Paper sizes in PostScript points (1 pt = 1/72 in), portrait. */
export const PAPER_POINTS = { A4: { width: 595.28, height: 841.89 }, A3: { width: 841.89, height: 1190.55 } } as const;
export type Paper = keyof typeof PAPER_POINTS;
export type Orientation = 'portrait' | 'landscape';

const MM = 72 / 25.4;

export interface LegendEntry {
  label: string;
  /** CSS hex colour, #rgb or #rrggbb. */
  color: string;
  shape: 'fill' | 'line' | 'point';
}

export interface MapPdfInput {
  paper: Paper;
  orientation: Orientation;
  title: string;
  /** The map picture (PNG) and its size in pixels: it is fitted into the map frame keeping its aspect. */
  map: { png: Uint8Array; widthPixels: number; heightPixels: number };
  legend: readonly LegendEntry[];
  /** Ground metres across the map picture's width (the map's metres per pixel × its width): the scale bar and 1:N follow from it and the size the picture is printed at. */
  groundWidthMeters: number;
  /** Degrees the map is rotated (MapLibre's bearing): the north arrow turns by minus this. */
  bearingDegrees: number;
  /** Printed as is (the caller formats it for the planner's language). */
  dateText: string;
  sourceText: string;
  /** The 示意 note; null when every layer shown is official. */
  illustrativeNote: string | null;
  /** Small headings for the legend and the north arrow, and the word before 1:N. */
  words: { legend: string; north: string; scale: string };
}

/** #rgb / #rrggbb / rgb() / rgba() → pdf-lib colour; anything else (a CSS name) prints grey rather than failing the sheet. */
export function colourOf(css: string): RGB {
  const fn = /^rgba?\(\s*(\d{1,3})[\s,]+(\d{1,3})[\s,]+(\d{1,3})/i.exec(css.trim());
  if (fn) return rgb(Math.min(255, Number(fn[1])) / 255, Math.min(255, Number(fn[2])) / 255, Math.min(255, Number(fn[3])) / 255);
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(css.trim());
  if (!m) return rgb(0.5, 0.5, 0.5);
  const hex = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  const n = Number.parseInt(hex, 16);
  return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
}

/** The sheet's size in points for the paper and orientation. */
export function sheetPoints(paper: Paper, orientation: Orientation): { width: number; height: number } {
  const p = PAPER_POINTS[paper];
  return orientation === 'portrait' ? { width: p.width, height: p.height } : { width: p.height, height: p.width };
}

/** Shortens `text` with an ellipsis until it fits `maxWidth` at `size`. */
function fitted(font: PDFFont, text: string, size: number, maxWidth: number): string {
  if (font.widthOfTextAtSize(text, size) <= maxWidth) return text;
  let chars = [...text];
  while (chars.length > 1 && font.widthOfTextAtSize(chars.join('') + '…', size) > maxWidth) chars = chars.slice(0, -1);
  return chars.join('') + '…';
}

function drawNorthArrow(page: PDFPage, font: PDFFont, cx: number, cy: number, sizePoints: number, bearingDegrees: number, word: string): void {
  // An arrow pointing to true north: up on the sheet, turned by the map's bearing.
  const angle = (-bearingDegrees * Math.PI) / 180;
  const rotate = (x: number, y: number): [number, number] => [cx + x * Math.cos(angle) - y * Math.sin(angle), cy + x * Math.sin(angle) + y * Math.cos(angle)];
  const h = sizePoints / 2;
  const tip = rotate(0, h);
  const left = rotate(-h * 0.45, -h);
  const right = rotate(h * 0.45, -h);
  const notch = rotate(0, -h * 0.45);
  const black = rgb(0.1, 0.1, 0.1);
  page.drawLine({ start: { x: tip[0], y: tip[1] }, end: { x: left[0], y: left[1] }, thickness: 1, color: black });
  page.drawLine({ start: { x: left[0], y: left[1] }, end: { x: notch[0], y: notch[1] }, thickness: 1, color: black });
  page.drawLine({ start: { x: notch[0], y: notch[1] }, end: { x: right[0], y: right[1] }, thickness: 1, color: black });
  page.drawLine({ start: { x: right[0], y: right[1] }, end: { x: tip[0], y: tip[1] }, thickness: 1, color: black });
  // The filled half: lines from the tip fan across the right half.
  for (let i = 1; i <= 8; i++) {
    const along = i / 8;
    const p = [notch[0] + (right[0] - notch[0]) * along, notch[1] + (right[1] - notch[1]) * along];
    page.drawLine({ start: { x: tip[0], y: tip[1] }, end: { x: p[0]!, y: p[1]! }, thickness: 1.2, color: black });
  }
  const label = word;
  const size = 8;
  page.drawText(label, { x: cx - font.widthOfTextAtSize(label, size) / 2, y: cy + h + 4, size, font, color: black });
}

/** The PDF bytes of one printed sheet; `fontBytes` is the Noto Sans SC file (fonts/NotoSansSC-Regular.ttf). */
export async function buildMapPdf(input: MapPdfInput, fontBytes: Uint8Array | ArrayBuffer): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(input.title);
  pdf.setProducer('Land Ledger 园区用地与能源一张图');
  pdf.setCreationDate(new Date(0));
  pdf.setModificationDate(new Date(0));
  const font = await pdf.embedFont(fontBytes, { subset: false });
  const sheet = sheetPoints(input.paper, input.orientation);
  const page = pdf.addPage([sheet.width, sheet.height]);
  const margin = 12 * MM;
  const ink = rgb(0.1, 0.1, 0.1);
  const soft = rgb(0.35, 0.35, 0.35);

  // Title band.
  const titleSize = input.paper === 'A3' ? 22 : 16;
  const titleText = fitted(font, input.title, titleSize, sheet.width - 2 * margin);
  page.drawText(titleText, { x: margin, y: sheet.height - margin - titleSize, size: titleSize, font, color: ink });
  const bandBottom = sheet.height - margin - titleSize - 6 * MM;

  // Footer: scale bar, north arrow, date, source, 示意 note.
  const footerHeight = 22 * MM;
  const footerTop = margin + footerHeight;
  // Legend column at the right in landscape, a band above the footer in portrait.
  const legendWidth = input.orientation === 'landscape' ? 55 * MM : sheet.width - 2 * margin;
  const rowHeight = 12;
  const legendRows = input.legend.length;
  const legendHeight = input.orientation === 'landscape' ? 0 : Math.min(legendRows, 12) * rowHeight / (legendRows > 6 ? 2 : 1) + 18;

  const frame = {
    x: margin,
    y: footerTop + (input.orientation === 'landscape' ? 4 * MM : legendHeight + 4 * MM),
    width: sheet.width - 2 * margin - (input.orientation === 'landscape' ? legendWidth + 6 * MM : 0),
    height: 0,
  };
  frame.height = bandBottom - frame.y;

  // The map picture, fitted into the frame keeping its aspect, centred.
  const image = await pdf.embedPng(input.map.png);
  const aspect = input.map.widthPixels / input.map.heightPixels;
  let drawWidth = frame.width;
  let drawHeight = drawWidth / aspect;
  if (drawHeight > frame.height) {
    drawHeight = frame.height;
    drawWidth = drawHeight * aspect;
  }
  const mapX = frame.x + (frame.width - drawWidth) / 2;
  const mapY = frame.y + (frame.height - drawHeight) / 2;
  page.drawImage(image, { x: mapX, y: mapY, width: drawWidth, height: drawHeight });
  page.drawRectangle({ x: mapX, y: mapY, width: drawWidth, height: drawHeight, borderColor: ink, borderWidth: 0.8 });

  // North arrow in the map's top-right corner.
  drawNorthArrow(page, font, mapX + drawWidth - 10 * MM, mapY + drawHeight - 14 * MM, 12 * MM, input.bearingDegrees, input.words.north);

  // Legend.
  const legendX = input.orientation === 'landscape' ? sheet.width - margin - legendWidth : margin;
  let legendY = input.orientation === 'landscape' ? bandBottom - 12 : footerTop + legendHeight - 12;
  page.drawText(input.words.legend, { x: legendX, y: legendY, size: 10, font, color: ink });
  legendY -= 16;
  const columns = input.orientation === 'landscape' || legendRows <= 6 ? 1 : 2;
  const columnWidth = legendWidth / columns;
  input.legend.forEach((entry, i) => {
    const column = columns === 1 ? 0 : i % 2;
    const row = columns === 1 ? i : Math.floor(i / 2);
    const x = legendX + column * columnWidth;
    const y = legendY - row * rowHeight;
    if (y < footerTop && input.orientation === 'portrait') return;
    if (y < margin) return;
    const c = colourOf(entry.color);
    if (entry.shape === 'line') page.drawLine({ start: { x, y: y + 3.5 }, end: { x: x + 14, y: y + 3.5 }, thickness: 2, color: c });
    else if (entry.shape === 'point') page.drawCircle({ x: x + 7, y: y + 3.5, size: 3.5, color: c, borderColor: ink, borderWidth: 0.4 });
    else page.drawRectangle({ x, y, width: 14, height: 8, color: c, opacity: 0.8, borderColor: ink, borderWidth: 0.4 });
    page.drawText(fitted(font, entry.label, 8.5, columnWidth - 22), { x: x + 19, y: y + 0.5, size: 8.5, font, color: ink });
  });

  // Scale bar under the map, left: alternating black and white halves, at most 40 mm, a 1-2-5 length (domain/scaleBar.ts).
  const metersPerPoint = input.groundWidthMeters / drawWidth;
  const bar = chooseScaleBar(metersPerPoint, 40 * MM);
  const barWidth = bar?.widthPx ?? 0;
  const barLabel = bar?.label ?? '';
  // scaleDenominator takes metres per CSS pixel (1/96 in); a point is 1/72 in.
  const denominator = scaleDenominator(metersPerPoint * (72 / 96));
  const scaleText = Number.isFinite(denominator) ? `${input.words.scale} 1:${denominator.toLocaleString('en-US')}` : '';
  const barY = margin + footerHeight - 9 * MM;
  page.drawRectangle({ x: margin, y: barY, width: barWidth / 2, height: 4, color: ink });
  page.drawRectangle({ x: margin + barWidth / 2, y: barY, width: barWidth / 2, height: 4, color: rgb(1, 1, 1), borderColor: ink, borderWidth: 0.6 });
  page.drawRectangle({ x: margin, y: barY, width: barWidth, height: 4, borderColor: ink, borderWidth: 0.6 });
  page.drawText('0', { x: margin - 2, y: barY + 7, size: 8, font, color: ink });
  page.drawText(barLabel, { x: margin + barWidth - font.widthOfTextAtSize(barLabel, 8) / 2, y: barY + 7, size: 8, font, color: ink });
  if (scaleText) page.drawText(scaleText, { x: margin, y: barY - 11, size: 8, font, color: soft });

  // Date, source and the 示意 note, right-aligned at the bottom.
  const lines = [input.dateText, input.sourceText, ...(input.illustrativeNote ? [input.illustrativeNote] : [])];
  const textMax = sheet.width - 2 * margin - barWidth - 20 * MM;
  lines.forEach((line, i) => {
    const size = 8;
    const text = fitted(font, line, size, textMax);
    const color = i === 2 ? rgb(0.7, 0.25, 0.05) : soft;
    page.drawText(text, { x: sheet.width - margin - font.widthOfTextAtSize(text, size), y: margin + footerHeight - 6 * MM - i * 11, size, font, color });
  });

  // Without object streams: the page dictionary (its MediaBox) stays plain, as older PDF readers in offices expect.
  return pdf.save({ useObjectStreams: false });
}
