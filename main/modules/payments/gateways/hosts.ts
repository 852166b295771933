import type { GatewayAccount, GatewayEnv } from './types';

/**
 * The gateways' hosts (shared/reference/payments.md §2, §13–15). `account.baseUrl` replaces the origin and keeps
 * the path (the in-repo doubles serve every path of one gateway on one base URL).
 */
export const GATEWAY_HOSTS = {
  /** DuitKu API: getpaymentmethod, V2 inquiry, transactionStatus (V2) — paths under /webapi/api/merchant/. */
  duitkuApi: { sandbox: 'https://sandbox.duitku.com', production: 'https://passport.duitku.com' },
  /** DuitKu POP: createInvoice and its transactionStatus — paths under /api/merchant/. */
  duitkuPop: { sandbox: 'https://api-sandbox.duitku.com', production: 'https://api-prod.duitku.com' },
  /** Tripay: the environment is in the path (/api-sandbox/ or /api/), the host is one. */
  tripay: { sandbox: 'https://tripay.co.id', production: 'https://tripay.co.id' },
  /** Midtrans Snap (token creation). */
  midtransSnap: { sandbox: 'https://app.sandbox.midtrans.com', production: 'https://app.midtrans.com' },
  /** Midtrans Core API (status). */
  midtransApi: { sandbox: 'https://api.sandbox.midtrans.com', production: 'https://api.midtrans.com' },
  /** Xendit: one host, the key decides test or live mode. */
  xendit: { sandbox: 'https://api.xendit.co', production: 'https://api.xendit.co' },
} as const satisfies Record<string, Record<GatewayEnv, string>>;

export type HostKey = keyof typeof GATEWAY_HOSTS;

/** Full URL of `path` (starting with '/') on `host` for this account: the real host, or `baseUrl` + path. */
export function gatewayUrl(account: Pick<GatewayAccount, 'env' | 'baseUrl'>, host: HostKey, path: string): string {
  const base = account.baseUrl !== null && account.baseUrl.trim() !== '' ? account.baseUrl.trim().replace(/\/+$/, '') : GATEWAY_HOSTS[host][account.env];
  return base + path;
}
