// `npm test`: type-check (main/preload/shared and renderer as separate projects), build, unit + service
// tests, then e2e tests in Chromium against server mode. Ends with one line: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

function vitest(title, config) {
  const out = path.join(reports, `${title}.json`);
  step(title, bin('vitest'), ['run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
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

if (!only) {
  step('typecheck main, preload, shared', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
  step('typecheck renderer', bin('tsc'), ['-p', 'renderer/tsconfig.json', '--noEmit']);
}
if (!only || only === 'e2e') step('build', process.execPath, ['scripts/build.mjs']);
if (!only || only === 'unit') vitest('unit', 'vitest.config.mts');
if (!only || only === 'e2e') vitest('e2e', 'vitest.e2e.config.mts');

fs.rmSync(reports, { recursive: true, force: true });
if (broken && failed === 0) failed = 1; // a type error or a build failure is a failure too
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || broken ? 1 : 0);
