import { duitkuGateway } from './duitku';
import { midtransGateway } from './midtrans';
import { tripayGateway } from './tripay';
import type { GatewayAccount, HttpFetch, PaymentGateway } from './types';
import { xenditGateway } from './xendit';

export * from './types';
export { defaultFetch, GATEWAY_TIMEOUT_MS, toRupiah } from './http';
export { GATEWAY_HOSTS, gatewayUrl } from './hosts';
export { DUITKU_PATHS, duitkuStatus } from './duitku';
export {
  duitkuCallbackSignature,
  duitkuInquirySignature,
  duitkuPaymentMethodSignature,
  duitkuPopSignature,
  duitkuStatusSignature,
  sanitizeDuitkuPhone,
  wibDateTime,
} from './duitku-sign';
export { tripayCallbackSignature, tripayCreateSignature, tripayStatus } from './tripay';
export { midtransNotificationSignature, midtransStatus } from './midtrans';
export { xenditStatus } from './xendit';

export interface GatewayOptions {
  /** Clock (DuitKu's getpaymentmethod datetime and POP timestamp, Tripay's expired_time). */
  now?: () => Date;
}

/** The adapter for `account.gateway`. Pure protocol: it never touches the database. */
export function createGateway(account: GatewayAccount, fetch: HttpFetch, options: GatewayOptions = {}): PaymentGateway {
  const now = options.now ?? (() => new Date());
  switch (account.gateway) {
    case 'duitku':
      return duitkuGateway(account, fetch, { now });
    case 'tripay':
      return tripayGateway(account, fetch, { now });
    case 'midtrans':
      return midtransGateway(account, fetch);
    case 'xendit':
      return xenditGateway(account, fetch);
  }
}
