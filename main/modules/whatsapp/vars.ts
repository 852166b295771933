import type { EntityManager } from 'typeorm';
import { day, periodText, rupiah } from '../../../shared/customer-format';
import type { WaFacts } from './facts';
import type { Lang, Vars } from './templates';

/*
 * Placeholder values from the facts: money as the customer reads it ("Rp150.000"), dates in the office's words.
 */

/** What a preview shows for a payment link. */
const PREVIEW_LINK = 'https://…/p/…';

/** "1 Des 2026 – 31 Des 2026" from a start and an exclusive end ('' when the invoice has no period). */
function period(start: string | null, endExclusive: string | null, lang: Lang): string {
  return start && endExclusive ? periodText(start, endExclusive, lang) : '';
}

export interface VarsInput {
  customerId: number;
  invoiceId?: number;
  paymentId?: number;
  subscriptionId?: number;
  voucher?: { code: string; profile: string; link: string | null };
  promiseUntil?: string;
  /** A trouble ticket: its number, state and the note shown to the customer ('' for none). */
  ticket?: { number: string; state: 'open' | 'in_progress' | 'solved'; note: string };
}

/** A ticket's state as the customer reads it. */
const TICKET_STATE_TEXT: Record<Lang, Record<'open' | 'in_progress' | 'solved', string>> = {
  id: { open: 'sudah kami terima dan menunggu petugas', in_progress: 'sedang dikerjakan petugas kami', solved: 'sudah selesai' },
  en: { open: 'received and waiting for our staff', in_progress: 'being handled by our staff', solved: 'solved' },
};

/** Every placeholder this message can fill: the customer, their account, and the invoice / payment / subscription it is about. */
export async function varsFor(
  em: EntityManager,
  facts: WaFacts,
  v: VarsInput,
  lang: Lang,
  office: { name: string; phone: string },
  now: Date,
  opts: { links?: boolean; body?: string } = {},
): Promise<Vars> {
  // A preview makes no payment link (it changes nothing): it shows a sample address instead. A message whose text
  // has no {link_bayar} makes none either (a ticket update need not create a payment link).
  const wanted = opts.body === undefined || opts.body.includes('{link_bayar}');
  const link = async (target: { invoiceId: number } | { customerId: number }) => (opts.links === false ? PREVIEW_LINK : wanted ? ((await facts.payLink(em, target, now)) ?? '') : '');
  const c = await facts.customer(em, v.customerId);
  const acct = await facts.account(em, v.customerId);
  const out: Vars = {
    nama: c?.name ?? '',
    no_pelanggan: c?.number ?? '',
    saldo: rupiah(Math.max(acct.balance, 0)),
    jumlah: rupiah(acct.owed),
    paket: acct.plan ?? '',
    kantor: office.name,
    telp_kantor: office.phone,
  };
  if (v.invoiceId !== undefined) {
    const inv = await facts.invoice(em, v.invoiceId);
    if (inv) {
      out.no_tagihan = inv.number;
      out.periode = period(inv.periodStart, inv.periodEnd, lang);
      out.jumlah = rupiah(inv.remaining > 0 ? inv.remaining : inv.total);
      out.jatuh_tempo = day(inv.dueDate, lang);
      out.link_bayar = await link({ invoiceId: inv.id });
    }
  } else if (acct.owed > 0) out.link_bayar = await link({ customerId: v.customerId });
  if (v.paymentId !== undefined) {
    const p = await facts.payment(em, v.paymentId);
    if (p) {
      out.no_kuitansi = p.number;
      out.jumlah = rupiah(p.amount);
      // The ledger has this payment already, but the event comes before the invoices it pays are settled
      // (billing/record.ts): what is still owed after it is the ledger balance, not the open invoices.
      out.saldo = rupiah(Math.max(acct.balance, 0));
    }
  }
  if (v.subscriptionId !== undefined) {
    const s = await facts.subscription(em, v.subscriptionId);
    if (s) {
      out.username = s.username;
      out.password = s.password;
      out.paket = s.plan;
    }
  }
  if (v.voucher) {
    out.kode_voucher = v.voucher.code;
    out.link_voucher = v.voucher.link ?? '';
    out.paket = v.voucher.profile;
  }
  if (v.promiseUntil) out.tanggal_janji = day(v.promiseUntil, lang);
  if (v.ticket) {
    out.no_tiket = v.ticket.number;
    out.status_tiket = TICKET_STATE_TEXT[lang][v.ticket.state];
    out.catatan_tiket = v.ticket.note;
  }
  return out;
}
