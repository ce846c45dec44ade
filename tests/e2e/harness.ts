/**
 * Browser-test harness: builds the client once per run into a temp folder
 * (so tests see the current code, not a stale dist/), serves it with the API
 * over a fresh seeded database on a random loopback port, and launches
 * Debian's Chromium through playwright-core.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { createApp } from '../../server/app';
import { createUser } from '../../server/auth/users.store';
import type { Role } from '../../server/db/schema';
import { listen } from '../support/httpServer';
import { generateDistrict } from '../support/district';
import { createTestDatabase } from '../support/testDatabase';
import { chromiumPath, skipWithout } from '../support/tools';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let builtClientDir: Promise<string> | null = null;

function buildClientOnce(): Promise<string> {
  builtClientDir ??= (async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'land-ledger-client-'));
    await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    return outDir;
  })();
  return builtClientDir;
}

export interface TestUser {
  username: string;
  password: string;
  role: Role;
}

export interface TestServerOptions {
  /** Users created in the fresh database before it is served (for sign-in through the UI). */
  users?: readonly TestUser[];
  /**
   * Adds this many synthetic cadastral parcels (scripts/generate-district.ts)
   * to the suite's database, SQLite or PostgreSQL, before serving.
   */
  syntheticParcels?: number;
  /** Folder of PMTiles basemaps the server offers (LEDGER_BASEMAP_DIR). */
  basemapDir?: string;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<{ url: string; close(): Promise<void> }> {
  const clientDir = await buildClientOnce();
  const database = await createTestDatabase();
  for (const user of options.users ?? []) await createUser(database.db, user.username, user.password, user.role);
  if (options.syntheticParcels) {
    await generateDistrict(database, options.syntheticParcels);
  }
  const server = await listen(createApp(database.db, { clientDir, ...(options.basemapDir ? { basemapDir: options.basemapDir } : {}) }));
  return {
    url: server.url,
    async close() {
      await server.close();
      await database.dispose();
    },
  };
}

/** True when the browser suites must be skipped (no Chromium outside CI). */
export const skipBrowser = skipWithout('Chromium', chromiumPath() !== null);

export async function launchBrowser(): Promise<Browser | null> {
  const executablePath = chromiumPath();
  if (!executablePath) return null;
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export function removeBuiltClient(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
