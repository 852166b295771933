// Builds everything the app runs from: dist/main/*.cjs (esbuild), dist/preload/index.cjs, dist/renderer and dist/portal (vite).
// Usage: node scripts/build.mjs [--main-only|--renderer-only]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const t0 = Date.now();

async function buildMain() {
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    // Dependencies stay in node_modules (native modules, electron-builder packs production deps).
    packages: 'external',
    logLevel: 'warning',
    absWorkingDir: root,
  };
  await build({ ...common, entryPoints: { server: 'main/server.ts' }, outdir: 'dist/main', outExtension: { '.js': '.cjs' } });
  if (fs.existsSync(path.join(root, 'main/desktop/main.ts'))) {
    await build({ ...common, entryPoints: { desktop: 'main/desktop/main.ts' }, outdir: 'dist/main', outExtension: { '.js': '.cjs' }, external: ['electron'] });
  }
  if (fs.existsSync(path.join(root, 'preload/index.ts'))) {
    // A sandboxed preload may only require('electron'): bundle everything else into it.
    await build({ ...common, packages: undefined, external: ['electron'], platform: 'node', entryPoints: { index: 'preload/index.ts' }, outdir: 'dist/preload', outExtension: { '.js': '.cjs' } });
  }
}

function buildRenderer(config = 'renderer/vite.config.mts') {
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', config, '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!args.has('--renderer-only')) await buildMain();
if (!args.has('--main-only') && fs.existsSync(path.join(root, 'renderer/vite.config.mts'))) buildRenderer();
// The customer portal (its own small SPA under /portal/, dist/portal).
if (!args.has('--main-only') && fs.existsSync(path.join(root, 'renderer/portal/vite.config.mts'))) buildRenderer('renderer/portal/vite.config.mts');
console.log(`build done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
