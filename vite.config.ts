import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { precompress } from './scripts/precompress';
import { firstPageChunk, preloadLazyChunk } from './scripts/firstPageChunk';

const apiPort = Number(process.env.PORT ?? 8080);
const apiTarget = `http://127.0.0.1:${apiPort}`;

// The client lives in client/; `npm run dev` serves it with hot reload and
// proxies the API paths to the Hono server (server/dev.ts starts both).
export default defineConfig({
  root: fileURLToPath(new URL('./client', import.meta.url)),
  plugins: [svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) }), preloadLazyChunk(fileURLToPath(new URL('./client/map/MapView.svelte', import.meta.url))), precompress()],
  resolve: {
    alias: { '$domain': fileURLToPath(new URL('./domain', import.meta.url)) },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    // One stylesheet: the lazy parts' CSS is a few KB and MapLibre's is needed as soon as the map shows,
    // so separate files would only add requests.
    cssCodeSplit: false,
    // Every browser the app supports has modulepreload; the polyfill would be a chunk of its own.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      preserveEntrySignatures: false,
      output: {
        // MapLibre changes only when the dependency does: its own chunk keeps its hash (and the
        // browser's year-long copy) across releases of the app. Panels split off by import() in the components.
        codeSplitting: {
          groups: [
            { name: 'maplibre', test: /node_modules[\\/]maplibre-gl[\\/]/, priority: 10 },
            // The first page's code is one chunk (see scripts/firstPageChunk.ts).
            { name: firstPageChunk(fileURLToPath(new URL('./client/main.ts', import.meta.url))), debugName: 'first page', priority: 5 },
          ],
        },
      },
    },
  },
  server: {
    port: Number(process.env.VITE_PORT ?? 5173),
    proxy: {
      '/api': apiTarget,
      '/ogc': apiTarget,
      '/tiles': apiTarget,
    },
  },
});
