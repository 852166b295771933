/// <reference types="node" />
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The admin UI. The same build is served over HTTP (server mode) and loaded from file:// or app:// in
 * Electron, so paths are relative (base './') and routing is hash based.
 */
export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    // `npm run dev:renderer` next to `npx tsx main/server.ts --port 8090`.
    proxy: { '/api': 'http://127.0.0.1:8090' },
  },
});
