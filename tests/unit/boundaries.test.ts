// The module-boundary lint rules (scripts/eslint-boundaries.mjs) must keep firing: a rule that silently
// stopped matching would let core import modules again, or modules reach into each other's internals.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const RULES = ['boundaries/core-no-modules', 'boundaries/module-via-index'] as const;

// Plain .mjs files: loaded by URL so TypeScript does not need declarations for them.
const load = async <T>(file: string): Promise<T> => ((await import(pathToFileURL(path.join(root, file)).href)) as { default: T }).default;

let eslint: ESLint;
let projectConfig: Linter.Config[];

beforeAll(async () => {
  const plugin = await load<ESLint.Plugin>('scripts/eslint-boundaries.mjs');
  projectConfig = await load<Linter.Config[]>('eslint.config.mjs');
  eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        // The tree's eslint-disable comments name rules this config does not load.
        linterOptions: { noInlineConfig: true },
        languageOptions: { parser: tseslint.parser },
        plugins: { boundaries: plugin },
        rules: Object.fromEntries(RULES.map((r) => [r, 'error'])),
      },
    ],
  });
});

/** Boundary findings for `code` as if it were the file at `file` (a repository path). */
async function lint(file: string, code: string): Promise<{ rule: string | null; line: number }[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.map((m) => ({ rule: m.ruleId, line: m.line }));
}

describe('module boundaries', () => {
  it('are errors for everything under main/ in the project lint config', () => {
    const severity = (rule: string) => {
      let found: unknown;
      for (const c of projectConfig) if (c.plugins?.boundaries && c.rules?.[rule] !== undefined) found = c.rules[rule];
      return Array.isArray(found) ? found[0] : found;
    };
    for (const rule of RULES) expect([2, 'error'], rule).toContain(severity(rule));
    const block = projectConfig.find((c) => c.plugins?.boundaries);
    expect(block?.files).toEqual(['main/**/*.ts']);
  });

  it('core may not import a module, not even its index or a type', async () => {
    const found = await lint(
      'main/core/fixture.ts',
      [
        "import { SettingsService } from '../modules/settings/service';",
        "import type { User } from '../modules/auth';",
        "export { ops } from '../modules/routers/outbox/ops';",
        "const lazy = () => import('../modules/billing');",
        "import { EventBus } from './events';",
        "import { summary } from '../../shared/summaries';",
        'export { SettingsService, lazy, EventBus, summary };',
        'export type { User };',
      ].join('\n'),
    );
    expect(found).toEqual([1, 2, 3, 4].map((line) => ({ rule: 'boundaries/core-no-modules', line })));
  });

  it("a module reaches another only through its index, at any depth; its own files are free", async () => {
    const found = await lint(
      'main/modules/vouchers/deep/fixture.ts',
      [
        "import { ops } from '../../routers/outbox/ops';", // another module's internals: error
        "import type { RouterService } from '../../routers/service';", // types count too
        "import { Outbox } from '../../routers';", // the index: ok
        "import { Reconciler } from '../../routers/index';", // the index, spelled out: ok
        "import { todayIn } from '../../../../shared/dates';", // shared: ok
        "import { codes } from '../codes';", // own module: ok
        "import type { ModuleContext } from '../../../core/module';", // core: ok
        'export { ops, Outbox, Reconciler, todayIn, codes };',
        'export type { RouterService, ModuleContext };',
      ].join('\n'),
    );
    expect(found).toEqual([1, 2].map((line) => ({ rule: 'boundaries/module-via-index', line })));
  });

  it('the composition root and the shell also go through a module index', async () => {
    const code = "import { SessionStore } from '../modules/auth/sessions';\nimport { UserEntity } from '../modules/auth';\nexport { SessionStore, UserEntity };";
    for (const file of ['main/app/fixture.ts', 'main/desktop/fixture.ts', 'main/http/fixture.ts']) {
      expect(await lint(file, code), file).toEqual([{ rule: 'boundaries/module-via-index', line: 1 }]);
    }
    // Tests may exercise a module's internals directly.
    expect(await lint('tests/unit/fixture.ts', code.replaceAll('../modules', '../../main/modules'))).toEqual([]);
  });

  it('the tree itself has no violations', async () => {
    const results = await eslint.lintFiles(['main/**/*.ts']);
    const findings = (r: ESLint.LintResult) => r.messages.filter((m) => m.fatal || m.ruleId?.startsWith('boundaries/'));
    const violations = results.flatMap((r) => findings(r).map((m) => `${path.relative(root, r.filePath)}:${m.line} ${m.ruleId ?? 'parse'}: ${m.message}`));
    expect(violations).toEqual([]);
  });
});
