import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const ALL = ['domain/**/*.test.ts', 'server/**/*.test.ts', 'client/**/*.test.ts', 'geodata/**/*.test.ts', 'tests/**/*.test.ts'];
/** Suites that time frames in the browser: they run after everything else, alone, so no other suite shares the two cores. */
const TIMED = ['tests/e2e/bigmap.e2e.test.ts'];

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
      { extends: true, test: { name: 'suite', include: ALL, exclude: TIMED, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'timed', include: TIMED, sequence: { groupOrder: 1 } } },
    ],
  },
});
