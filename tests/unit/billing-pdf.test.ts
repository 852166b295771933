import { afterEach, describe, expect, it } from 'vitest';
import { invoicePdf, receiptPdf } from '../../main/modules/billing';
import { billingWorld, moveTo, seedCustomer, type BillingWorld } from '../support/billing';

/*
 * Receipts and invoices as PDF files (the WhatsApp receipt, the portal's downloads): a real PDF whose text says
 * what the printed documents say, in the customer's language; an unknown record is null, not a broken file.
 */

let w: BillingWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

/** The text drawn on an uncompressed pdfkit page: its hex strings, decoded (WinAnsi ≈ Latin-1). */
function pdfText(pdf: Buffer): string {
  const src = pdf.toString('latin1');
  const lines: string[] = [];
  for (const m of src.matchAll(/\[((?:<[0-9a-f]*>\s*-?[\d.]*\s*)+)\]\s*TJ/g)) {
    lines.push([...m[1]!.matchAll(/<([0-9a-f]*)>/g)].map((h) => Buffer.from(h[1]!, 'hex').toString('latin1')).join(''));
  }
  return lines.join('\n');
}

const office = { name: 'NetKu RT 05', address: 'Jl. Melati 5, Bekasi', phone: '0812-1111-2222' };

describe('PDF receipts and invoices', () => {
  it('a receipt says who paid what, for which invoice, and what is left, in Indonesian or English', async () => {
    w = await billingWorld();
    const customerId = await seedCustomer(w.core, 'Siti Aminah');
    await w.owner.call('subscriptions.create', { customerId, planId: w.plans.A, routerId: w.routerId, username: `cust${customerId}`, password: 'pw123', installDate: '2026-11-01', anchor: 'fixed', anchorDay: 1, installFee: 0, discount: 0 });
    await moveTo(w, '2026-11-02');
    const [inv] = (await w.core.db.manager.query('SELECT id, number, total FROM invoices WHERE customer_id = ? ORDER BY id', [customerId])) as { id: number; number: string; total: number }[];
    expect(inv).toBeDefined();
    const pay = await w.owner.call('payments.create', { customerId, amount: inv!.total + 10_000, method: 'cash', idempotencyKey: 'pdf-test-0001' });
    const em = w.core.db.manager;
    const id = await receiptPdf(em, pay.id, { lang: 'id', timeZone: 'Asia/Jakarta', office, compress: false });
    expect(id!.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(id!.filename).toBe(`${pay.number.replace(/\//g, '-')}.pdf`);
    const text = pdfText(id!.bytes);
    expect(text).toContain('KUITANSI PEMBAYARAN');
    expect(text).toContain(pay.number);
    expect(text).toContain('Siti Aminah');
    expect(text).toContain(inv!.number);
    expect(text).toContain('Disimpan sebagai saldo');
    expect(text).toContain('Rp10.000');
    expect(text).toContain('Saldo lebih bayar');
    const en = pdfText((await receiptPdf(em, pay.id, { lang: 'en', timeZone: 'Asia/Jakarta', office, compress: false }))!.bytes);
    expect(en).toContain('PAYMENT RECEIPT');
    expect(en).toContain('Credit left');

    const invPdf = pdfText((await invoicePdf(em, inv!.id, { lang: 'id', timeZone: 'Asia/Jakarta', office, compress: false }))!.bytes);
    expect(invPdf).toContain('TAGIHAN');
    expect(invPdf).toContain(inv!.number);
    expect(invPdf).toContain('LUNAS');
    // The plan line in words, not its key.
    expect(invPdf).not.toContain('planProrated');
    expect(invPdf).toMatch(/Rp\d/);
  });

  it('an unpaid invoice asks for payment by its due date; unknown ids are null; names the fonts cannot draw do not break it', async () => {
    w = await billingWorld();
    const customerId = await seedCustomer(w.core, 'Budi 😀 Santoso');
    await w.owner.call('subscriptions.create', { customerId, planId: w.plans.A, routerId: w.routerId, username: `cust${customerId}`, password: 'pw123', installDate: '2026-11-01', anchor: 'fixed', anchorDay: 1, installFee: 0, discount: 0 });
    await moveTo(w, '2026-11-02');
    const [inv] = (await w.core.db.manager.query('SELECT id FROM invoices WHERE customer_id = ? ORDER BY id', [customerId])) as { id: number }[];
    const em = w.core.db.manager;
    const text = pdfText((await invoicePdf(em, inv!.id, { lang: 'id', timeZone: 'Asia/Jakarta', office, compress: false }))!.bytes);
    expect(text).toContain('Mohon bayar');
    expect(text).toContain('Budi ? Santoso');
    expect(await invoicePdf(em, 999_999, { lang: 'id', timeZone: 'Asia/Jakarta', office })).toBeNull();
    expect(await receiptPdf(em, 999_999, { lang: 'id', timeZone: 'Asia/Jakarta', office })).toBeNull();
    // Compressed (the default) is still a whole PDF.
    const small = (await invoicePdf(em, inv!.id, { lang: 'en', timeZone: 'Asia/Jakarta', office }))!.bytes;
    expect(small.subarray(0, 5).toString()).toBe('%PDF-');
    expect(small.subarray(-6).toString()).toMatch(/%%EOF/);
  });
});
