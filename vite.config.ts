import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const apiPort = Number(process.env.PORT ?? 8080);
const apiTarget = `http://127.0.0.1:${apiPort}`;

// The client lives in client/; `npm run dev` serves it with hot reload and
// proxies the API paths to the Hono server (server/dev.ts starts both).
export default defineConfig({
  root: fileURLToPath(new URL('./client', import.meta.url)),
  plugins: [svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) })],
  resolve: {
    alias: { '$domain': fileURLToPath(new URL('./domain', import.meta.url)) },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
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
