/**
 * Vite build step: writes a brotli (.br) and a gzip (.gz) copy beside every
 * text file of the built client, at the highest settings, once per build, so
 * the server (server/http/staticClient.ts) picks one by Accept-Encoding
 * without compressing anything per request.
 */
import type { Plugin } from 'vite';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Text, and uncompressed fonts (the print font, client/print/fonts/: 2.4 MB, ~1.1 MB as brotli). */
const TEXT_FILE = /\.(?:js|mjs|css|html|svg|json|txt|map|ttf|otf)$/;
/** Smaller files gain less than the Content-Encoding header and a second lookup cost. */
const MIN_BYTES = 1024;

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Writes path.br and path.gz for the text files in dir; returns how many files were compressed. */
export async function precompressFolder(dir: string): Promise<number> {
  const files = (await listFiles(dir)).filter((f) => TEXT_FILE.test(f));
  let count = 0;
  await Promise.all(
    files.map(async (file) => {
      const bytes = await readFile(file);
      if (bytes.byteLength < MIN_BYTES) return;
      const [br, gz] = await Promise.all([
        brotliAsync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength } }),
        gzipAsync(bytes, { level: constants.Z_BEST_COMPRESSION }),
      ]);
      await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gz)]);
      count++;
    }),
  );
  return count;
}

export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'land-ledger-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const count = await precompressFolder(outDir);
      this.info?.(`precompressed ${count} files (br, gz)`);
    },
  };
}
