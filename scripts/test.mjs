// `npm test`: type-check (main/preload/shared and renderer as separate projects), lint, build, unit + service
// tests, then e2e tests in Chromium against server mode. Ends with one line: "N passed, N failed".
// The e2e browser is looked up first (scripts/find-browser.mjs): none found and none installable means one
// line saying what to install, within seconds, before any other step runs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findBrowser, installBrowser } from './find-browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const only = process.argv[2]; // optional: unit | e2e
const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'mb-test-report-'));
let passed = 0;
let failed = 0;
let skipped = 0;
let broken = false;

function step(title, cmd, args, env = {}) {
  console.log(`\n=== ${title} ===`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`--- ${title}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (r.status !== 0) broken = true;
  return r.status === 0;
}

function vitest(title, config, env = {}) {
  const out = path.join(reports, `${title}.json`);
  step(title, bin('vitest'), ['run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], env);
  if (!fs.existsSync(out)) {
    failed++;
    return;
  }
  const r = JSON.parse(fs.readFileSync(out, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  // A file that fails to load counts as a failure even when it has no test results.
  failed += r.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
}

/** The browser for the e2e step; installs one with playwright-core only when none is on this machine. */
async function e2eBrowser() {
  let found = findBrowser();
  // A wrong MB_CHROMIUM is the user's choice to fix, not a reason to download another browser.
  if (found.path === null && !process.env.MB_CHROMIUM && process.env.MB_NO_BROWSER_INSTALL !== '1' && (await installBrowser())) found = findBrowser();
  if (found.path === null) {
    console.error(found.error);
    fs.rmSync(reports, { recursive: true, force: true });
    process.exit(1);
  }
  console.log(`e2e browser: ${found.path} (${found.source})`);
  return found.path;
}

const runE2e = !only || only === 'e2e';
const browser = runE2e ? await e2eBrowser() : null;

if (!only) {
  step('typecheck main, preload, shared', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
  step('typecheck renderer', bin('tsc'), ['-p', 'renderer/tsconfig.json', '--noEmit']);
  step('typecheck portal', bin('tsc'), ['-p', 'renderer/portal/tsconfig.json', '--noEmit']);
  step('lint', bin('eslint'), ['.']);
}
if (runE2e) step('build', process.execPath, ['scripts/build.mjs']);
if (!only || only === 'unit') vitest('unit', 'vitest.config.mts');
if (runE2e) vitest('e2e', 'vitest.e2e.config.mts', { MB_CHROMIUM: browser });

fs.rmSync(reports, { recursive: true, force: true });
if (broken && failed === 0) failed = 1; // a type error or a build failure is a failure too
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || broken ? 1 : 0);
