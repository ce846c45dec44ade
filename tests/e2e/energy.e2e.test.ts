/**
 * The Energy tab in a real browser against a freshly seeded server: the
 * coverage rule and figures are shown, the stations' service areas are true
 * geodesic circles (every vertex at the station's radius on CGCS2000, to
 * 0.05 m), clicking a station shows its power load against MWe and its
 * heat/cooling load against MWth, no station shows a load ratio without its
 * basis and its low–high range, and a siting
 * run with k = 3 draws three suggested sites with their circles and fills the
 * numbers beside the planned stations. Candidates placed by clicking the
 * map are the only sites the solver may pick, and an editor turns a
 * suggested site into a planned station.
 */
import type { FeatureCollection, Point, Polygon, Position } from 'geojson';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geodesicDistanceMeters } from '../../domain/siting/geodesic';
import { launchBrowser, startTestServer, type TestUser } from './harness';
import { signIn } from './page';

const EDITOR: TestUser = Object.freeze({ username: 'energy-planner', password: 'long enough passphrase 5', role: 'editor' });

let server: { url: string; close(): Promise<void> } | null = null;
let browser: Browser | null = null;

beforeAll(async () => {
  browser = await launchBrowser();
  if (browser) server = await startTestServer({ users: [EDITOR] });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openEnergyTab(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(server!.url, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
  await page.locator('[data-tab="energy"]').click();
  await page.locator('[data-testid="coverage-summary"]').waitFor({ timeout: 30_000 });
}

/** A GeoJSON source's data as the map holds it (public GeoJSONSource.getData). */
function sourceData<T extends FeatureCollection>(page: Page, sourceId: string): Promise<T> {
  return page.evaluate(async (id) => {
    const source = window.__landLedgerMap!.getSource(id) as unknown as { getData(): Promise<unknown> } | undefined;
    return (source ? await source.getData() : { type: 'FeatureCollection', features: [] }) as never;
  }, sourceId);
}

describe('energy layer (browser)', () => {
  it('draws service areas as geodesic circles and shows a clicked station’s load against capacity', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const page = await browser.newPage();
    try {
      await openEnergyTab(page);
      const coverage = await (await fetch(`${server.url}/api/energy/coverage?includePipeline=true`)).json();
      expect(await page.locator('[data-testid="coverage-rule"]').textContent()).toContain(coverage.ruleZh);
      await expect.poll(() => page.locator('[data-testid="intensity-notice"]').textContent()).toContain('规划假设');

      const areas = await sourceData<FeatureCollection<Polygon>>(page, 'll-energy-service-areas');
      const stations = (await (await fetch(`${server.url}/ogc/collections/energy_stations/items`)).json()).features;
      const withRadius = stations.filter((s: any) => s.properties.serviceRadiusMeters);
      expect(areas.features).toHaveLength(withRadius.length);
      for (const area of areas.features) {
        const station = stations.find((s: any) => String(s.id) === area.properties!.llId);
        const ring = area.geometry.coordinates[0]!;
        expect(ring).toHaveLength(129);
        for (const vertex of [ring[0]!, ring[37]!, ring[90]!]) {
          const meters = geodesicDistanceMeters(station.geometry.coordinates, vertex);
          expect(Math.abs(meters - station.properties.serviceRadiusMeters)).toBeLessThan(0.05);
        }
      }

      // Click the first CCHP station on the map: its details show power against MWe and heat/cooling against MWth, with who carries what.
      const first = coverage.stations[0];
      const point = await page.evaluate(([lon, lat]) => {
        const map = window.__landLedgerMap!;
        map.jumpTo({ center: [lon!, lat!], zoom: 13 });
        const p = map.project([lon!, lat!]);
        const box = map.getCanvas().getBoundingClientRect();
        return { x: box.left + p.x, y: box.top + p.y };
      }, first.position as Position);
      await page.evaluate(() => new Promise<void>((resolve) => window.__landLedgerMap!.once('idle', () => resolve())));
      await page.mouse.click(point.x, point.y);
      const details = page.locator('[data-testid="station-details"]');
      await expect.poll(() => details.textContent(), { timeout: 10_000 }).toContain(first.name);
      const load = details.locator('[data-field="load"]');
      const power = (await load.locator('[data-side="power"]').textContent()) ?? '';
      const heat = (await load.locator('[data-side="heatCooling"]').textContent()) ?? '';
      expect(power).toContain(Math.round(first.loads.central.power.loadKilowatts).toLocaleString('zh-CN'));
      expect(power).toContain('MWe');
      expect(power).toContain('电网');
      expect(heat).toContain(Math.round(first.loads.central.heatCooling.loadKilowatts).toLocaleString('zh-CN'));
      expect(heat).toContain('MWth');
      expect(await details.locator('[data-field="thermal-capacity"]').textContent()).toContain('MWth');
    } finally {
      await page.close();
    }
  });

  it('shows no illustrative station’s load ratio without its basis and its range, and the method in Chinese then English', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const page = await browser.newPage();
    try {
      await openEnergyTab(page);
      const coverage = await (await fetch(`${server.url}/api/energy/coverage?includePipeline=true`)).json();
      const summary = page.locator('[data-testid="coverage-summary"]');
      const rows = summary.locator('[data-testid="station-load-row"]');
      await expect.poll(() => rows.count()).toBe(coverage.stations.length);
      expect(coverage.stations.every((s: any) => s.illustrative)).toBe(true);
      let ratios = 0;
      for (let i = 0; i < coverage.stations.length; i++) {
        const station = coverage.stations[i];
        for (const side of ['power', 'heatCooling'] as const) {
          const cell = rows.nth(i).locator(`[data-side="${side}"]`);
          const ratio = cell.locator('[data-field="load-ratio"]');
          // Every ratio on screen sits beside its range and its basis; none stands alone.
          expect(await ratio.count()).toBe(1);
          ratios++;
          const shown = Number(((await ratio.textContent()) ?? '').replace(/[^\d.]/g, ''));
          expect(shown).toBe(Math.round(100 * station.loads.central[side].loadRatio));
          // The illustrative stations are sized to load 50–150 % under the central assumptions.
          expect(shown).toBeGreaterThanOrEqual(50);
          expect(shown).toBeLessThanOrEqual(150);
          const range = (await cell.locator('[data-field="load-range"]').textContent()) ?? '';
          expect(range).toMatch(/低–高情景 \d+–\d+\s?%/);
          const basis = (await cell.locator('[data-field="load-basis"]').textContent()) ?? '';
          expect(basis).toContain(side === 'power' ? 'MWe' : 'MWth');
          expect(basis).toContain('0.75');
        }
        expect(await rows.nth(i).locator('[data-field="station-radius"]').textContent()).toContain(`${station.radiusMeters.toLocaleString('zh-CN')} m`);
      }
      // No percentage anywhere in the station table that is not one of those ratios or ranges.
      expect(await summary.locator('[data-testid="station-load-row"] [data-field="load-ratio"]').count()).toBe(ratios);
      expect(await summary.locator('[data-testid="illustrative-sizing"]').textContent()).toContain('50–150 %');
      const method = summary.locator('[data-testid="load-method"]');
      expect(await method.textContent()).toContain('负荷同时率');
      expect(await method.locator('[data-field="simultaneity"]').textContent()).toMatch(/0\.75 \/ 0\.60–0\.90/);
      expect(await method.textContent()).toContain('常用规划取值 0.6–0.9');

      await page.locator('[data-testid="lang-toggle"]').click();
      await expect.poll(() => method.textContent()).toContain('simultaneity factor');
      expect(await rows.first().locator('[data-side="power"] [data-field="load-basis"]').textContent()).toContain('electrical capacity (MWe)');
    } finally {
      await page.close();
    }
  });

  it('runs a siting with k = 3 and draws three suggested sites with their numbers', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const page = await browser.newPage();
    try {
      await openEnergyTab(page);
      // Siting runs in the worker pool and needs an editor's sign-in (an anonymous solve could tie up the pool):
      // the form says so to an anonymous planner, instead of letting the solve fail with a 401.
      const needs = page.locator('[data-testid="siting-needs-editor"]');
      await needs.waitFor({ timeout: 10_000 });
      expect(await needs.innerText()).toMatch(/优化选址需要编辑员登录|Siting needs an editor’s sign-in/);
      expect(await page.locator('[data-testid="run-siting"]').isDisabled()).toBe(true);
      await signIn(page, EDITOR);
      await page.locator('[data-tab="energy"]').click();
      expect(await needs.count()).toBe(0);
      await page.locator('[data-tab="energy"]').click();
      expect(await page.locator('#ll-siting-k').inputValue()).toBe('3');
      await page.locator('[data-testid="run-siting"]').click();
      await page.locator('[data-testid="siting-results"]').waitFor({ timeout: 30_000 });

      await expect.poll(async () => (await sourceData<FeatureCollection<Point>>(page, 'll-energy-suggested-sites')).features.length).toBe(3);
      expect(await page.locator('[data-testid="suggested-site-marker"]').count()).toBe(3);
      expect(await page.locator('[data-testid="suggested-site-row"]').count()).toBe(3);

      const circles = await sourceData<FeatureCollection<Polygon>>(page, 'll-energy-suggested-areas');
      const sites = await sourceData<FeatureCollection<Point>>(page, 'll-energy-suggested-sites');
      expect(circles.features).toHaveLength(3);
      const vertex = circles.features[0]!.geometry.coordinates[0]![64]!;
      expect(Math.abs(geodesicDistanceMeters(sites.features[0]!.geometry.coordinates, vertex) - 2500)).toBeLessThan(0.05);

      const suggested = (await page.locator('[data-field="suggested-covered-kw"]').textContent()) ?? '';
      const planned = (await page.locator('[data-field="planned-covered-kw"]').textContent()) ?? '';
      expect(suggested).toMatch(/[\d,]+ kW/);
      expect(planned).toMatch(/[\d,]+ kW/);
      // Which radius each side uses, what each site adds, and the gain over keeping the current stations.
      expect(await page.locator('[data-field="radius-basis"]').textContent()).toContain('2500 m');
      expect(await page.locator('[data-field="newly-covered"]').count()).toBe(3);
      expect(await page.locator('[data-testid="siting-gain"] [data-field="gain-kw"]').textContent()).toMatch(/^[+−][\d,]+ kW$/);
      const stats = page.locator('[data-testid="solver-stats"]');
      expect(await stats.locator('[data-field="optimal"]').getAttribute('data-optimal')).toBe('true');
      expect(await stats.locator('[data-field="gap"]').textContent()).toContain('0.00');
      expect(await stats.locator('[data-field="solve-ms"]').textContent()).toMatch(/ms$/);
      await page.screenshot({ path: 'test-results/energy-siting.png' }).catch(() => undefined);
    } finally {
      await page.close();
    }
  });

  it('solves over candidates placed on the map, and an editor saves a suggested site as a planned station', async (ctx) => {
    if (!browser || !server) return ctx.skip();
    const page = await browser.newPage();
    try {
      await openEnergyTab(page);
      await signIn(page, EDITOR);
      await page.locator('[data-tab="energy"]').click();

      const form = page.locator('[data-testid="siting-form"]');
      await form.locator('input[name="k"]').fill('2');
      await form.locator('input[name="candidateSource"][value="placed"]').check();
      for (const label of ['避开生态保护红线', '避开永久基本农田', '避开已有地块']) await form.getByLabel(label).uncheck();
      await page.locator('[data-testid="place-candidates"]').click();
      const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
      for (const [fx, fy] of [
        [0.35, 0.3],
        [0.5, 0.5],
        [0.42, 0.7],
      ]) {
        await page.mouse.click(box.x + box.width * fx!, box.y + box.height * fy!);
      }
      expect(await form.locator('[data-field="placed-count"]').textContent()).toContain('3');
      const placed = await sourceData<FeatureCollection<Point>>(page, 'll-energy-candidates');
      expect(placed.features).toHaveLength(3);
      // Placing clicks are not parcel selections.
      expect(await page.locator('[data-tab="energy"]').getAttribute('aria-selected')).toBe('true');

      await page.locator('[data-testid="run-siting"]').click();
      await page.locator('[data-testid="siting-results"]').waitFor({ timeout: 30_000 });
      const sites = await sourceData<FeatureCollection<Point>>(page, 'll-energy-suggested-sites');
      expect(sites.features).toHaveLength(2);
      const candidates = placed.features.map((f) => f.geometry.coordinates);
      for (const site of sites.features) expect(candidates).toContainEqual(site.geometry.coordinates);

      const before = (await (await fetch(`${server.url}/ogc/collections/energy_stations/items`)).json()).features.length;
      await page.getByRole('button', { name: '新建为规划站点' }).first().click();
      await page.getByText('已新建站点').first().waitFor({ timeout: 15_000 });
      const stations = (await (await fetch(`${server.url}/ogc/collections/energy_stations/items`)).json()).features;
      expect(stations).toHaveLength(before + 1);
      const created = stations.at(-1);
      expect(created.properties).toMatchObject({ kind: 'cchp', status: 'planned', serviceRadiusMeters: 2500 });
      const [siteLon, siteLat] = sites.features[0]!.geometry.coordinates;
      expect(created.geometry.coordinates[0]).toBeCloseTo(siteLon!, 6);
      expect(created.geometry.coordinates[1]).toBeCloseTo(siteLat!, 6);
      // The new station's service area is drawn too.
      await expect
        .poll(async () => (await sourceData<FeatureCollection<Polygon>>(page, 'll-energy-service-areas')).features.some((f) => f.properties!.llId === String(created.id)))
        .toBe(true);
    } finally {
      await page.close();
    }
  });
});
