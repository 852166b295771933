/**
 * DuitKu's hosted payment page, reduced to what a demo and a browser test need: GET shows the amount (and for a
 * POP invoice a channel picker) with a "Bayar" button; POST pays and redirects to the merchant's returnUrl with
 * `merchantOrderId`, `resultCode` and `reference` (reference §7).
 */
import { html, type PeerReply, type PeerRequest } from '../gateways/peer-http';
import { PATHS } from './api';
import { methodsFor } from './methods';
import type { DuitkuState, SimTransaction } from './state';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const rupiah = (n: number): string => `Rp ${n.toLocaleString('id-ID')}`;

export function isPayPage(path: string): boolean {
  const p = path.toLowerCase();
  return p === PATHS.payV2.toLowerCase() || p === PATHS.payPop.toLowerCase();
}

export function payPage(req: PeerRequest, state: DuitkuState, pay: (tx: SimTransaction, method: string | null) => void): PeerReply {
  const ref = req.query.get('ref') ?? req.query.get('reference') ?? '';
  let tx: SimTransaction;
  try {
    tx = state.find(ref);
  } catch {
    return html(404, '<!doctype html><title>DuitKu</title><p>Transaksi tidak ditemukan.</p>');
  }
  if (req.method === 'POST') {
    const form = new URLSearchParams(req.rawBody);
    if (tx.status !== '01') return html(409, page(tx, state, 'Transaksi ini tidak dapat dibayar lagi.'));
    pay(tx, form.get('method'));
    const back = new URL(tx.returnUrl);
    back.searchParams.set('merchantOrderId', tx.merchantOrderId);
    back.searchParams.set('resultCode', tx.status);
    back.searchParams.set('reference', tx.reference);
    return { status: 303, body: '', headers: { Location: back.toString() } };
  }
  return html(200, page(tx, state, null));
}

function page(tx: SimTransaction, state: DuitkuState, notice: string | null): string {
  const status = tx.status === '00' ? 'Lunas' : tx.status === '01' ? 'Menunggu pembayaran' : tx.endedAs === 'expired' ? 'Kedaluwarsa' : 'Gagal';
  const picker = tx.paymentMethod
    ? `<p>Metode: <b>${esc(tx.paymentMethod)}</b>${tx.vaNumber ? ` — Nomor VA <b id="va">${esc(tx.vaNumber)}</b>` : ''}</p>`
    : `<label>Metode <select name="method">${methodsFor(state.methods, tx.amount).map((m) => `<option value="${esc(m.code)}">${esc(m.name)}</option>`).join('')}</select></label>`;
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>DuitKu Sandbox — ${esc(tx.reference)}</title></head>
<body>
<h1>DuitKu Sandbox</h1>
<p>Pesanan <b>${esc(tx.merchantOrderId)}</b> · Referensi <span id="reference">${esc(tx.reference)}</span></p>
<p>Jumlah <b id="amount">${esc(rupiah(tx.amount))}</b></p>
<p>Status: <span id="status">${status}</span></p>
${notice ? `<p role="alert">${esc(notice)}</p>` : ''}
${tx.status === '01' ? `<form method="post">${picker}<button type="submit">Bayar</button></form>` : ''}
</body></html>`;
}
