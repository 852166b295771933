import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ImportProfileChoice, ImportRouterChange, VoucherImportPreview, VoucherImportReport } from '../../../shared/contract/voucher-import';
import type { VoucherExpiry } from '../../../shared/contract/vouchers';
import { AppError } from '../../../shared/errors';
import { summary } from '../../../shared/summaries';
import type { DomainHandlers } from '../../core/context';
import { nextNumber } from '../../core/counters';
import type { ModuleContext } from '../../core/module';
import { type DesiredObject, desiredTarget, detectDrift, mergeDesired, type Menu, metaLine, mikhmonScriptParts, monitorComment, type Outbox, outboxLedger, parseBatchComment, parseExpiryComment, parseGmtOffset, parseProfileOnLogin, repairOp, type RouterClient, type RouterService, type Row } from '../routers';
import { vouchersDesired } from './desired';
import { profileValiditySeconds } from './duration';
import { VoucherProfileEntity } from './entities';
import { hotspotToken } from './report';

/*
 * Adopting a Mikhmon router's hotspot side. The router is read once (the preview) and kept for a while; the
 * import works on that same read, so the write transaction never waits on the network. Both the preview and
 * the import run the one `adopt` below: the preview in a transaction it rolls back, the import in the
 * dispatcher's. `adopt` writes the rows, then asks the app's desired state (the provider the hourly reconcile
 * uses) what it wants for every object it touched, compares that with the read, and queues exactly those
 * differences through the outbox. So the preview's list is, by construction, what the import does, and the
 * reconcile afterwards finds nothing more to change on those objects.
 */

type ImportHandlers = Pick<DomainHandlers<'vouchers'>, 'vouchers.importPreview' | 'vouchers.importFromRouter'>;

interface Snapshot {
  id: string;
  routerId: number;
  readAt: Date;
  profiles: Row[];
  users: Row[];
  schedulers: Row[];
  offsetMinutes: number;
}

const SCHEDULER: Menu = '/system/scheduler';

const SNAPSHOT_TTL_MS = 15 * 60_000;
const SNAPSHOTS_KEPT = 20;

async function read(routers: RouterService, routerId: number, now: Date): Promise<Snapshot> {
  await routers.get(routerId);
  // Every field: the desired state compares whichever fields it names.
  const [profiles, users, schedulers, clock] = await routers.withClient(routerId, (client) =>
    Promise.all([
      client.print('/ip/hotspot/user/profile'),
      client.print('/ip/hotspot/user'),
      client.print('/system/scheduler', { proplist: ['.id', 'name', 'comment', 'interval', 'disabled'] }),
      client.print('/system/clock', { proplist: ['gmt-offset'] }),
    ]),
  );
  return { id: randomBytes(16).toString('hex'), routerId, readAt: now, profiles, users, schedulers, offsetMinutes: parseGmtOffset(clock[0]?.['gmt-offset'] ?? '0') ?? 0 };
}

/** The read, answering `print` as the router did then (for detectDrift, the reconcile's comparison). */
function readBack(s: Snapshot): RouterClient {
  const menus: Record<string, Row[]> = { '/ip/hotspot/user/profile': s.profiles, '/ip/hotspot/user': s.users, '/system/scheduler': s.schedulers };
  const print = async (menu: string): Promise<Row[]> => {
    const rows = menus[menu];
    if (!rows) throw new Error(`the import did not read ${menu}`);
    return rows;
  };
  return { print } as unknown as RouterClient;
}

type Kind = { kind: 'batch'; comment: string; mode: 'vc' | 'up'; generatedOn: string } | { kind: 'used'; expiresAt: Date } | { kind: 'other' };

function classify(u: Row, offsetMinutes: number): Kind {
  const batch = parseBatchComment(u.comment);
  if (batch) return { kind: 'batch', comment: u.comment!.trim(), mode: batch.mode, generatedOn: batch.generatedOn };
  const expiry = parseExpiryComment(u.comment, offsetMinutes);
  if (expiry) return { kind: 'used', expiresAt: expiry };
  return { kind: 'other' };
}

const monitorOf = (s: Snapshot, profile: string): Row | null =>
  s.schedulers.find((r) => r.name === profile && (r.comment ?? '').trim() === monitorComment(profile)) ?? null;

/** Who may end a profile's vouchers: Mikhmon's "None" never expires; otherwise leaving Mikhmon's script (changes nothing) comes first. */
function choicesFor(p: Row): VoucherExpiry[] {
  const meta = parseProfileOnLogin(p['on-login']);
  if (meta?.expiryMode === 'none') return ['never'];
  if (meta) return ['router', 'app'];
  return ['router', 'app', 'never'];
}

type Overview = Omit<VoucherImportPreview, 'snapshot' | 'readAt' | 'proposal' | 'changes' | 'changesKey'>;

async function overview(em: EntityManager, s: Snapshot, now: Date): Promise<Overview> {
  const mapped = new Map(((await em.query('SELECT id, profile_name FROM voucher_profiles WHERE router_id = ?', [s.routerId])) as { id: number; profile_name: string }[]).map((p) => [p.profile_name, p.id]));
  const known = new Set(((await em.query('SELECT username FROM vouchers')) as { username: string }[]).map((r) => r.username));
  const batches = new Map<string, VoucherImportPreview['batches'][number]>();
  const used = new Map<string, { users: number; expired: number }>();
  let other = 0;
  let knownCount = 0;
  for (const u of s.users) {
    if (!u.name) continue;
    if (known.has(u.name)) {
      knownCount++;
      continue;
    }
    const k = classify(u, s.offsetMinutes);
    const profile = u.profile ?? 'default';
    if (k.kind === 'batch') {
      const b = batches.get(k.comment) ?? { comment: k.comment, profile, mode: k.mode, generatedOn: k.generatedOn, users: 0 };
      b.users++;
      batches.set(k.comment, b);
    } else if (k.kind === 'used') {
      const x = used.get(profile) ?? { users: 0, expired: 0 };
      x.users++;
      if (k.expiresAt <= now) x.expired++;
      used.set(profile, x);
    } else other++;
  }
  return {
    routerId: s.routerId,
    profiles: s.profiles
      .filter((p) => p.name && p.name !== 'default')
      .map((p) => {
        const meta = parseProfileOnLogin(p['on-login']);
        const monitor = monitorOf(s, p.name!);
        return {
          name: p.name!,
          rateLimit: p['rate-limit'] ?? '',
          sharedUsers: Number(p['shared-users'] ?? 1) || 1,
          mikhmon: meta ? { price: meta.price, sellingPrice: meta.sellingPrice, validity: meta.validity, expiryMode: meta.expiryMode, lockMac: meta.lockToMac } : null,
          monitor: monitor ? { name: monitor.name!, interval: monitor.interval ?? '', removable: true } : null,
          choices: choicesFor(p),
          profileId: mapped.get(p.name!) ?? null,
          users: s.users.filter((u) => u.profile === p.name).length,
        };
      }),
    batches: [...batches.values()],
    used: [...used].map(([profile, x]) => ({ profile, ...x })),
    other,
    known: knownCount,
  };
}

/** What the operator would most likely choose, and what changes nothing on the router: Mikhmon's own numbers, its script left in place. */
function proposal(o: Overview): ImportProfileChoice[] {
  return o.profiles
    .filter((p) => p.profileId === null && p.users > 0 && p.mikhmon)
    .map((p) => ({ profile: p.name, name: p.name, price: p.mikhmon!.price, sellingPrice: p.mikhmon!.sellingPrice, validity: p.mikhmon!.validity, expiry: p.choices[0]! }));
}

interface Adopted {
  report: VoucherImportReport;
  changes: ImportRouterChange[];
  changesKey: string;
}

const key = (changes: ImportRouterChange[]) => createHash('sha256').update(JSON.stringify(changes)).digest('hex');

interface AdoptDeps {
  outbox: Outbox;
  reportUrl: string | null;
  now: Date;
  userId: number | null;
}

/** The import: rows first, then the router changes the app's desired state implies for what it touched, queued. */
async function adopt(em: EntityManager, s: Snapshot, choices: ImportProfileChoice[], d: AdoptDeps): Promise<Adopted> {
  const o = await overview(em, s, d.now);
  const at = d.now.toISOString();
  const report: VoucherImportReport = { profilesCreated: 0, batchesCreated: 0, unused: 0, active: 0, expired: 0, skipped: [], routerChanges: 0 };
  const profiles = new Map<string, { id: number; validity: number; expiry: VoucherExpiry }>();
  for (const p of await em.getRepository(VoucherProfileEntity).findBy({ routerId: s.routerId })) profiles.set(p.profileName, { id: p.id, validity: p.validitySeconds, expiry: p.expiry });
  const adopted: string[] = [];
  const takenOver: string[] = [];
  for (const [i, c] of choices.entries()) {
    const src = o.profiles.find((p) => p.name === c.profile);
    const bad = (field: string, message: string) => new AppError('validation', message, { issues: [{ path: ['profiles', i, field], code: 'custom', message, params: { profile: c.profile } }] });
    if (!src) throw bad('profile', `The router has no hotspot profile ${c.profile}`);
    if (profiles.has(c.profile)) continue;
    if (!src.choices.includes(c.expiry)) throw bad('expiry', `${c.profile} cannot be imported with expiry ${c.expiry}`);
    let validitySeconds: number;
    try {
      validitySeconds = profileValiditySeconds(c.expiry, c.validity);
    } catch {
      throw bad('validity', `Say how long a ${c.profile} voucher lasts`);
    }
    const row = await em.getRepository(VoucherProfileEntity).save({
      routerId: s.routerId,
      name: c.name,
      profileName: src.name,
      hotspotServer: 'all',
      price: c.price,
      sellingPrice: c.sellingPrice,
      validitySeconds,
      timeLimitSeconds: null,
      dataQuotaBytes: null,
      rateLimit: src.rateLimit,
      sharedUsers: src.sharedUsers,
      addressPool: '',
      lockMac: src.mikhmon?.lockMac ?? false,
      expiryAction: src.mikhmon?.expiryMode.startsWith('notice') ? 'disable' : 'remove',
      expiry: c.expiry,
      active: true,
      createdAt: at,
      updatedAt: at,
    });
    profiles.set(src.name, { id: row.id, validity: validitySeconds, expiry: c.expiry });
    adopted.push(src.name);
    if (c.expiry !== 'router') takenOver.push(src.name);
    report.profilesCreated++;
  }

  const known = new Set(((await em.query('SELECT username FROM vouchers')) as { username: string }[]).map((r) => r.username));
  const groups = new Map<string, { profile: string; mode: 'vc' | 'up'; users: { u: Row; expiresAt: Date | null }[] }>();
  for (const u of s.users) {
    if (!u.name || known.has(u.name)) continue;
    const k = classify(u, s.offsetMinutes);
    if (k.kind === 'other') continue;
    const profile = u.profile ?? 'default';
    if (!profiles.has(profile)) {
      report.skipped.push({ name: u.name, reason: 'no_profile' });
      continue;
    }
    const g0 = k.kind === 'batch' ? k.comment : `used-${profile}`;
    const g = groups.get(g0) ?? { profile, mode: k.kind === 'batch' ? k.mode : u.password === u.name ? 'vc' : 'up', users: [] };
    g.users.push({ u, expiresAt: k.kind === 'used' ? k.expiresAt : null });
    groups.set(g0, g);
  }
  const imported: string[] = [];
  for (const [comment, g] of groups) {
    const p = profiles.get(g.profile)!;
    const [b] = (await em.query(
      `INSERT INTO voucher_batches (router_id, profile_id, quantity, mode, code_length, charset, prefix, comment, status, pushed, created_by, created_at, finished_at)
       VALUES (?,?,?,?,?,'mixed-digits','',?,'imported',?,?,?,?) RETURNING id`,
      [s.routerId, p.id, g.users.length, g.mode, g.users[0]!.u.name!.length, comment, g.users.length, d.userId, at, at],
    )) as { id: number }[];
    report.batchesCreated++;
    let serial = await nextNumber(em, 'voucher', g.users.length);
    for (const { u, expiresAt: written } of g.users) {
      // A profile that never expires keeps no expiry, whatever the comment says.
      const expiresAt = p.expiry === 'never' ? null : written;
      const state = written === null ? 'unused' : expiresAt === null ? 'active' : expiresAt <= d.now ? 'expired' : 'active';
      // Mikhmon keeps only the expiry: the first login was one validity before it.
      const first = expiresAt === null ? null : new Date(expiresAt.getTime() - p.validity * 1000);
      await em.query(
        `INSERT INTO vouchers (batch_id, router_id, profile_id, serial, username, password, state, on_router, first_login_at, expires_at, mac, created_at)
         VALUES (?,?,?,?,?,?,?,1,?,?,?,?)`,
        [b!.id, s.routerId, p.id, serial++, u.name, u.password ?? '', state, first?.toISOString() ?? null, expiresAt?.toISOString() ?? null, u['mac-address'] && u['mac-address'] !== '00:00:00:00:00:00' ? u['mac-address'] : null, at],
      );
      imported.push(u.name!);
      report[state]++;
    }
  }

  // The app's script with the first-login report needs the router's token, as a profile save would make it.
  if (d.reportUrl && adopted.some((n) => profiles.get(n)!.expiry !== 'router')) await hotspotToken(em, s.routerId);
  const touched = new Set<string>([
    ...adopted.map((name) => desiredTarget({ menu: '/ip/hotspot/user/profile', key: { name }, present: true, fields: {} })),
    ...imported.map((name) => desiredTarget({ menu: '/ip/hotspot/user', key: { name }, present: true, fields: {} })),
  ]);
  // Same providers, same order as the reconcile (later ones win): what it would want for these objects.
  const byTarget = await mergeDesired(em, s.routerId, [outboxLedger, vouchersDesired(() => d.reportUrl)], (target) => touched.has(target));
  // The app taking over expiry: Mikhmon's monitor would otherwise go on ending these vouchers by their old
  // comments, a second expiry engine (an extension made in the app would not count).
  for (const name of takenOver) {
    if (monitorOf(s, name)) {
      const gone: DesiredObject = { menu: SCHEDULER, key: { name, comment: monitorComment(name) }, present: false, fields: {} };
      byTarget.set(desiredTarget(gone), gone);
    }
  }
  const desired = [...byTarget.values()];
  const drift = await detectDrift(readBack(s), desired);
  const profileOfUser = new Map(s.users.map((u) => [u.name, u.profile ?? 'default']));
  const changes: ImportRouterChange[] = [];
  for (const item of drift) {
    const want = byTarget.get(item.target)!;
    await d.outbox.enqueue(em, s.routerId, repairOp(want), 'vouchers.importFromRouter');
    const name = item.key.name!;
    const menu = item.menu as ImportRouterChange['menu'];
    const profile = menu === '/ip/hotspot/user' ? (profileOfUser.get(name) ?? want.fields.profile ?? '') : name;
    const before = menu === '/ip/hotspot/user/profile' ? s.profiles.find((p) => p.name === name)?.['on-login'] : undefined;
    const scriptChanged = item.fields.some((f) => f.field === 'on-login');
    changes.push({
      profile,
      menu,
      name,
      kind: item.kind === 'missing' ? 'add' : item.kind === 'extra' ? 'remove' : 'set',
      fields: item.fields.filter((f) => f.field !== 'on-login').map((f) => ({ field: f.field, router: f.router, app: f.desired })),
      script: scriptChanged ? { from: metaLine(before), to: metaLine(want.fields['on-login']), lost: mikhmonScriptParts(before) } : null,
    });
  }
  changes.sort((a, b) => a.profile.localeCompare(b.profile) || a.menu.localeCompare(b.menu) || a.name.localeCompare(b.name));
  report.routerChanges = changes.length;
  return { report, changes, changesKey: key(changes) };
}

/** Thrown to roll the preview's trial import back. */
class Trial extends Error {
  constructor(readonly adopted: Adopted) {
    super('trial import rolled back');
  }
}

export function importHandlers(m: ModuleContext, routers: RouterService, outbox: Outbox): ImportHandlers {
  const snapshots = new Map<string, Snapshot>();
  const keep = (s: Snapshot) => {
    snapshots.set(s.id, s);
    for (const id of [...snapshots.keys()].slice(0, Math.max(0, snapshots.size - SNAPSHOTS_KEPT))) snapshots.delete(id);
  };
  const recall = (id: string, routerId: number, now: Date): Snapshot | null => {
    const s = snapshots.get(id);
    return s && s.routerId === routerId && now.getTime() - s.readAt.getTime() <= SNAPSHOT_TTL_MS ? s : null;
  };

  return {
    async 'vouchers.importPreview'(input, ctx) {
      let s = input.snapshot ? recall(input.snapshot, input.routerId, ctx.now) : null;
      if (!s) {
        s = await read(routers, input.routerId, ctx.now);
        keep(s);
      }
      const o = await overview(ctx.em, s, ctx.now);
      const choices = input.profiles ?? proposal(o);
      const snap = s;
      const trial = await m.db
        .write(async (em) => {
          throw new Trial(await adopt(em, snap, choices, { outbox, reportUrl: m.settings.get('vouchers').reportUrl, now: ctx.now, userId: ctx.user?.id ?? null }));
        })
        .catch((err: unknown) => {
          if (err instanceof Trial) return err.adopted;
          throw err;
        });
      return { ...o, snapshot: s.id, readAt: s.readAt.toISOString(), proposal: choices, changes: trial.changes, changesKey: trial.changesKey };
    },

    async 'vouchers.importFromRouter'(input, ctx) {
      const s = recall(input.snapshot, input.routerId, ctx.now);
      if (!s) throw new AppError('conflict', 'The router was read too long ago: look at the preview again', { reason: 'preview_expired' });
      const done = await adopt(ctx.em, s, input.profiles, { outbox, reportUrl: m.settings.get('vouchers').reportUrl, now: ctx.now, userId: ctx.user?.id ?? null });
      if (done.changesKey !== input.changesKey) {
        throw new AppError('conflict', 'The changes on the router would differ from the preview: look at it again', { reason: 'changes_differ', changes: done.changes.length });
      }
      ctx.audit(summary('vouchers.imported', { profiles: done.report.profilesCreated, batches: done.report.batchesCreated, vouchers: done.report.unused + done.report.active + done.report.expired }), {
        routerId: input.routerId,
        routerChanges: done.changes.map((c) => `${c.kind} ${c.menu} ${c.name}`),
      });
      return done.report;
    },
  };
}
