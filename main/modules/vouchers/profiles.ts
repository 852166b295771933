import type { EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import { summary } from '../../../shared/summaries';
import type { DomainHandlers } from '../../core/context';
import { profileValiditySeconds, voucherSeconds } from './duration';
import { routerName as nameOfRouter, type Outbox } from '../routers';
import type { ModuleContext } from '../../core/module';
import { toProfileDto } from './dto';
import { VoucherProfileEntity, type VoucherProfileRow } from './entities';
import { pushProfile } from './report';

type ProfileHandlers = Pick<DomainHandlers<'vouchers'>, 'vouchers.profiles' | 'vouchers.createProfile' | 'vouchers.updateProfile' | 'vouchers.setProfileActive'>;

const seconds = (d: string | null, field = 'validity'): number | null => (d === null ? null : voucherSeconds(d, field));

export function profileHandlers(m: ModuleContext, outbox: Outbox): ProfileHandlers {
  const stockOf = async (em: EntityManager, id: number) =>
    ((await em.query("SELECT count(*) AS n FROM vouchers WHERE profile_id = ? AND state = 'unused' AND on_router = 1 AND sold_at IS NULL AND outlet_id IS NULL", [id])) as { n: number }[])[0]?.n ?? 0;
  const routerName = async (em: EntityManager, id: number): Promise<string> => {
    const name = await nameOfRouter(em, id);
    if (name === null) throw new AppError('not_found', `No router ${id}`, { field: 'routerId' });
    return name;
  };
  const push = (em: EntityManager, p: VoucherProfileRow, source: string) => pushProfile(em, outbox, p, m.settings.get('vouchers').reportUrl, source);
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
        validitySeconds: profileValiditySeconds(input.expiry, validity),
        timeLimitSeconds: seconds(timeLimit, 'timeLimit'),
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
        validitySeconds: profileValiditySeconds(input.expiry, validity, before.validitySeconds),
        timeLimitSeconds: seconds(timeLimit, 'timeLimit'),
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
