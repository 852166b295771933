import type { EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { AppError } from '../../../shared/errors';
import { summary } from '../../../shared/summaries';
import type { AttemptEventSource, AttemptState, InvoiceDetail, InvoiceDto, ParsedInput, ReviewReason } from '../../../shared/contract';
import type { Db } from '../../core/db';
import type { DomainEvents } from '../../core/domain-events';
import type { SecretBox } from '../../core/secrets';
import { appendAudit } from '../audit';
import { invoiceToPay, type RecordedPayment, type RecordPaymentInput } from '../billing';
import { customerById, customerLabels } from '../customers';
import type { VoucherShop } from '../vouchers';
import { accountRow, gatewayAccount, mustAccount, returnUrlOf, callbackUrlOf, type AccountRow } from './accounts';
import { addEvent, attemptRow, type AttemptRow } from './attempts';
import { GatewayError, type CreatePaymentResult, type GatewayAccount, type PaymentGateway, type StatusResult } from './gateways/types';

export interface PaymentsDeps {
  /** Domain events, published in the attempt's transaction (WhatsApp messages, webhooks). */
  domainEvents: DomainEvents;
  db: Db;
  logger: Logger;
  now: () => Date;
  secrets: SecretBox;
  /** Builds the adapter of an account (createGateway with the app's fetch; tests hand in a fake). */
  gateway: (account: GatewayAccount) => PaymentGateway;
  /** Billing's recordPayment (the counter's path), in the caller's transaction. */
  recordPayment: (em: EntityManager, input: RecordPaymentInput) => Promise<RecordedPayment>;
  /** The vouchers module's shop side: profiles sold online, the voucher a confirmed purchase delivers. */
  shop: VoucherShop;
  /** The listener's own address (LAN), used when an account has no public address; null while it is not running. */
  listenUrl: () => string | null;
  /** Whether the office sends WhatsApp messages (the shop then sends the voucher to the buyer's number). */
  sendsWhatsApp?: () => boolean;
  /** The office's name, shown on the customer's pages. */
  officeName: () => string;
  /** The office as the pay page shows it (settings 'office'). */
  office: () => { name: string; logo: string | null; phone: string; timeZone: string };
  /** Billing's reads of invoices as its own screens see them (the pay page: what is owed now, receipts). */
  invoices: {
    get(em: EntityManager, id: number): Promise<InvoiceDetail | null>;
    /** Open and partly paid invoices of a customer, oldest first. */
    unpaid(em: EntityManager, customerId: number): Promise<InvoiceDto[]>;
  };
}

/** Checks of a pending attempt after its creation / previous check: soon, then backing off (DuitKu rate-limits). */
export const CHECK_DELAYS_S = [15, 30, 60, 120, 300, 600, 900, 1800, 3600] as const;
/** After the expiry, one more check this much later; still not paid then → expired here. */
export const AFTER_EXPIRY_S = 60;
/** Local expiry when the gateway does not say (a day). */
const DEFAULT_EXPIRY_MINUTES = 24 * 60;
/** Attempts checked per polling run (one at a time). */
const POLL_BATCH = 30;

const plus = (d: Date, s: number): Date => new Date(d.getTime() + s * 1000);

/** When to ask next about an attempt that stays pending after its `checks`-th check (null: no more checks). */
export function nextCheckAt(expiresAt: string | null, checks: number, now: Date): string | null {
  const next = plus(now, CHECK_DELAYS_S[Math.min(checks, CHECK_DELAYS_S.length - 1)]!);
  if (!expiresAt) return next.toISOString();
  const last = plus(new Date(expiresAt), AFTER_EXPIRY_S);
  if (now.getTime() >= last.getTime()) return null;
  return (next.getTime() < last.getTime() ? next : last).toISOString();
}

/** Order ids: ours, new for each attempt, ≤ 50 characters, letters, digits and '-' only. */
export function orderIdFor(purpose: 'invoice' | 'customer' | 'voucher', targetId: number, n: number, now: Date): string {
  const p = purpose === 'invoice' ? 'I' : purpose === 'customer' ? 'C' : 'V';
  return `MB${p}${targetId}-${n}-${now.getTime().toString(36).toUpperCase()}`;
}

export interface Asked {
  status: StatusResult | null;
  error: string;
}

export interface Applied {
  attempt: AttemptRow;
  changed: boolean;
  payment: RecordedPayment | null;
}

type CreateInput = ParsedInput<'gateway.createAttempt'>;

/** What an attempt pays, resolved before the gateway is called. */
interface Target {
  purpose: 'invoice' | 'customer' | 'voucher';
  /** The id its order ids count attempts of (invoice, customer or voucher profile). */
  targetId: number;
  invoiceId: number | null;
  customerId: number | null;
  voucherProfileId?: number;
  /** What is owed before any fee. */
  base: number;
  description: string;
}

interface BeginOptions {
  userId: number | null;
  linkId: number | null;
  buyerPhone?: string;
  /** The purchase's own page, instead of the shared return page. */
  returnUrl?: (orderId: string) => Promise<string>;
}

interface Delivered {
  payment: RecordedPayment | null;
  voucherId: number | null;
  /** For the attempt's history. */
  what: string;
}

export interface Prepared {
  attemptId: number;
  created: CreatePaymentResult;
}

/** Adapters kept at most (accounts are few; the map is emptied past this, never grows without bound). */
const ADAPTERS_KEPT = 32;

export class PaymentService {
  /** Adapters by everything they are built from (see `adapter`). */
  private readonly adapters = new Map<string, PaymentGateway>();

  constructor(readonly d: PaymentsDeps) {}

  /**
   * The account's adapter. Its keys are opened (AES-GCM) once, not at every call: it is kept by everything it is
   * built from, so an edited account (another key, address, scheme…) is another entry and nothing stale is used.
   */
  adapter(row: AccountRow): PaymentGateway {
    const k = [row.id, row.gateway, row.env, row.merchant_code, row.api_key_sealed, row.secondary_key_sealed, row.signature_scheme, row.flavour, row.base_url ?? ''].join('\n');
    let gw = this.adapters.get(k);
    if (!gw) {
      gw = this.d.gateway(gatewayAccount(row, this.d.secrets));
      if (this.adapters.size >= ADAPTERS_KEPT) this.adapters.clear();
      this.adapters.set(k, gw);
    }
    return gw;
  }

  /**
   * Staff start an attempt. Outside the write queue: the attempt row is written first (its order id is ours
   * before the gateway hears of it), then the gateway is called; `finishAttempt` stores its answer. A pay
   * link's attempt (the customer chose a method on the pay page) names its link.
   */
  async startAttempt(input: CreateInput, userId: number | null, linkId: number | null = null): Promise<Prepared> {
    const em = this.d.db.manager;
    let customerId: number;
    let base: number;
    if (input.invoiceId !== undefined) {
      const inv = await invoiceToPay(em, input.invoiceId);
      if (!inv) throw new AppError('not_found', `No invoice ${input.invoiceId}`, { field: 'invoiceId' });
      if (inv.status === 'paid' || inv.status === 'void' || inv.open <= 0) throw new AppError('billing.bad_state', `Invoice ${inv.number} has nothing to pay`, { status: inv.status, action: 'pay' });
      customerId = inv.customerId;
      base = input.amount ?? inv.open;
    } else {
      customerId = input.customerId!;
      base = input.amount!;
    }
    const customer = await customerById(em, customerId);
    if (!customer) throw new AppError('not_found', `No customer ${customerId}`, { field: 'customerId' });
    const label = (await customerLabels(em, [customerId])).get(customerId);
    const number = label?.number ?? String(customerId);
    const target: Target =
      input.invoiceId !== undefined
        ? { purpose: 'invoice', targetId: input.invoiceId, invoiceId: input.invoiceId, customerId, base, description: `Invoice ${input.invoiceId}` }
        : { purpose: 'customer', targetId: customerId, invoiceId: null, customerId, base, description: `Payment ${number}` };
    return this.begin(input.accountId, input.method, target, { name: customer.name, email: number }, { userId, linkId });
  }

  /**
   * A shop purchase: a voucher of an online profile at its selling price. The customer is anonymous (their
   * WhatsApp number if they gave one); `returnUrl` is the purchase's own signed page.
   */
  async startShopAttempt(input: { accountId: number; method: string; profileId: number; buyerPhone: string }, returnUrl: (orderId: string) => Promise<string>): Promise<Prepared> {
    const p = await this.d.shop.profile(this.d.db.manager, input.profileId);
    if (!p) throw new AppError('not_found', `No voucher profile ${input.profileId} on sale`, { field: 'profileId' });
    const target: Target = { purpose: 'voucher', targetId: p.id, invoiceId: null, customerId: null, voucherProfileId: p.id, base: p.price, description: `Voucher ${p.name}`.slice(0, 100) };
    return this.begin(input.accountId, input.method, target, { name: 'Voucher', email: `voucher${p.id}` }, { userId: null, linkId: null, buyerPhone: input.buyerPhone, returnUrl });
  }

  private async begin(accountId: number, method: string | undefined, target: Target, who: { name: string; email: string }, opts: BeginOptions): Promise<Prepared> {
    const em = this.d.db.manager;
    const now = this.d.now();
    const acct = await mustAccount(em, accountId);
    if (acct.enabled !== 1) throw new AppError('conflict', `${acct.name} is disabled`, { field: 'accountId' });
    const methods = JSON.parse(acct.methods) as string[];
    if (method && methods.length > 0 && !methods.includes(method)) throw new AppError('validation', `${method} is not offered on ${acct.name}`, { field: 'method' });
    // DuitKu V2: the customer picks the channel on our side, so the inquiry names it (POP: DuitKu's page asks).
    if (acct.gateway === 'duitku' && acct.flavour === 'v2' && !method) throw new AppError('validation', `Choose a payment method for ${acct.name}`, { field: 'method' });
    const gw = this.adapter(acct);
    let fee = 0;
    if (method && acct.fee_bearer === 'customer') {
      const list = await this.call(() => gw.listMethods(target.base));
      const m = list.find((x) => x.code === method);
      if (!m) throw new AppError('validation', `${acct.name} does not offer ${method} for this amount`, { field: 'method' });
      fee = m.fee;
    }
    const amount = target.base + fee;
    const id = await this.d.db.write(async (w) => {
      const col = { invoice: 'invoice_id', customer: 'customer_id', voucher: 'voucher_profile_id' }[target.purpose];
      const [n] = (await w.query(`SELECT count(*) AS n FROM payment_attempts WHERE purpose = ? AND ${col} = ?`, [target.purpose, target.targetId])) as { n: number }[];
      const at = now.toISOString();
      const [ins] = (await w.query(
        `INSERT INTO payment_attempts (order_id, account_id, purpose, invoice_id, customer_id, voucher_profile_id, amount, fee, method, state, expires_at, created_by, created_at, updated_at, link_id, buyer_phone)
         VALUES (?,?,?,?,?,?,?,?,?,'pending',?,?,?,?,?,?) RETURNING id`,
        [
          orderIdFor(target.purpose, target.targetId, (n?.n ?? 0) + 1, now),
          acct.id,
          target.purpose,
          target.invoiceId,
          target.customerId,
          target.voucherProfileId ?? null,
          amount,
          fee,
          method ?? '',
          plus(now, DEFAULT_EXPIRY_MINUTES * 60).toISOString(),
          opts.userId,
          at,
          at,
          opts.linkId,
          opts.buyerPhone ?? '',
        ],
      )) as { id: number }[];
      await addEvent(w, ins!.id, at, null, 'pending', 'create', `amount ${amount}${fee ? ` (fee ${fee})` : ''}`);
      return ins!.id;
    });
    const row = (await attemptRow(em, id))!;
    try {
      const listen = this.d.listenUrl() ?? 'http://localhost';
      const created = await gw.createPayment({
        orderId: row.order_id,
        amount,
        description: target.description,
        customer: { name: who.name.slice(0, 100), email: `${who.email.toLowerCase().replace(/[^a-z0-9]/g, '')}@customers.invalid` },
        ...(method ? { method } : {}),
        // Without a public address the gateway's callbacks cannot arrive: polling confirms instead.
        callbackUrl: callbackUrlOf(acct, listen),
        returnUrl: opts.returnUrl ? await opts.returnUrl(row.order_id) : returnUrlOf(acct, row.order_id, listen),
      });
      return { attemptId: id, created };
    } catch (err) {
      // Unanswered: the gateway may have made it; the checks find out. Refused: this attempt failed.
      const unanswered = !(err instanceof GatewayError) || err.kind === 'unreachable';
      await this.d.db.write(async (w) => {
        const at = this.d.now().toISOString();
        if (unanswered) {
          await w.query('UPDATE payment_attempts SET next_check_at = ?, updated_at = ? WHERE id = ?', [plus(this.d.now(), CHECK_DELAYS_S[0]).toISOString(), at, id]);
          await addEvent(w, id, at, 'pending', 'pending', 'create', `create unanswered: ${(err as Error).message}`);
        } else {
          await w.query("UPDATE payment_attempts SET state = 'failed', next_check_at = NULL, updated_at = ? WHERE id = ?", [at, id]);
          await addEvent(w, id, at, 'pending', 'failed', 'create', `refused: ${(err as Error).message}`);
          await this.d.domainEvents.publish(w, 'payment_attempt.failed', { attemptId: id, orderId: row.order_id, purpose: row.purpose, state: 'failed', customerId: row.customer_id, invoiceId: row.invoice_id }, this.d.now());
        }
      });
      throw gatewayAppError(err);
    }
  }

  /** The gateway's answer to the creation, in the call's transaction. */
  async finishAttempt(em: EntityManager, p: Prepared, now: Date): Promise<void> {
    const c = p.created;
    const at = now.toISOString();
    const expires = c.expiresAt && !Number.isNaN(c.expiresAt.getTime()) ? c.expiresAt.toISOString() : null;
    await em.query(
      `UPDATE payment_attempts SET gateway_ref = ?, pay_code = ?, qr_string = ?, payment_url = ?, expires_at = COALESCE(?, expires_at), next_check_at = ?, updated_at = ? WHERE id = ?`,
      [c.gatewayRef.slice(0, 200), (c.vaNumber ?? '').slice(0, 100), (c.qrString ?? '').slice(0, 2000), (c.paymentUrl ?? c.appUrl ?? '').slice(0, 1000), expires, plus(now, CHECK_DELAYS_S[0]).toISOString(), at, p.attemptId],
    );
    await addEvent(em, p.attemptId, at, 'pending', 'pending', 'create', `created at the gateway: ${c.gatewayRef}`);
  }

  /** The gateway's own answer about an attempt (network; never inside a transaction). */
  async ask(attemptId: number): Promise<Asked> {
    const em = this.d.db.manager;
    const t = await attemptRow(em, attemptId);
    if (!t) throw new AppError('not_found', `No payment attempt ${attemptId}`);
    const acct = await accountRow(em, t.account_id);
    if (!acct) return { status: null, error: 'account removed' };
    return this.askAbout(t, acct);
  }

  /** `ask` for a caller that has just read the attempt and its account (the callback route). */
  async askAbout(t: AttemptRow, acct: AccountRow): Promise<Asked> {
    try {
      return { status: await this.adapter(acct).getStatus(t.order_id, t.gateway_ref || undefined), error: '' };
    } catch (err) {
      return { status: null, error: err instanceof Error ? err.message : String(err) };
    }
  }

  /** Ask the gateway, then apply its answer in one transaction. */
  async confirm(attemptId: number, source: AttemptEventSource): Promise<Applied> {
    const asked = await this.ask(attemptId);
    return this.d.db.write((em) => this.apply(em, attemptId, asked, source, this.d.now()));
  }

  /**
   * Only the gateway's answer changes an attempt. PAID becomes exactly one payment (billing's recordPayment,
   * keyed by the order id) in this transaction; money that does not fit (another amount, an invoice paid
   * elsewhere, a payment after expiry) is recorded all the same and the attempt waits for a person.
   */
  async apply(em: EntityManager, attemptId: number, asked: Asked, source: AttemptEventSource, now: Date): Promise<Applied> {
    const t = await attemptRow(em, attemptId);
    if (!t) throw new AppError('not_found', `No payment attempt ${attemptId}`);
    const at = now.toISOString();
    const checks = t.checks + 1;
    const s = asked.status;
    const pendingNext = t.state === 'pending' ? nextCheckAt(t.expires_at, checks, now) : null;
    // The row as these updates leave it (the row read above, in this transaction, with the columns they set).
    if (!s) {
      await em.query('UPDATE payment_attempts SET checks = ?, last_checked_at = ?, next_check_at = ?, updated_at = ? WHERE id = ?', [checks, at, pendingNext, at, t.id]);
      this.d.logger.warn({ attemptId, orderId: t.order_id, error: asked.error }, 'payment status not answered');
      return { attempt: { ...t, checks, last_checked_at: at, next_check_at: pendingNext, updated_at: at }, changed: false, payment: null };
    }
    const move = async (to: AttemptState, next: string | null, detail: string): Promise<Applied> => {
      await em.query('UPDATE payment_attempts SET state = ?, next_check_at = ?, last_status = ?, checks = ?, last_checked_at = ?, updated_at = ? WHERE id = ?', [to, next, s.status, checks, at, at, t.id]);
      if (to !== t.state) {
        await addEvent(em, t.id, at, t.state, to, source, detail);
        if (to === 'failed' || to === 'expired') await this.d.domainEvents.publish(em, 'payment_attempt.failed', { attemptId: t.id, orderId: t.order_id, purpose: t.purpose, state: to, customerId: t.customer_id, invoiceId: t.invoice_id }, now);
      }
      return { attempt: { ...t, state: to, next_check_at: next, last_status: s.status, checks, last_checked_at: at, updated_at: at }, changed: to !== t.state, payment: null };
    };
    const expired = t.expires_at !== null && now.getTime() >= new Date(t.expires_at).getTime();

    if (s.status === 'PAID') {
      if (t.payment_id !== null || t.voucher_id !== null || t.state === 'paid') return move('paid', null, 'paid');
      return this.paid(em, t, s, source, now, checks);
    }
    if (t.state !== 'pending') return move(t.state, null, '');
    if (s.status === 'FAILED') return move(expired ? 'expired' : 'failed', null, `gateway: FAILED${expired ? ' after expiry' : ''}`);
    if (s.status === 'EXPIRED') return move('expired', null, 'gateway: EXPIRED');
    // PENDING, UNKNOWN, REFUNDED of an unpaid order: still waiting; after the last check past expiry, expired here.
    if (pendingNext === null && t.expires_at !== null) return move('expired', null, `gateway still says ${s.status} after expiry: expired here`);
    return move('pending', pendingNext, '');
  }

  private async paid(em: EntityManager, t: AttemptRow, s: StatusResult, source: AttemptEventSource, now: Date, checks: number): Promise<Applied> {
    const at = now.toISOString();
    const paidAmount = s.amount !== undefined && Number.isSafeInteger(s.amount) && s.amount > 0 ? s.amount : t.amount;
    const reasons: ReviewReason[] = [];
    if (t.state !== 'pending') reasons.push('paid_after_expiry');
    if (paidAmount !== t.amount) reasons.push('amount_mismatch');
    const got = t.purpose === 'voucher' ? await this.paidVoucher(em, t, paidAmount, source, now) : await this.paidMoney(em, t, s, paidAmount, reasons, source, now);
    const review = reasons[0] ?? null;
    await em.query(
      `UPDATE payment_attempts SET state = 'paid', payment_id = ?, voucher_id = ?, paid_amount = ?, needs_review = CASE WHEN ? IS NULL THEN needs_review ELSE 1 END,
         review_reason = COALESCE(?, review_reason), next_check_at = NULL, last_status = ?, checks = ?, last_checked_at = ?, updated_at = ? WHERE id = ?`,
      [got.payment?.id ?? null, got.voucherId, paidAmount, review, review, s.status, checks, at, at, t.id],
    );
    const detail = [`paid ${paidAmount}`, got.what, ...reasons.map((r) => `review: ${r}`)].join('; ');
    await addEvent(em, t.id, at, t.state, 'paid', source, detail);
    await this.d.domainEvents.publish(em, 'payment_attempt.paid', { attemptId: t.id, orderId: t.order_id, purpose: t.purpose, amount: paidAmount, customerId: t.customer_id, invoiceId: t.invoice_id, paymentId: got.payment?.id ?? null, voucherId: got.voucherId }, now);
    return { attempt: (await attemptRow(em, t.id))!, changed: true, payment: got.payment };
  }

  /** An invoice or a customer's balance: exactly one payment through billing's counter path. */
  private async paidMoney(em: EntityManager, t: AttemptRow, s: StatusResult, paidAmount: number, reasons: ReviewReason[], source: AttemptEventSource, now: Date): Promise<Delivered> {
    if (t.invoice_id !== null) {
      const inv = await invoiceToPay(em, t.invoice_id);
      if (!inv || inv.status === 'paid' || inv.status === 'void') reasons.push('invoice_already_paid');
    }
    if (t.customer_id === null) {
      reasons.push('customer_missing');
      return { payment: null, voucherId: null, what: 'no payment recorded' };
    }
    const acct = await accountRow(em, t.account_id);
    // The fee the customer paid on top is the gateway's, not the office's receivable.
    const credit = paidAmount > t.fee ? paidAmount - t.fee : paidAmount;
    const payment = await this.d.recordPayment(em, {
      customerId: t.customer_id,
      amount: credit,
      method: 'gateway',
      reference: (s.gatewayRef || t.gateway_ref || t.order_id).slice(0, 100),
      note: `${acct?.gateway ?? 'gateway'} ${t.order_id}`,
      idempotencyKey: `gateway:${t.order_id}`,
      confirmDuplicate: true,
      receivedBy: null,
      now,
    });
    if (!payment.replayed) {
      await appendAudit(em, {
        at: now.toISOString(),
        user: null,
        method: `gateway.${source}`,
        summary: summary('payments.received', { amount: payment.amount, customer: payment.customerName, number: payment.number }),
        details: { paymentId: payment.id, customerId: payment.customerId, method: 'gateway', attemptId: t.id, orderId: t.order_id, reviewReasons: reasons.join(',') || null },
        transport: source === 'callback' ? 'http' : 'job',
        ip: null,
      });
    }
    return { payment, voucherId: null, what: `payment ${payment.number}` };
  }

  /**
   * A shop purchase: its voucher, taken from stock or generated, in this transaction. Paid less than the voucher's
   * price: no voucher (the attempt waits for a person, amount_mismatch).
   */
  private async paidVoucher(em: EntityManager, t: AttemptRow, paidAmount: number, source: AttemptEventSource, now: Date): Promise<Delivered> {
    const price = t.amount - t.fee;
    if (paidAmount < price || t.voucher_profile_id === null) return { payment: null, voucherId: null, what: 'no voucher given: paid less than its price' };
    const voucherId = await this.d.shop.deliver(em, { profileId: t.voucher_profile_id, price, now, attemptId: t.id, ...(t.buyer_phone ? { buyerPhone: t.buyer_phone } : {}) });
    const v = await this.d.shop.voucher(em, voucherId);
    await appendAudit(em, {
      at: now.toISOString(),
      user: null,
      method: `gateway.${source}`,
      summary: summary('vouchers.sold', { count: 1, profile: v?.profile ?? '', amount: price }),
      details: { voucherId, attemptId: t.id, orderId: t.order_id, buyerPhone: t.buyer_phone || null },
      transport: source === 'callback' ? 'http' : 'job',
      ip: null,
    });
    return { payment: null, voucherId, what: `voucher ${v?.username ?? voucherId}` };
  }

  /** Asks about every attempt whose check is due, one at a time (the polling job; catch-up safe). */
  async pollDue(now: Date = this.d.now()): Promise<{ checked: number; paid: number; expired: number; unanswered: number }> {
    const due = (await this.d.db.manager.query('SELECT id FROM payment_attempts WHERE next_check_at IS NOT NULL AND next_check_at <= ? ORDER BY next_check_at, id LIMIT ?', [now.toISOString(), POLL_BATCH])) as {
      id: number;
    }[];
    const out = { checked: 0, paid: 0, expired: 0, unanswered: 0 };
    for (const { id } of due) {
      try {
        const asked = await this.ask(id);
        const r = await this.d.db.write((em) => this.apply(em, id, asked, 'poll', this.d.now()));
        out.checked++;
        if (!asked.status) out.unanswered++;
        if (r.changed && r.attempt.state === 'paid') out.paid++;
        if (r.changed && r.attempt.state === 'expired') out.expired++;
      } catch (err) {
        this.d.logger.warn({ err, attemptId: id }, 'payment check failed');
      }
    }
    return out;
  }

  async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw gatewayAppError(err);
    }
  }
}

/** A gateway's refusal or silence, told to staff (never a 5xx of ours). */
export function gatewayAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof GatewayError) return new AppError('gateway.failed', `The payment gateway ${err.kind === 'unreachable' ? 'did not answer' : 'refused'}: ${err.message}`, { gateway: err.kind, status: err.httpStatus ?? null, reason: err.message });
  const reason = err instanceof Error ? err.message : String(err);
  return new AppError('gateway.failed', `The payment gateway call failed: ${reason}`, { gateway: 'protocol', reason });
}
