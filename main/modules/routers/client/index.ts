/**
 * RouterOS client: the one way the app talks to MikroTik routers (see types.ts for the contract).
 *
 * - Transport: node-routeros 1.6.9 as patched by patches/node-routeros+1.6.9.patch (applied by patch-package
 *   on `npm install`): strict framing, `!empty`, no throws from socket handlers, login state machine,
 *   UTF-8 by default, caller-chosen tags. createRouterClient refuses to run on an unpatched copy.
 * - Encoding: UTF-8 by default (round-trips whatever we write); `encoding: 'win1252'` per router if needed.
 *   What RouterOS itself expects for non-ASCII is unverified: keep router-side strings ASCII where possible.
 * - TLS (api-ssl, 8729): `tls: true`; self-signed certificates are accepted, or pinned with `tlsCa`. A router
 *   whose api-ssl has no certificate needs anonymous DH, which Node/OpenSSL 3 only offers at @SECLEVEL=0 and
 *   Electron (BoringSSL) not at all: give api-ssl a certificate.
 * - format.ts: RouterOS durations and clock dates (both the pre-7.10 and 7.10+ styles).
 */
export { createRouterClient, type RouterClientOptions } from './client';
export { isDuplicateTrap, isInterruptedTrap } from './errors';
export * from './format';
export * from './types';
