import type { EntityManager } from 'typeorm';
import { day, periodText, rupiah } from '../../../../shared/customer-format';
import { todayIn } from '../../../../shared/dates';
import { AppError } from '../../../../shared/errors';
import { customerLineText } from '../../../../shared/invoice-text';
import { invoiceDetail } from '../handlers-invoices';
import { Sheet } from './draw';
import type { PdfFile, PdfOptions } from './options';
import { PDF_WORDS } from './words';

/** An invoice (or credit note) as an A4 PDF, or null when there is no such invoice. */
export async function invoicePdf(em: EntityManager, invoiceId: number, o: PdfOptions, now = new Date()): Promise<PdfFile | null> {
  const i = await invoiceDetail(em, invoiceId, todayIn(o.timeZone, now)).catch((e: unknown) => {
    if (e instanceof AppError && e.code === 'not_found') return null;
    throw e;
  });
  if (!i) return null;
  const w = PDF_WORDS[o.lang];
  const credit = i.chargeType === 'credit' || i.total < 0;
  const s = new Sheet(credit ? w.creditNote : w.invoice, o.office, o.compress ?? true);
  if (i.status === 'void') s.stamp(w.stampVoid, '#b42318');
  else if (i.status === 'paid' && !credit) s.stamp(w.stampPaid, '#157347');
  s.pair(w.invoiceNo, i.number, { bold: true });
  s.pair(w.issued, day(i.issueDate, o.lang));
  if (!credit) s.pair(w.due, day(i.dueDate, o.lang));
  if (i.periodStart && i.periodEnd) s.pair(w.period, periodText(i.periodStart, i.periodEnd, o.lang));
  if (i.username) s.pair(w.username, i.username);
  s.gap();
  s.heading(w.billTo);
  s.para(`${i.customerName} (${i.customerNumber})`);
  if (i.customerAddress) s.para(i.customerAddress, { muted: true });
  if (i.customerNpwp) s.para(`${w.npwp}: ${i.customerNpwp}`, { muted: true });
  s.gap();
  s.rule();
  s.row(w.description, '', { bold: true });
  for (const l of i.lines) {
    const text = customerLineText(l.description, l.params, o.lang);
    s.row(l.counted ? text : `${text} ${w.notCounted}`, rupiah(l.amount), { muted: !l.counted });
  }
  s.rule();
  if (i.tax !== 0) {
    s.pair(w.subtotal, rupiah(i.subtotal));
    s.pair(w.tax, rupiah(i.tax));
  }
  s.pair(w.total, rupiah(i.total), { bold: true, size: 12 });
  if (!credit && i.status !== 'void') {
    s.pair(w.paid, rupiah(i.paid));
    s.pair(w.remaining, rupiah(i.remaining), { bold: true, size: 12 });
    if (i.remaining > 0) {
      s.gap();
      s.para(w.payBefore(rupiah(i.remaining), day(i.dueDate, o.lang)), { bold: true });
    }
  }
  s.gap(16);
  s.para(w.thanksInvoice, { muted: true, size: 9 });
  return { filename: `${i.number.replace(/[^A-Za-z0-9-]+/g, '-')}.pdf`, bytes: await s.end() };
}
