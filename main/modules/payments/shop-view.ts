import { qrLoginUrl, qrSvg } from '../../../shared/qr';
import type { ShopProfile, ShopVoucher } from '../vouchers';
import type { AttemptRow } from './attempts';
import { contactLine, esc, message, rupiah, TEXT, type Lang, type Office } from './pay-page-html';

/** The voucher shop's words (the payment parts share the pay page's). */
export const SHOP_TEXT = {
  id: {
    title: 'Beli voucher WiFi',
    intro: 'Pilih paket, bayar online, kode voucher langsung tampil di halaman ini.',
    buy: 'Beli',
    validity: 'Masa aktif',
    never: 'Tanpa batas waktu',
    timeLimit: 'Waktu pakai',
    quota: 'Kuota',
    speed: 'Kecepatan',
    closed: 'Toko voucher sedang tutup.',
    closedHint: 'Voucher bisa dibeli di kantor atau agen kami.',
    call: 'Telepon',
    unknownProfile: 'Paket ini tidak dijual lagi.',
    back: 'Kembali ke daftar paket',
    phone: 'Nomor WhatsApp (tidak wajib)',
    phoneHint: 'Agar kantor kami bisa menghubungi Anda bila ada kendala dengan pembayaran.',
    phoneHintWa: 'Kode voucher dan QR untuk masuk juga kami kirim lewat WhatsApp ke nomor ini.',
    badPhone: 'Nomor WhatsApp tidak valid. Kosongkan atau periksa lagi.',
    yours: 'Voucher Anda',
    paidThanks: 'Pembayaran diterima. Terima kasih!',
    code: 'Kode voucher',
    user: 'Nama pengguna',
    password: 'Kata sandi',
    scanLogin: 'Pindai untuk masuk ke hotspot (sambungkan dulu ke WiFi kami)',
    login: 'Masuk sekarang',
    loginHint: 'Sambungkan ke WiFi kami, lalu buka halaman masuk dan ketik kode di atas.',
    keep: 'Simpan tautan halaman ini: voucher Anda bisa dibuka lagi kapan saja.',
    preparing: 'Pembayaran diterima. Voucher sedang disiapkan…',
    preparingHint: 'Biasanya kurang dari satu menit. Halaman ini diperbarui sendiri.',
    checking: 'Memeriksa pembayaran Anda…',
    short: 'Pembayaran diterima, tetapi jumlahnya kurang dari harga voucher.',
    shortHint: 'Hubungi kantor kami dengan nomor pesanan ini',
    failed: 'Pembayaran tidak berhasil.',
    expired: 'Waktu pembayaran sudah habis.',
    again: 'Beli lagi',
    order: 'Nomor pesanan',
    state: { unused: 'Belum dipakai', active: 'Sedang aktif', expired: 'Sudah habis', disabled: 'Dinonaktifkan', removed: 'Dihapus' },
  },
  en: {
    title: 'Buy a WiFi voucher',
    intro: 'Choose a package, pay online, and your voucher code appears right on this page.',
    buy: 'Buy',
    validity: 'Valid for',
    never: 'No time limit',
    timeLimit: 'Usage time',
    quota: 'Data',
    speed: 'Speed',
    closed: 'The voucher shop is closed.',
    closedHint: 'Vouchers are sold at our office and our outlets.',
    call: 'Phone',
    unknownProfile: 'This package is no longer sold.',
    back: 'Back to the packages',
    phone: 'WhatsApp number (optional)',
    phoneHint: 'So our office can reach you if there is a problem with the payment.',
    phoneHintWa: 'We also send the voucher code and a QR code to log in to this number on WhatsApp.',
    badPhone: 'That WhatsApp number is not valid. Leave it empty or check it.',
    yours: 'Your voucher',
    paidThanks: 'Payment received. Thank you!',
    code: 'Voucher code',
    user: 'Username',
    password: 'Password',
    scanLogin: 'Scan to log in to the hotspot (connect to our WiFi first)',
    login: 'Log in now',
    loginHint: 'Connect to our WiFi, open the login page and type the code above.',
    keep: 'Keep the link of this page: your voucher can be opened again at any time.',
    preparing: 'Payment received. Your voucher is being prepared…',
    preparingHint: 'This usually takes less than a minute. This page updates itself.',
    checking: 'Checking your payment…',
    short: 'Payment received, but less than the voucher’s price.',
    shortHint: 'Please contact our office with this order number',
    failed: 'The payment did not go through.',
    expired: 'The time to pay has run out.',
    again: 'Buy again',
    order: 'Order number',
    state: { unused: 'Not used yet', active: 'In use', expired: 'Used up', disabled: 'Disabled', removed: 'Removed' },
  },
} as const;

/** "1d" → "1 hari" / "1 day"; durations are RouterOS-style (1w2d3h4m). */
function duration(d: string, lang: Lang): string {
  const names = lang === 'id' ? { w: 'minggu', d: 'hari', h: 'jam', m: 'menit', s: 'detik' } : { w: 'week', d: 'day', h: 'hour', m: 'minute', s: 'second' };
  const parts = [...d.matchAll(/(\d+)([wdhms])/g)].map(([, n, u]) => {
    const name = names[u as keyof typeof names];
    return `${n} ${lang === 'en' && n !== '1' ? `${name}s` : name}`;
  });
  return parts.length > 0 ? parts.join(' ') : d;
}

const quota = (mb: number): string => (mb >= 1024 ? `${Math.round((mb / 1024) * 10) / 10} GB` : `${mb} MB`);

/** What a voucher gives, one line per limit. */
function facts(p: { validity: string | null; timeLimit: string | null; dataQuotaMb: number | null; rateLimit?: string }, lang: Lang): string {
  const s = SHOP_TEXT[lang];
  const rows: [string, string][] = [[s.validity, p.validity ? duration(p.validity, lang) : s.never]];
  if (p.timeLimit) rows.push([s.timeLimit, duration(p.timeLimit, lang)]);
  if (p.dataQuotaMb !== null) rows.push([s.quota, quota(p.dataQuotaMb)]);
  if (p.rateLimit) rows.push([s.speed, p.rateLimit.split(' ')[0]!.replace(/(\d)([kKM])/g, '$1 $2').replace(/\//, ' / ') + 'bps']);
  return rows.map(([k, v]) => `<div class="row"><span class="muted">${esc(k)}</span><span>${esc(v)}</span></div>`).join('');
}

export function closedShop(lang: Lang, office: Office): string {
  const s = SHOP_TEXT[lang];
  const call = office.phone ? [`${esc(s.call)}: <a href="tel:${esc(office.phone.replace(/[^0-9+]/g, ''))}">${esc(office.phone)}</a>`] : [];
  return message('plain', s.closed, [esc(s.closedHint), ...call], 'closed');
}

export function profileList(list: ShopProfile[], lang: Lang): string {
  const s = SHOP_TEXT[lang];
  const q = lang === 'en' ? '?lang=en' : '';
  const cards = list.map(
    (p) => `<div class="card" data-testid="shop-profile" data-id="${p.id}"><div class="row"><h2 style="margin:0">${esc(p.name)}</h2><b class="big" style="font-size:1.35rem;margin:0">${esc(rupiah(p.price))}</b></div>
${facts(p, lang)}<a class="btn w" style="margin-top:12px" href="/shop/${p.id}${q}" data-testid="shop-buy">${esc(s.buy)}</a></div>`,
  );
  return `<h1 style="font-size:1.3rem;margin:0 0 4px">${esc(s.title)}</h1><p class="muted" style="margin:0 0 14px">${esc(s.intro)}</p>${cards.join('')}`;
}

export function profileSummary(p: ShopProfile, lang: Lang): string {
  const q = lang === 'en' ? '?lang=en' : '';
  return `<div class="card" data-testid="shop-summary"><div class="muted"><a class="link" style="margin:0" href="/shop${q}">← ${esc(SHOP_TEXT[lang].back)}</a></div>
<h2 style="margin:10px 0 0">${esc(p.name)}</h2><div class="big" data-testid="shop-price">${esc(rupiah(p.price))}</div>${facts(p, lang)}</div>`;
}

/** The phone field, inside the methods' form (`form` attribute: the methods card owns the <form>). */
export function phoneField(lang: Lang, value: string, formId: string, whatsapp: boolean): string {
  const s = SHOP_TEXT[lang];
  return `<div class="card"><label for="phone"><b>${esc(s.phone)}</b></label><input id="phone" name="phone" form="${esc(formId)}" type="tel" inputmode="tel" autocomplete="tel" maxlength="20" value="${esc(value)}"
 placeholder="08…" data-testid="shop-phone" style="display:block;width:100%;margin:8px 0 4px;font:inherit;padding:10px;border:1px solid #cbd2d9;border-radius:8px"><div class="muted">${esc(whatsapp ? s.phoneHintWa : s.phoneHint)}</div></div>`;
}

/** The delivered voucher: the code to type, a QR code that logs the phone in, and what it gives. */
export function voucherCard(v: ShopVoucher, lang: Lang): string {
  const s = SHOP_TEXT[lang];
  const t = TEXT[lang];
  const copy = (id: string, label: string, value: string) =>
    `<p style="margin:12px 0 0">${esc(label)}</p><div class="code"><input id="${id}" readonly value="${esc(value)}" data-testid="shop-${id}" aria-label="${esc(label)}"><button class="btn" type="button" data-copy="${id}" data-done="${esc(t.copied)}">${esc(t.copy)}</button></div>`;
  const codes = v.mode === 'vc' ? copy('code', s.code, v.username) : copy('user', s.user, v.username) + copy('password', s.password, v.password);
  const login = v.loginUrl ? qrLoginUrl(v.loginUrl, v.username, v.password) : '';
  const qr = login ? `<p style="margin:14px 0 0">${esc(s.scanLogin)}</p><div class="qr" data-testid="shop-qr">${qrSvg(login)}</div><a class="btn w" href="${esc(login)}" data-testid="shop-login">${esc(s.login)}</a>` : `<p class="muted">${esc(s.loginHint)}</p>`;
  return `<div class="card" data-testid="shop-voucher" data-state="${esc(v.state)}"><p class="state ok" data-testid="pay-state" data-state="voucher">${esc(s.paidThanks)}</p>
<h2 style="margin:8px 0 0">${esc(s.yours)}: ${esc(v.profile)}</h2>${v.state !== 'unused' ? `<div class="muted">${esc(s.state[v.state])}</div>` : ''}${codes}${qr}
<div style="margin-top:12px">${facts(v, lang)}</div><p class="muted">${esc(s.keep)}</p></div>`;
}

/** A purchase that is not (or not yet) a voucher: checking, preparing, short, failed, expired. */
export function purchaseState(a: AttemptRow, lang: Lang, office: Office): string {
  const s = SHOP_TEXT[lang];
  const q = lang === 'en' ? '?lang=en' : '';
  const again = `<a class="btn w" href="/shop/${a.voucher_profile_id ?? ''}${q}" data-testid="shop-again">${esc(s.again)}</a>`;
  const order = `${esc(s.order)}: <b data-testid="shop-order">${esc(a.order_id)}</b>`;
  if (a.state === 'paid' && a.voucher_id !== null) return message('ok', s.preparing, [esc(s.preparingHint)], 'preparing');
  if (a.state === 'paid') return message('bad', s.short, [`${esc(s.shortHint)}.`, order, contactLine(TEXT[lang], office.phone)], 'short');
  if (a.state === 'pending') return message('plain', s.checking, [esc(TEXT[lang].waitingHint)], 'checking');
  return message('bad', a.state === 'failed' ? s.failed : s.expired, [order, again], a.state);
}
