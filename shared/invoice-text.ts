/*
 * Invoice lines in words (shared by the admin UI, the customer portal and the PDFs): the server stores a key and
 * the numbers ("planProrated" + plan, from, to, price, days, periodDays); each reader formats money and dates its
 * own way and fills these texts ({{name}} placeholders, i18next syntax).
 */

import { day, rupiah, type CustomerLang } from './customer-format';

export const LINE_TEXT = {
  id: {
    plan: '{{plan}}, {{range}}',
    planProrated: '{{plan}}, {{range}}: {{price}} × {{days}}/{{periodDays}} hari',
    discount: 'Potongan harga',
    discountProrated: 'Potongan harga: {{discount}} × {{days}}/{{periodDays}} hari',
    discountReturned: 'Potongan harga untuk hari yang tidak dipakai dikembalikan: {{discount}} × {{days}}/{{periodDays}} hari',
    discountReturnedWhole: 'Potongan harga untuk seluruh periode dikembalikan',
    creditUnused: 'Pengembalian sisa hari {{plan}}, {{range}}: {{price}} × {{days}}/{{periodDays}} hari',
    creditPeriod: 'Pengembalian {{plan}} untuk seluruh periode {{range}}',
    creditNote: 'Nota kredit{{textSuffix}}',
    charge_installation: 'Biaya pemasangan{{textSuffix}}',
    charge_reconnection: 'Biaya sambung ulang{{textSuffix}}',
    charge_late_fee: 'Denda keterlambatan{{textSuffix}}',
    charge_equipment: 'Perangkat{{textSuffix}}',
    charge_other: 'Biaya lain{{textSuffix}}',
    installFee: 'Biaya pemasangan',
    tax: 'PPN {{rate}} dari {{base}}',
    previousBalance: 'Tunggakan sebelumnya',
    previousCredit: 'Saldo lebih bayar sebelumnya',
    planCycle: '{{plan}}, paket {{months}} bulan, {{range}}: {{monthly}} × {{months}} bulan',
    cycleDiscount: 'Diskon paket {{months}} bulan ({{rate}})',
    cycleDiscountProrated: 'Diskon paket {{months}} bulan ({{rate}}): {{discount}} × {{days}}/{{periodDays}} hari',
    taxIncluded: 'Termasuk PPN {{rate}} (DPP {{base}})',
    rounding: 'Pembulatan ke {{unit}}',
  },
  en: {
    plan: '{{plan}}, {{range}}',
    planProrated: '{{plan}}, {{range}}: {{price}} × {{days}}/{{periodDays}} days',
    discount: 'Discount',
    discountProrated: 'Discount: {{discount}} × {{days}}/{{periodDays}} days',
    discountReturned: 'Discount for the unused days returned: {{discount}} × {{days}}/{{periodDays}} days',
    discountReturnedWhole: 'Discount for the whole period returned',
    creditUnused: 'Refund for the unused days of {{plan}}, {{range}}: {{price}} × {{days}}/{{periodDays}} days',
    creditPeriod: 'Refund of {{plan}} for the whole period {{range}}',
    creditNote: 'Credit note{{textSuffix}}',
    charge_installation: 'Installation fee{{textSuffix}}',
    charge_reconnection: 'Reconnection fee{{textSuffix}}',
    charge_late_fee: 'Late fee{{textSuffix}}',
    charge_equipment: 'Equipment{{textSuffix}}',
    charge_other: 'Other charge{{textSuffix}}',
    installFee: 'Installation fee',
    tax: 'VAT {{rate}} of {{base}}',
    previousBalance: 'Previous arrears',
    previousCredit: 'Previous credit',
    planCycle: '{{plan}}, {{months}}-month package, {{range}}: {{monthly}} × {{months}} months',
    cycleDiscount: '{{months}}-month package discount ({{rate}})',
    cycleDiscountProrated: '{{months}}-month package discount ({{rate}}): {{discount}} × {{days}}/{{periodDays}} days',
    taxIncluded: 'Includes VAT {{rate}} (tax base {{base}})',
    rounding: 'Rounded to {{unit}}',
  },
} as const;

export type LineKey = keyof (typeof LINE_TEXT)['id'];
type Param = string | number | undefined;

/** How a reader writes the numbers of a line. */
export interface LineFormat {
  money(v: number): string;
  /** A tax or discount rate as the server sends it ("11.5"). */
  rate(r: string): string;
  /** Two office days, inclusive. */
  range(from: string, to: string): string;
}

/** The placeholders of a line, formatted. */
export function lineParams(p: Record<string, Param>, f: LineFormat): Record<string, string | number> {
  const money = (v: Param) => (typeof v === 'number' && Number.isSafeInteger(v) ? f.money(v) : String(v ?? ''));
  return {
    ...Object.fromEntries(Object.entries(p).filter((e): e is [string, string | number] => e[1] !== undefined)),
    price: money(p.price),
    discount: money(p.discount),
    base: money(p.base),
    monthly: money(p.monthly),
    // The rounding unit: "Rp1.000".
    unit: money(p.unit),
    rate: f.rate(String(p.rate ?? '')),
    range: typeof p.from === 'string' && typeof p.to === 'string' ? f.range(p.from, p.to) : [p.from, p.to].filter(Boolean).join(' – '),
    // One-off charges and credit notes: "Biaya sambung ulang: kabel putus", or just "Biaya sambung ulang".
    textSuffix: typeof p.text === 'string' && p.text.trim() !== '' ? `: ${p.text.trim()}` : '',
  };
}

/** A line in words for readers outside the admin UI (portal, PDFs); an unknown key is shown as it is. */
export function lineText(description: string, params: Record<string, Param>, lang: 'id' | 'en', f: LineFormat): string {
  const texts: Record<string, string> = LINE_TEXT[lang];
  const text = texts[description];
  if (text === undefined) return description;
  const values = lineParams(params, f);
  return text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k] ?? ''));
}

/** A line as customers read it (portal, PDFs): "Rp150.000", "1 Des 2026 – 31 Des 2026". */
export function customerLineText(description: string, params: Record<string, Param>, lang: CustomerLang): string {
  return lineText(description, params, lang, {
    money: rupiah,
    rate: (r) => (r === '' ? '' : `${lang === 'id' ? r.replace('.', ',') : r}%`),
    range: (from, to) => (from === to ? day(from, lang) : `${day(from, lang)} – ${day(to, lang)}`),
  });
}
