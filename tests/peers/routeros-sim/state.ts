/**
 * Router state: one Menu per simulated menu. Tests seed and inspect it directly (`state.menu('/ppp/secret')`);
 * the API commands (commands.ts) go through the same Menu objects with the router's checks on top.
 */
import { MENUS, type MenuPath, type MenuSpec, type RouterView } from './menus/index';
import { dropSessionObjects, pppConnect, pppDisconnect, pppReboot, pppTraffic, type PppConnectOptions, type PppTraffic } from './ppp-live';
import { formatId, parseBool, parseId, type ClockFormat, type Row, type SeedValue } from './values';

export type RowMatch = ((row: Row) => boolean) | Partial<Row>;
const matcher = (m: RowMatch): ((row: Row) => boolean) =>
  typeof m === 'function' ? m : (row) => Object.entries(m).every(([k, v]) => row[k] === v);

export class Menu {
  private readonly items = new Map<string, Row>();
  /** name → ids, for menus whose duplicate rule is by name (kept in step by insert/update/remove/clear). */
  private readonly byName = new Map<string, Set<string>>();
  private nextId = 1;

  constructor(readonly spec: MenuSpec, private readonly router: RouterView) {
    for (const row of spec.builtin ?? []) this.insert({ ...row });
  }

  /** Rendered rows (computed fields included), in print order. */
  all(): Row[] {
    return [...this.items.values()].map((r) => this.render(r));
  }
  get(id: string): Row | undefined {
    const r = this.items.get(id);
    return r && this.render(r);
  }
  find(m: RowMatch): Row | undefined {
    return this.all().find(matcher(m));
  }
  filter(m: RowMatch): Row[] {
    return this.all().filter(matcher(m));
  }
  count(): number {
    return this.items.size;
  }

  /**
   * Seed a row: defaults apply, booleans are normalised, duplicates throw. Read-only fields (uptime, bytes…)
   * and an explicit `.id` may be given. No reference checks (seed whatever a test needs). Returns the `.id`.
   */
  add(fields: Record<string, SeedValue>): string {
    if (this.spec.singleton) throw new Error(`${this.spec.path} is a singleton: use patch()`);
    const row = this.normalise({ ...(this.spec.defaults?.(this.router) ?? {}), ...stringify(fields) });
    const dup = this.conflicting(row);
    if (dup) throw new Error(`${this.spec.path}: ${this.spec.unique!.message} (${dup['.id']})`);
    return this.insert(row);
  }

  /** Change stored fields of a row (`undefined` unsets a field). */
  update(id: string, patch: Record<string, SeedValue | undefined>): void {
    const row = this.items.get(id);
    if (!row) throw new Error(`${this.spec.path}: no such item ${id}`);
    this.unindex(id, row);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) delete row[k];
      else row[k] = this.normaliseValue(k, String(v));
    }
    this.index(id, row);
  }

  private index(id: string, row: Row): void {
    if (row.name === undefined) return;
    let ids = this.byName.get(row.name);
    if (!ids) this.byName.set(row.name, (ids = new Set()));
    ids.add(id);
  }

  private unindex(id: string, row: Row): void {
    if (row.name === undefined) return;
    const ids = this.byName.get(row.name);
    ids?.delete(id);
    if (ids?.size === 0) this.byName.delete(row.name);
  }

  remove(id: string): boolean {
    const row = this.items.get(id);
    if (!row) return false;
    this.items.delete(id);
    this.unindex(id, row);
    this.spec.onRemove?.(row, this.router);
    return true;
  }

  /** Remove every row except the built-in defaults. */
  clear(): void {
    const keep = new Set((this.spec.builtin ?? []).map((r) => r['.id']));
    for (const [id, row] of [...this.items]) {
      if (keep.has(id)) continue;
      this.items.delete(id);
      this.unindex(id, row);
    }
  }

  /** Singleton menus (/system/identity, /system/resource, /system/clock): the one row, and overrides. */
  row(): Row {
    return this.all()[0] ?? {};
  }
  patch(fields: Record<string, SeedValue | undefined>): void {
    if (!this.spec.singleton) throw new Error(`${this.spec.path} is a list: use update(id, …)`);
    this.update([...this.items.keys()][0]!, fields);
  }

  // ---- used by commands.ts -------------------------------------------------------------------------------
  /** The stored (mutable) row. */
  stored(id: string): Row | undefined {
    return this.items.get(id);
  }
  storedRows(): Row[] {
    return [...this.items.values()];
  }
  conflicting(row: Row, exceptId?: string): Row | undefined {
    const u = this.spec.unique;
    if (!u) return undefined;
    const candidates = u.byName ? [...(this.byName.get(row.name ?? '') ?? [])].map((id) => this.items.get(id)!) : this.items.values();
    for (const other of candidates) if (other['.id'] !== exceptId && u.conflicts(row, other)) return other;
    return undefined;
  }
  autoName(): string {
    for (let n = 1; ; n++) {
      const name = `${this.spec.autoName ?? 'item'}${n}`;
      if (![...this.items.values()].some((r) => r.name === name)) return name;
    }
  }
  insert(row: Row): string {
    let id = row['.id'];
    if (id === undefined) {
      while (this.items.has(formatId(this.nextId))) this.nextId++;
      id = formatId(this.nextId++);
    } else {
      const n = parseId(id);
      if (n !== null && n < 0x80000000 && n >= this.nextId) this.nextId = n + 1;
    }
    if (this.items.has(id)) throw new Error(`${this.spec.path}: duplicate .id ${id}`);
    const { '.id': _drop, ...rest } = row;
    const stored = this.spec.singleton ? rest : { '.id': id, ...rest };
    this.items.set(id, stored);
    this.index(id, stored);
    return id;
  }

  private normaliseValue(k: string, v: string): string {
    return this.spec.bools?.includes(k) ? (parseBool(v) ?? v) : v;
  }
  private normalise(row: Row): Row {
    for (const k of Object.keys(row)) row[k] = this.normaliseValue(k, row[k]!);
    return row;
  }
  private render(stored: Row): Row {
    const merged: Row = { ...(this.spec.compute?.(stored, this.router) ?? {}), ...stored };
    const out: Row = {};
    for (const k of ['.id', ...this.spec.writable, ...(this.spec.readOnly ?? [])]) if (k in merged) out[k] = merged[k]!;
    for (const [k, v] of Object.entries(merged)) if (!(k in out)) out[k] = v;
    return out;
  }
}

function stringify(fields: Record<string, SeedValue>): Row {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)]));
}

export interface SimUser { name: string; password: string; group: 'full' | 'write' | 'read' }

export interface StateOptions { version: string; clockFormat: ClockFormat; identity?: string; users: SimUser[] }

export class SimState implements RouterView {
  readonly startedAt = new Date();
  readonly version: string;
  clockFormat: ClockFormat;
  /** Router time zone offset (default Asia/Jakarta, +07:00, no DST). */
  gmtOffsetMin = 420;
  /** Router accounts; `read` users get `not enough permissions (9)` on writes. */
  readonly users: SimUser[];
  private clockShiftMs = 0;
  private frozenAt: number | null = null;
  private readonly menus = new Map<string, Menu>();

  constructor(opts: StateOptions) {
    this.version = opts.version;
    this.clockFormat = opts.clockFormat;
    this.users = opts.users;
    for (const spec of MENUS) this.menus.set(spec.path, new Menu(spec, this));
    if (opts.identity !== undefined) this.identity = opts.identity;
  }

  menu(path: MenuPath | (string & {})): Menu {
    const m = this.menus.get(path);
    if (!m) throw new Error(`the simulator has no menu ${path}`);
    return m;
  }
  hasMenu(path: string): boolean {
    return this.menus.has(path);
  }
  paths(): string[] {
    return [...this.menus.keys()];
  }

  get identity(): string {
    return this.menu('/system/identity').row().name ?? '';
  }
  set identity(name: string) {
    this.menu('/system/identity').patch({ name });
  }

  /** Router clock. setClock moves it (it keeps ticking unless frozen). */
  now(): Date {
    return new Date(this.frozenAt ?? Date.now() + this.clockShiftMs);
  }
  setClock(t: Date, opts: { frozen?: boolean } = {}): void {
    this.frozenAt = opts.frozen ? t.getTime() : null;
    this.clockShiftMs = t.getTime() - Date.now();
  }

  /**
   * Put a session online (seeding helper): `login('/ppp/active', { name: 'cust001' })` or
   * `login('/ip/hotspot/active', { user: 'K7P2Q' })`. Address and MAC are made up unless given.
   */
  login(path: '/ppp/active' | '/ip/hotspot/active', fields: Record<string, SeedValue>): string {
    const m = this.menu(path);
    const n = m.count() + 1;
    const mac = `02:00:00:00:${path === '/ppp/active' ? '01' : '02'}:${(n & 0xff).toString(16).padStart(2, '0').toUpperCase()}`;
    if (path === '/ppp/active') {
      const secret = this.menu('/ppp/secret').find({ name: String(fields.name) });
      const remote = secret?.['remote-address'];
      const service = secret?.service && secret.service !== 'any' ? secret.service : 'pppoe';
      return m.add({ service, 'caller-id': mac, address: remote || `10.10.0.${n + 1}`, ...fields });
    }
    return m.add({ address: `10.5.50.${n + 1}`, 'mac-address': mac, ...fields });
  }

  /**
   * A device logs in on the hotspot login page, as RouterOS decides it: the user must exist, the password match,
   * the user not be disabled, its profile exist and a MAC lock (if any) match. On success the
   * session is online (/ip/hotspot/active) and its id is returned; otherwise the reason RouterOS shows.
   */
  hotspotLogin(username: string, password: string, mac?: string): { ok: true; id: string } | { ok: false; reason: string } {
    const u = this.menu('/ip/hotspot/user').find({ name: username });
    if (!u || u.password !== password) return { ok: false, reason: 'invalid username or password' };
    if (u.disabled === 'true' || u.disabled === 'yes') return { ok: false, reason: 'user disabled' };
    if (u.profile && !this.menu('/ip/hotspot/user/profile').find({ name: u.profile })) return { ok: false, reason: 'no such profile' };
    if (u['mac-address'] && mac && u['mac-address'].toUpperCase() !== mac.toUpperCase()) return { ok: false, reason: 'mac address not allowed' };
    const id = this.login('/ip/hotspot/active', { user: username, ...(mac ? { 'mac-address': mac } : {}) });
    return { ok: true, id };
  }

  /** A PPP client dials in: `/ppp/active` row + `<pppoe-NAME>` interface (+ dynamic queue), see ppp-live.ts. */
  pppConnect(name: string, opts: PppConnectOptions = {}): string {
    return pppConnect(this, name, opts);
  }
  /** Traffic (bytes from/to the client) and uptime on `name`'s newest session. */
  pppTraffic(name: string, t: PppTraffic): void {
    pppTraffic(this, name, t);
  }
  /** `name` hangs up (all its sessions); returns how many ended. */
  pppDisconnect(name: string): number {
    return pppDisconnect(this, name);
  }
  /** Every PPP session ends, counters lost (a reboot as the billing side sees it). */
  pppReboot(): void {
    pppReboot(this);
  }

  // RouterView
  sessionEnded(row: Row): void {
    dropSessionObjects(this, row);
  }
  rows(path: string): Row[] {
    return this.menus.get(path)?.storedRows() ?? [];
  }
  patchRow(path: string, id: string, patch: Row): void {
    this.menus.get(path)?.update(id, patch);
  }
}
