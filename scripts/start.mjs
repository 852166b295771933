// `npm start`: the desktop app when the Electron binary can be resolved, otherwise server mode.
// Force either with --desktop / --server or MB_MODE=desktop|server. Other flags pass through
// (--data-dir DIR, --port N, --host ADDR).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const forced = args.includes('--server') ? 'server' : args.includes('--desktop') ? 'desktop' : process.env.MB_MODE;
const passArgs = args.filter((a) => a !== '--server' && a !== '--desktop');

function electronBinary() {
  try {
    const p = require('electron'); // the electron package exports the binary's path
    return typeof p === 'string' && fs.existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function ensureBuilt() {
  const stamp = path.join(root, 'dist', '.build-stamp');
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  const sources = Math.max(...['main', 'shared', 'preload', 'renderer', 'migrations'].map((d) => newestMtime(path.join(root, d))));
  if (built >= sources && fs.existsSync(path.join(root, 'dist/main/server.cjs'))) return;
  console.log('Building the app (first start or sources changed)…');
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  fs.writeFileSync(stamp, new Date().toISOString());
}

ensureBuilt();
const electron = forced === 'server' ? null : electronBinary();
if (forced === 'desktop' && !electron) {
  console.error('Desktop mode was requested, but the Electron binary is not installed (npm could not download it). Run `npm start -- --server` instead.');
  process.exit(1);
}

let child;
if (electron) {
  console.log('Starting Mikrotik Billing in desktop mode (Electron).');
  child = spawn(electron, [root, ...passArgs], { stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined } });
} else {
  if (!forced) console.log('Electron is not available here: starting in server mode.');
  child = spawn(process.execPath, ['--enable-source-maps', path.join(root, 'dist/main/server.cjs'), ...passArgs], { stdio: 'inherit' });
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
