// Module-boundary lint rules (local ESLint plugin, used by eslint.config.mjs).
//   boundaries/core-no-modules:   main/core/** must not import main/modules/** (core is the kernel, modules plug into it).
//   boundaries/module-via-index:  a file outside module <b> (another module, the composition root in main/app,
//                                 the shell in main/desktop, main/http, the entries) imports module <b> only
//                                 through main/modules/<b>/index.ts, never its internals. Files inside a
//                                 module import each other freely.
// Both are errors in eslint.config.mjs; tests/unit/boundaries.test.ts proves they still fire.
// Both look at every static import/export-from, dynamic import() and require() with a relative specifier,
// resolve it against the importing file and compare repository paths, so the depth of the file does not matter.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const modulesDir = path.join(root, 'main', 'modules');
const coreDir = path.join(root, 'main', 'core');
const mainDir = path.join(root, 'main');

const inside = (dir, file) => {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
};

/** The module a path belongs to ("customers" for main/modules/customers/x.ts), or null. */
export function moduleOf(file) {
  if (!inside(modulesDir, file) && file !== modulesDir) return null;
  const [name] = path.relative(modulesDir, file).split(path.sep);
  return name || null;
}

/** Resolved absolute target of a relative specifier, without extension games: `../x/index` and `../x` both count. */
function resolveTarget(fromFile, specifier) {
  if (!specifier.startsWith('.')) return null;
  return path.resolve(path.dirname(fromFile), specifier);
}

/** True when `target` is module <name>'s public entry (main/modules/<name> or main/modules/<name>/index[.ts]). */
export function isModuleEntry(target, name) {
  const dir = path.join(modulesDir, name);
  if (target === dir) return true;
  return path.dirname(target) === dir && /^index(\.[cm]?[jt]sx?)?$/.test(path.basename(target));
}

function visitSpecifiers(context, check) {
  const report = (node) => {
    if (!node || node.type !== 'Literal' || typeof node.value !== 'string') return;
    const target = resolveTarget(context.filename, node.value);
    if (target) check(node, target);
  };
  return {
    ImportDeclaration: (n) => report(n.source),
    ExportNamedDeclaration: (n) => report(n.source),
    ExportAllDeclaration: (n) => report(n.source),
    ImportExpression: (n) => report(n.source),
    CallExpression: (n) => {
      if (n.callee.type === 'Identifier' && n.callee.name === 'require') report(n.arguments[0]);
    },
    TSImportEqualsDeclaration: (n) => {
      if (n.moduleReference.type === 'TSExternalModuleReference') report(n.moduleReference.expression);
    },
  };
}

const coreNoModules = {
  meta: {
    type: 'problem',
    docs: { description: 'main/core must not depend on main/modules' },
    messages: { forbidden: "main/core must not import from main/modules ('{{spec}}'); inject it from the composition root instead." },
    schema: [],
  },
  create(context) {
    if (!inside(coreDir, context.filename)) return {};
    return visitSpecifiers(context, (node, target) => {
      if (inside(modulesDir, target) || target === modulesDir) context.report({ node, messageId: 'forbidden', data: { spec: node.value } });
    });
  },
};

const moduleViaIndex = {
  meta: {
    type: 'problem',
    docs: { description: "code outside a module imports it only through that module's index.ts" },
    messages: { internal: "'{{from}}' reaches into module '{{to}}' ('{{spec}}'); import from '{{to}}/index' instead." },
    schema: [],
  },
  create(context) {
    // Core is covered by core-no-modules (it may not import a module at all); code outside main/ is not checked.
    if (!inside(mainDir, context.filename) || inside(coreDir, context.filename)) return {};
    const from = moduleOf(context.filename) ?? path.relative(root, context.filename).split(path.sep).join('/');
    return visitSpecifiers(context, (node, target) => {
      const to = moduleOf(target);
      if (!to || to === from || isModuleEntry(target, to)) return;
      context.report({ node, messageId: 'internal', data: { from, to, spec: node.value } });
    });
  },
};

export default {
  meta: { name: 'mb-boundaries', version: '1.0.0' },
  rules: { 'core-no-modules': coreNoModules, 'module-via-index': moduleViaIndex },
};
