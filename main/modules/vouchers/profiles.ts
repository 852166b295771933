import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import { summary } from '../../../shared/summaries';
import type { DomainHandlers } from '../../core/context';
import { parseDuration, formatDuration } from '../routers/client/format';
import { ops, type RouterOp } from '../routers/outbox/ops';
import type { Outbox } from '../routers/outbox/outbox';
import type { ModuleContext } from '../../core/module';
import { toProfileDto } from './dto';
import { VoucherProfileEntity, type VoucherProfileRow } from './entities';

type ProfileHandlers = Pick<DomainHandlers<'vouchers'>, 'vouchers.profiles' | 'vouchers.createProfile' | 'vouchers.updateProfile' | 'vouchers.setProfileActive'>;

const seconds = (d: string | null): number | null => (d === null ? null : Math.round(parseDuration(d) ?? 0) || null);

/** Mikhmon's metadata line (so Mikhmon still reads our profiles) plus, when the listener is reachable, a first-login report. */
export function onLoginScript(p: VoucherProfileRow, report: { url: string; routerId: number; token: string } | null): string {
  const meta = `:put (",${p.expiryAction === 'remove' ? 'rem' : 'ntf'},${p.price},${formatDuration(p.validitySeconds)},${p.sellingPrice},,${p.lockMac ? 'Enable' : 'Disable'},");`;
  if (!report) return meta;
  const base = `${report.url.replace(/\/+$/, '')}/hotspot/login?r=${report.routerId}&t=${report.token}`;
  return `${meta} :local mac $"mac-address"; :do { /tool fetch url=("${base}&u=" . $user . "&m=" . $mac) keep-result=no } on-error={}`;
}

export function profileOp(p: VoucherProfileRow, script: string): RouterOp {
  const fields: Record<string, string> = { 'shared-users': String(p.sharedUsers), 'on-login': script };
  if (p.rateLimit) fields['rate-limit'] = p.rateLimit;
  if (p.addressPool) fields['address-pool'] = p.addressPool;
  return ops.hotspotProfile(p.profileName, fields);
}

/** The router's token for first-login reports (made on first use). */
export async function hotspotToken(em: EntityManager, routerId: number): Promise<string> {
  const [r] = (await em.query('SELECT hotspot_token FROM routers WHERE id = ?', [routerId])) as { hotspot_token: string | null }[];
  if (r?.hotspot_token) return r.hotspot_token;
  const token = randomBytes(16).toString('hex');
  await em.query('UPDATE routers SET hotspot_token = ? WHERE id = ?', [token, routerId]);
  return token;
}

export function profileHandlers(m: ModuleContext, outbox: Outbox): ProfileHandlers {
  const stockOf = async (em: EntityManager, id: number) =>
    ((await em.query("SELECT count(*) AS n FROM vouchers WHERE profile_id = ? AND state = 'unused' AND on_router = 1 AND sold_at IS NULL AND outlet_id IS NULL", [id])) as { n: number }[])[0]?.n ?? 0;
  const routerName = async (em: EntityManager, id: number): Promise<string> => {
    const [r] = (await em.query('SELECT name FROM routers WHERE id = ?', [id])) as { name: string }[];
    if (!r) throw new AppError('not_found', `No router ${id}`, { field: 'routerId' });
    return r.name;
  };
  const push = async (em: EntityManager, p: VoucherProfileRow, source: string) => {
    const url = m.settings.get('vouchers').reportUrl;
    const script = onLoginScript(p, url ? { url, routerId: p.routerId, token: await hotspotToken(em, p.routerId) } : null);
    await outbox.enqueue(em, p.routerId, profileOp(p, script), source);
  };
  const assertFree = async (em: EntityManager, routerId: number, profileName: string, exceptId?: number) => {
    const clash = await em.getRepository(VoucherProfileEntity).findOneBy({ routerId, profileName });
    if (clash && clash.id !== exceptId) throw new AppError('conflict', `Router profile ${profileName} is used by another voucher profile`, { field: 'profileName' });
  };

  return {
    async 'vouchers.profiles'(input, ctx) {
      const where: { routerId?: number; active?: boolean } = {};
      if (input.routerId) where.routerId = input.routerId;
      if (!input.includeArchived) where.active = true;
      const rows = await ctx.em.getRepository(VoucherProfileEntity).find({ where, order: { routerId: 'ASC', sellingPrice: 'ASC' } });
      return Promise.all(rows.map(async (p) => toProfileDto(p, await routerName(ctx.em, p.routerId), await stockOf(ctx.em, p.id))));
    },

    async 'vouchers.createProfile'(input, ctx) {
      const router = await routerName(ctx.em, input.routerId);
      await assertFree(ctx.em, input.routerId, input.profileName);
      const at = ctx.now.toISOString();
      const { validity, timeLimit, dataQuotaMb, ...rest } = input;
      const row = await ctx.em.getRepository(VoucherProfileEntity).save({
        ...rest,
        validitySeconds: seconds(validity)!,
        timeLimitSeconds: seconds(timeLimit),
        dataQuotaBytes: dataQuotaMb === null ? null : dataQuotaMb * 1_048_576,
        active: true,
        createdAt: at,
        updatedAt: at,
      });
      await push(ctx.em, row, 'vouchers.createProfile');
      ctx.audit(summary('vouchers.profileCreated', { name: row.name, router }), { profileId: row.id });
      return toProfileDto(row, router, 0);
    },

    async 'vouchers.updateProfile'(input, ctx) {
      const before = await ctx.em.getRepository(VoucherProfileEntity).findOneBy({ id: input.id });
      if (!before) throw new AppError('not_found', `No voucher profile ${input.id}`);
      await assertFree(ctx.em, before.routerId, input.profileName, before.id);
      const { validity, timeLimit, dataQuotaMb, id, ...rest } = input;
      const next: VoucherProfileRow = {
        ...before,
        ...rest,
        id,
        validitySeconds: seconds(validity)!,
        timeLimitSeconds: seconds(timeLimit),
        dataQuotaBytes: dataQuotaMb === null ? null : dataQuotaMb * 1_048_576,
        updatedAt: ctx.now.toISOString(),
      };
      await ctx.em.getRepository(VoucherProfileEntity).save(next);
      await push(ctx.em, next, 'vouchers.updateProfile');
      ctx.audit(summary('vouchers.profileUpdated', { name: next.name }), { profileId: next.id });
      return toProfileDto(next, await routerName(ctx.em, next.routerId), await stockOf(ctx.em, next.id));
    },

    async 'vouchers.setProfileActive'(input, ctx) {
      const p = await ctx.em.getRepository(VoucherProfileEntity).findOneBy({ id: input.id });
      if (!p) throw new AppError('not_found', `No voucher profile ${input.id}`);
      p.active = input.active;
      p.updatedAt = ctx.now.toISOString();
      await ctx.em.getRepository(VoucherProfileEntity).save(p);
      ctx.audit(summary('vouchers.profileUpdated', { name: p.name }), { profileId: p.id, active: input.active });
      return toProfileDto(p, await routerName(ctx.em, p.routerId), await stockOf(ctx.em, p.id));
    },
  };
}
