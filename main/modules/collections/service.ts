import type { EntityManager } from 'typeorm';
import { todayIn } from '../../../shared/dates';
import type { CollectorDay, FieldPaymentDto, HandoverDto, HandoverState } from '../../../shared/contract/collections';
import { accounts, userNames } from '../auth';
import { paymentNumbers, paymentReceipt } from '../billing';
import { customerLabels } from '../customers';

/** How many hand-overs a collector's day shows. */
const RECENT_HANDOVERS = 5;
/** Outstanding payments listed on a collector's day (the sums always count them all). */
const LISTED_PAYMENTS = 200;

/** The areas a collector covers, by name. */
export async function areasOf(em: EntityManager, userId: number): Promise<string[]> {
  const rows = (await em.query('SELECT area FROM collector_areas WHERE user_id = ? ORDER BY area COLLATE NOCASE', [userId])) as { area: string }[];
  return rows.map((r) => r.area);
}

/** Google Maps at the customer's coordinates, else a search for their address; null with neither. */
export function mapUrl(c: { lat: number | null; lng: number | null; address: string; area: string }): string | null {
  if (c.lat !== null && c.lng !== null && Number.isFinite(c.lat) && Number.isFinite(c.lng)) return `https://www.google.com/maps?q=${c.lat},${c.lng}`;
  const where = [c.address.trim(), c.area.trim()].filter((s) => s !== '').join(', ');
  return where === '' ? null : `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(where)}`;
}

/**
 * A cash payment becomes field cash of the user who took it, in the payment's transaction: always when it was
 * taken on the collector's screen (`always`), otherwise when that user is a collector. Idempotent.
 */
export async function capturePayment(em: EntityManager, paymentId: number, timeZone: string, always: boolean): Promise<void> {
  const p = await paymentReceipt(em, paymentId);
  if (!p || p.method !== 'cash' || p.kind !== 'payment' || p.receivedBy === null) return;
  if (!always) {
    const u = await accounts.find(em, p.receivedBy);
    if (u?.role !== 'collector') return;
  }
  await em.query(
    `INSERT INTO collection_payments (payment_id, collector_id, customer_id, amount, received_at, day, reversed_at, handover_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, NULL) ON CONFLICT (payment_id) DO NOTHING`,
    [p.id, p.receivedBy, p.customerId, p.amount, p.receivedAt, todayIn(timeZone, new Date(p.receivedAt)), p.reversedAt],
  );
}

/**
 * A reversed payment is no longer cash the collector owes the office. Taken out of a hand-over still waiting
 * (which is withdrawn when nothing is left in it); one already confirmed keeps it: the office has that cash.
 */
export async function paymentReversed(em: EntityManager, paymentId: number, at: string): Promise<void> {
  const [p] = (await em.query('SELECT payment_id, amount, handover_id FROM collection_payments WHERE payment_id = ?', [paymentId])) as { payment_id: number; amount: number; handover_id: number | null }[];
  if (!p) return;
  await em.query('UPDATE collection_payments SET reversed_at = ? WHERE payment_id = ? AND reversed_at IS NULL', [at, paymentId]);
  if (p.handover_id === null) return;
  const [h] = (await em.query('SELECT id, state, count FROM collection_handovers WHERE id = ?', [p.handover_id])) as { id: number; state: HandoverState; count: number }[];
  if (h?.state !== 'pending') return;
  await em.query('UPDATE collection_payments SET handover_id = NULL WHERE payment_id = ?', [paymentId]);
  if (h.count <= 1) {
    await em.query("UPDATE collection_handovers SET state = 'cancelled', amount = 0, count = 0, note = ?, decided_at = ? WHERE id = ?", ['reversed', at, h.id]);
  } else {
    await em.query('UPDATE collection_handovers SET amount = amount - ?, count = count - 1 WHERE id = ?', [p.amount, h.id]);
  }
}

interface HandoverRaw {
  id: number;
  number: string;
  collector_id: number;
  state: HandoverState;
  amount: number;
  count: number;
  counted: number | null;
  note: string;
  created_at: string;
  created_by: number | null;
  decided_at: string | null;
  decided_by: number | null;
}

/** Hand-overs with staff names (one users lookup for all of them). `tail` follows `SELECT … FROM collection_handovers`. */
export async function handoverDtos(em: EntityManager, tail: string, params: unknown[]): Promise<HandoverDto[]> {
  const rows = (await em.query(`SELECT * FROM collection_handovers ${tail}`, params)) as HandoverRaw[];
  const names = await userNames(em, rows.flatMap((r) => [r.collector_id, r.created_by, r.decided_by]));
  const name = (id: number | null) => (id === null ? null : (names.get(id) ?? null));
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    collectorId: r.collector_id,
    collectorName: name(r.collector_id) ?? '',
    state: r.state,
    amount: r.amount,
    count: r.count,
    counted: r.state === 'confirmed' ? r.counted : null,
    difference: r.state === 'confirmed' && r.counted !== null ? r.counted - r.amount : null,
    note: r.note,
    createdAt: r.created_at,
    createdBy: name(r.created_by),
    decidedAt: r.decided_at,
    decidedBy: name(r.decided_by),
  }));
}

export async function handoverById(em: EntityManager, id: number): Promise<HandoverDto | null> {
  const [h] = await handoverDtos(em, 'WHERE id = ?', [id]);
  return h ?? null;
}

/** A collector's day: today's total, the outstanding cash (all of it counted, the newest listed), the waiting hand-over. */
export async function collectorDay(em: EntityManager, collectorId: number, collectorName: string, today: string): Promise<CollectorDay> {
  const [t] = (await em.query('SELECT COALESCE(SUM(amount), 0) AS v, count(*) AS n FROM collection_payments WHERE collector_id = ? AND day = ? AND reversed_at IS NULL', [collectorId, today])) as {
    v: number;
    n: number;
  }[];
  // Outstanding: not reversed and not in a confirmed hand-over (a waiting one still counts: the cash is not received yet).
  const OUT = `FROM collection_payments p LEFT JOIN collection_handovers h ON h.id = p.handover_id
    WHERE p.collector_id = ? AND p.reversed_at IS NULL AND (p.handover_id IS NULL OR h.state = 'pending')`;
  const [o] = (await em.query(
    `SELECT COALESCE(SUM(p.amount), 0) AS v, count(*) AS n, COALESCE(SUM(CASE WHEN p.handover_id IS NULL THEN p.amount ELSE 0 END), 0) AS free_v,
            COALESCE(SUM(CASE WHEN p.handover_id IS NULL THEN 1 ELSE 0 END), 0) AS free_n ${OUT}`,
    [collectorId],
  )) as { v: number; n: number; free_v: number; free_n: number }[];
  const rows = (await em.query(
    `SELECT p.payment_id, p.customer_id, p.amount, p.received_at, p.day, p.reversed_at, p.handover_id ${OUT} ORDER BY p.payment_id DESC LIMIT ?`,
    [collectorId, LISTED_PAYMENTS],
  )) as { payment_id: number; customer_id: number; amount: number; received_at: string; day: string; reversed_at: string | null; handover_id: number | null }[];
  const numbers = await paymentNumbers(em, rows.map((r) => r.payment_id));
  const labels = await customerLabels(em, rows.map((r) => r.customer_id));
  const payments: FieldPaymentDto[] = rows.map((r) => ({
    paymentId: r.payment_id,
    number: numbers.get(r.payment_id) ?? '',
    customerId: r.customer_id,
    customerName: labels.get(r.customer_id)?.name ?? '',
    amount: r.amount,
    receivedAt: r.received_at,
    day: r.day,
    reversedAt: r.reversed_at,
    handoverId: r.handover_id,
  }));
  const recent = await handoverDtos(em, 'WHERE collector_id = ? ORDER BY id DESC LIMIT ?', [collectorId, RECENT_HANDOVERS]);
  const [pending] = await handoverDtos(em, "WHERE collector_id = ? AND state = 'pending'", [collectorId]);
  return {
    collectorId,
    collectorName,
    day: today,
    todayTotal: t?.v ?? 0,
    todayCount: t?.n ?? 0,
    outstanding: o?.v ?? 0,
    outstandingCount: o?.n ?? 0,
    unsubmitted: o?.free_v ?? 0,
    unsubmittedCount: o?.free_n ?? 0,
    pending: pending ?? null,
    payments,
    recent,
  };
}
