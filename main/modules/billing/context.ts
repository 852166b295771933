import type { EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import type { ModuleContext } from '../../core/module';
import type { Outbox } from '../routers';
import { dayOf, periodContaining, todayIn, type LocalDate, type Period } from '../../../shared/dates';
import { PlanEntity, SubscriptionEntity, type PlanRow, type SubscriptionRow } from './entities';
import { SubscriptionEffects } from './router-effects';

/** What the billing services share. */
export class BillingContext {
  readonly effects: SubscriptionEffects;

  constructor(
    readonly m: ModuleContext,
    readonly outbox: Outbox,
  ) {
    this.effects = new SubscriptionEffects(outbox);
  }

  settings() {
    return this.m.settings.get('billing');
  }

  /** Today in the office time zone. */
  today(now: Date = this.m.now()): LocalDate {
    return todayIn(this.m.settings.get('locale').timezone, now);
  }

  async plan(em: EntityManager, id: number): Promise<PlanRow> {
    const p = await em.getRepository(PlanEntity).findOneBy({ id });
    if (!p) throw new AppError('not_found', `No plan ${id}`, { field: 'planId' });
    return p;
  }

  async sub(em: EntityManager, id: number): Promise<SubscriptionRow> {
    const s = await em.getRepository(SubscriptionEntity).findOneBy({ id });
    if (!s) throw new AppError('not_found', `No subscription ${id}`);
    return s;
  }

  async saveSub(em: EntityManager, s: SubscriptionRow, at: string): Promise<SubscriptionRow> {
    s.updatedAt = at;
    await em.getRepository(SubscriptionEntity).save(s);
    return s;
  }
}

/** The anchor day a subscription's periods start on. */
export function anchorDayOf(sub: Pick<SubscriptionRow, 'anchor' | 'anchorDay'>, activatedOn: LocalDate): number {
  return sub.anchor === 'anniversary' ? dayOf(activatedOn) : sub.anchorDay;
}

export const periodOf = (anchorDay: number) => (d: LocalDate): Period => periodContaining(d, anchorDay);

export function assertState(sub: SubscriptionRow, allowed: SubscriptionRow['status'][], action: string): void {
  if (!allowed.includes(sub.status)) {
    throw new AppError('billing.bad_state', `Cannot ${action} a subscription that is ${sub.status}`, { status: sub.status, action });
  }
}
