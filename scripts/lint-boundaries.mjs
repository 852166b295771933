// `npm run lint:boundaries`: the module-boundary rules alone, all as errors, in seconds (no type information):
// main/core imports no main/modules, and code outside a module reaches it only through its index.ts. The
// full lint (eslint.config.mjs) has the same rules as errors, with type information and everything else.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import boundaries from './eslint-boundaries.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['main/**/*.ts'],
      // The files' eslint-disable comments name rules this config does not load.
      linterOptions: { noInlineConfig: true },
      languageOptions: { parser: tseslint.parser },
      plugins: { boundaries },
      rules: { 'boundaries/core-no-modules': 'error', 'boundaries/module-via-index': 'error' },
    },
  ],
});
// Only the boundary rules' findings (and parse errors): not noInlineConfig's notes about those comments.
const results = (await eslint.lintFiles(['main/**/*.ts'])).map((r) => {
  const messages = r.messages.filter((m) => m.ruleId === null ? m.fatal : m.ruleId.startsWith('boundaries/'));
  return { ...r, messages, errorCount: messages.filter((m) => m.severity === 2).length, warningCount: messages.filter((m) => m.severity === 1).length };
});
const counts = {};
for (const r of results) for (const m of r.messages.filter((x) => x.severity === 2)) counts[m.ruleId ?? 'parse'] = (counts[m.ruleId ?? 'parse'] ?? 0) + 1;
console.log((await eslint.loadFormatter('stylish')).format(results));
console.log(Object.keys(counts).length ? Object.entries(counts).map(([rule, n]) => `${rule}: ${n}`).join(', ') : 'no boundary violations');
process.exitCode = Object.keys(counts).length ? 1 : 0;
