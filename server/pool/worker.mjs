/**
 * Worker-thread entry for the job pool (pool.ts). The server runs its
 * TypeScript through tsx, and vitest through Vite; a worker thread inherits
 * neither loader reliably, so it loads the jobs with tsx's own API, which
 * registers tsx for this import only and works under both.
 */
import { tsImport } from 'tsx/esm/api';

const { runJob } = await tsImport('./jobs.ts', import.meta.url);

export default runJob;
