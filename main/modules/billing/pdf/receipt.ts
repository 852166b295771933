import type { EntityManager } from 'typeorm';
import { rupiah } from '../../../../shared/customer-format';
import { AppError } from '../../../../shared/errors';
import { paymentById } from '../handlers-payments';
import { Sheet } from './draw';
import { moment, type PdfOptions, type PdfFile } from './options';
import { PDF_WORDS } from './words';

/** A payment's receipt as an A4 PDF (what the printed A4 receipt says), or null when there is no such payment. */
export async function receiptPdf(em: EntityManager, paymentId: number, o: PdfOptions): Promise<PdfFile | null> {
  const p = await paymentById(em, paymentId).catch((e: unknown) => {
    if (e instanceof AppError && e.code === 'not_found') return null;
    throw e;
  });
  if (!p) return null;
  const w = PDF_WORDS[o.lang];
  const refund = p.kind === 'refund';
  const s = new Sheet(refund ? w.refund : w.receipt, o.office, o.compress ?? true);
  if (p.reversedAt) s.stamp(w.stampReversed, '#b42318');
  s.pair(w.receiptNo, p.number, { bold: true });
  s.pair(w.date, moment(p.receivedAt, o.lang, o.timeZone));
  s.pair(w.receivedFrom, `${p.customerName} (${p.customerNumber})`);
  s.gap();
  s.rule();
  s.pair(w.amount, rupiah(p.amount), { bold: true, size: 14 });
  s.pair(w.method, p.reference ? `${w.methods[p.method]} · ${p.reference}` : w.methods[p.method]);
  if (!refund && (p.applied.length > 0 || p.amount > 0)) {
    s.gap();
    s.heading(w.paidFor);
    for (const a of p.applied) s.row(a.number, rupiah(a.amount));
    const leftover = p.amount - p.applied.reduce((sum, a) => sum + a.amount, 0);
    if (leftover > 0) s.row(w.toCredit, rupiah(leftover), { muted: true });
  }
  s.gap();
  s.rule();
  if (p.balanceAfter > 0) s.pair(w.stillOwed, rupiah(p.balanceAfter), { bold: true });
  else if (p.balanceAfter < 0) s.pair(w.creditLeft, rupiah(-p.balanceAfter), { bold: true });
  else s.para(w.settled, { bold: true });
  if (p.receivedBy) s.pair(w.cashier, p.receivedBy);
  if (p.reversedAt) s.para(`${w.stampReversed}: ${moment(p.reversedAt, o.lang, o.timeZone)}${p.reverseReason ? ` — ${p.reverseReason}` : ''}`, { muted: true });
  s.gap(16);
  s.para(w.thanksPayment, { muted: true, size: 9 });
  return { filename: `${p.number.replace(/[^A-Za-z0-9-]+/g, '-')}.pdf`, bytes: await s.end() };
}
