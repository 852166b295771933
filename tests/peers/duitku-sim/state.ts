/** The sandbox's memory: merchants, transactions and a clock tests can move (expiry without sleeping). */
import crypto from 'node:crypto';
import type { DuitkuScheme } from './signing';
import type { SimMethod } from './methods';

export interface SimMerchant {
  code: string;
  apiKey: string;
  scheme: DuitkuScheme;
}

/** 00 paid, 01 pending, 02 failed or expired (transactionStatus statusCode, reference §9). */
export type DuitkuStatusCode = '00' | '01' | '02';

export interface SimTransaction {
  merchantCode: string;
  merchantOrderId: string;
  reference: string;
  flavour: 'v2' | 'pop';
  /** Integer rupiah asked for at inquiry. */
  amount: number;
  /** What the customer paid (pay(…, { amount }) may differ, for tests of mismatches); null until paid. */
  paidAmount: number | null;
  /** Channel code; null for a POP invoice until the customer picks one. */
  paymentMethod: string | null;
  productDetails: string;
  email: string;
  additionalParam: string;
  merchantUserInfo: string;
  customerVaName: string;
  callbackUrl: string;
  returnUrl: string;
  paymentUrl: string;
  vaNumber: string;
  qrString: string;
  appUrl: string;
  fee: number;
  createdAt: Date;
  expiresAt: Date;
  status: DuitkuStatusCode;
  /** Why a 02: failed (fail()) or expired (expire() or the clock passed expiresAt). */
  endedAs: 'failed' | 'expired' | null;
  publisherOrderId: string | null;
  settlementDate: string | null;
  /** The whole request body as received (JSON), for assertions. */
  request: Record<string, unknown>;
}

export class DuitkuState {
  readonly merchants = new Map<string, SimMerchant>();
  readonly transactions = new Map<string, SimTransaction>();
  private offsetMs = 0;
  private seq = 0;

  constructor(merchants: SimMerchant[], public methods: SimMethod[]) {
    for (const mer of merchants) this.merchants.set(mer.code, mer);
  }

  /** The sandbox's clock: real time plus whatever advanceClock added. */
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advanceClock(ms: number): void {
    this.offsetMs += ms;
  }

  static key(merchantCode: string, orderId: string): string {
    return `${merchantCode}\u0000${orderId}`;
  }

  get(merchantCode: string, orderId: string): SimTransaction | undefined {
    const tx = this.transactions.get(DuitkuState.key(merchantCode, orderId));
    if (tx) this.settleExpiry(tx);
    return tx;
  }

  /** By merchantOrderId alone (the control API), or by reference. */
  find(orderIdOrReference: string): SimTransaction {
    for (const tx of this.transactions.values()) {
      if (tx.merchantOrderId === orderIdOrReference || tx.reference === orderIdOrReference) {
        this.settleExpiry(tx);
        return tx;
      }
    }
    throw new Error(`duitku-sim: no transaction ${orderIdOrReference}`);
  }

  all(): SimTransaction[] {
    const txs = [...this.transactions.values()];
    for (const tx of txs) this.settleExpiry(tx);
    return txs;
  }

  add(tx: SimTransaction): void {
    this.transactions.set(DuitkuState.key(tx.merchantCode, tx.merchantOrderId), tx);
  }

  /** `D0001` + 15 upper-case alphanumerics, like `D00015HL5BJKRM27MCUS`. */
  newReference(merchantCode: string): string {
    this.seq += 1;
    const tail = `${this.seq.toString(36)}${crypto.randomBytes(8).toString('hex')}`.toUpperCase().slice(0, 15).padEnd(15, '0');
    return `${merchantCode}${tail}`;
  }

  newVaNumber(): string {
    return `7007014${String(Date.now() % 1e6).padStart(6, '0')}${String(++this.seq % 1000).padStart(3, '0')}`.slice(0, 16);
  }

  /** A pending transaction past its expiry reports 02 (expired). */
  private settleExpiry(tx: SimTransaction): void {
    if (tx.status === '01' && this.now().getTime() >= tx.expiresAt.getTime()) {
      tx.status = '02';
      tx.endedAs = 'expired';
    }
  }
}
