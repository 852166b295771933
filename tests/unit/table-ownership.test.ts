// Issue 11: each module owns its tables. Other modules read them through the owner's exported queries (never
// their own SQL, never the owner's entity), and a migration changes only its own module's tables.
//
// Ownership is declared once: the `TABLES` export of each module's index.ts, and core's CORE_TABLES
// (main/core/tables.ts). The scan is textual: SQL keywords (FROM, JOIN, UPDATE, INTO, TABLE, ON) followed by
// a known table name, in main/modules/**/*.ts and migrations/*.ts. The self-checks at the end prove it fires.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORE_TABLES } from '../../main/core/tables';

const root = path.resolve(import.meta.dirname, '../..');
const modulesDir = path.join(root, 'main/modules');
const migrationsDir = path.join(root, 'migrations');

/**
 * Migrations that shipped before this rule: append-only history (their checksums are in every database),
 * never edited. Each touched other modules' tables when modules did not own tables yet.
 */
const EXEMPT_MIGRATIONS: Record<string, string> = {
  '1764043200000-Spine.ts': 'creates core, auth, settings, audit and jobs tables in one migration',
  '1764100000000-Routers.ts': 'routers tables only, but has no module header (shipped before the rule)',
  '1764200000000-Billing.ts': 'creates counters (core) and customers next to billing, and alters routers (isolation_profile)',
  '1764300000000-Vouchers.ts': "alters routers (hotspot_token, hotspot_dns) for the vouchers' hotspot reports",
  '1764400000000-VoucherTemplates.ts': 'vouchers tables only, but has no module header (shipped before the rule)',
  '1764500000000-OutletStock.ts': 'vouchers tables only, but has no module header (shipped before the rule)',
  '1764600000000-BillingTruth.ts': 'alters customers (npwp, printed on invoices) next to the billing tables',
  '1764700000000-LoginGuard.ts': 'auth tables only, but has no module header (shipped before the rule)',
  '1764800000000-VoucherExpiryOwner.ts': 'vouchers tables only, but has no module header (shipped before the rule)',
};

/**
 * Known cross-module table uses still waiting to move to owner queries: (module, table, file, reason). Empty:
 * every module reads others' tables through their exports. An entry here is a debt to pay, and the test fails
 * when an entry no longer matches anything (so the list cannot go stale).
 */
const ALLOWED: { module: string; table: string; file: string; reason: string }[] = [];

/** A migration names its module in a header line: `// module: billing` (or `core`). */
const MODULE_HEADER = /^\/\/ module: ([a-z]+)\s*$/m;

interface Violation {
  module: string;
  table: string;
  owner: string;
  file: string;
  line: number;
  how: 'sql' | 'entity';
}

type Owners = Map<string, string>;

/** Block and line comments out (keeping line numbers), so prose does not count as SQL. */
function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`])\/\/[^\n]*/g, (m, pre: string) => pre + ' '.repeat(m.length - pre.length));
}

/** [table, line] for every SQL mention of a known table. Keywords are upper case, as all SQL here is written. */
function tablesIn(src: string, owners: Owners): [string, number][] {
  const out: [string, number][] = [];
  const re = /\b(?:FROM|JOIN|UPDATE|INTO|TABLE(?:\s+IF\s+(?:NOT\s+)?EXISTS)?|ON)\s+([a-z_][a-z0-9_]*)\b/g;
  const text = stripComments(src);
  for (const m of text.matchAll(re)) {
    if (owners.has(m[1]!)) out.push([m[1]!, text.slice(0, m.index).split('\n').length]);
  }
  return out;
}

/** Violations in one module file: SQL naming another owner's table, or importing another module's entity. */
function scanModuleSource(module: string, file: string, src: string, owners: Owners, entityOwners: Map<string, string>): Violation[] {
  const out: Violation[] = [];
  for (const [table, line] of tablesIn(src, owners)) {
    const owner = owners.get(table)!;
    if (owner !== module) out.push({ module, table, owner, file, line, how: 'sql' });
  }
  for (const m of src.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'\.\.\/([a-z]+)'/g)) {
    for (const name of m[1]!.split(',').map((n) => n.trim().replace(/^type\s+/, ''))) {
      const table = entityOwners.get(name);
      if (table && m[2] !== module) out.push({ module, table, owner: m[2]!, file, line: src.slice(0, m.index).split('\n').length, how: 'entity' });
    }
  }
  return out;
}

/** Problems of one migration file: no module header, or a statement on a table its module does not own. */
function scanMigration(file: string, src: string, owners: Owners): string[] {
  const header = MODULE_HEADER.exec(src);
  if (!header) return [`${file}: no "// module: <name>" header`];
  const module = header[1]!;
  const problems: string[] = [];
  if (![...owners.values()].includes(module) && module !== 'core') problems.push(`${file}: unknown module ${module}`);
  for (const created of stripComments(src).matchAll(/\bCREATE TABLE(?:\s+IF NOT EXISTS)?\s+([a-z_][a-z0-9_]*)/g)) {
    if (!owners.has(created[1]!)) problems.push(`${file}: creates ${created[1]!}, which no TABLES export declares`);
  }
  for (const [table, line] of tablesIn(src, owners)) {
    if (owners.get(table) !== module) problems.push(`${file}:${line}: module ${module} touches ${table} (owned by ${owners.get(table)!})`);
  }
  return problems;
}

const walk = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));

const moduleNames = fs.readdirSync(modulesDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

let owners: Owners;
/** Exported entity name → table, from each module's index (TypeORM entities carry their table name). */
let entityOwners: Map<string, string>;
let declared: Record<string, readonly string[] | undefined>;

beforeAll(async () => {
  declared = {};
  entityOwners = new Map();
  for (const m of moduleNames) {
    const index = (await import(pathToFileURL(path.join(modulesDir, m, 'index.ts')).href)) as Record<string, unknown>;
    declared[m] = index.TABLES as readonly string[] | undefined;
    for (const [name, value] of Object.entries(index)) {
      const table = (value as { options?: { tableName?: unknown } } | null)?.options?.tableName;
      if (name.endsWith('Entity') && typeof table === 'string') entityOwners.set(name, table);
    }
  }
  owners = new Map();
  for (const t of CORE_TABLES) owners.set(t, 'core');
  for (const m of moduleNames) for (const t of declared[m] ?? []) owners.set(t, owners.has(t) ? `${owners.get(t)!}+${m}` : m);
}, 60_000);

describe('table ownership', () => {
  it('every module declares TABLES; each table has exactly one owner; every entity table is declared by its module', () => {
    expect(moduleNames.filter((m) => !Array.isArray(declared[m]))).toEqual([]);
    expect([...owners].filter(([, o]) => o.includes('+'))).toEqual([]);
    const undeclared = [...entityOwners.values()].filter((t) => !owners.has(t));
    expect(undeclared).toEqual([]);
  });

  it('every table the migrations create has an owner', () => {
    const created = fs
      .readdirSync(migrationsDir)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [...fs.readFileSync(path.join(migrationsDir, f), 'utf8').matchAll(/\bCREATE TABLE(?:\s+IF NOT EXISTS)?\s+([a-z_][a-z0-9_]*)/g)].map((m) => m[1]!));
    expect(created.length).toBeGreaterThan(20);
    expect(created.filter((t) => !owners.has(t))).toEqual([]);
  });

  it("modules name only their own tables in SQL and use no other module's entity", () => {
    const found: Violation[] = [];
    let mentions = 0;
    for (const m of moduleNames) {
      for (const file of walk(path.join(modulesDir, m))) {
        const src = fs.readFileSync(file, 'utf8');
        mentions += tablesIn(src, owners).length;
        found.push(...scanModuleSource(m, path.relative(root, file), src, owners, entityOwners));
      }
    }
    // The scan sees the modules' SQL at all (a regex that matched nothing would pass everything).
    expect(mentions).toBeGreaterThan(150);
    const allowed = (v: Violation) => ALLOWED.some((a) => a.module === v.module && a.table === v.table && a.file === v.file);
    expect(found.filter((v) => !allowed(v)).map((v) => `${v.file}:${v.line} ${v.module} uses ${v.table} (owned by ${v.owner}) by ${v.how}`)).toEqual([]);
    // An allow-list entry that matches nothing is stale: remove it.
    expect(ALLOWED.filter((a) => !found.some((v) => a.module === v.module && a.table === v.table && a.file === v.file))).toEqual([]);
  });

  it("migrations after the rule declare their module and touch only that module's tables; shipped ones stay exempt", () => {
    const files = fs.readdirSync(migrationsDir).filter((f) => /^\d+-.+\.ts$/.test(f)).sort();
    // The exempt list names real, shipped files only.
    expect(Object.keys(EXEMPT_MIGRATIONS).filter((f) => !files.includes(f))).toEqual([]);
    // A migration added after the rule is checked; the header is what the check keys on.
    const problems = files.filter((f) => !(f in EXEMPT_MIGRATIONS)).flatMap((f) => scanMigration(f, fs.readFileSync(path.join(migrationsDir, f), 'utf8'), owners));
    expect(problems).toEqual([]);
  });

  describe('self-checks: the scan fires on new violations', () => {
    it('flags SQL on another module’s table, in any statement form, and passes own tables', () => {
      const src = [
        "await em.query('SELECT name FROM routers WHERE id = ?', [id]);",
        'const rows = await em.query(`SELECT v.* FROM vouchers v JOIN users u ON u.id = v.sold_by`);',
        "await em.query('UPDATE customers SET search = ? WHERE id = ?', [s, id]);",
        "await em.query('DELETE FROM login_failures WHERE user_id = ?', [id]);",
        "await em.query('INSERT INTO counters (name, value) VALUES (?, ?)', ['x', 1]);",
        '// a comment that says FROM routers is prose, not SQL',
      ].join('\n');
      const v = scanModuleSource('vouchers', 'fixture.ts', src, owners, entityOwners);
      expect(v.map((x) => `${x.line}:${x.table}:${x.owner}`)).toEqual(['1:routers:routers', '2:users:auth', '3:customers:customers', '4:login_failures:auth', '5:counters:core']);
    });

    it("flags importing another module's entity, not one's own", () => {
      const src = "import { accounts, UserEntity } from '../auth';\nimport { VoucherEntity } from './entities';";
      expect(scanModuleSource('users', 'fixture.ts', src, owners, entityOwners).map((x) => `${x.how}:${x.table}:${x.owner}`)).toEqual(['entity:users:auth']);
      expect(scanModuleSource('auth', 'fixture.ts', "import { UserEntity } from './entities';", owners, entityOwners)).toEqual([]);
    });

    it('flags a migration without a header, on another module’s table, or creating an undeclared table', () => {
      expect(scanMigration('x.ts', "sqlMigration('X', 1, ['ALTER TABLE vouchers ADD COLUMN x TEXT'])", owners)).toEqual(['x.ts: no "// module: <name>" header']);
      expect(scanMigration('x.ts', "// module: vouchers\nsqlMigration('X', 1, ['ALTER TABLE routers ADD COLUMN x TEXT'])", owners)).toEqual([
        'x.ts:2: module vouchers touches routers (owned by routers)',
      ]);
      expect(scanMigration('x.ts', "// module: vouchers\nsqlMigration('X', 1, ['CREATE INDEX idx ON subscriptions (router_id)'])", owners)).toEqual([
        'x.ts:2: module vouchers touches subscriptions (owned by billing)',
      ]);
      expect(scanMigration('x.ts', "// module: billing\nsqlMigration('X', 1, ['CREATE TABLE promos (id INTEGER PRIMARY KEY)'])", owners)).toEqual([
        'x.ts: creates promos, which no TABLES export declares',
      ]);
      // Its own tables, and a foreign key to another module's table (which changes nothing there), pass.
      expect(
        scanMigration('x.ts', "// module: vouchers\nsqlMigration('X', 1, ['ALTER TABLE vouchers ADD COLUMN r INTEGER REFERENCES routers(id)', 'CREATE INDEX i ON vouchers (r)'])", owners),
      ).toEqual([]);
    });
  });
});
