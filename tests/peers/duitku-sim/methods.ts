/**
 * The sandbox's payment channels (payments reference §10) with made-up fees and amount bounds: getpaymentmethod
 * offers only the channels whose bounds fit the amount, with the fee for that amount (§5.3). Expiry bounds and
 * defaults per channel follow §11.
 */

export type MethodKind = 'va' | 'retail' | 'qris' | 'ewallet' | 'card' | 'paylater' | 'ecommerce' | 'ebanking';

export interface SimMethod {
  code: string;
  name: string;
  kind: MethodKind;
  /** Fee in rupiah: flat + amount·percent/100, rounded up. */
  flatFee: number;
  percentFee: number;
  minAmount: number;
  maxAmount: number;
}

const m = (code: string, name: string, kind: MethodKind, flatFee: number, percentFee: number, minAmount = 10_000, maxAmount = 50_000_000): SimMethod => ({ code, name, kind, flatFee, percentFee, minAmount, maxAmount });

export const DEFAULT_METHODS: SimMethod[] = [
  m('VC', 'Credit Card (Visa / Master Card / JCB)', 'card', 2_000, 2.8),
  m('BC', 'BCA VA', 'va', 5_000, 0),
  m('M2', 'MANDIRI VA', 'va', 4_000, 0),
  m('VA', 'MAYBANK VA', 'va', 3_000, 0),
  m('I1', 'BNI VA', 'va', 3_000, 0),
  m('B1', 'CIMB NIAGA VA', 'va', 3_000, 0),
  m('BT', 'PERMATA VA', 'va', 3_000, 0),
  m('A1', 'ATM BERSAMA', 'va', 3_000, 0),
  m('BR', 'BRIVA', 'va', 3_000, 0),
  m('FT', 'PEGADAIAN/ALFA/POS', 'retail', 6_000, 0, 10_000, 5_000_000),
  m('IR', 'INDOMARET', 'retail', 6_000, 0, 10_000, 5_000_000),
  m('OV', 'OVO', 'ewallet', 0, 1.67, 1_000, 2_000_000),
  m('SA', 'SHOPEEPAY APPS', 'ewallet', 0, 2, 1_000, 2_000_000),
  m('DA', 'DANA', 'ewallet', 0, 1.67, 1_000, 2_000_000),
  m('LF', 'LINKAJA APPS (Fixed Fee)', 'ewallet', 3_330, 0, 1_000, 2_000_000),
  m('SP', 'SHOPEEPAY QRIS', 'qris', 0, 0.7, 1_000, 5_000_000),
  m('NQ', 'NOBU QRIS', 'qris', 0, 0.7, 1_000, 5_000_000),
  m('DN', 'INDODANA PAYLATER', 'paylater', 0, 3, 50_000, 25_000_000),
  m('T1', 'TOKOPEDIA CARD PAYMENT', 'ecommerce', 0, 2.5),
];

export function feeFor(method: SimMethod, amount: number): number {
  return Math.ceil(method.flatFee + (amount * method.percentFee) / 100);
}

export function methodsFor(methods: SimMethod[], amount: number): SimMethod[] {
  return methods.filter((x) => amount >= x.minAmount && amount <= x.maxAmount);
}

/** Allowed expiryPeriod (minutes) and default for a channel, or null when the channel has no expiry field. */
export function expiryBounds(method: SimMethod | undefined): { max: number; default: number } | null {
  if (!method) return { max: 1440, default: 1440 };
  switch (method.kind) {
    case 'va':
    case 'retail':
    case 'ebanking':
      return { max: 1440, default: 1440 };
    case 'qris':
      return { max: 60, default: 5 };
    case 'ecommerce':
      return { max: 1440, default: 30 };
    case 'ewallet':
      return method.code === 'SA' || method.code === 'LA' || method.code === 'LF' ? { max: 60, default: 5 } : null;
    case 'card':
    case 'paylater':
      return null;
  }
}

export const methodImage = (code: string): string => `https://images.duitku.com/hotlink-ok/${code}.PNG`;
