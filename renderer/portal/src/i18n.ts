// The portal's own tiny i18n: Bahasa Indonesia first (the default), English the same keys (a missing key does
// not compile). `{name}` placeholders are filled by t().
import { useSyncExternalStore } from 'react';
import type { PortalLang } from '../../../shared/contract/portal';

const id = {
  'app.title': 'Portal Pelanggan',
  'app.loading': 'Memuat…',
  'app.retry': 'Coba lagi',
  'app.back': 'Kembali',
  'app.more': 'Tampilkan lebih banyak',
  'app.cancel': 'Batal',
  'app.offlineBanner': 'Anda sedang offline. Data mungkin belum terbaru.',

  'nav.home': 'Beranda',
  'nav.bills': 'Tagihan',
  'nav.connection': 'Koneksi',
  'nav.report': 'Lapor',
  'nav.account': 'Akun',

  'signin.title': 'Masuk ke akun Anda',
  'signin.intro': 'Lihat tagihan, bayar, cek koneksi dan lapor gangguan dari HP Anda.',
  'signin.byCode': 'Kode WhatsApp',
  'signin.byPassword': 'Password PPPoE',
  'signin.login': 'Nomor pelanggan atau nomor HP',
  'signin.loginHint': 'Contoh: PLG-000123 atau 0812 3456 7890',
  'signin.sendCode': 'Kirim kode lewat WhatsApp',
  'signin.codeSent': 'Kode 6 angka sudah dikirim ke WhatsApp {to}. Berlaku {minutes} menit.',
  'signin.codeSentRegistered': 'Jika nomor pelanggan itu terdaftar, kode 6 angka sudah dikirim ke nomor WhatsApp akun tersebut. Berlaku {minutes} menit.',
  'signin.code': 'Kode 6 angka',
  'signin.verify': 'Masuk',
  'signin.resendIn': 'Kirim ulang kode dalam {seconds} detik',
  'signin.resend': 'Kirim ulang kode',
  'signin.otherNumber': 'Pakai nomor lain',
  'signin.username': 'Username PPPoE',
  'signin.usernameHint': 'Ada di kartu pemasangan, atau tanyakan ke kantor',
  'signin.password': 'Password PPPoE',
  'signin.showPassword': 'Tampilkan password',
  'signin.closed': 'Portal pelanggan belum dibuka oleh kantor.',
  'signin.help': 'Butuh bantuan? Hubungi kantor {phone}',
  'signin.shop': 'Bukan pelanggan? Beli voucher hotspot',

  'home.hello': 'Halo, {name}',
  'home.number': 'No. pelanggan {number}',
  'status.active': 'Internet aktif',
  'status.isolated': 'Internet diblokir sementara',
  'status.paused': 'Langganan sedang dijeda',
  'status.none': 'Belum ada layanan aktif',
  'status.activeHint': 'Layanan Anda berjalan normal.',
  'status.isolatedHint': 'Ada tagihan yang lewat jatuh tempo. Setelah dibayar, internet tersambung lagi dalam 1 menit.',
  'status.pausedHint': 'Hubungi kantor untuk melanjutkan langganan.',
  'status.noneHint': 'Hubungi kantor jika ini tidak benar.',
  'home.owed': 'Yang harus dibayar',
  'home.nothingOwed': 'Tidak ada tagihan. Terima kasih!',
  'home.credit': 'Saldo lebih {amount} dipakai untuk tagihan berikutnya.',
  'home.dueOn': 'Jatuh tempo {date}',
  'home.overdueSince': 'Lewat jatuh tempo sejak {date}',
  'home.pay': 'Bayar',
  'home.payAmount': 'Bayar {amount}',
  'home.payOpening': 'Membuka halaman pembayaran…',
  'home.payOffline': 'Pembayaran online belum tersedia. Bayar di kantor atau ke petugas kami.',
  'home.recent': 'Pembayaran terakhir',
  'home.seeAll': 'Lihat semua',
  'home.noPayments': 'Belum ada pembayaran.',
  'home.services': 'Layanan Anda',
  'home.paidUntil': 'Dibayar sampai {date}',
  'home.shop': 'Beli voucher hotspot',
  'home.shopHint': 'Voucher internet untuk tamu atau HP lain',
  'sub.active': 'Aktif',
  'sub.isolated': 'Diblokir',
  'sub.paused': 'Dijeda',
  'sub.pending': 'Menunggu pemasangan',
  'sub.terminated': 'Berhenti',

  'bills.title': 'Tagihan & pembayaran',
  'bills.invoices': 'Tagihan',
  'bills.payments': 'Pembayaran',
  'bills.empty': 'Belum ada tagihan.',
  'bills.remaining': 'Sisa {amount}',
  'bills.due': 'Jatuh tempo {date}',
  'inv.open': 'Belum dibayar',
  'inv.partial': 'Dibayar sebagian',
  'inv.paid': 'Lunas',
  'inv.void': 'Dibatalkan',
  'inv.title': 'Tagihan {number}',
  'inv.period': 'Periode',
  'inv.issued': 'Diterbitkan',
  'inv.due': 'Jatuh tempo',
  'inv.lines': 'Rincian',
  'inv.total': 'Total',
  'inv.paidSoFar': 'Sudah dibayar',
  'inv.remaining': 'Sisa yang harus dibayar',
  'inv.payThis': 'Bayar tagihan ini',
  'inv.pdf': 'Unduh PDF',
  'inv.paidBy': 'Dibayar dengan',
  'pay.empty': 'Belum ada pembayaran.',
  'pay.cash': 'Tunai',
  'pay.transfer': 'Transfer bank',
  'pay.gateway': 'Pembayaran online',
  'pay.reversed': 'Dibatalkan',
  'pay.receipt': 'Kuitansi (PDF)',

  'conn.title': 'Koneksi saya',
  'conn.online': 'Sedang online',
  'conn.offline': 'Tidak tersambung',
  'conn.unknown': 'Status belum diketahui',
  'conn.unreachable': 'Router kantor sedang tidak bisa ditanya, jadi data koneksi belum bisa ditampilkan. Coba lagi beberapa menit lagi.',
  'conn.offlineHint': 'Modem Anda tidak tersambung ke jaringan kami. Coba matikan modem 10 detik lalu nyalakan lagi. Jika tetap tidak bisa, laporkan gangguan.',
  'conn.ip': 'Alamat IP',
  'conn.uptime': 'Lama tersambung',
  'conn.session': 'Pemakaian sesi ini',
  'conn.month': 'Pemakaian bulan ini',
  'conn.down': 'Unduh',
  'conn.up': 'Unggah',
  'conn.plan': 'Paket',
  'conn.speed': 'Kecepatan',
  'conn.username': 'Username',
  'conn.checkedAt': 'Diperiksa pukul {time}',
  'conn.refresh': 'Periksa lagi',
  'conn.none': 'Belum ada layanan internet.',
  'conn.report': 'Lapor gangguan',

  'rep.title': 'Lapor gangguan',
  'rep.new': 'Laporan baru',
  'rep.category': 'Jenis gangguan',
  'rep.cat.no_internet': 'Internet mati',
  'rep.cat.slow': 'Internet lambat',
  'rep.cat.intermittent': 'Sering putus',
  'rep.cat.device': 'Modem / perangkat',
  'rep.cat.billing': 'Tagihan / pembayaran',
  'rep.cat.other': 'Lainnya',
  'rep.text': 'Ceritakan masalahnya',
  'rep.textHint': 'Sejak kapan, lampu modem warna apa, di mana…',
  'rep.photo': 'Tambah foto (boleh dilewati)',
  'rep.photoChange': 'Ganti foto',
  'rep.photoRemove': 'Hapus foto',
  'rep.photoBusy': 'Memproses foto…',
  'rep.photoFailed': 'Foto tidak bisa dibaca. Coba foto lain.',
  'rep.send': 'Kirim laporan',
  'rep.sent': 'Laporan {number} terkirim. Petugas kami akan menindaklanjuti.',
  'rep.mine': 'Laporan saya',
  'rep.empty': 'Belum ada laporan.',
  'rep.state.open': 'Diterima',
  'rep.state.in_progress': 'Sedang ditangani',
  'rep.state.solved': 'Selesai',
  'rep.updates': 'Kabar dari petugas',
  'rep.reported': 'Dilaporkan {date}',
  'rep.withPhoto': 'Dengan foto',
  'rep.textShort': 'Tulis minimal 3 huruf.',

  'acc.title': 'Akun saya',
  'acc.name': 'Nama',
  'acc.number': 'No. pelanggan',
  'acc.whatsapp': 'Nomor WhatsApp',
  'acc.noWhatsapp': 'Belum ada',
  'acc.change': 'Ganti',
  'acc.newNumber': 'Nomor WhatsApp baru',
  'acc.newNumberHint': 'Kode akan dikirim ke nomor baru ini',
  'acc.sendCode': 'Kirim kode',
  'acc.codeSent': 'Kode dikirim ke {to}. Masukkan kodenya untuk menyimpan nomor baru.',
  'acc.confirm': 'Simpan',
  'acc.changed': 'Nomor WhatsApp sudah diganti.',
  'acc.language': 'Bahasa',
  'acc.optIn': 'Kirimi saya tagihan dan pengingat lewat WhatsApp',
  'acc.saved': 'Tersimpan.',
  'acc.logout': 'Keluar',
  'acc.office': 'Kantor',
  'acc.shop': 'Toko voucher hotspot',

  'err.offline': 'Tidak tersambung ke kantor. Periksa koneksi internet Anda.',
  'err.rate_limited': 'Terlalu sering mencoba. Tunggu {seconds} detik lalu coba lagi.',
  'err.rate_limited_short': 'Terlalu sering mencoba. Tunggu sebentar lalu coba lagi.',
  'err.validation': 'Isian belum benar. Periksa lagi.',
  'err.not_found': 'Data tidak ditemukan.',
  'err.unauthenticated': 'Silakan masuk lagi.',
  'err.forbidden': 'Tidak diizinkan.',
  'err.invalid_login': 'Data masuk tidak cocok. Periksa lagi.',
  'err.code': 'Kode salah atau sudah kedaluwarsa. Minta kode baru jika perlu.',
  'err.gateway': 'Pembayaran online sedang bermasalah. Coba lagi nanti, atau bayar di kantor.',
  'err.no_whatsapp': 'Kode tidak bisa dikirim lewat WhatsApp saat ini. Hubungi kantor.',
  'err.closed': 'Cara masuk ini sedang tidak dibuka oleh kantor.',
  'err.generic': 'Terjadi kesalahan. Coba lagi nanti.',
  'err.portal_off': 'Portal pelanggan sedang ditutup oleh kantor.',
  'err.nothing_to_pay': 'Tagihan ini sudah lunas.',
  'err.online_payment_off': 'Pembayaran online belum tersedia. Bayar di kantor atau ke petugas kami.',
  'err.phone_invalid': 'Nomor HP tidak valid. Contoh: 0812 3456 7890.',
  'err.photo_invalid': 'Foto tidak bisa dipakai. Pilih foto JPG atau PNG lain.',
  'err.too_many_tickets': 'Anda masih punya laporan yang belum selesai. Tunggu kabar dari petugas.',
  'err.unavailable': 'Fitur ini belum tersedia. Hubungi kantor.',
} as const;

export type TextKey = keyof typeof id;

const en: Record<TextKey, string> = {
  'app.title': 'Customer portal',
  'app.loading': 'Loading…',
  'app.retry': 'Try again',
  'app.back': 'Back',
  'app.more': 'Show more',
  'app.cancel': 'Cancel',
  'app.offlineBanner': 'You are offline. What you see may be out of date.',

  'nav.home': 'Home',
  'nav.bills': 'Bills',
  'nav.connection': 'Connection',
  'nav.report': 'Report',
  'nav.account': 'Account',

  'signin.title': 'Sign in to your account',
  'signin.intro': 'See your bills, pay, check your connection and report a problem from your phone.',
  'signin.byCode': 'WhatsApp code',
  'signin.byPassword': 'PPPoE password',
  'signin.login': 'Customer number or phone number',
  'signin.loginHint': 'For example PLG-000123 or 0812 3456 7890',
  'signin.sendCode': 'Send a code over WhatsApp',
  'signin.codeSent': 'A 6-digit code was sent to WhatsApp {to}. It is valid for {minutes} minutes.',
  'signin.codeSentRegistered': 'If that customer number is ours, a 6-digit code was sent to its WhatsApp number. It is valid for {minutes} minutes.',
  'signin.code': '6-digit code',
  'signin.verify': 'Sign in',
  'signin.resendIn': 'Send the code again in {seconds} s',
  'signin.resend': 'Send the code again',
  'signin.otherNumber': 'Use another number',
  'signin.username': 'PPPoE username',
  'signin.usernameHint': 'On your installation card, or ask the office',
  'signin.password': 'PPPoE password',
  'signin.showPassword': 'Show password',
  'signin.closed': 'The office has not opened the customer portal yet.',
  'signin.help': 'Need help? Call the office on {phone}',
  'signin.shop': 'Not a customer? Buy a hotspot voucher',

  'home.hello': 'Hello, {name}',
  'home.number': 'Customer no. {number}',
  'status.active': 'Internet is on',
  'status.isolated': 'Internet is blocked for now',
  'status.paused': 'Your subscription is paused',
  'status.none': 'No active service',
  'status.activeHint': 'Your service is running normally.',
  'status.isolatedHint': 'A bill is past its due date. Once it is paid, your internet comes back within a minute.',
  'status.pausedHint': 'Contact the office to resume your subscription.',
  'status.noneHint': 'Contact the office if this is not right.',
  'home.owed': 'To pay',
  'home.nothingOwed': 'Nothing to pay. Thank you!',
  'home.credit': 'A credit of {amount} goes to your next bill.',
  'home.dueOn': 'Due on {date}',
  'home.overdueSince': 'Overdue since {date}',
  'home.pay': 'Pay',
  'home.payAmount': 'Pay {amount}',
  'home.payOpening': 'Opening the payment page…',
  'home.payOffline': 'Online payment is not available yet. Pay at the office or to our collector.',
  'home.recent': 'Latest payments',
  'home.seeAll': 'See all',
  'home.noPayments': 'No payments yet.',
  'home.services': 'Your services',
  'home.paidUntil': 'Paid until {date}',
  'home.shop': 'Buy a hotspot voucher',
  'home.shopHint': 'Internet vouchers for guests or another phone',
  'sub.active': 'Active',
  'sub.isolated': 'Blocked',
  'sub.paused': 'Paused',
  'sub.pending': 'Waiting for installation',
  'sub.terminated': 'Ended',

  'bills.title': 'Bills & payments',
  'bills.invoices': 'Bills',
  'bills.payments': 'Payments',
  'bills.empty': 'No bills yet.',
  'bills.remaining': '{amount} left',
  'bills.due': 'Due {date}',
  'inv.open': 'Unpaid',
  'inv.partial': 'Partly paid',
  'inv.paid': 'Paid',
  'inv.void': 'Cancelled',
  'inv.title': 'Bill {number}',
  'inv.period': 'Period',
  'inv.issued': 'Issued',
  'inv.due': 'Due date',
  'inv.lines': 'Details',
  'inv.total': 'Total',
  'inv.paidSoFar': 'Paid so far',
  'inv.remaining': 'Left to pay',
  'inv.payThis': 'Pay this bill',
  'inv.pdf': 'Download PDF',
  'inv.paidBy': 'Paid by',
  'pay.empty': 'No payments yet.',
  'pay.cash': 'Cash',
  'pay.transfer': 'Bank transfer',
  'pay.gateway': 'Online payment',
  'pay.reversed': 'Cancelled',
  'pay.receipt': 'Receipt (PDF)',

  'conn.title': 'My connection',
  'conn.online': 'Online now',
  'conn.offline': 'Not connected',
  'conn.unknown': 'Status not known yet',
  'conn.unreachable': 'The office router cannot be asked right now, so your connection details cannot be shown. Try again in a few minutes.',
  'conn.offlineHint': 'Your modem is not connected to our network. Switch the modem off for 10 seconds and on again. If it still does not work, report a problem.',
  'conn.ip': 'IP address',
  'conn.uptime': 'Connected for',
  'conn.session': 'This session',
  'conn.month': 'This month',
  'conn.down': 'Download',
  'conn.up': 'Upload',
  'conn.plan': 'Plan',
  'conn.speed': 'Speed',
  'conn.username': 'Username',
  'conn.checkedAt': 'Checked at {time}',
  'conn.refresh': 'Check again',
  'conn.none': 'No internet service yet.',
  'conn.report': 'Report a problem',

  'rep.title': 'Report a problem',
  'rep.new': 'New report',
  'rep.category': 'What is wrong',
  'rep.cat.no_internet': 'No internet',
  'rep.cat.slow': 'Slow internet',
  'rep.cat.intermittent': 'Keeps dropping',
  'rep.cat.device': 'Modem / device',
  'rep.cat.billing': 'Bills / payments',
  'rep.cat.other': 'Something else',
  'rep.text': 'Tell us what happens',
  'rep.textHint': 'Since when, which modem lights are on, where…',
  'rep.photo': 'Add a photo (optional)',
  'rep.photoChange': 'Change photo',
  'rep.photoRemove': 'Remove photo',
  'rep.photoBusy': 'Preparing the photo…',
  'rep.photoFailed': 'That photo cannot be read. Try another one.',
  'rep.send': 'Send report',
  'rep.sent': 'Report {number} sent. Our staff will follow it up.',
  'rep.mine': 'My reports',
  'rep.empty': 'No reports yet.',
  'rep.state.open': 'Received',
  'rep.state.in_progress': 'Being handled',
  'rep.state.solved': 'Solved',
  'rep.updates': 'Updates from our staff',
  'rep.reported': 'Reported {date}',
  'rep.withPhoto': 'With photo',
  'rep.textShort': 'Write at least 3 letters.',

  'acc.title': 'My account',
  'acc.name': 'Name',
  'acc.number': 'Customer no.',
  'acc.whatsapp': 'WhatsApp number',
  'acc.noWhatsapp': 'None yet',
  'acc.change': 'Change',
  'acc.newNumber': 'New WhatsApp number',
  'acc.newNumberHint': 'A code will be sent to this new number',
  'acc.sendCode': 'Send code',
  'acc.codeSent': 'A code was sent to {to}. Enter it to save the new number.',
  'acc.confirm': 'Save',
  'acc.changed': 'Your WhatsApp number was changed.',
  'acc.language': 'Language',
  'acc.optIn': 'Send me bills and reminders over WhatsApp',
  'acc.saved': 'Saved.',
  'acc.logout': 'Sign out',
  'acc.office': 'Office',
  'acc.shop': 'Hotspot voucher shop',

  'err.offline': 'Cannot reach the office. Check your internet connection.',
  'err.rate_limited': 'Too many tries. Wait {seconds} seconds and try again.',
  'err.rate_limited_short': 'Too many tries. Wait a moment and try again.',
  'err.validation': 'Something is not filled in right. Please check.',
  'err.not_found': 'Not found.',
  'err.unauthenticated': 'Please sign in again.',
  'err.forbidden': 'Not allowed.',
  'err.invalid_login': 'Those sign-in details do not match. Please check.',
  'err.code': 'Wrong or expired code. Ask for a new one if needed.',
  'err.gateway': 'Online payment has a problem right now. Try again later, or pay at the office.',
  'err.no_whatsapp': 'The code cannot be sent over WhatsApp right now. Please contact the office.',
  'err.closed': 'The office has not opened this way of signing in.',
  'err.generic': 'Something went wrong. Try again later.',
  'err.portal_off': 'The office has closed the customer portal for now.',
  'err.nothing_to_pay': 'This bill is already paid.',
  'err.online_payment_off': 'Online payment is not available yet. Pay at the office or to our collector.',
  'err.phone_invalid': 'That phone number is not valid. For example 0812 3456 7890.',
  'err.photo_invalid': 'That photo cannot be used. Choose another JPG or PNG.',
  'err.too_many_tickets': 'You still have reports that are not solved. Please wait for our staff.',
  'err.unavailable': 'This is not available yet. Please contact the office.',
};

const TEXTS: Record<PortalLang, Record<TextKey, string>> = { id, en };
const STORAGE_KEY = 'mb.portal.lang';

export const isLang = (v: unknown): v is PortalLang => v === 'id' || v === 'en';

function stored(): PortalLang | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return isLang(v) ? v : null;
  } catch {
    return null;
  }
}

/** The language of the page: ?lang= first, then this phone's last choice, else Indonesian until the office's default is known. */
let current: PortalLang = (() => {
  const q = new URLSearchParams(location.search).get('lang');
  return isLang(q) ? q : (stored() ?? 'id');
})();
/** Set by the customer on this phone (it wins over the office's default and the account's setting). */
let chosen = stored() !== null || isLang(new URLSearchParams(location.search).get('lang'));
const listeners = new Set<() => void>();

function apply(lang: PortalLang): void {
  current = lang;
  document.documentElement.lang = lang;
  document.title = TEXTS[lang]['app.title'];
  for (const l of listeners) l();
}
apply(current);

export const getLang = (): PortalLang => current;

/** The customer's own choice on this phone (remembered). */
export function chooseLang(lang: PortalLang): void {
  chosen = true;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode: the choice lasts for this page.
  }
  apply(lang);
}

/** A language from the office or the account: used unless the customer chose one on this phone. */
export function suggestLang(lang: PortalLang): void {
  if (!chosen && lang !== current) apply(lang);
}

export function t(key: TextKey, vars?: Record<string, string | number>, lang: PortalLang = current): string {
  const s = TEXTS[lang][key];
  return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
}

/** Re-renders the component when the language changes; returns t bound to it. */
export function useT(): { t: typeof t; lang: PortalLang } {
  const lang = useSyncExternalStore(
    (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    getLang,
  );
  return { t: (key, vars) => t(key, vars, lang), lang };
}
