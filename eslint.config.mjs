// ESLint flat config (`npm run lint`, also a step of `npm test`). Type-aware rules use the TypeScript
// project service, so each file is checked against the tsconfig that owns it (tsconfig.json for
// main/preload/shared/tests, renderer/tsconfig.json for the renderer).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import boundaries from './scripts/eslint-boundaries.mjs';

const root = import.meta.dirname;

export default defineConfig(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'build/**', 'coverage/**', '.data/**', 'tests/.tmp/**'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error', reportUnusedInlineConfigs: 'error' } },

  // Plain JavaScript (build/test scripts, configs): recommended rules, Node globals, no type information.
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },

  // TypeScript everywhere: recommended + the type-aware rules that catch real bugs.
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Promises: a forgotten await or an async callback where void is expected loses errors silently.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      '@typescript-eslint/restrict-plus-operands': 'error',
      '@typescript-eslint/no-base-to-string': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      // TypeScript itself reports undefined names (and knows the DOM/Node split per project).
      'no-undef': 'off',
    },
  },

  // Renderer: browser globals + React hooks rules.
  {
    files: ['renderer/src/**/*.{ts,tsx}', 'renderer/portal/src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // Stale closures are real bugs: an intentional omission must say why in an eslint-disable comment.
      'react-hooks/exhaustive-deps': 'error',
      // Flags the modals' "reset the form when it opens" effects: one extra render, not a wrong one.
      // Kept visible as a warning until those modals remount per opening (key) instead.
      'react-hooks/set-state-in-effect': 'warn',
    },
  },

  // Module boundaries (scripts/eslint-boundaries.mjs; tests/unit/boundaries.test.ts proves they fire).
  {
    files: ['main/**/*.ts'],
    plugins: { boundaries },
    rules: {
      // main/core is the kernel; modules plug into it. The composition root that wires them is main/app.
      'boundaries/core-no-modules': 'error',
      // Outside a module (other modules, main/app, the shell) it is reached only through its index.ts.
      'boundaries/module-via-index': 'error',
    },
  },
);
