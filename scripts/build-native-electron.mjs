// Builds better-sqlite3 for Electron's ABI into build/native/electron/better_sqlite3.node, which
// electron-builder ships as resources/native (see electron-builder.yml extraResources). The Node
// build in node_modules/better-sqlite3 (used by the tests) is never touched: the work happens on a
// copy in a temp folder. Needs internet (prebuilt download from GitHub, or Electron headers for a
// compile), so it fails on offline machines, with a message saying so.
// Usage: node scripts/build-native-electron.mjs [--arch x64] [--platform win32] [--electron 44.4.1]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1];
};
class Failure extends Error {}
const fail = (message) => {
  throw new Failure(message);
};

function electronVersion() {
  const explicit = opt('electron');
  if (explicit) return explicit;
  const yml = path.join(root, 'electron-builder.yml');
  const m = fs.existsSync(yml) ? /^electronVersion:\s*["']?(\d+\.\d+\.\d+[^\s"']*)/m.exec(fs.readFileSync(yml, 'utf8')) : null;
  if (m) return m[1];
  const pkg = path.join(root, 'node_modules', 'electron', 'package.json');
  if (fs.existsSync(pkg)) return JSON.parse(fs.readFileSync(pkg, 'utf8')).version;
  return fail('no Electron version: set electronVersion in electron-builder.yml (or install electron).');
}

function report(err) {
  console.error(`\nbuild-native-electron: ${err instanceof Failure ? err.message : err?.stack ?? err}`);
  process.exitCode = 1;
}

let version;
try {
  version = electronVersion();
} catch (err) {
  report(err);
  process.exit(1);
}
const arch = opt('arch') ?? process.env.npm_config_arch ?? process.arch;
const platform = opt('platform') ?? process.platform;
const src = path.join(root, 'node_modules', 'better-sqlite3');
const prebuildBin = path.join(root, 'node_modules', 'prebuild-install', 'bin.js');
const nodeGypBin = path.join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
const outDir = path.join(root, 'build', 'native', 'electron');
const out = path.join(outDir, 'better_sqlite3.node');
if (!fs.existsSync(path.join(src, 'package.json'))) {
  report(new Failure('node_modules/better-sqlite3 is missing: run `npm install` first.'));
  process.exit(1);
}

// npm passes its config to scripts as npm_config_* variables; a nodedir/target/runtime from .npmrc
// would make node-gyp build against the wrong headers and silently produce a Node-ABI binary.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^npm_config_(nodedir|target|arch|runtime|disturl|dist_url|build_from_source|platform)$/i.test(k)),
);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mb-native-'));
const pkgDir = path.join(work, 'better-sqlite3');
const built = path.join(pkgDir, 'build', 'Release', 'better_sqlite3.node');
const failures = [];

function attempt(label, args, timeoutMs) {
  console.log(`\n> ${label}`);
  const r = spawnSync(process.execPath, args, { cwd: pkgDir, env, stdio: 'inherit', timeout: timeoutMs });
  if (r.status === 0 && fs.existsSync(built)) return true;
  failures.push(`${label}: ${r.error ? r.error.message : `exit code ${r.status ?? r.signal}`}`);
  return false;
}

/** A binary built for Electron must NOT load in this Node (different NODE_MODULE_VERSION). */
function checkAbi() {
  if (platform !== process.platform || arch !== process.arch) return;
  let abi;
  try {
    abi = createRequire(path.join(root, 'package.json'))('node-abi').getAbi(version, 'electron');
  } catch {
    return;
  }
  const r = spawnSync(process.execPath, ['-e', 'try { process.dlopen({ exports: {} }, process.argv[1]); console.log("loaded") } catch (e) { console.log(e.message) }', built], { encoding: 'utf8' });
  if (!r.stdout.includes(`NODE_MODULE_VERSION ${abi}`)) fail(`the binary is not built for Electron ${version} (ABI ${abi}): ${r.stdout.trim()}`);
}

try {
  console.log(`better-sqlite3 for Electron ${version} (${platform}-${arch}), working in ${work}`);
  fs.cpSync(src, pkgDir, { recursive: true, filter: (p) => path.relative(src, p).split(path.sep)[0] !== 'build' });
  const ok =
    attempt('download a prebuilt binary (prebuild-install)', [prebuildBin, '--runtime', 'electron', '--target', version, '--arch', arch, '--platform', platform, '--verbose'], 3 * 60_000) ||
    (platform === process.platform
      ? attempt('compile from source (node-gyp, Electron headers)', [nodeGypBin, 'rebuild', '--release', `--target=${version}`, `--arch=${arch}`, '--dist-url=https://electronjs.org/headers'], 30 * 60_000)
      : (failures.push(`compile from source: skipped (cannot compile for ${platform} on ${process.platform})`), false));
  if (!ok) {
    // Never leave a binary of unknown ABI for electron-builder to pack.
    fs.rmSync(out, { force: true });
    fail(
      `could not build better-sqlite3 for Electron ${version} (${platform}-${arch}).\n` +
        failures.map((f) => `  - ${f}`).join('\n') +
        '\nBoth ways need internet access (GitHub release downloads, or https://electronjs.org/headers);' +
        ' compiling also needs Python 3 and a C++ toolchain (Visual Studio Build Tools on Windows, build-essential on Linux).' +
        '\nRun `npm run dist` on a machine with internet access. node_modules/better-sqlite3 was not changed.',
    );
  }
  checkAbi();
  fs.mkdirSync(outDir, { recursive: true });
  fs.copyFileSync(built, out);
  console.log(`\nwrote ${path.relative(root, out)} (Electron ${version}, ${platform}-${arch})`);
} catch (err) {
  report(err);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
