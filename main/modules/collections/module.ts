import type { EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import { summary } from '../../../shared/summaries';
import { roleHas } from '../../../shared/permissions';
import { todayIn } from '../../../shared/dates';
import type { CollectorSummary } from '../../../shared/contract/collections';
import type { CallContext, DomainHandlers } from '../../core/context';
import type { DomainModule, ModuleContext } from '../../core/module';
import { nextNumber, pad } from '../../core/counters';
import type { User } from '../../core/user';
import { accounts } from '../auth';
import { arrearsOf, type RecordedPayment, type RecordPaymentInput } from '../billing';
import { routeCustomers } from '../customers';
import { areasOf, capturePayment, collectorDay, handoverById, handoverDtos, mapUrl, paymentReversed } from './service';

export interface CollectionsDeps {
  /** Billing's counter path (BillingModule.recordPayment): receipt, ledger, settlement, restore, in the caller's transaction. */
  recordPayment(em: EntityManager, input: RecordPaymentInput): Promise<RecordedPayment>;
}

export type CollectionsModule = DomainModule<DomainHandlers<'collections'>>;

const me = (ctx: CallContext): User => {
  if (!ctx.user) throw new AppError('unauthenticated', 'Log in first');
  return ctx.user;
};

/** The collector a call is about: the caller, or another one when the caller works at the office (collections.receive). */
async function whose(ctx: CallContext, collectorId: number | undefined): Promise<User> {
  const user = me(ctx);
  if (collectorId === undefined || collectorId === user.id) return user;
  if (!roleHas(user.role, 'collections.receive')) throw new AppError('forbidden', "Only the office sees another collector's route and money");
  const other = await accounts.find(ctx.em, collectorId);
  if (!other) throw new AppError('not_found', `No user ${collectorId}`, { field: 'collectorId' });
  return other;
}

const byText = new Intl.Collator('id', { sensitivity: 'base', numeric: true });

export function createCollectionsModule(m: ModuleContext, deps: CollectionsDeps): CollectionsModule {
  const tz = () => m.settings.get('locale').timezone;

  // Every cash payment a collector takes — here or at the Payments screen — is theirs to hand over; a reversal
  // takes it out of what they owe the office. Both in the payment's own transaction.
  m.domainEvents.subscribe(async (em, e) => {
    if (e.type === 'payment.received' && e.data.method === 'cash') await capturePayment(em, e.data.paymentId, tz(), false);
    else if (e.type === 'payment.reversed') await paymentReversed(em, e.data.paymentId, e.at.toISOString());
  });

  async function summaryOf(em: EntityManager, u: User, today: string): Promise<CollectorSummary> {
    const day = await collectorDay(em, u.id, u.fullName, today);
    return {
      id: u.id,
      name: u.fullName,
      username: u.username,
      active: u.status === 'active',
      areas: await areasOf(em, u.id),
      todayTotal: day.todayTotal,
      outstanding: day.outstanding,
      outstandingCount: day.outstandingCount,
      pending: day.pending,
    };
  }

  const handlers: DomainHandlers<'collections'> = {
    async 'collections.route'(input, ctx) {
      const c = await whose(ctx, input.collectorId);
      const today = todayIn(tz(), ctx.now);
      const areas = await areasOf(ctx.em, c.id);
      const customers = await routeCustomers(ctx.em, c.id, areas);
      const owed = await arrearsOf(ctx.em, customers.map((x) => x.id), today);
      const paidToday = new Map(
        ((await ctx.em.query(
          'SELECT customer_id AS id, SUM(amount) AS v FROM collection_payments WHERE collector_id = ? AND day = ? AND reversed_at IS NULL GROUP BY customer_id',
          [c.id, today],
        )) as { id: number; v: number }[]).map((r) => [r.id, r.v]),
      );
      const stops = customers
        .map((x) => {
          const a = owed.get(x.id);
          return {
            customerId: x.id,
            number: x.number,
            name: x.name,
            area: x.area,
            address: x.address,
            phone: x.phone,
            whatsapp: x.whatsapp,
            lat: x.lat,
            lng: x.lng,
            mapUrl: mapUrl(x),
            owed: a?.owed ?? 0,
            openTotal: a?.openTotal ?? 0,
            invoices: a?.invoices ?? 0,
            oldestDue: a?.oldestDue ?? null,
            isolated: a?.isolated ?? false,
            collectedToday: paidToday.get(x.id) ?? 0,
            assigned: x.assigned,
          };
        })
        // In arrears now, or paid to this collector today (a stop does not vanish under the collector's thumb).
        .filter((s) => s.owed > 0 || s.collectedToday > 0)
        .sort((a, b) => byText.compare(a.area, b.area) || byText.compare(a.address, b.address) || byText.compare(a.name, b.name) || a.customerId - b.customerId);
      return { collectorId: c.id, collectorName: c.fullName, day: today, areas, stops };
    },

    async 'collections.day'(input, ctx) {
      const c = await whose(ctx, input.collectorId);
      return collectorDay(ctx.em, c.id, c.fullName, todayIn(tz(), ctx.now));
    },

    async 'collections.pay'(input, ctx) {
      const user = me(ctx);
      const r = await deps.recordPayment(ctx.em, {
        customerId: input.customerId,
        amount: input.amount,
        method: 'cash',
        reference: '',
        note: input.note,
        idempotencyKey: input.idempotencyKey,
        confirmDuplicate: false,
        receivedBy: user.id,
        now: ctx.now,
      });
      // Taken through the collector's screen: theirs to hand over, whatever their role (the event takes collectors' cash from any screen).
      await capturePayment(ctx.em, r.id, tz(), true);
      if (!r.replayed) ctx.audit(summary('payments.received', { amount: r.amount, customer: r.customerName, number: r.number }), { paymentId: r.id, customerId: r.customerId, method: 'cash', field: true });
      const day = await collectorDay(ctx.em, user.id, user.fullName, todayIn(tz(), ctx.now));
      return { paymentId: r.id, number: r.number, customerName: r.customerName, amount: r.amount, replayed: r.replayed, day };
    },

    async 'collections.handOver'(input, ctx) {
      const c = me(ctx);
      const [waiting] = (await ctx.em.query("SELECT number FROM collection_handovers WHERE collector_id = ? AND state = 'pending'", [c.id])) as { number: string }[];
      if (waiting) throw new AppError('conflict', `Hand-over ${waiting.number} is still waiting for the office`, { reason: 'pending', number: waiting.number });
      const open = (await ctx.em.query('SELECT payment_id AS id, amount FROM collection_payments WHERE collector_id = ? AND handover_id IS NULL AND reversed_at IS NULL', [c.id])) as {
        id: number;
        amount: number;
      }[];
      if (open.length === 0) throw new AppError('conflict', 'There is no cash to hand over', { reason: 'nothing' });
      const amount = open.reduce((s, p) => s + p.amount, 0);
      if (amount !== input.amount) throw new AppError('conflict', `The cash to hand over is ${amount} now, not ${input.amount}`, { reason: 'changed', amount, count: open.length });
      const at = ctx.now.toISOString();
      const [y, mo] = todayIn(tz(), ctx.now).split('-');
      const number = `STR/${y}/${mo}/${pad(await nextNumber(ctx.em, `handover:${y}-${mo}`), 5)}`;
      const [ins] = (await ctx.em.query(
        "INSERT INTO collection_handovers (number, collector_id, state, amount, count, note, created_at, created_by) VALUES (?, ?, 'pending', ?, ?, '', ?, ?) RETURNING id",
        [number, c.id, amount, open.length, at, c.id],
      )) as { id: number }[];
      const id = ins!.id;
      await ctx.em.query('UPDATE collection_payments SET handover_id = ? WHERE handover_id IS NULL AND payment_id IN (SELECT value FROM json_each(?))', [id, JSON.stringify(open.map((p) => p.id))]);
      ctx.audit(summary('collections.handedOver', { collector: c.fullName, amount, count: open.length, number }), { handoverId: id, collectorId: c.id });
      return (await handoverById(ctx.em, id))!;
    },

    async 'collections.confirmHandover'(input, ctx) {
      const user = me(ctx);
      const h = await handoverById(ctx.em, input.id);
      if (!h) throw new AppError('not_found', `No hand-over ${input.id}`, { field: 'id' });
      if (h.state !== 'pending') throw new AppError('conflict', `Hand-over ${h.number} is ${h.state} already`, { reason: 'state', state: h.state });
      if (h.collectorId === user.id) throw new AppError('forbidden', 'A collector cannot confirm their own hand-over: someone at the office counts the cash');
      // What it covers, read fresh (a reversal meanwhile took its payment out).
      const [sum] = (await ctx.em.query('SELECT COALESCE(SUM(amount), 0) AS amount, count(*) AS n FROM collection_payments WHERE handover_id = ? AND reversed_at IS NULL', [h.id])) as {
        amount: number;
        n: number;
      }[];
      const amount = sum?.amount ?? 0;
      if (input.counted !== amount && input.note.length < 3) {
        throw new AppError('validation', `Counted ${input.counted} but the hand-over is ${amount}: say why in the note`, { field: 'note', amount });
      }
      await ctx.em.query("UPDATE collection_handovers SET state = 'confirmed', amount = ?, count = ?, counted = ?, note = ?, decided_at = ?, decided_by = ? WHERE id = ? AND state = 'pending'", [
        amount,
        sum?.n ?? 0,
        input.counted,
        input.note,
        ctx.now.toISOString(),
        user.id,
        h.id,
      ]);
      ctx.audit(summary('collections.handoverConfirmed', { number: h.number, collector: h.collectorName, amount, counted: input.counted }), { handoverId: h.id, collectorId: h.collectorId });
      return (await handoverById(ctx.em, h.id))!;
    },

    async 'collections.cancelHandover'(input, ctx) {
      const user = me(ctx);
      const h = await handoverById(ctx.em, input.id);
      if (!h) throw new AppError('not_found', `No hand-over ${input.id}`, { field: 'id' });
      if (h.collectorId !== user.id && !roleHas(user.role, 'collections.receive')) throw new AppError('forbidden', "Only the collector or the office may cancel a hand-over");
      if (h.state !== 'pending') throw new AppError('conflict', `Hand-over ${h.number} is ${h.state} already`, { reason: 'state', state: h.state });
      await ctx.em.query('UPDATE collection_payments SET handover_id = NULL WHERE handover_id = ?', [h.id]);
      await ctx.em.query("UPDATE collection_handovers SET state = 'cancelled', note = ?, decided_at = ?, decided_by = ? WHERE id = ?", [input.reason, ctx.now.toISOString(), user.id, h.id]);
      ctx.audit(summary('collections.handoverCancelled', { number: h.number, collector: h.collectorName }), { handoverId: h.id, collectorId: h.collectorId, reason: input.reason });
      return (await handoverById(ctx.em, h.id))!;
    },

    async 'collections.collectors'(_input, ctx) {
      const today = todayIn(tz(), ctx.now);
      const collectors = await accounts.list(ctx.em, { role: 'collector' });
      // Anyone else still holding field cash (a collector whose role changed, an owner who collected) stays listed.
      const others = (await ctx.em.query(
        `SELECT DISTINCT p.collector_id AS id FROM collection_payments p LEFT JOIN collection_handovers h ON h.id = p.handover_id
          WHERE p.reversed_at IS NULL AND (h.id IS NULL OR h.state <> 'confirmed')`,
      )) as { id: number }[];
      const users = [...collectors];
      for (const o of others) {
        if (users.some((u) => u.id === o.id)) continue;
        const u = await accounts.find(ctx.em, o.id);
        if (u) users.push(u);
      }
      const out: CollectorSummary[] = [];
      for (const u of users) out.push(await summaryOf(ctx.em, u, today));
      return out.sort((a, b) => Number(b.active) - Number(a.active) || Number(b.pending !== null) - Number(a.pending !== null) || byText.compare(a.name, b.name));
    },

    async 'collections.handovers'(input, ctx) {
      const where: string[] = ['1=1'];
      const params: unknown[] = [];
      if (input.collectorId) {
        where.push('collector_id = ?');
        params.push(input.collectorId);
      }
      if (input.state) {
        where.push('state = ?');
        params.push(input.state);
      }
      const cond = where.join(' AND ');
      const [n] = (await ctx.em.query(`SELECT count(*) AS n FROM collection_handovers WHERE ${cond}`, params)) as { n: number }[];
      const items = await handoverDtos(ctx.em, `WHERE ${cond} ORDER BY id DESC LIMIT ? OFFSET ?`, [...params, input.pageSize, (input.page - 1) * input.pageSize]);
      return { items, total: n?.n ?? 0, page: input.page, pageSize: input.pageSize };
    },

    async 'collections.setAreas'(input, ctx) {
      const u = await accounts.find(ctx.em, input.userId);
      if (!u) throw new AppError('not_found', `No user ${input.userId}`, { field: 'userId' });
      if (u.role !== 'collector') throw new AppError('validation', `${u.username} is not a collector`, { field: 'userId' });
      // One spelling per area (case and spaces do not make another area).
      const seen = new Set<string>();
      const areas = input.areas.filter((a) => {
        const k = a.toLowerCase();
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
      await ctx.em.query('DELETE FROM collector_areas WHERE user_id = ?', [u.id]);
      for (const a of areas) await ctx.em.query('INSERT INTO collector_areas (user_id, area) VALUES (?, ?)', [u.id, a]);
      ctx.audit(summary('collections.areasSet', { name: u.fullName, areas: areas.join(', ') || '—' }), { userId: u.id, areas });
      return summaryOf(ctx.em, u, todayIn(tz(), ctx.now));
    },
  };

  return { handlers };
}
