/**
 * Page helpers the browser suites share: open the app and wait for the map,
 * sign in through the dialog, frame the map on a place, turn lon/lat into
 * page pixels for mouse work, and read a dashboard row's figure.
 */
import type { Position, Polygon } from 'geojson';
import type { Page } from 'playwright-core';

export interface PageUser {
  username: string;
  password: string;
  role: 'viewer' | 'editor' | 'admin';
}

/** Opens the app at `url` and waits until the map has its data layers. */
export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
}

/** Signs in through the login dialog and waits until the header shows the role. */
export async function signIn(page: Page, user: PageUser): Promise<void> {
  await page.locator('[data-testid="sign-in"]').click();
  await page.locator('[data-testid="login-username"]').fill(user.username);
  await page.locator('[data-testid="login-password"]').fill(user.password);
  await page.locator('[data-testid="login-submit"]').click();
  await page.locator(`[data-testid="session-user"][data-role="${user.role}"]`).waitFor({ timeout: 15_000 });
}

/** Centres the map on `lonLat` at `zoom` and waits until it has settled. */
export async function frame(page: Page, lonLat: Position, zoom: number): Promise<void> {
  await page.evaluate(
    ([lon, lat, z]) =>
      new Promise<void>((resolve) => {
        const map = window.__landLedgerMap!;
        map.once('idle', () => resolve());
        map.jumpTo({ center: [lon!, lat!], zoom: z! });
      }),
    [lonLat[0]!, lonLat[1]!, zoom],
  );
}

/** Page pixels of a lon/lat (canvas offset added). */
export async function toPagePixels(page: Page, lonLat: Position): Promise<{ x: number; y: number }> {
  return page.evaluate(([lon, lat]) => {
    const map = window.__landLedgerMap!;
    const p = map.project([lon!, lat!]);
    const rect = map.getCanvas().getBoundingClientRect();
    return { x: rect.left + p.x, y: rect.top + p.y };
  }, [lonLat[0]!, lonLat[1]!]);
}

/** The centre of an axis-aligned square (tests/support/places.ts squareAt). */
export const centreOf = (square: Polygon): Position => {
  const ring = square.coordinates[0]!;
  return [(ring[0]![0]! + ring[2]![0]!) / 2, (ring[0]![1]! + ring[2]![1]!) / 2];
};

/** The raw secured figure of a dashboard row (its data-secured-value). */
export async function securedValue(page: Page, target: string): Promise<number> {
  return Number(await page.locator(`.dashboard [data-target="${target}"]`).first().getAttribute('data-secured-value'));
}
