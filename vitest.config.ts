import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: {
    alias: { '$domain': fileURLToPath(new URL('./domain', import.meta.url)) },
  },
  test: {
    include: ['domain/**/*.test.ts', 'server/**/*.test.ts', 'client/**/*.test.ts', 'geodata/**/*.test.ts', 'tests/**/*.test.ts'],
    // Browser and GDAL suites start servers and processes; two cores, so keep parallelism modest.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 180_000,
  },
});
