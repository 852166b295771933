import type { DesiredObject } from '../routers';

/*
 * What a router is given for the isolation page (portal-api.md §1.3 "Design A", routeros.md §11–§12), as desired
 * objects: the same list is previewed, queued through the outbox and compared by drift checks, so the three can
 * never disagree. Firewall rules have no name: each is keyed by the comment the app owns (`mb:isolation:<role>`),
 * so drift judges only these rules and nothing else on the router is touched.
 */

/** The comment prefix of everything the app writes for isolation (rules and walled-garden entries). */
export const COMMENT = 'mb:isolation';

/**
 * Hosts of the payment gateways the pay page sends customers to or that the app talks to (payments module's
 * gateways/hosts.ts; Xendit's hosted invoice page is checkout.xendit.co). RouterOS resolves host names in an
 * address list and keeps them fresh (portal-api.md §1.3, version not verified).
 */
export const PAYMENT_GATEWAY_HOSTS: readonly string[] = [
  'sandbox.duitku.com',
  'passport.duitku.com',
  'api-sandbox.duitku.com',
  'api-prod.duitku.com',
  'tripay.co.id',
  'app.sandbox.midtrans.com',
  'app.midtrans.com',
  'api.sandbox.midtrans.com',
  'api.midtrans.com',
  'api.xendit.co',
  'checkout.xendit.co',
];

export interface IsolationParams {
  /** The router's isolation PPP profile (routers.isolation_profile). */
  profile: string;
  /** billing.isolationAddressList: the list the isolation profile puts isolated customers in. */
  list: string;
  /** billing.isolationRateLimit (empty = none). */
  rateLimit: string;
  /** isolation.allowList: the walled garden. */
  allowList: string;
  /** This PC's address as the router reaches it; the isolation listener's port. */
  address: string;
  port: number;
  /** Everything else isolated customers may reach (payment gateways, public pay-link hosts, extra hosts). */
  allowHosts: readonly string[];
}

/** The rules in the order they must sit in their chain (first match wins; MT-FLT). */
export const FILTER_ROLES = ['nat', 'allow', 'dns-udp', 'dns-tcp', 'https', 'drop'] as const;
export type FilterRole = (typeof FILTER_ROLES)[number];

export const ruleComment = (role: string): string => `${COMMENT}:${role}`;

/** The walled garden's hosts: this PC first, then the others, each once. */
export function allowedHosts(p: Pick<IsolationParams, 'address' | 'allowHosts'>): string[] {
  return [...new Set([p.address, ...p.allowHosts].map((h) => h.trim().toLowerCase()).filter(Boolean))];
}

/**
 * Everything, in the order it is queued: the isolation profile (address list), the walled garden, the HTTP
 * redirect, then the forward rules in chain order (accept what was redirected, the walled garden and DNS;
 * reset HTTPS at once so browsers fail fast; drop the rest).
 */
export function isolationObjects(p: IsolationParams): DesiredObject[] {
  const src = { chain: 'forward', 'src-address-list': p.list };
  const profile: Record<string, string> = { 'address-list': p.list };
  if (p.rateLimit) profile['rate-limit'] = p.rateLimit;
  const filter: Record<FilterRole, Record<string, string>> = {
    nat: { ...src, 'connection-nat-state': 'dstnat', action: 'accept' },
    allow: { ...src, 'dst-address-list': p.allowList, action: 'accept' },
    'dns-udp': { ...src, protocol: 'udp', 'dst-port': '53', action: 'accept' },
    'dns-tcp': { ...src, protocol: 'tcp', 'dst-port': '53', action: 'accept' },
    https: { ...src, protocol: 'tcp', 'dst-port': '443', action: 'reject', 'reject-with': 'tcp-reset' },
    drop: { ...src, action: 'drop' },
  };
  return [
    { menu: '/ppp/profile', key: { name: p.profile }, present: true, fields: profile },
    ...allowedHosts(p).map((address): DesiredObject => ({ menu: '/ip/firewall/address-list', key: { list: p.allowList, address }, present: true, fields: { comment: COMMENT } })),
    {
      menu: '/ip/firewall/nat',
      key: { comment: ruleComment('http') },
      present: true,
      fields: {
        chain: 'dstnat',
        'src-address-list': p.list,
        'dst-address-list': `!${p.allowList}`,
        protocol: 'tcp',
        'dst-port': '80',
        action: 'dst-nat',
        'to-addresses': p.address,
        'to-ports': String(p.port),
        disabled: 'no',
      },
    },
    ...FILTER_ROLES.map((role): DesiredObject => ({ menu: '/ip/firewall/filter', key: { comment: ruleComment(role) }, present: true, fields: { ...filter[role], disabled: 'no' } })),
  ];
}

/** RouterOS API sentence words of a field set (what the preview shows and the outbox sends). */
export function sentence(path: string, fields: Record<string, string>): string {
  return [path, ...Object.entries(fields).map(([k, v]) => `=${k}=${v}`)].join(' ');
}
