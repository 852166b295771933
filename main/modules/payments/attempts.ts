import type { EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import type {
  AttemptEventDto,
  AttemptEventSource,
  AttemptState,
  Page,
  ParsedInput,
  PaymentAttemptDetailDto,
  PaymentAttemptDto,
  PaymentCallbackDto,
  ReviewReason,
} from '../../../shared/contract';
import { paymentNumbers } from '../billing';
import { customerLabels } from '../customers';
import { voucherCodes, voucherProfileNames } from '../vouchers';

export interface AttemptRow {
  id: number;
  order_id: string;
  account_id: number;
  purpose: PaymentAttemptDto['purpose'];
  invoice_id: number | null;
  customer_id: number | null;
  voucher_profile_id: number | null;
  /** The voucher a paid shop purchase delivered. */
  voucher_id: number | null;
  buyer_phone: string;
  /** The payment link the customer chose a method on (null: staff or the shop started it). */
  link_id: number | null;
  amount: number;
  fee: number;
  method: string;
  gateway_ref: string;
  pay_code: string;
  qr_string: string;
  payment_url: string;
  expires_at: string | null;
  state: AttemptState;
  last_status: string | null;
  paid_amount: number | null;
  payment_id: number | null;
  needs_review: number;
  review_reason: ReviewReason | null;
  reviewed_at: string | null;
  reviewed_by: number | null;
  review_note: string;
  checks: number;
  last_checked_at: string | null;
  next_check_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

type Joined = AttemptRow & { account_name: string; gateway: PaymentAttemptDto['gateway'] };

const SELECT = 'SELECT t.*, a.name AS account_name, a.gateway AS gateway FROM payment_attempts t JOIN payment_accounts a ON a.id = t.account_id';

export async function attemptRow(em: EntityManager, id: number): Promise<AttemptRow | null> {
  const [r] = (await em.query('SELECT * FROM payment_attempts WHERE id = ?', [id])) as AttemptRow[];
  return r ?? null;
}

export async function attemptByOrder(em: EntityManager, orderId: string): Promise<AttemptRow | null> {
  const [r] = (await em.query('SELECT * FROM payment_attempts WHERE order_id = ?', [orderId])) as AttemptRow[];
  return r ?? null;
}

export async function addEvent(em: EntityManager, attemptId: number, at: string, from: AttemptState | null, to: AttemptState, source: AttemptEventSource, detail: string): Promise<void> {
  await em.query('INSERT INTO payment_attempt_events (attempt_id, at, from_state, to_state, source, detail) VALUES (?,?,?,?,?,?)', [attemptId, at, from, to, source, detail.slice(0, 1000)]);
}

async function toDtos(em: EntityManager, rows: Joined[]): Promise<PaymentAttemptDto[]> {
  const customers = await customerLabels(em, rows.flatMap((r) => (r.customer_id ? [r.customer_id] : [])));
  const numbers = await paymentNumbers(em, rows.flatMap((r) => (r.payment_id ? [r.payment_id] : [])));
  const profiles = await voucherProfileNames(em, rows.flatMap((r) => (r.voucher_profile_id ? [r.voucher_profile_id] : [])));
  const codes = await voucherCodes(em, rows.flatMap((r) => (r.voucher_id ? [r.voucher_id] : [])));
  return rows.map((r) => ({
    id: r.id,
    orderId: r.order_id,
    accountId: r.account_id,
    accountName: r.account_name,
    gateway: r.gateway,
    purpose: r.purpose,
    invoiceId: r.invoice_id,
    customerId: r.customer_id,
    customerName: r.customer_id ? (customers.get(r.customer_id)?.name ?? '') : '',
    voucherProfileId: r.voucher_profile_id,
    voucherProfileName: r.voucher_profile_id ? (profiles.get(r.voucher_profile_id) ?? '') : '',
    voucherId: r.voucher_id,
    voucherCode: r.voucher_id ? (codes.get(r.voucher_id) ?? null) : null,
    buyerPhone: r.buyer_phone,
    amount: r.amount,
    fee: r.fee,
    method: r.method,
    gatewayRef: r.gateway_ref,
    payCode: r.pay_code,
    qrString: r.qr_string,
    paymentUrl: r.payment_url,
    expiresAt: r.expires_at,
    state: r.state,
    paymentId: r.payment_id,
    paymentNumber: r.payment_id ? (numbers.get(r.payment_id) ?? null) : null,
    needsReview: r.needs_review === 1,
    reviewReason: r.review_reason,
    reviewedAt: r.reviewed_at,
    reviewNote: r.review_note,
    lastCheckedAt: r.last_checked_at,
    nextCheckAt: r.next_check_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export async function attemptDto(em: EntityManager, id: number): Promise<PaymentAttemptDto> {
  const rows = (await em.query(`${SELECT} WHERE t.id = ?`, [id])) as Joined[];
  if (!rows[0]) throw new AppError('not_found', `No payment attempt ${id}`);
  return (await toDtos(em, rows))[0]!;
}

export async function attemptDetail(em: EntityManager, id: number): Promise<PaymentAttemptDetailDto> {
  const dto = await attemptDto(em, id);
  const events = (await em.query('SELECT id, at, from_state, to_state, source, detail FROM payment_attempt_events WHERE attempt_id = ? ORDER BY id', [id])) as {
    id: number;
    at: string;
    from_state: AttemptState | null;
    to_state: AttemptState;
    source: AttemptEventSource;
    detail: string;
  }[];
  return { ...dto, events: events.map((e): AttemptEventDto => ({ id: e.id, at: e.at, fromState: e.from_state, toState: e.to_state, source: e.source, detail: e.detail })) };
}

export async function listAttempts(em: EntityManager, input: ParsedInput<'gateway.attempts'>): Promise<Page<PaymentAttemptDto>> {
  const where: string[] = ['1=1'];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    where.push(sql);
    params.push(v);
  };
  if (input.state) add('t.state = ?', input.state);
  if (input.needsReview !== undefined) add('t.needs_review = ?', input.needsReview ? 1 : 0);
  if (input.accountId) add('t.account_id = ?', input.accountId);
  if (input.customerId) add('t.customer_id = ?', input.customerId);
  const cond = where.join(' AND ');
  const [n] = (await em.query(`SELECT count(*) AS n FROM payment_attempts t WHERE ${cond}`, params)) as { n: number }[];
  const rows = (await em.query(`${SELECT} WHERE ${cond} ORDER BY t.id DESC LIMIT ? OFFSET ?`, [...params, input.pageSize, (input.page - 1) * input.pageSize])) as Joined[];
  return { items: await toDtos(em, rows), total: n?.n ?? 0, page: input.page, pageSize: input.pageSize };
}

/** Bodies are kept up to this many characters (a callback is a few hundred bytes; anything longer is not a gateway's). */
export const CALLBACK_BODY_CAP = 8_000;

export interface CallbackWrite {
  at: string;
  gateway: string;
  accountId: number | null;
  remoteIp: string;
  contentType: string;
  body: string;
  accepted: boolean;
  reason: string;
  orderId: string | null;
}

export async function storeCallback(em: EntityManager, c: CallbackWrite): Promise<void> {
  await em.query('INSERT INTO payment_callbacks (at, gateway, account_id, remote_ip, content_type, body, accepted, reason, order_id) VALUES (?,?,?,?,?,?,?,?,?)', [
    c.at,
    c.gateway.slice(0, 30),
    c.accountId,
    c.remoteIp.slice(0, 100),
    c.contentType.slice(0, 200),
    c.body.slice(0, CALLBACK_BODY_CAP),
    c.accepted ? 1 : 0,
    c.reason.slice(0, 300),
    c.orderId?.slice(0, 100) ?? null,
  ]);
}

export async function listCallbacks(em: EntityManager, input: ParsedInput<'gateway.callbacks'>): Promise<Page<PaymentCallbackDto>> {
  const where: string[] = ['1=1'];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    where.push(sql);
    params.push(v);
  };
  if (input.accountId) add('account_id = ?', input.accountId);
  if (input.accepted !== undefined) add('accepted = ?', input.accepted ? 1 : 0);
  if (input.orderId) add('order_id = ?', input.orderId);
  const cond = where.join(' AND ');
  const [n] = (await em.query(`SELECT count(*) AS n FROM payment_callbacks WHERE ${cond}`, params)) as { n: number }[];
  const rows = (await em.query(`SELECT * FROM payment_callbacks WHERE ${cond} ORDER BY id DESC LIMIT ? OFFSET ?`, [...params, input.pageSize, (input.page - 1) * input.pageSize])) as {
    id: number;
    at: string;
    gateway: string;
    account_id: number | null;
    remote_ip: string;
    content_type: string;
    body: string;
    accepted: number;
    reason: string;
    order_id: string | null;
  }[];
  return {
    items: rows.map((r) => ({ id: r.id, at: r.at, gateway: r.gateway, accountId: r.account_id, remoteIp: r.remote_ip, contentType: r.content_type, body: r.body, accepted: r.accepted === 1, reason: r.reason, orderId: r.order_id })),
    total: n?.n ?? 0,
    page: input.page,
    pageSize: input.pageSize,
  };
}
