/**
 * `npm run build` (after the client): compiles the server, with the domain
 * code it imports, to dist-server/ as plain JavaScript, so `npm start` runs
 * node on it and nothing is transpiled at run time. Packages stay imports of
 * node_modules (better-sqlite3 and pg load native code and their own files).
 * Entries: main.mjs (server/main.ts: supervisor and server processes) and
 * worker.mjs (the job pool's worker thread, found beside pool.ts's code).
 */
import { rmSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const REPO = fileURLToPath(new URL('..', import.meta.url));
export const SERVER_OUT_DIR = join(REPO, 'dist-server');

/** Only the project's own files are compiled in; bare specifiers (packages, node: builtins) stay imports. */
const isPackage = (id: string) => !id.startsWith('.') && !isAbsolute(id) && !id.startsWith('\0');

export async function buildServer(outDir = SERVER_OUT_DIR): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  await build({
    cwd: REPO,
    input: { main: join(REPO, 'server/main.ts'), worker: join(REPO, 'server/pool/worker.compiled.ts') },
    platform: 'node',
    external: isPackage,
    logLevel: 'warn',
    output: {
      dir: outDir,
      format: 'esm',
      entryFileNames: '[name].mjs',
      chunkFileNames: '[name]-[hash].mjs',
      sourcemap: true,
    },
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildServer();
  console.log(`compiled the server to ${SERVER_OUT_DIR}`);
}
