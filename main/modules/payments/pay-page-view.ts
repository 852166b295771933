import type { EntityManager } from 'typeorm';
import { periodText } from '../../../shared/customer-format';
import { invoiceReceiptNumbers, payableInvoice, payableInvoicesOf, paymentNumbers } from '../billing';
import { customerById } from '../customers';
import { listAccounts, type AccountRow } from './accounts';
import type { AttemptRow } from './attempts';
import type { PaymentMethodInfo } from './gateways/types';
import { linkState, qrSvgOf, type LinkRow } from './links';
import { contactLine, day, esc, message, moment, rupiah, TEXT, type Lang, type Office } from './pay-page-html';
import type { PaymentService } from './service';

/** What a link asks for now (read at every load: a link whose invoice was paid at the counter says so). */
export interface Owed {
  status: 'open' | 'paid' | 'void' | 'nothing';
  customerName: string;
  invoiceNumber: string | null;
  items: { number: string; period: string | null; due: string; amount: number }[];
  amount: number;
  receipts: string[];
}

export type LinkAttempt = AttemptRow & { link_id: number | null };

export async function latestAttempt(em: EntityManager, linkId: number): Promise<LinkAttempt | null> {
  const [r] = (await em.query('SELECT * FROM payment_attempts WHERE link_id = ? ORDER BY id DESC LIMIT 1', [linkId])) as LinkAttempt[];
  return r ?? null;
}

async function linkReceipts(em: EntityManager, linkId: number): Promise<string[]> {
  const rows = (await em.query("SELECT payment_id FROM payment_attempts WHERE link_id = ? AND state = 'paid' AND payment_id IS NOT NULL ORDER BY id", [linkId])) as { payment_id: number }[];
  const numbers = await paymentNumbers(em, rows.map((r) => r.payment_id));
  return rows.flatMap((r) => numbers.get(r.payment_id) ?? []);
}

/**
 * What a link asks for now, read fresh at every load (a link whose invoice was paid at the counter says so at
 * once) through billing's lean reads: the invoice's own row, its customer's name, its receipts only when paid.
 */
export async function owedOf(_svc: PaymentService, em: EntityManager, link: LinkRow): Promise<Owed> {
  if (link.kind === 'invoice') {
    const inv = await payableInvoice(em, link.invoice_id!);
    const customerName = inv ? ((await customerById(em, inv.customerId))?.name ?? '') : '';
    if (!inv || inv.status === 'void') return { status: 'void', customerName, invoiceNumber: inv?.number ?? null, items: [], amount: 0, receipts: [] };
    const period = inv.periodStart && inv.periodEnd ? `${inv.periodStart}/${inv.periodEnd}` : null;
    const item = { number: inv.number, period, due: inv.dueDate, amount: inv.remaining };
    if (inv.status === 'paid' || inv.remaining <= 0) {
      return { status: 'paid', customerName, invoiceNumber: inv.number, items: [{ ...item, amount: inv.total }], amount: 0, receipts: await invoiceReceiptNumbers(em, inv.id) };
    }
    return { status: 'open', customerName, invoiceNumber: inv.number, items: [item], amount: inv.remaining, receipts: [] };
  }
  const c = await customerById(em, link.customer_id);
  const list = await payableInvoicesOf(em, link.customer_id);
  const items = list.map((i) => ({ number: i.number, period: i.periodStart && i.periodEnd ? `${i.periodStart}/${i.periodEnd}` : null, due: i.dueDate, amount: i.remaining }));
  const amount = items.reduce((s, i) => s + i.amount, 0);
  if (amount > 0) return { status: 'open', customerName: c?.name ?? '', invoiceNumber: null, items, amount, receipts: [] };
  const receipts = await linkReceipts(em, link.id);
  return { status: receipts.length > 0 ? 'paid' : 'nothing', customerName: c?.name ?? '', invoiceNumber: null, items: [], amount: 0, receipts };
}

/** The page's state in one string: the script reloads when the status endpoint answers another one. */
export function stateKey(link: LinkRow, owed: Owed, attempt: LinkAttempt | null, now: Date): string {
  return [linkState(link, now), owed.status, owed.amount, attempt?.id ?? 0, attempt?.state ?? ''].join(':');
}

export function isWaiting(a: LinkAttempt | null, now: Date): a is LinkAttempt {
  return a !== null && a.state === 'pending' && (a.expires_at === null || new Date(a.expires_at).getTime() > now.getTime());
}

/** The methods of the enabled accounts for an amount, cached a few minutes per account and amount. */
export class MethodCache {
  private readonly cache = new Map<string, { at: number; methods: PaymentMethodInfo[] }>();
  constructor(
    private readonly svc: PaymentService,
    private readonly ttlMs = 3 * 60_000,
  ) {}

  private key(a: AccountRow, amount: number): string {
    return `${a.id}:${a.updated_at}:${amount}`;
  }

  /** Methods offered (the account's choice applied), or null when the gateway does not answer. */
  async of(a: AccountRow, amount: number): Promise<PaymentMethodInfo[] | null> {
    const k = this.key(a, amount);
    const now = Date.now();
    const hit = this.cache.get(k);
    if (hit && now - hit.at < this.ttlMs) return hit.methods;
    try {
      const all = await this.svc.adapter(a).listMethods(amount);
      const allowed = JSON.parse(a.methods) as string[];
      const methods = allowed.length > 0 ? all.filter((m) => allowed.includes(m.code)) : all;
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(k, { at: now, methods });
      return methods;
    } catch (err) {
      this.svc.d.logger.warn({ err, accountId: a.id }, 'pay page: methods not listed');
      return null;
    }
  }

  /** The name of a method when it is cached (the attempt view), else its code. */
  nameOf(accountId: number, code: string): string {
    for (const [k, v] of this.cache) if (k.startsWith(`${accountId}:`)) for (const m of v.methods) if (m.code === code) return m.name;
    return code;
  }
}

export interface OfferedAccount {
  account: AccountRow;
  methods: PaymentMethodInfo[] | null;
}

export async function offered(em: EntityManager, cache: MethodCache, amount: number): Promise<OfferedAccount[]> {
  const accounts = (await listAccounts(em)).filter((a) => a.enabled === 1);
  return Promise.all(accounts.map(async (account) => ({ account, methods: await cache.of(account, amount) })));
}

/** "start/endExclusive" as the customer reads it: the last day is the day before the end. */
function linkPeriod(p: string, lang: Lang): string {
  const [a, b] = p.split('/') as [string, string];
  return periodText(a, b, lang);
}

/** What is being paid and how much, on top of every open page. */
export function summaryCard(o: Owed, lang: Lang): string {
  const t = TEXT[lang];
  const head = o.invoiceNumber ? `${esc(t.invoice)} <b>${esc(o.invoiceNumber)}</b>` : `<b>${esc(t.all)}</b>`;
  const rows =
    o.invoiceNumber && o.items[0]
      ? [o.items[0].period ? `<div class="row"><span>${esc(t.period)}</span><span>${esc(linkPeriod(o.items[0].period, lang))}</span></div>` : '', `<div class="row"><span>${esc(t.due)}</span><span>${esc(day(o.items[0].due, lang))}</span></div>`].join('')
      : o.items.map((i) => `<div class="row"><span>${esc(i.number)}${i.period ? `<br><small class="muted">${esc(linkPeriod(i.period, lang))}</small>` : ''}</span><span>${esc(rupiah(i.amount))}</span></div>`).join('');
  return `<div class="card" data-testid="pay-summary"><div class="muted">${head} · ${esc(t.customer)}: ${esc(o.customerName)}</div>
<div class="muted" style="margin-top:10px">${esc(t.owed)}</div><div class="big" data-testid="pay-owed">${esc(rupiah(o.amount))}</div>${rows}</div>`;
}

export function methodsCard(list: OfferedAccount[], owed: number, nonce: string, action: string, lang: Lang, retryHref: string): string {
  const t = TEXT[lang];
  if (list.length === 0) return message('plain', t.noMethods, [], 'no-methods');
  const groups = list.map(({ account: a, methods }) => {
    if (methods === null) return `<p class="err" data-testid="pay-gateway-down">${esc(t.gatewayDown)} <a href="${esc(retryHref)}">${esc(t.retry)}</a></p>`;
    const byCustomer = a.fee_bearer === 'customer';
    const buttons = methods
      .map((m) => {
        const fee = byCustomer ? m.fee : 0;
        return `<button class="m" type="submit" name="method" value="${a.id}:${esc(m.code)}" data-testid="pay-method" data-code="${esc(m.code)}"><span>${esc(m.name)}${fee > 0 ? `<small>${esc(t.fee)} ${esc(rupiah(fee))}</small>` : ''}</span><b>${esc(rupiah(owed + fee))}</b></button>`;
      })
      .join('');
    return `<p class="muted">${esc(byCustomer ? t.feeCustomer : t.feeOffice)}</p>${buttons}`;
  });
  return `<div class="card" data-testid="pay-methods"><h2>${esc(t.choose)}</h2><form method="post" action="${esc(action)}"><input type="hidden" name="nonce" value="${esc(nonce)}"><input type="hidden" name="lang" value="${lang}">${groups.join('')}</form></div>`;
}

export async function attemptCard(a: LinkAttempt, methodName: string, lang: Lang, office: Office, otherHref: string): Promise<string> {
  const t = TEXT[lang];
  const parts: string[] = [`<p class="state" data-testid="pay-state" data-state="waiting">${esc(t.waiting)}</p><div class="muted">${esc(methodName)}</div><div class="big">${esc(rupiah(a.amount))}</div>`];
  if (a.fee > 0) parts.push(`<div class="muted">${esc(t.fee)} ${esc(rupiah(a.fee))}</div>`);
  if (a.pay_code) {
    parts.push(
      `<p style="margin:14px 0 0">${esc(t.va)}</p><div class="code"><input id="paycode" readonly value="${esc(a.pay_code)}" data-testid="pay-va" aria-label="${esc(t.va)}"><button class="btn" type="button" data-copy="paycode" data-done="${esc(t.copied)}">${esc(t.copy)}</button></div>`,
    );
  }
  if (a.qr_string) parts.push(`<p style="margin:14px 0 0">${esc(t.scan)}</p><div class="qr" data-testid="pay-qr">${await qrSvgOf(a.qr_string)}</div>`);
  if (a.payment_url && /^https?:\/\//.test(a.payment_url)) {
    const main = !a.pay_code && !a.qr_string;
    parts.push(`<p><a class="${main ? 'btn w' : 'link'}" href="${esc(a.payment_url)}" rel="noopener noreferrer" data-testid="pay-open">${esc(t.openApp)}</a></p>`);
  }
  if (a.expires_at) parts.push(`<p class="muted">${esc(t.payBefore)} ${esc(moment(a.expires_at, lang, office.timeZone))}</p>`);
  parts.push(`<p class="muted">${esc(t.waitingHint)}</p><a class="link" href="${esc(otherHref)}">${esc(t.other)}</a>`);
  return `<div class="card" data-testid="pay-attempt">${parts.join('')}</div>`;
}

export function paidCard(o: Owed, lang: Lang): string {
  const t = TEXT[lang];
  const lines = [esc(t.paidThanks), ...(o.invoiceNumber ? [`${esc(t.invoice)} <b>${esc(o.invoiceNumber)}</b>`] : []), ...o.receipts.map((r) => `${esc(t.receipt)}: <b data-testid="pay-receipt">${esc(r)}</b>`)];
  return message('ok', t.paid, lines, 'paid');
}

export function closedCard(kind: 'expired' | 'revoked' | 'void' | 'nothing', lang: Lang, office: Office): string {
  const t = TEXT[lang];
  if (kind === 'nothing') return message('ok', t.nothing, [], 'nothing');
  if (kind === 'void') return message('bad', t.voided, [contactLine(t, office.phone)], 'void');
  return message('bad', kind === 'expired' ? t.expired : t.revoked, [contactLine(t, office.phone)], kind);
}
