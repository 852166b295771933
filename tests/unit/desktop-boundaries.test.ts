import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOTS = ['main', 'preload', 'shared', 'migrations', 'renderer/src'];
/** Desktop files that must stay electron-free (their logic is tested here, in plain Node). */
const PURE = ['main/desktop/trust.ts', 'main/desktop/renderer-files.ts', 'main/desktop/updater-policy.ts', 'main/desktop/print-options.ts', 'main/desktop/clients.ts', 'main/desktop/startup.ts'];
const ELECTRON_IMPORT = /(?:from\s+|require\(\s*|import\(\s*)['"]electron(?:\/[a-z]+)?['"]/;

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : /\.(ts|tsx|mts|cts)$/.test(e.name) ? [p] : [];
  });
}

describe('electron stays in the desktop shell', () => {
  it('is imported only under main/desktop/ and preload/', () => {
    const offenders = ROOTS.flatMap(walk)
      .map((f) => f.split(path.sep).join('/'))
      .filter((f) => !f.startsWith('main/desktop/') && !f.startsWith('preload/'))
      .filter((f) => ELECTRON_IMPORT.test(fs.readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('is not imported by the pure desktop modules, nor by anything they import from main/desktop', () => {
    for (const f of PURE) {
      const src = fs.readFileSync(f, 'utf8');
      expect(ELECTRON_IMPORT.test(src), f).toBe(false);
      for (const m of src.matchAll(/from\s+'\.\/([\w-]+)'/g)) expect(PURE, `${f} imports ./${m[1]}`).toContain(`main/desktop/${m[1]}.ts`);
    }
  });
});
