/**
 * The isolation page (server-rendered, inline CSS, no script, no cookies): why the service is isolated, how
 * much is owed and a "Bayar sekarang" button to the customer's pay link — or, for an address we cannot place,
 * a general notice with the portal and the office's phone. Every value from the database is escaped here.
 */
import { day, rupiah } from '../../../shared/customer-format';

export type Lang = 'id' | 'en';

const TEXT = {
  id: {
    title: 'Layanan internet diisolir',
    hello: 'Halo, {name}',
    why: 'Layanan internet Anda sedang diisolir karena ada tagihan yang belum dibayar.',
    owed: 'Yang harus dibayar',
    invoice: 'Tagihan',
    due: 'jatuh tempo',
    pay: 'Bayar sekarang',
    after: 'Setelah pembayaran diterima, internet Anda aktif kembali dalam satu menit. Cabut-pasang modem bila belum tersambung.',
    noLink: 'Silakan bayar di kantor kami atau hubungi kami.',
    https: 'Situs HTTPS tidak bisa dibuka selama isolir. Tautan pembayaran juga kami kirim lewat WhatsApp.',
    activeTitle: 'Layanan Anda aktif',
    active: 'Layanan internet Anda aktif. Muat ulang halaman yang ingin Anda buka.',
    generalTitle: 'Akses internet dibatasi',
    general: 'Halaman ini tampil untuk pelanggan yang layanannya diisolir. Kami tidak dapat mengenali sambungan Anda.',
    portal: 'Buka portal pelanggan',
    call: 'Hubungi kantor',
    customer: 'No. pelanggan',
    busy: 'Terlalu banyak permintaan. Tunggu sebentar lalu muat ulang.',
    other: 'English',
  },
  en: {
    title: 'Internet service isolated',
    hello: 'Hello, {name}',
    why: 'Your internet service is isolated because of unpaid bills.',
    owed: 'Amount due',
    invoice: 'Invoice',
    due: 'due',
    pay: 'Pay now',
    after: 'Once the payment is received your internet comes back within a minute. Restart your modem if it does not.',
    noLink: 'Please pay at our office or contact us.',
    https: 'HTTPS sites cannot be opened while isolated. We also send the payment link over WhatsApp.',
    activeTitle: 'Your service is active',
    active: 'Your internet service is active. Reload the page you wanted to open.',
    generalTitle: 'Internet access is limited',
    general: 'This page is shown to customers whose service is isolated. We could not recognise your connection.',
    portal: 'Open the customer portal',
    call: 'Call the office',
    customer: 'Customer no.',
    busy: 'Too many requests. Wait a moment and reload.',
    other: 'Bahasa Indonesia',
  },
} as const;

export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f3f4f6;color:#111827}
main{max-width:480px;margin:0 auto;padding:16px}.card{background:#fff;border-radius:12px;padding:20px;box-shadow:0 1px 3px rgba(0,0,0,.08);margin-bottom:12px}
h1{font-size:1.3rem;margin:0 0 8px;color:#b91c1c}h1.ok{color:#15803d}.office{font-weight:600;color:#374151;margin:0 0 12px}
.amount{font-size:2rem;font-weight:700;margin:4px 0 12px}.muted{color:#6b7280;font-size:.9rem}ul{padding-left:18px;margin:8px 0}
.btn{display:block;text-align:center;background:#16a34a;color:#fff;text-decoration:none;font-weight:700;font-size:1.1rem;padding:14px;border-radius:10px;margin:12px 0}
.btn.alt{background:#2563eb}.lang{display:block;text-align:center;margin-top:8px;color:#2563eb}`;

export interface Office {
  name: string;
  phone: string;
}

export interface Isolated {
  kind: 'isolated';
  name: string;
  number: string;
  owed: number;
  invoices: { number: string; dueDate: string; remaining: number }[];
  payUrl: string | null;
}

export type PageView = Isolated | { kind: 'active'; name: string } | { kind: 'unknown'; portalUrl: string | null } | { kind: 'busy' };

const tel = (phone: string) => phone.replace(/[^0-9+]/g, '');

export function renderPage(view: PageView, lang: Lang, office: Office, otherLangHref: string): string {
  const t = TEXT[lang];
  const callLink = office.phone ? `<a class="btn alt" data-testid="iso-call" href="tel:${esc(tel(office.phone))}">${esc(t.call)} ${esc(office.phone)}</a>` : '';
  let title: string;
  let body: string;
  switch (view.kind) {
    case 'isolated': {
      title = t.title;
      const list = view.invoices.map((i) => `<li>${esc(t.invoice)} ${esc(i.number)} — ${esc(rupiah(i.remaining))} (${esc(t.due)} ${esc(day(i.dueDate, lang))})</li>`).join('');
      const pay = view.payUrl ? `<a class="btn" data-testid="iso-pay" href="${esc(view.payUrl)}">${esc(t.pay)}</a>` : `<p data-testid="iso-no-link">${esc(t.noLink)}</p>${callLink}`;
      body = `<div class="card"><h1>${esc(t.title)}</h1><p>${esc(t.hello.replace('{name}', view.name))}<br><span class="muted">${esc(t.customer)} ${esc(view.number)}</span></p>
<p data-testid="iso-why">${esc(t.why)}</p><div class="muted">${esc(t.owed)}</div><div class="amount" data-testid="iso-owed">${esc(rupiah(view.owed))}</div>
${list ? `<ul>${list}</ul>` : ''}${pay}<p class="muted">${esc(t.after)}</p></div><div class="card muted">${esc(t.https)}</div>`;
      break;
    }
    case 'active':
      title = t.activeTitle;
      body = `<div class="card"><h1 class="ok">${esc(t.activeTitle)}</h1><p>${esc(t.hello.replace('{name}', view.name))}</p><p data-testid="iso-active">${esc(t.active)}</p></div>`;
      break;
    case 'unknown':
      title = t.generalTitle;
      body = `<div class="card"><h1>${esc(t.generalTitle)}</h1><p data-testid="iso-general">${esc(t.general)}</p>${view.portalUrl ? `<a class="btn alt" data-testid="iso-portal" href="${esc(view.portalUrl)}">${esc(t.portal)}</a>` : ''}${callLink}</div>`;
      break;
    case 'busy':
      title = t.generalTitle;
      body = `<div class="card"><p data-testid="iso-busy">${esc(t.busy)}</p></div>`;
      break;
  }
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${esc(title)} — ${esc(office.name)}</title><style>${CSS}</style></head><body><main><p class="office">${esc(office.name)}</p>${body}
<a class="lang" href="${esc(otherLangHref)}">${esc(t.other)}</a></main></body></html>`;
}
