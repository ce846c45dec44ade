/**
 * The print layout (出图) in a real browser over a freshly seeded server:
 * opened from the header, set to A3 landscape with a title of our own, it
 * lays out the map picture (read from the canvas, not blank), a scale bar
 * whose length agrees with the map's own scale, a north arrow, the legend of
 * the visible layers (a layer switched off is not in it), the date, the data source and the 示意 note; printed
 * through Chromium's PDF backend with the sheet's @page size, the PDF is one
 * A3 landscape page (1190.55 × 841.89 pt); and in English, poppler's
 * pdftotext reads the title, the legend entries and the scale out of it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PARCEL_STATUS_LABELS, PARCEL_STATUSES } from '../../domain/parcel.schema';
import { hasPdftotext, skipWithout } from '../support/tools';
import { launchBrowser, startTestServer } from './harness';
import { openApp } from './page';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let server: { url: string; close(): Promise<void> } | null = null;
let browser: Browser | null = null;

/** ISO 216 A3 in PostScript points (1/72 in): 297 × 420 mm. */
const A3_LANDSCAPE_PT = { width: (420 / 25.4) * 72, height: (297 / 25.4) * 72 };

beforeAll(async () => {
  browser = await launchBrowser();
  if (browser) server = await startTestServer();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Every page's MediaBox [x0 y0 x1 y1] in the PDF's (uncompressed) page dictionaries. */
function mediaBoxes(pdf: Buffer): number[][] {
  const text = pdf.toString('latin1');
  return [...text.matchAll(/\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/g)].map((m) => m.slice(1, 5).map(Number));
}

/** The text of a PDF as poppler reads it (what a planner copies out of the file, or a search indexes). */
function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'land-ledger-print-'));
  try {
    writeFileSync(join(dir, 'map.pdf'), pdf);
    return execFileSync('pdftotext', ['-raw', join(dir, 'map.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Serious and critical axe-core violations on the page as it is now (the context bypasses the CSP to inject axe). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

describe('print layout (browser)', () => {
  it('lays out an A3 landscape sheet with title, scale, north arrow, legend and 示意 note, and prints it as one A3 landscape PDF page', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await openApp(page, server.url);
      // Energy lines switched off: the printed legend must leave them out (it follows the visible layers).
      await page.getByRole('tab', { name: '图层' }).click();
      await page.locator('input[data-layer="energyLines"]').uncheck();

      await page.getByRole('button', { name: '出图' }).click();
      const layout = page.getByRole('dialog', { name: '出图排版' });
      await layout.waitFor();
      await layout.getByLabel('纸张').selectOption('A3');
      await layout.getByRole('radio', { name: '横向' }).check();
      await layout.getByLabel('标题').fill('万盛经开区用地现状图（测试）');
      await page.locator('[data-testid="print-picture"]').waitFor({ timeout: 30_000 });

      const sheet = page.locator('[data-testid="print-sheet"]');
      expect(await sheet.getAttribute('data-paper')).toBe('A3');
      expect(await sheet.getAttribute('data-orientation')).toBe('landscape');
      expect(await page.locator('[data-testid="print-title"]').textContent()).toBe('万盛经开区用地现状图（测试）');

      // The picture is the map as drawn (read inside MapLibre's render event), not an empty buffer:
      // many pixels differ from the background, and it was taken at 2 device pixels per CSS pixel.
      const picture = await page.evaluate(async () => {
        const img = document.querySelector<HTMLImageElement>('[data-testid="print-picture"]')!;
        await img.decode();
        const canvas = document.createElement('canvas');
        [canvas.width, canvas.height] = [img.naturalWidth, img.naturalHeight];
        const g = canvas.getContext('2d')!;
        g.drawImage(img, 0, 0);
        const { data } = g.getImageData(0, 0, canvas.width, canvas.height);
        const colours = new Set<number>();
        let painted = 0;
        for (let i = 0; i < data.length; i += 4 * 97) {
          colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
          if (data[i + 3]! > 0) painted++;
        }
        const mapCanvas = window.__landLedgerMap!.getCanvas();
        return { colours: colours.size, painted, samples: data.length / (4 * 97), naturalWidth: img.naturalWidth, mapWidth: mapCanvas.clientWidth };
      });
      expect(picture.colours).toBeGreaterThan(20);
      expect(picture.painted / picture.samples).toBeGreaterThan(0.99);
      expect(picture.naturalWidth).toBe(picture.mapWidth * 2);

      // The scale bar: a round length whose drawn width is that length at the sheet's scale, worked
      // out here from the map itself (spherical distance across the centre; CGCS2000 differs < 0.5%).
      const scale = page.locator('[data-testid="print-scale"]');
      const label = await page.locator('[data-testid="print-scale-label"]').textContent();
      expect(label).toMatch(/^(1|2|5)0* (m|km)$/);
      expect(await scale.textContent()).toMatch(/比例尺 1:[\d,]+/);
      const lengthMeters = Number(await scale.getAttribute('data-length-meters'));
      const widthPx = Number(await scale.getAttribute('data-width-px'));
      const expectedMetersPerSheetPx = await page.evaluate(() => {
        const map = window.__landLedgerMap!;
        const c = map.getCanvas();
        const [x, y] = [c.clientWidth / 2, c.clientHeight / 2];
        const a = map.unproject([x - 50, y]);
        const b = map.unproject([x + 50, y]);
        const rad = Math.PI / 180;
        const h = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lng - a.lng) * rad) / 2) ** 2;
        const metersPerMapPx = (2 * 6371008.8 * Math.asin(Math.sqrt(h))) / 100;
        const frame = document.querySelector<HTMLElement>('[data-testid="print-frame"]')!;
        const cover = Math.max(frame.clientWidth / c.clientWidth, frame.clientHeight / c.clientHeight);
        return metersPerMapPx / cover;
      });
      expect((widthPx * expectedMetersPerSheetPx) / lengthMeters).toBeGreaterThan(0.995);
      expect((widthPx * expectedMetersPerSheetPx) / lengthMeters).toBeLessThan(1.005);
      expect(widthPx).toBeLessThanOrEqual((40 * 96) / 25.4 + 0.01);

      await expect.poll(() => page.locator('[data-testid="print-north-arrow"]').getAttribute('aria-label')).toBe('指北针');
      expect(await page.locator('[data-testid="print-north-arrow"] figcaption').textContent()).toBe('北');

      // The legend lists the visible layers: every parcel status (parcels coloured by status) and the zones.
      const legend = page.locator('[data-testid="print-sheet"] .legend');
      const legendText = await legend.textContent();
      for (const status of PARCEL_STATUSES) expect(legendText).toContain(PARCEL_STATUS_LABELS[status].zh);
      expect(legendText).toContain('特色产业园');
      expect(await page.locator('[data-testid="print-illustrative"]').textContent()).toContain('示意');
      expect(await page.locator('[data-testid="print-date"] time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(await page.locator('[data-testid="print-source"]').textContent()).toContain('万盛经开发〔2023〕3号');
      // Zone names, HTML on the map, are carried onto the sheet as text.
      expect(await page.locator('[data-testid="print-frame"] .zone-label').count()).toBeGreaterThan(0);

      expect(legendText).toContain('天然气门站');
      expect(legendText).not.toContain('天然气干线');

      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const boxes = mediaBoxes(pdf);
      expect(boxes).toHaveLength(1);
      const [x0, y0, x1, y1] = boxes[0]!;
      expect(Math.abs(x1! - x0! - A3_LANDSCAPE_PT.width)).toBeLessThan(1);
      expect(Math.abs(y1! - y0! - A3_LANDSCAPE_PT.height)).toBeLessThan(1);
      // The map picture is in the PDF as an image, not dropped by the print media rules.
      expect(pdf.toString('latin1')).toMatch(/\/Subtype\s*\/Image/);

      // 打印地图 downloads the sheet as a PDF made in the page, with its own Chinese font: pdftotext reads
      // the Chinese title, every legend row and the scale although this Chromium has no CJK font.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '打印地图' }).click()]);
      expect(download.suggestedFilename()).toMatch(/-A3\.pdf$/);
      const file = readFileSync((await download.path())!);
      expect(mediaBoxes(file)).toHaveLength(1);
      const [dx0, dy0, dx1, dy1] = mediaBoxes(file)[0]!;
      expect(Math.abs(dx1! - dx0! - A3_LANDSCAPE_PT.width)).toBeLessThan(1);
      expect(Math.abs(dy1! - dy0! - A3_LANDSCAPE_PT.height)).toBeLessThan(1);
      if (!skipWithout('pdftotext (poppler-utils)', hasPdftotext())) {
        const words = pdfText(file).replace(/\s+/g, '');
        expect(words).toContain((await page.locator('[data-testid="print-title"]').textContent())!.replace(/\s+/g, ''));
        for (const status of PARCEL_STATUSES) expect(words).toContain(PARCEL_STATUS_LABELS[status].zh);
        expect(words).toContain('天然气门站');
        expect(words).toContain(label!.replace(/\s+/g, ''));
        expect(words).toMatch(/比例尺1:[\d,]+/);
        expect(words).toContain('示意');
        expect(words).toContain('万盛经开发〔2023〕3号');
      }
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('speaks English on request, offers “Print map”, prints a PDF whose text (pdftotext) has the title, legend and scale, and closes with Escape', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await openApp(page, server.url);
      await page.locator('[data-testid="lang-toggle"]').click();
      const opener = page.getByRole('button', { name: 'Print layout' });
      await opener.click();
      const layout = page.getByRole('dialog', { name: 'Print layout' });
      await layout.waitFor();
      await page.locator('[data-testid="print-picture"]').waitFor({ timeout: 30_000 });
      await expect.poll(() => layout.getByRole('button', { name: 'Print map' }).isEnabled()).toBe(true);
      // “Print from browser” hands the sheet to the browser's print dialog (stubbed here: headless has none to show).
      await page.evaluate(() => {
        (window as unknown as { printed: number }).printed = 0;
        window.print = () => void (window as unknown as { printed: number }).printed++;
      });
      await layout.getByRole('button', { name: 'Print from browser' }).click();
      expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
      expect(await page.locator('[data-testid="print-title"]').textContent()).toBe('Wansheng ETDZ park land and energy map');
      expect(await page.locator('[data-testid="print-scale"]').textContent()).toMatch(/Scale 1:[\d,]+/);
      expect(await page.locator('[data-testid="print-illustrative"]').textContent()).toMatch(/^Illustrative \(示意\)/);
      expect(await page.locator('[data-testid="print-north-arrow"] figcaption').textContent()).toBe('N');
      // Portrait A4 by choice: the @page rule the PDF takes its size from follows.
      await layout.getByRole('radio', { name: 'Portrait' }).check();
      expect(await page.evaluate(() => document.querySelector('style[data-print-page]')?.textContent)).toBe('@page { size: A4 portrait; margin: 0; }');
      // The PDF carries the sheet's words as text. Read in English: a CI machine's Chromium may have Latin
      // fonts only, while a planner's browser has CJK fonts for the Chinese sheet.
      if (!skipWithout('pdftotext (poppler-utils)', hasPdftotext())) {
        // Compared without white space: which gaps pdftotext reads as spaces depends on the fonts installed
        // (with Noto CJK present, "Under construction" comes out as "Underconstruction").
        const squash = (x: string) => x.replace(/\s+/g, '');
        const text = squash(pdfText(await page.pdf({ preferCSSPageSize: true, printBackground: true })));
        expect(text).toContain(squash('Wansheng ETDZ park land and energy map'));
        for (const status of PARCEL_STATUSES) expect(text).toContain(squash(PARCEL_STATUS_LABELS[status].en));
        const scaleLabel = (await page.locator('[data-testid="print-scale-label"]').textContent())!;
        const denominator = Number(await page.locator('[data-testid="print-scale"]').getAttribute('data-denominator'));
        expect(text).toContain(squash(scaleLabel));
        expect(text).toContain(squash(`Scale 1:${denominator.toLocaleString('en')}`));
        expect(text).toContain('Illustrative');
        expect(text).toMatch(/Date\d{4}-\d{2}-\d{2}/);
      }
      await page.keyboard.press('Escape');
      await layout.waitFor({ state: 'detached' });
      expect(await page.evaluate(() => document.querySelector('style[data-print-page]'))).toBeNull();
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('print-open');
    } finally {
      await context.close();
    }
  }, 120_000);
});
