/**
 * One interface for every payment gateway (shared/reference/payments.md §17). An adapter is pure protocol:
 * it signs, calls and verifies; it never touches the database. The payments module owns attempts, state and
 * money, and trusts only `getStatus` (the gateway's own answer) to change an attempt's state — a callback or a
 * return URL is a hint.
 */
export type GatewayName = 'duitku' | 'tripay' | 'midtrans' | 'xendit';
export type GatewayEnv = 'sandbox' | 'production';
export type NormalizedStatus = 'PENDING' | 'PAID' | 'FAILED' | 'EXPIRED' | 'REFUNDED' | 'UNKNOWN';
export type DuitkuSignatureScheme = 'hmac-sha256' | 'sha256' | 'md5';

/** One gateway account as the office configured it (secrets already unsealed, in memory only). */
export interface GatewayAccount {
  gateway: GatewayName;
  env: GatewayEnv;
  /** DuitKu merchantCode, Tripay merchant code; unused by Midtrans/Xendit. */
  merchantCode: string;
  /** DuitKu apiKey, Tripay API key, Midtrans server key, Xendit secret key. */
  apiKey: string;
  /** Tripay private key (HMAC of creates and callbacks); Xendit callback verification token. */
  secondaryKey: string;
  /** DuitKu only (default hmac-sha256). */
  signatureScheme: DuitkuSignatureScheme;
  /** DuitKu: 'v2' (inquiry, the customer picked a method on our page) or 'pop' (createInvoice, DuitKu's page). */
  flavour: 'v2' | 'pop';
  /** Overrides the gateway's host (tests and the in-repo doubles); null = the real sandbox/production host. */
  baseUrl: string | null;
}

export interface PaymentMethodInfo {
  code: string;
  name: string;
  /** Integer rupiah the gateway charges for this amount. */
  fee: number;
  image?: string;
}

export interface CreatePaymentInput {
  /** Ours, new for every attempt (DuitKu ≤ 50 chars). */
  orderId: string;
  /** Integer rupiah. */
  amount: number;
  /** DuitKu productDetails ≤ 255. */
  description: string;
  customer: { name: string; email: string; phone?: string };
  /** When given, the prices add up to `amount`. */
  items?: { name: string; price: number; quantity: number }[];
  /** The gateway's channel code (DuitKu 'BC', Tripay 'BCAVA', …); absent = the gateway's page lets them choose. */
  method?: string;
  expiryMinutes?: number;
  callbackUrl: string;
  returnUrl: string;
}

export interface CreatePaymentResult {
  /** DuitKu reference / Tripay reference / Midtrans token / Xendit invoice id. */
  gatewayRef: string;
  paymentUrl?: string;
  vaNumber?: string;
  qrString?: string;
  appUrl?: string;
  expiresAt?: Date;
  raw: unknown;
}

export interface StatusResult {
  status: NormalizedStatus;
  /** Integer rupiah the gateway says was paid / is due, when it says. */
  amount?: number;
  fee?: number;
  gatewayRef?: string;
  raw: unknown;
}

export interface WebhookRequest {
  headers: Record<string, string | undefined>;
  /** Exactly the bytes received: signatures are over them (Tripay) or over fields parsed from them. */
  rawBody: Buffer;
  contentType: string;
  remoteIp?: string;
}

export interface WebhookEvent {
  orderId: string;
  gatewayRef?: string;
  /** As sent (a string: DuitKu's "150000", Midtrans' "10000.00"); compare after parsing. */
  amount: string;
  /** What the callback claims: a hint, never acted on without getStatus. */
  claimedStatus: NormalizedStatus;
  raw: Record<string, unknown>;
}

/** Thrown by parseWebhook when a webhook is malformed or not authentic (answered 4xx, stored with the reason). */
export class WebhookRejected extends Error {
  constructor(
    readonly reason: 'bad_signature' | 'malformed' | 'wrong_merchant',
    message: string,
  ) {
    super(message);
  }
}

/** A gateway that answered with an error, or could not be reached (the caller retries later). */
export class GatewayError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'rejected' | 'protocol',
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
  }
}

export interface PaymentGateway {
  readonly name: GatewayName;
  listMethods(amount: number): Promise<PaymentMethodInfo[]>;
  createPayment(input: CreatePaymentInput): Promise<CreatePaymentResult>;
  /** The gateway's own answer about one of our orders (by our order id; Xendit/Midtrans may need gatewayRef). */
  getStatus(orderId: string, gatewayRef?: string): Promise<StatusResult>;
  /** Authenticity and shape only (constant-time compare); throws WebhookRejected. */
  parseWebhook(req: WebhookRequest): WebhookEvent;
  /** The reply the gateway expects (DuitKu: 200 to anything recorded; Tripay: {"success":true}). */
  webhookAck(ok: boolean): { status: number; body: string; contentType: string };
  /**
   * "Tes koneksi" where `listMethods` proves nothing (Midtrans Snap and Xendit Invoice answer [] without a
   * call): one harmless, read-only, authenticated call about an order id nobody uses. Resolves when the gateway
   * accepted the key; throws GatewayError('rejected') when it refused it (401/403, or no key configured),
   * GatewayError('unreachable') when it did not answer (network, timeout, 5xx, 429), and
   * GatewayError('protocol') for an answer that proves neither. Absent on gateways whose listMethods is
   * already an authenticated call (DuitKu, Tripay).
   */
  verifyKeys?(): Promise<void>;
}

/** How adapters reach the network (injected: tests count calls, the app uses global fetch with a timeout). */
export type HttpFetch = (url: string, init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string; timeoutMs: number }) => Promise<{ status: number; text: string }>;
