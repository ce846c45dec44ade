import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

const ALL = ['domain/**/*.test.ts', 'server/**/*.test.ts', 'client/**/*.test.ts', 'geodata/**/*.test.ts', 'tests/**/*.test.ts'];
/** Suites that time frames in the browser: they run after everything else, alone, so no other suite shares the two cores. */
const TIMED = ['tests/e2e/bigmap.e2e.test.ts'];
/**
 * QGIS's own reading of the ledger (tests/qgis/) needs Debian's python3-qgis, which CI does not
 * install (~170 packages). Where it is missing the project is not registered, and the run says so
 * rather than counting a skipped test as a pass.
 */
const QGIS = ['tests/qgis/**/*.test.ts'];
const HAS_PYQGIS = existsSync('/usr/lib/python3/dist-packages/qgis/core');
if (!HAS_PYQGIS) console.log('PyQGIS not installed (apt-get install qgis python3-qgis): the QGIS check (tests/qgis/) is not registered in this run');

export default defineConfig({
  resolve: {
    alias: { '$domain': fileURLToPath(new URL('./domain', import.meta.url)) },
  },
  test: {
    // Browser and GDAL suites start servers and processes; two cores, so keep parallelism modest.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // One seeded template per run; every suite's fresh database is a copy of it.
    globalSetup: ['tests/support/globalSetup.ts'],
    projects: [
      { extends: true, test: { name: 'suite', include: ALL, exclude: [...TIMED, ...QGIS], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'timed', include: TIMED, sequence: { groupOrder: 1 } } },
      ...(HAS_PYQGIS ? [{ extends: true as const, test: { name: 'qgis', include: QGIS, sequence: { groupOrder: 2 } } }] : []),
    ],
  },
});
