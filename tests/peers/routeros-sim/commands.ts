/**
 * Executing menu commands against the state: print/getall, add, set, remove, enable, disable, unset,
 * reset-counters, run. Returns the untagged reply sentences (the session adds `.tag` and timing).
 */
import type { Sentence } from './codec';
import { TRAP, Trap, type Command } from './command';
import type { MenuSpec } from './menus/index';
import { compileQuery, QueryError } from './query';
import type { Menu, SimState, SimUser } from './state';
import { formatDate, formatDuration, formatTime, parseBool, parseDuration, type Row } from './values';

export interface ExecContext { state: SimState; user: SimUser; emptyReplies: boolean }

const PRINT_ARGS = new Set(['.proplist', 'count-only', 'detail', 'without-paging', 'terse', 'brief', 'stats']);
const WRITE_VERBS = new Set(['add', 'set', 'remove', 'enable', 'disable', 'unset', 'reset-counters', 'run']);
const COUNTERS = ['uptime', 'bytes-in', 'bytes-out', 'packets-in', 'packets-out', 'bytes', 'packets', 'total-bytes', 'rx-byte', 'tx-byte', 'rx-packet', 'tx-packet'];

export function execute(ctx: ExecContext, cmd: Command): Sentence[] {
  try {
    return run(ctx, cmd);
  } catch (e) {
    if (e instanceof Trap) return e.sentences();
    throw e;
  }
}

function run(ctx: ExecContext, cmd: Command): Sentence[] {
  const cut = cmd.path.lastIndexOf('/');
  const menuPath = cmd.path.slice(0, cut);
  const verb = cmd.path.slice(cut + 1);
  if (!cmd.path.startsWith('/') || !ctx.state.hasMenu(menuPath)) throw TRAP.noSuchCommandPrefix();
  const menu = ctx.state.menu(menuPath);
  const spec = menu.spec;
  const isPrint = verb === 'print' || verb === 'getall';
  if (!isPrint && !spec.verbs.includes(verb)) throw TRAP.noSuchCommand();
  if (cmd.stray.length > 0) throw TRAP.unknownParameter(cmd.stray[0]!);
  if (WRITE_VERBS.has(verb) && ctx.user.group === 'read') throw TRAP.permissions();
  if (isPrint) return print(ctx, menu, cmd);
  switch (verb) {
    case 'add': return [['!done', `=ret=${add(ctx, menu, cmd.attrs)}`]];
    case 'set': set(ctx, menu, cmd.attrs); break;
    case 'unset': unset(ctx, menu, cmd.attrs); break;
    case 'remove': remove(menu, ids(menu, cmd.attrs, [])); break;
    case 'enable':
    case 'disable':
      for (const id of ids(menu, cmd.attrs, [])) menu.update(id, { disabled: verb === 'disable' ? 'true' : 'false' });
      break;
    case 'reset-counters':
      for (const id of ids(menu, cmd.attrs, [])) resetCounters(menu, id);
      break;
    case 'run':
      for (const id of ids(menu, cmd.attrs, [])) {
        const now = ctx.state.now();
        const stamp = `${formatDate(now, ctx.state.gmtOffsetMin, ctx.state.clockFormat)} ${formatTime(now, ctx.state.gmtOffsetMin)}`;
        menu.update(id, { 'run-count': String(Number(menu.stored(id)!['run-count'] ?? 0) + 1), 'last-started': stamp });
      }
      break;
    default: throw TRAP.noSuchCommand();
  }
  return [['!done']];
}

function print(ctx: ExecContext, menu: Menu, cmd: Command): Sentence[] {
  for (const k of cmd.attrs.keys()) if (!PRINT_ARGS.has(k)) throw TRAP.unknownParameter(k);
  let match: (row: Row) => boolean;
  try {
    match = compileQuery(cmd.queries);
  } catch (e) {
    if (e instanceof QueryError) throw new Trap(e.message, 1);
    throw e;
  }
  const rows = menu.all().filter(match);
  if (cmd.attrs.has('count-only')) return [['!done', `=ret=${rows.length}`]];
  const props = cmd.attrs.get('.proplist')?.split(',').map((p) => p.trim()).filter(Boolean);
  const out: Sentence[] = rows.map((row) => {
    const words = ['!re'];
    for (const [k, v] of Object.entries(row)) if (!props || props.includes(k)) words.push(`=${k}=${v}`);
    return words;
  });
  if (out.length === 0 && ctx.emptyReplies) out.push(['!empty']);
  out.push(['!done']);
  return out;
}

/** Resolve `=.id=` / `=numbers=` (comma-separated) to existing ids; other attributes must be in `allowed`. */
function ids(menu: Menu, attrs: Map<string, string>, allowed: readonly string[]): string[] {
  for (const k of attrs.keys()) if (k !== '.id' && k !== 'numbers' && !allowed.includes(k)) throw TRAP.unknownParameter(k);
  const list = attrs.get('.id') ?? attrs.get('numbers');
  if (list === undefined) throw TRAP.missing('numbers');
  const out = list.split(',').map((s) => s.trim());
  for (const id of out) if (!menu.stored(id)) throw TRAP.noSuchItem();
  return out;
}

/** Validate and normalise written fields (booleans, enums, references). */
function values(ctx: ExecContext, spec: MenuSpec, attrs: Map<string, string>, skip: readonly string[]): Row {
  const row: Row = {};
  for (const [k, raw] of attrs) {
    if (skip.includes(k)) continue;
    if (!spec.writable.includes(k)) throw TRAP.unknownParameter(k);
    let v = raw;
    if (spec.bools?.includes(k)) {
      const b = parseBool(raw);
      if (b === null) throw TRAP.noMatch(k);
      v = b;
    }
    if (spec.durations?.includes(k)) {
      // The router keeps a duration, not the text: it prints `2h` for `7200s`, `1d` for `24h`, `1w` for `7d`.
      const secs = parseDuration(raw);
      if (secs !== null) v = formatDuration(secs);
    }
    if (spec.macs?.includes(k)) v = raw.toUpperCase();
    const allowed = spec.enums?.[k];
    if (allowed && !allowed.includes(v)) throw TRAP.noMatch(k);
    const ref = spec.refs?.[k];
    if (ref && !ref.allow?.includes(v) && !ctx.state.rows(ref.menu).some((r) => r.name === v)) throw TRAP.noMatch(k);
    row[k] = v;
  }
  return row;
}

function add(ctx: ExecContext, menu: Menu, attrs: Map<string, string>): string {
  const spec = menu.spec;
  const given = values(ctx, spec, attrs, []);
  if (spec.autoName && !given.name) given.name = menu.autoName();
  for (const f of spec.required ?? []) if (!given[f]) throw TRAP.missing(f);
  const row = { ...(spec.defaults?.(ctx.state) ?? {}), ...given };
  if (menu.conflicting(row)) throw new Trap(spec.unique!.message);
  return menu.insert(row);
}

function set(ctx: ExecContext, menu: Menu, attrs: Map<string, string>): void {
  const spec = menu.spec;
  if (spec.singleton) {
    const patch = values(ctx, spec, attrs, []);
    menu.patch(patch);
    return;
  }
  const targets = ids(menu, attrs, spec.writable);
  const patch = values(ctx, spec, attrs, ['.id', 'numbers']);
  for (const id of targets) {
    const next = { ...menu.stored(id)!, ...patch };
    for (const f of spec.required ?? []) if (f in patch && !next[f]) throw TRAP.missing(f);
    if (menu.conflicting(next, id)) throw new Trap(spec.unique!.message);
    menu.update(id, patch);
  }
}

function unset(ctx: ExecContext, menu: Menu, attrs: Map<string, string>): void {
  const spec = menu.spec;
  const targets = ids(menu, attrs, ['value-name']);
  const field = attrs.get('value-name');
  if (field === undefined) throw TRAP.missing('value-name');
  if (!spec.writable.includes(field) || field === 'name' || spec.required?.includes(field)) throw TRAP.noMatch('value-name');
  const fallback = spec.defaults?.(ctx.state)[field];
  for (const id of targets) menu.update(id, { [field]: fallback });
}

/** All-or-nothing: a built-in default among the targets fails the whole command. */
function remove(menu: Menu, targets: string[]): void {
  const guard = menu.spec.protectDefault;
  if (guard && targets.some((id) => menu.stored(id)!.default === 'true')) throw new Trap(guard);
  for (const id of targets) menu.remove(id);
}

function resetCounters(menu: Menu, id: string): void {
  const row = menu.stored(id)!;
  const patch: Row = {};
  for (const k of COUNTERS) if (k in row) patch[k] = k === 'uptime' ? '0s' : row[k]!.includes('/') ? '0/0' : '0';
  menu.update(id, patch);
}
