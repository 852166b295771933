/** In-repo DuitKu sandbox double (see README.md). */
export { startDuitkuSim, DEFAULT_MERCHANT, type DuitkuSim, type DuitkuSimOptions, type CallbackOverrides } from './server';
export { DuitkuState, type SimMerchant, type SimTransaction, type DuitkuStatusCode } from './state';
export { DEFAULT_METHODS, feeFor, methodsFor, type SimMethod } from './methods';
export { sign, stringToSign, md5, sha256, hmacSha256, sameDigest, type DuitkuScheme, type SignedCall } from './signing';
export { PATHS } from './api';
export type { Delivery, DeliveryAttempt, LoggedRequest, PeerFaults } from '../gateways/peer-http';
