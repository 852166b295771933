import { timingSafeEqual } from 'node:crypto';
import type { Router } from 'express';
import { z } from 'zod';
import { summary, type Summary } from '../../../shared/summaries';
import type { DomainHandlers } from '../../core/context';
import type { DomainModule, JobDefinition, ModuleContext } from '../../core/module';
import { hotspotTokenOf, type Outbox, type RouterService } from '../routers';
import { profileHandlers } from './profiles';
import { VoucherPusher } from './pusher';
import { salesHandlers } from './sales';
import { outletHandlers } from './outlets';
import { reportHandlers } from './report';
import { importHandlers } from './adopt';
import { stockHandlers } from './stock';
import { templateHandlers } from './templates';
import { detectLogins, expireDue, markFirstLogin, type WatchResult } from './watch';
import { voucherShop, type VoucherShop } from './online';

export interface VouchersModule extends DomainModule<DomainHandlers<'vouchers'>> {
  pusher: VoucherPusher;
  /** The public shop's side: profiles sold online, delivery of a paid voucher, the voucher as its buyer sees it. */
  shop: VoucherShop;
  /** First logins seen on the routers, then expiries applied (the job's work, callable by tests). */
  watch(now?: Date): Promise<WatchResult>;
  /** First logins on one router seen now (before a drift check judges its users). */
  seeLogins(routerId: number): Promise<void>;
}

const loginReport = z.object({
  r: z.coerce.number().int().positive(),
  t: z.string().regex(/^[0-9a-f]{32}$/),
  u: z.string().min(1).max(64),
  m: z.string().regex(/^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$/).optional().or(z.literal('')),
});

export function createVouchersModule(m: ModuleContext, routers: RouterService, outbox: Outbox): VouchersModule {
  const pusher = new VoucherPusher({ db: m.db, routers, events: m.events, logger: m.logger.child({ module: 'vouchers' }) });

  async function watch(now = m.now()): Promise<WatchResult> {
    const seen = await detectLogins(m.db, routers, outbox, m.domainEvents, now);
    const expired = await m.db.write((em) => expireDue(em, outbox, m.domainEvents, now));
    return { ...seen, expired };
  }

  const jobs: JobDefinition[] = [
    {
      name: 'vouchers.watch',
      // Every two minutes, like Mikhmon's monitor; logins reported by the on-login script are seen at once.
      schedule: () => '*/2 * * * *',
      run: async (window): Promise<Summary> => summary('vouchers.watched', { ...(await watch(window.to)) }),
    },
  ];

  return {
    pusher,
    shop: voucherShop(m, pusher),
    watch,
    seeLogins: async (routerId) => void (await detectLogins(m.db, routers, outbox, m.domainEvents, m.now(), [routerId])),
    jobs,
    handlers: { ...profileHandlers(m, outbox), ...stockHandlers(m, outbox, pusher), ...salesHandlers(m), ...outletHandlers(m, routers, outbox), ...reportHandlers(m, outbox), ...importHandlers(m, routers, outbox), ...templateHandlers(m) },
    routes(router: Router) {
      /** The profile's on-login script reports a login here (RouterOS `/tool fetch`), with the router's token. */
      router.get('/hotspot/login', async (req, res) => {
        const p = loginReport.safeParse(req.query);
        if (!p.success) return void res.status(400).type('text/plain').send('bad request');
        const token = await hotspotTokenOf(m.db.manager, p.data.r);
        const ok = token && timingSafeEqual(Buffer.from(token), Buffer.from(p.data.t));
        if (!ok) return void res.status(403).type('text/plain').send('forbidden');
        const first = await m.db.write((em) => markFirstLogin(em, outbox, m.domainEvents, p.data.r, p.data.u, m.now(), p.data.m || null));
        res.type('text/plain').send(first ? 'first-login' : 'ok');
      });
    },
  };
}
