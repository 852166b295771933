import type { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { paymentNumbers } from '../billing';
import { attemptByOrder, type AttemptRow } from './attempts';
import { esc, rupiah } from './pay-page-html';
import type { PaymentService } from './service';

/** Return-page loads per address and minute (it refreshes itself every few seconds while a payment is checked). */
export const RETURN_RATE_LIMIT = 120;
/** How often a page waiting for a confirmation looks again. */
const REFRESH_S = 5;

const query = z.object({
  order: z.string().trim().min(1).max(50).regex(/^[A-Za-z0-9_.-]+$/),
  lang: z.enum(['id', 'en']).default('id'),
});

const TEXT = {
  id: {
    title: 'Pembayaran',
    checking: 'Memeriksa pembayaran Anda…',
    checkingHint: 'Halaman ini diperbarui sendiri. Pembayaran dipastikan langsung ke penyedia pembayaran; biasanya kurang dari satu menit.',
    paid: 'Pembayaran diterima. Terima kasih!',
    receipt: 'Nomor kuitansi',
    failed: 'Pembayaran tidak berhasil.',
    expired: 'Waktu pembayaran sudah habis.',
    again: 'Silakan minta tautan pembayaran baru ke kantor kami.',
    amount: 'Jumlah',
    notFound: 'Pembayaran ini tidak kami kenal. Periksa tautannya atau hubungi kantor kami.',
    bad: 'Tautan ini tidak lengkap.',
  },
  en: {
    title: 'Payment',
    checking: 'Checking your payment…',
    checkingHint: 'This page updates itself. The payment is confirmed with the payment provider directly; this usually takes less than a minute.',
    paid: 'Payment received. Thank you!',
    receipt: 'Receipt number',
    failed: 'The payment did not go through.',
    expired: 'The time to pay has run out.',
    again: 'Please ask our office for a new payment link.',
    amount: 'Amount',
    notFound: 'We do not know this payment. Check the link or contact our office.',
    bad: 'This link is incomplete.',
  },
} as const;
type Words = (typeof TEXT)['id'] | (typeof TEXT)['en'];


function page(lang: 'id' | 'en', office: string, t: Words, body: string, refresh: boolean): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
${refresh ? `<meta http-equiv="refresh" content="${REFRESH_S}">` : ''}<title>${esc(t.title)} · ${esc(office)}</title>
<style>body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f3f5f8;color:#1f2933}
main{max-width:420px;margin:0 auto;padding:32px 20px}h1{font-size:1.1rem;margin:0 0 24px;color:#52606d}
.card{background:#fff;border-radius:12px;padding:24px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.state{font-size:1.35rem;font-weight:600;margin:0 0 12px}.ok{color:#1b7f3b}.bad{color:#b42318}
p{line-height:1.5;margin:8px 0}.row{display:flex;justify-content:space-between;border-top:1px solid #e4e7eb;padding-top:12px;margin-top:16px}</style>
</head><body><main><h1>${esc(office)}</h1><div class="card" data-testid="pay-return">${body}</div></main></body></html>`;
}

function stateBody(a: AttemptRow, receipt: string | null, t: Words): { html: string; refresh: boolean } {
  const amount = `<div class="row"><span>${esc(t.amount)}</span><strong>${esc(rupiah(a.amount))}</strong></div>`;
  switch (a.state) {
    case 'paid':
      return { html: `<p class="state ok" data-state="paid">${esc(t.paid)}</p>${receipt ? `<p>${esc(t.receipt)}: <strong>${esc(receipt)}</strong></p>` : ''}${amount}`, refresh: false };
    case 'pending':
      return { html: `<p class="state" data-state="pending">${esc(t.checking)}</p><p>${esc(t.checkingHint)}</p>${amount}`, refresh: true };
    case 'failed':
    case 'expired':
      return { html: `<p class="state bad" data-state="${a.state}">${esc(a.state === 'failed' ? t.failed : t.expired)}</p><p>${esc(t.again)}</p>${amount}`, refresh: false };
  }
}

/**
 * GET /pay/return?order=… — where the gateway sends the customer's browser back. It only reads our database
 * (the callback or the polling job confirm a payment; a return URL never changes anything) and refreshes
 * itself while the payment is being checked.
 */
export function returnRoute(router: Router, svc: PaymentService, officeName: () => string, opts: { rateLimit?: number } = {}): void {
  const limiter = rateLimit({ windowMs: 60_000, limit: opts.rateLimit ?? RETURN_RATE_LIMIT, standardHeaders: 'draft-8', legacyHeaders: false });
  router.get('/pay/return', limiter, async (req, res) => {
    const q = query.safeParse(req.query);
    const lang = q.success ? q.data.lang : 'id';
    const t = TEXT[lang];
    const office = officeName();
    res.set('Cache-Control', 'no-store');
    if (!q.success) return void res.status(400).type('html').send(page(lang, office, t, `<p class="state bad">${esc(t.bad)}</p>`, false));
    try {
      const a = await attemptByOrder(svc.d.db.manager, q.data.order);
      if (!a) return void res.status(404).type('html').send(page(lang, office, t, `<p class="state bad">${esc(t.notFound)}</p>`, false));
      const receipt = a.payment_id ? ((await paymentNumbers(svc.d.db.manager, [a.payment_id])).get(a.payment_id) ?? null) : null;
      const { html, refresh } = stateBody(a, receipt, t);
      res.type('html').send(page(lang, office, t, html, refresh));
    } catch (err) {
      svc.d.logger.warn({ err }, 'return page failed');
      res.status(503).type('html').send(page(lang, office, t, `<p class="state">${esc(t.checking)}</p>`, true));
    }
  });
}
