/**
 * The job pool's worker entry in the compiled server: scripts/build-server.ts
 * writes it as dist-server/worker.mjs, beside the code of pool.ts, which
 * starts workers from './worker.mjs'. (Run as TypeScript, server/pool/worker.mjs
 * loads the jobs through tsx instead.)
 */
export { runJob as default } from './jobs';
