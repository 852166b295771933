/// <reference types="node" />
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { ICONS, iconPng } from './icons.mts';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The home-screen icons, drawn at build time (and served by the dev server). */
function icons(): Plugin {
  return {
    name: 'portal-icons',
    generateBundle() {
      for (const i of ICONS) this.emitFile({ type: 'asset', fileName: i.file, source: iconPng(i.size, i.maskable) });
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const icon = ICONS.find((i) => req.url === `/portal/${i.file}`);
        if (!icon) return next();
        res.setHeader('Content-Type', 'image/png');
        res.end(iconPng(icon.size, icon.maskable));
      });
    },
  };
}

/**
 * The customer portal: a small mobile-first SPA (React without Mantine) served by the listener under /portal/,
 * apart from the staff UI. Everything it needs from the server goes through shared/contract/portal.ts.
 */
export default defineConfig({
  root: here,
  base: '/portal/',
  plugins: [react(), icons()],
  build: {
    outDir: '../../dist/portal',
    emptyOutDir: true,
    target: 'es2020',
    // One small bundle: a cheap phone on 3G pays per request.
    modulePreload: { polyfill: false },
  },
  server: {
    // `npx vite --config renderer/portal/vite.config.mts` next to `npx tsx main/server.ts --port 8090`.
    proxy: { '/portal/api': 'http://127.0.0.1:8090', '/portal/files': 'http://127.0.0.1:8090' },
  },
});
