/**
 * The pay page's words and HTML (plain server-rendered, inline CSS, one small same-origin script for copying
 * and polling). Every value from the database is escaped here.
 */
export type Lang = 'id' | 'en';

export const TEXT = {
  id: {
    title: 'Pembayaran',
    invoice: 'Tagihan',
    all: 'Semua tagihan',
    customer: 'Pelanggan',
    period: 'Periode',
    due: 'Jatuh tempo',
    owed: 'Yang harus dibayar',
    choose: 'Pilih cara bayar',
    fee: 'Biaya',
    feeCustomer: 'Biaya layanan ditanggung pembeli',
    feeOffice: 'Tanpa biaya tambahan (ditanggung kantor)',
    total: 'Total',
    noMethods: 'Belum ada cara bayar online. Silakan bayar di kantor kami.',
    gatewayDown: 'Penyedia pembayaran sedang tidak menjawab.',
    retry: 'Coba lagi',
    waiting: 'Menunggu pembayaran…',
    waitingHint: 'Halaman ini diperbarui sendiri setelah pembayaran diterima.',
    va: 'Nomor Virtual Account',
    payCode: 'Kode bayar',
    copy: 'Salin',
    copied: 'Tersalin',
    scan: 'Pindai QRIS ini dengan aplikasi bank atau e-wallet',
    openApp: 'Bayar sekarang',
    payBefore: 'Bayar sebelum',
    other: 'Pilih cara bayar lain',
    paid: 'Sudah lunas',
    paidThanks: 'Terima kasih, pembayaran sudah kami terima.',
    receipt: 'Nomor kuitansi',
    nothing: 'Tidak ada tagihan yang harus dibayar.',
    expired: 'Tautan pembayaran ini sudah kedaluwarsa.',
    revoked: 'Tautan pembayaran ini sudah tidak berlaku.',
    voided: 'Tagihan ini dibatalkan.',
    contact: 'Silakan hubungi kantor kami untuk tautan baru',
    notFound: 'Tautan pembayaran tidak dikenal. Periksa tautannya atau hubungi kantor kami.',
    bad: 'Permintaan tidak lengkap. Muat ulang halaman lalu coba lagi.',
    badMethod: 'Cara bayar itu tidak tersedia. Pilih yang lain.',
    failed: 'Pembayaran tidak dapat dibuat',
    busy: 'Terlalu banyak permintaan. Tunggu sebentar lalu coba lagi.',
  },
  en: {
    title: 'Payment',
    invoice: 'Invoice',
    all: 'All bills',
    customer: 'Customer',
    period: 'Period',
    due: 'Due',
    owed: 'Amount due',
    choose: 'Choose how to pay',
    fee: 'Fee',
    feeCustomer: 'The service fee is added to the amount',
    feeOffice: 'No extra fee (paid by the office)',
    total: 'Total',
    noMethods: 'No online payment method yet. Please pay at our office.',
    gatewayDown: 'The payment provider is not answering right now.',
    retry: 'Try again',
    waiting: 'Waiting for your payment…',
    waitingHint: 'This page updates itself once the payment is received.',
    va: 'Virtual Account number',
    payCode: 'Payment code',
    copy: 'Copy',
    copied: 'Copied',
    scan: 'Scan this QRIS with a bank or e-wallet app',
    openApp: 'Pay now',
    payBefore: 'Pay before',
    other: 'Choose another way to pay',
    paid: 'Paid in full',
    paidThanks: 'Thank you, we have received your payment.',
    receipt: 'Receipt number',
    nothing: 'There is nothing to pay.',
    expired: 'This payment link has expired.',
    revoked: 'This payment link is no longer valid.',
    voided: 'This invoice was cancelled.',
    contact: 'Please contact our office for a new link',
    notFound: 'We do not know this payment link. Check the link or contact our office.',
    bad: 'The request is incomplete. Reload the page and try again.',
    badMethod: 'That payment method is not available. Choose another one.',
    failed: 'The payment could not be created',
    busy: 'Too many requests. Wait a moment and try again.',
  },
} as const;
export type Words = (typeof TEXT)[Lang];

export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
// Money and days as every customer-facing text writes them.
export { day, rupiah } from '../../../shared/customer-format';
/** Moment formatters per language and time zone (the office's zone: one or two entries in practice). */
const momentFormats = new Map<string, Intl.DateTimeFormat>();
function momentFormat(lang: Lang, timeZone: string): Intl.DateTimeFormat {
  const k = `${lang}|${timeZone}`;
  let f = momentFormats.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' });
    if (momentFormats.size >= 32) momentFormats.clear();
    momentFormats.set(k, f);
  }
  return f;
}

export function moment(iso: string, lang: Lang, timeZone: string): string {
  return momentFormat(lang, timeZone).format(new Date(iso));
}

const CSS = `*{box-sizing:border-box}body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f3f5f8;color:#1f2933;font-size:16px}
main{max-width:480px;margin:0 auto;padding:16px 14px 40px}header{display:flex;align-items:center;gap:12px;margin:4px 2px 16px}
header img{width:44px;height:44px;object-fit:contain;border-radius:8px;background:#fff}header b{font-size:1.1rem}
.card{background:#fff;border-radius:14px;padding:18px;box-shadow:0 1px 3px rgba(0,0,0,.08);margin-bottom:14px}
.muted{color:#616e7c;font-size:.9rem}.big{font-size:1.75rem;font-weight:700;margin:4px 0}
.row{display:flex;justify-content:space-between;gap:12px;padding:6px 0}.row+.row{border-top:1px solid #eef0f3}
h2{font-size:1rem;margin:0 0 10px}.m{display:flex;width:100%;justify-content:space-between;align-items:center;gap:10px;text-align:left;
background:#fff;border:1px solid #cbd2d9;border-radius:10px;padding:12px 14px;margin:8px 0;font:inherit;color:inherit;cursor:pointer}
.m:active{background:#eef2ff}.m span{display:block}.m small{display:block;color:#616e7c;font-size:.85rem;margin-top:2px}.m b{white-space:nowrap}
.state{font-size:1.3rem;font-weight:700;margin:0 0 8px}.ok{color:#1b7f3b}.bad{color:#b42318}
.code{display:flex;gap:8px;align-items:center;margin:8px 0}.code input{flex:1;min-width:0;font:600 1.35rem ui-monospace,monospace;letter-spacing:.04em;border:1px dashed #9aa5b1;border-radius:8px;padding:10px;background:#f8fafc;color:#1f2933}
.btn{display:inline-block;background:#2453d6;color:#fff;border:0;border-radius:10px;padding:12px 16px;font:600 1rem system-ui,sans-serif;text-decoration:none;text-align:center;cursor:pointer}
.btn.w{display:block;width:100%}.link{display:inline-block;margin-top:10px;color:#2453d6}.qr svg{width:100%;max-width:280px;display:block;margin:8px auto}
.err{background:#fdecea;color:#b42318;border-radius:10px;padding:10px 12px;margin-bottom:12px}.lang{float:right;font-size:.85rem;color:#2453d6}`;

export interface Office {
  name: string;
  logo: string | null;
  phone: string;
  timeZone: string;
}

export interface Shell {
  /** The browser tab's title (default: the pay page's). */
  title?: string;
  lang: Lang;
  office: Office;
  /** The link's own path with the other language, for the switch. */
  otherLang: string;
  /** Set while a payment is awaited: the status endpoint and the state key the script compares. */
  poll?: { url: string; key: string };
}

export function page(s: Shell, body: string): string {
  const t = TEXT[s.lang];
  const logo = s.office.logo && /^data:image\/(png|jpeg|webp|svg\+xml);base64,/.test(s.office.logo) ? `<img src="${esc(s.office.logo)}" alt="">` : '';
  const poll = s.poll ? ` data-poll="${esc(s.poll.url)}" data-key="${esc(s.poll.key)}"` : '';
  return `<!doctype html><html lang="${s.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(s.title ?? t.title)} · ${esc(s.office.name)}</title><style>${CSS}</style>${s.poll ? '<noscript><meta http-equiv="refresh" content="10"></noscript>' : ''}</head>
<body><main${poll}><a class="lang" href="${esc(s.otherLang)}">${s.lang === 'id' ? 'English' : 'Bahasa Indonesia'}</a><header>${logo}<b>${esc(s.office.name)}</b></header>${body}</main>
<script src="/p/_/pay.js" defer></script></body></html>`;
}

/** A message card: state line (ok/bad/plain), optional detail lines. */
export function message(kind: 'ok' | 'bad' | 'plain', state: string, lines: string[] = [], testState = ''): string {
  return `<div class="card" data-testid="pay-state" data-state="${esc(testState)}"><p class="state ${kind === 'plain' ? '' : kind}">${esc(state)}</p>${lines.map((l) => `<p>${l}</p>`).join('')}</div>`;
}

export function contactLine(t: Words, phone: string): string {
  return `${esc(t.contact)}${phone ? `: <a href="tel:${esc(phone.replace(/[^0-9+]/g, ''))}">${esc(phone)}</a>` : '.'}`;
}

/** The copy/poll script, served same-origin (the listener's CSP allows no inline script). */
export const PAY_JS = `(function(){
document.querySelectorAll('[data-copy]').forEach(function(b){b.addEventListener('click',function(){
var i=document.getElementById(b.getAttribute('data-copy'));if(!i)return;var done=function(){b.textContent=b.getAttribute('data-done')};
if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(i.value).then(done,function(){i.select();document.execCommand('copy');done()})}
else{i.focus();i.select();try{document.execCommand('copy');done()}catch(e){}}})});
var m=document.querySelector('[data-poll]');if(!m)return;var u=m.getAttribute('data-poll'),k=m.getAttribute('data-key');
setInterval(function(){fetch(u,{cache:'no-store',credentials:'omit'}).then(function(r){return r.ok?r.json():null}).then(function(j){if(j&&j.key!==k)location.reload()}).catch(function(){})},4000);
})();`;
