/** @module Vite build of the dashboard (src/ui -> dist/ui), with a dev proxy to the gateway. */
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const backend = process.env.REALMSTREAM_URL ?? 'http://127.0.0.1:8787';

export default defineConfig({
  root: 'src/ui',
  plugins: [preact()],
  build: { outDir: '../../dist/ui', emptyOutDir: true, chunkSizeWarningLimit: 400 },
  server: {
    proxy: {
      '/healthz': backend,
      '/api': backend,
      '/ws': { target: backend.replace(/^http/, 'ws'), ws: true },
    },
  },
});
