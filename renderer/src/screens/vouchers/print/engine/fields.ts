import type { PrintVoucher, VoucherPrintData } from '../../../../../../shared/contract/voucher-templates';
import { qrLoginUrl } from './qr';
import type { Vars } from './template';

/** How numbers and durations read on the voucher (the UI passes its language's). */
export interface Formatters {
  money(amount: number): string;
  /** A RouterOS duration such as 1d12h; null: no expiry. */
  duration(d: string | null): string;
  dataMb(mb: number): string;
}

const UNITS_ID: Record<string, string> = { w: 'minggu', d: 'hari', h: 'jam', m: 'menit', s: 'detik' };

/** Indonesian defaults (tests, bench). */
export const ID_FORMATTERS: Formatters = {
  money: (n) => `Rp${new Intl.NumberFormat('id-ID').format(n)}`,
  duration: (d) => (d === null ? 'Tanpa batas' : durationWords(d, (n, u) => `${n} ${UNITS_ID[u] ?? u}`)),
  dataMb: (mb) => dataText(mb),
};

/** "1d12h" → "1 hari 12 jam" with the given unit words; other text unchanged. */
export function durationWords(d: string, word: (n: number, unit: string) => string): string {
  const parts = [...d.matchAll(/(\d+)([wdhms])/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== d.trim()) return d;
  return parts.map((p) => word(Number(p[1]), p[2]!)).join(' ');
}

export const dataText = (mb: number): string => (mb >= 1024 && mb % 1024 === 0 ? `${mb / 1024} GB` : `${mb} MB`);

/** The values of one voucher's placeholders, and the text of its QR code (null: no login URL known, or QR off). */
export function voucherVars(v: PrintVoucher, data: Pick<VoucherPrintData, 'hotspotName' | 'office' | 'routers'>, fmt: Formatters, qr: boolean): { vars: Vars; qrText: string | null } {
  const router = data.routers.find((r) => r.id === v.routerId);
  const loginUrl = router?.loginUrl ?? '';
  const qrText = qr && loginUrl ? qrLoginUrl(loginUrl, v.username, v.password) : null;
  return {
    qrText,
    vars: {
      username: v.username,
      password: v.password,
      profile: v.profile,
      validity: fmt.duration(v.validity),
      timelimit: v.timeLimit ? fmt.duration(v.timeLimit) : '',
      datalimit: v.dataQuotaMb === null ? '' : fmt.dataMb(v.dataQuotaMb),
      price: fmt.money(v.price),
      hotspotname: data.hotspotName,
      dnsname: router?.dnsName ?? '',
      loginurl: loginUrl,
      num: String(v.serial),
      logo: data.office.logo ?? '',
      comment: v.comment,
      usermode: v.mode,
      qr: qrText ? 'yes' : '',
      phone: data.office.phone,
    },
  };
}
