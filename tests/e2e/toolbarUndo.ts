/**
 * The drawing toolbar's undo and redo, the same for every drawing session
 * (the parcel draft and a zone, station or line sketch share one undo stack):
 * undoing the first shape leaves nothing drawn, redoing brings the same area back.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

export async function undoAndRedoFirstShape(page: Page, drawnAreaSquareMeters: number): Promise<void> {
  const toolbar = page.locator('[data-testid="edit-toolbar"]');
  expect(await toolbar.locator('[data-testid="redo"]').isDisabled()).toBe(true);
  await toolbar.locator('[data-testid="undo"]').click();
  await expect.poll(() => toolbar.locator('[data-testid="running-area"]').count(), { timeout: 10_000 }).toBe(0);
  expect(await toolbar.locator('[data-testid="undo"]').isDisabled()).toBe(true);
  expect(await toolbar.locator('[data-tool="select"]').isDisabled()).toBe(true);
  // Ctrl+Shift+Z redoes, as the redo button does.
  await page.keyboard.press('Control+Shift+Z');
  await expect
    .poll(async () => Number(await toolbar.locator('[data-testid="running-area"]').getAttribute('data-area-m2')), { timeout: 10_000 })
    .toBe(drawnAreaSquareMeters);
  expect(await toolbar.locator('[data-testid="redo"]').isDisabled()).toBe(true);
  expect(await toolbar.locator('[data-testid="undo"]').isDisabled()).toBe(false);
}
