import type { EntityManager } from 'typeorm';
import type { VoucherImportPreview, VoucherImportReport } from '../../../shared/contract/voucher-import';
import { summary } from '../../../shared/summaries';
import type { DomainHandlers } from '../../core/context';
import { nextNumber } from '../../core/counters';
import { parseGmtOffset } from '../routers/client/format';
import type { Row } from '../routers/client/types';
import { parseBatchComment, parseExpiryComment, parseProfileOnLogin } from '../routers/import/mikhmon';
import type { RouterService } from '../routers/service';
import type { ModuleContext } from '../../core/module';
import { auditedWrite } from '../../core/audited-write';
import type { Outbox } from '../routers/outbox/outbox';
import { VoucherProfileEntity } from './entities';
import { pushProfile } from './report';
import { voucherSeconds } from './duration';

type ImportHandlers = Pick<DomainHandlers<'vouchers'>, 'vouchers.importPreview' | 'vouchers.importFromRouter'>;

interface Snapshot {
  profiles: Row[];
  users: Row[];
  offsetMinutes: number;
}

async function read(routers: RouterService, routerId: number): Promise<Snapshot> {
  await routers.get(routerId);
  const client = await routers.clientFor(routerId);
  const [profiles, users, clock] = await Promise.all([
    client.print('/ip/hotspot/user/profile', { proplist: ['name', 'rate-limit', 'shared-users', 'on-login'] }),
    client.print('/ip/hotspot/user', { proplist: ['name', 'password', 'profile', 'comment', 'uptime', 'limit-uptime', 'limit-bytes-total', 'mac-address', 'disabled'] }),
    client.print('/system/clock', { proplist: ['gmt-offset'] }),
  ]);
  return { profiles, users, offsetMinutes: parseGmtOffset(clock[0]?.['gmt-offset'] ?? '0') ?? 0 };
}

type Kind = { kind: 'batch'; comment: string; mode: 'vc' | 'up'; generatedOn: string } | { kind: 'used'; expiresAt: Date } | { kind: 'other' };

function classify(u: Row, offsetMinutes: number): Kind {
  const batch = parseBatchComment(u.comment);
  if (batch) return { kind: 'batch', comment: u.comment!.trim(), mode: batch.mode, generatedOn: batch.generatedOn };
  const expiry = parseExpiryComment(u.comment, offsetMinutes);
  if (expiry) return { kind: 'used', expiresAt: expiry };
  return { kind: 'other' };
}

async function preview(em: EntityManager, routerId: number, s: Snapshot, now: Date): Promise<VoucherImportPreview> {
  const mapped = new Map(((await em.query('SELECT id, profile_name FROM voucher_profiles WHERE router_id = ?', [routerId])) as { id: number; profile_name: string }[]).map((p) => [p.profile_name, p.id]));
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
    routerId,
    profiles: s.profiles
      .filter((p) => p.name && p.name !== 'default')
      .map((p) => {
        const meta = parseProfileOnLogin(p['on-login']);
        return {
          name: p.name!,
          rateLimit: p['rate-limit'] ?? '',
          sharedUsers: Number(p['shared-users'] ?? 1) || 1,
          mikhmon: meta ? { price: meta.price, sellingPrice: meta.sellingPrice, validity: meta.validity, expiryMode: meta.expiryMode, lockMac: meta.lockToMac } : null,
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

export function importHandlers(m: ModuleContext, routers: RouterService, outbox: Outbox): ImportHandlers {
  return {
    async 'vouchers.importPreview'(input, ctx) {
      return preview(ctx.em, input.routerId, await read(routers, input.routerId), ctx.now);
    },

    async 'vouchers.importFromRouter'(input, ctx) {
      const snap = await read(routers, input.routerId);
      return auditedWrite(m.db, ctx, async (em) => {
        const pv = await preview(em, input.routerId, snap, ctx.now);
        const at = ctx.now.toISOString();
        const report: VoucherImportReport = { profilesCreated: 0, batchesCreated: 0, unused: 0, active: 0, expired: 0, skipped: [] };
        const profileIds = new Map<string, { id: number; validity: number }>();
        const mapped = (await em.query('SELECT id, profile_name, validity_seconds FROM voucher_profiles WHERE router_id = ?', [input.routerId])) as { id: number; profile_name: string; validity_seconds: number }[];
        for (const p of mapped) profileIds.set(p.profile_name, { id: p.id, validity: p.validity_seconds });
        for (const c of input.profiles) {
          const src = pv.profiles.find((p) => p.name === c.profile);
          if (!src || profileIds.has(c.profile)) continue;
          const validity = voucherSeconds(c.validity);
          const [row] = (await em.query(
            `INSERT INTO voucher_profiles (router_id, name, profile_name, price, selling_price, validity_seconds, rate_limit, shared_users, lock_mac, expiry_action, active, created_at, updated_at)
             VALUES (?,?,?,?,?,?,?,?,?,?,1,?,?) RETURNING id`,
            [input.routerId, c.name, src.name, c.price, c.sellingPrice, validity, src.rateLimit, src.sharedUsers, src.mikhmon?.lockMac ? 1 : 0, src.mikhmon?.expiryMode.startsWith('notice') ? 'disable' : 'remove', at, at],
          )) as { id: number }[];
          profileIds.set(src.name, { id: row!.id, validity });
          // From now on the app manages the profile: its on-login script becomes ours (Mikhmon's metadata line
          // kept), with the first-login report when the report address is set.
          const created = await em.getRepository(VoucherProfileEntity).findOneByOrFail({ id: row!.id });
          await pushProfile(em, outbox, created, m.settings.get('vouchers').reportUrl, 'vouchers.importFromRouter');
          report.profilesCreated++;
        }
        const known = new Set(((await em.query('SELECT username FROM vouchers')) as { username: string }[]).map((r) => r.username));
        const groups = new Map<string, { profile: string; mode: 'vc' | 'up'; users: { u: Row; expiresAt: Date | null }[] }>();
        for (const u of snap.users) {
          if (!u.name || known.has(u.name)) continue;
          const k = classify(u, snap.offsetMinutes);
          if (k.kind === 'other') continue;
          const profile = u.profile ?? 'default';
          if (!profileIds.has(profile)) {
            report.skipped.push({ name: u.name, reason: 'no_profile' });
            continue;
          }
          const key = k.kind === 'batch' ? k.comment : `used-${profile}`;
          const g = groups.get(key) ?? { profile, mode: k.kind === 'batch' ? k.mode : u.password === u.name ? 'vc' : 'up', users: [] };
          g.users.push({ u, expiresAt: k.kind === 'used' ? k.expiresAt : null });
          groups.set(key, g);
        }
        for (const [comment, g] of groups) {
          const profileId = profileIds.get(g.profile)!.id;
          const [b] = (await em.query(
            `INSERT INTO voucher_batches (router_id, profile_id, quantity, mode, code_length, charset, prefix, comment, status, pushed, created_by, created_at, finished_at)
             VALUES (?,?,?,?,?,'mixed-digits','',?,'imported',?,?,?,?) RETURNING id`,
            [input.routerId, profileId, g.users.length, g.mode, g.users[0]!.u.name!.length, comment, g.users.length, ctx.user?.id ?? null, at, at],
          )) as { id: number }[];
          report.batchesCreated++;
          let serial = await nextNumber(em, 'voucher', g.users.length);
          for (const { u, expiresAt } of g.users) {
            const state = expiresAt === null ? 'unused' : expiresAt <= ctx.now ? 'expired' : 'active';
            // Mikhmon keeps only the expiry: the first login was one validity before it.
            const first = expiresAt === null ? null : new Date(expiresAt.getTime() - profileIds.get(g.profile)!.validity * 1000);
            await em.query(
              `INSERT INTO vouchers (batch_id, router_id, profile_id, serial, username, password, state, on_router, first_login_at, expires_at, mac, created_at)
               VALUES (?,?,?,?,?,?,?,1,?,?,?,?)`,
              [b!.id, input.routerId, profileId, serial++, u.name, u.password ?? '', state, first?.toISOString() ?? null, expiresAt?.toISOString() ?? null, u['mac-address'] && u['mac-address'] !== '00:00:00:00:00:00' ? u['mac-address'] : null, at],
            );
            report[state]++;
          }
        }
        return {
          result: report,
          summary: summary('vouchers.imported', { profiles: report.profilesCreated, batches: report.batchesCreated, vouchers: report.unused + report.active + report.expired }),
          details: { routerId: input.routerId },
        };
      });
    },
  };
}
